// Two real bot processes (the built bot, SHARD_COUNT=2, one shard each) against one fake Discord,
// one Postgres store and one local feed server: every feed fetched once per tick, every headline
// posted once to every channel of both shards, through a crash mid-post, a rolling restart and a
// /subscribe racing a post. Postgres only; the headline cron ticks every second, so the tests
// wait for outcomes rather than ticks.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PermissionFlagsBits } from "discord-api-types/v10";
import { afterEach, describe, expect, it } from "vitest";
import { SubscriptionStore } from "../../src/headlines/subscriptions.js";
import { createLogger } from "../../src/log.js";
import { Store } from "../../src/store.js";
import { rssDocument, startFeedServer, type FeedServer } from "../feeds/support/feed-server.js";
import { startBotProcess, type BotProcess } from "../support/bot-process.js";
import { FakeDiscord, snowflake, snowflakeOnShard, type FakeGuild } from "../support/fake-discord.js";
import { BACKENDS, type Backend } from "../support/stores.js";

const ADMIN = PermissionFlagsBits.ManageGuild | PermissionFlagsBits.SendMessages;
const NEVER = "0 0 1 1 *";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `perShard` servers on each of the two shards, each with `channels` channels. */
function world(perShard: number, channels: number): FakeGuild[] {
  return [0, 1].flatMap((shard) =>
    Array.from({ length: perShard }, (_, g) => ({
      id: snowflakeOnShard(shard, 2),
      name: `Shard ${shard} server ${g}`,
      channels: Array.from({ length: channels }, (_, c) => ({ id: snowflake(), name: `news-${c}` })),
    })),
  );
}

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function cluster(backend: Backend, guilds: FakeGuild[], env: Record<string, string> = {}) {
  const fake = await FakeDiscord.start({ guilds });
  const feeds = await startFeedServer();
  const dir = await mkdtemp(join(tmpdir(), "newsbrief-processes-"));
  const articles = join(dir, "articles");
  await mkdir(articles);
  const storeUrl = await backend.freshUrl();
  const store = new Store(storeUrl, createLogger("silent"));
  const processes: BotProcess[] = [];
  cleanups.push(async () => {
    await Promise.all(processes.map((p) => p.kill()));
    await store.close();
    await Promise.all([fake.close(), feeds.close()]);
    await rm(dir, { recursive: true, force: true });
  });
  const baseEnv = {
    DISCORD_TOKEN: fake.token,
    ARTICLES_DIR: articles,
    STORE_URL: storeUrl,
    SHARD_COUNT: "2",
    HEADLINES_CRON: "* * * * * *",
    HEADLINES_PER_TICK: "20",
    FEEDS_FILE: join(dir, "feeds.json"),
    FEEDS_CRON: NEVER,
    JOBS_EXPIRE_SECONDS: "30",
    LOG_LEVEL: "info",
    ...env,
  };
  const c = {
    fake,
    feeds,
    dir,
    subscriptions: new SubscriptionStore(store),
    store,
    /** Starts the process `name` holding shard `shard`; resolves once it is ready. */
    async start(name: string, shard: number, extra: Record<string, string> = {}): Promise<BotProcess> {
      const bot = startBotProcess(
        name,
        { ...baseEnv, DISCORD_API_URL: fake.apiBaseFor(name), SHARDS: String(shard), ...extra },
        dir,
      );
      processes.push(bot);
      await bot.ready;
      return bot;
    },
    /** Runs /subscribe for `channelId` (in whichever process holds its server's shard) and waits for the reply. */
    async subscribe(guildId: string, channelId: string, topic?: string): Promise<string> {
      const sent = fake.sendCommand(
        "subscribe",
        { channel: channelId, ...(topic ? { topic } : {}) },
        { guildId, channelId, memberPermissions: ADMIN },
      );
      return (await fake.reply(sent, 10_000)).content;
    },
    async article(id: string, title: string): Promise<void> {
      await writeFile(
        join(articles, `${id}.json`),
        JSON.stringify({
          id,
          title,
          body: `${title} was reported on Friday. Officials said more details would follow. Residents were told to stay informed.`,
          publishedAt: new Date().toISOString(),
        }),
      );
    },
    /** Messages per "channel title", as Discord holds them. */
    messageCounts(): Map<string, number> {
      const counts = new Map<string, number>();
      for (const m of fake.channelMessages) {
        const key = `${m.channel_id} ${m.embeds[0]?.title ?? ""}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      return counts;
    },
    /** Waits until Discord holds `n` channel messages, then a little longer for any that should not come. */
    async settle(n: number, timeoutMs: number): Promise<void> {
      await fake.waitFor(() => (fake.channelMessages.length >= n ? true : undefined), timeoutMs);
      await sleep(2_000);
    },
  };
  return c;
}

const channelsOf = (guilds: readonly FakeGuild[]) =>
  guilds.flatMap((g) => g.channels.map((ch) => ({ guildId: g.id, channelId: ch.id })));

describe("a second process on a SQLite store", () => {
  it("is refused at start-up by the built bot, with a message that says to use Postgres", async () => {
    const dir = await mkdtemp(join(tmpdir(), "newsbrief-processes-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const bot = startBotProcess(
      "worker",
      { DISCORD_TOKEN: "unused", STORE_URL: `sqlite://${join(dir, "s.sqlite")}`, ROLES: "worker" },
      dir,
    );
    await expect(bot.ready).rejects.toThrow(/ROLES: .*use a postgres:\/\/ STORE_URL/);
  });
});

describe.each(BACKENDS.filter((b) => b.name === "postgres"))("two bot processes on $name", (backend) => {
  it("posts 20 new articles exactly once to each of 50 channels in servers on both shards", async () => {
    const c = await cluster(backend, world(5, 5));
    await Promise.all([c.start("a", 0), c.start("b", 1)]);
    const channels = channelsOf(c.fake.guilds);
    for (const { guildId, channelId } of channels)
      expect(await c.subscribe(guildId, channelId)).toContain("Subscribed");
    const titles = Array.from({ length: 20 }, (_, n) => `Harbour bulletin number ${n + 1}`);
    for (const [n, title] of titles.entries()) await c.article(`bulletin-${n + 1}`, title);

    await c.settle(channels.length * titles.length, 90_000);

    const counts = c.messageCounts();
    expect(counts.size).toBe(1_000);
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
    for (const { channelId } of channels)
      for (const title of titles) expect(counts.get(`${channelId} ${title}`)).toBe(1);
  }, 150_000);
});
