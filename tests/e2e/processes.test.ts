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
import { rssDocument, startFeedServer } from "../feeds/support/feed-server.js";
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
    processes,
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

/** A node-cron expression due once a day, at `at`'s second (local time, as node-cron reads it). */
function cronAt(at: Date): string {
  return `${at.getSeconds()} ${at.getMinutes()} ${at.getHours()} * * *`;
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

  it("fetches each feed once in a tick that both processes schedule", async () => {
    const c = await cluster(backend, world(1, 1));
    const urls = ["harbour", "valley", "market", "weather"].map((name) => {
      c.feeds.serve(`/${name}.xml`, "application/rss+xml", rssDocument(`${name} news`, []));
      return `${c.feeds.base}/${name}.xml`;
    });
    await writeFile(join(c.dir, "feeds.json"), JSON.stringify({ feeds: urls.map((url) => ({ url })) }));
    // One tick, due after both processes are up: each has it on its own cron.
    const due = new Date(Date.now() + 12_000);
    await Promise.all([c.start("a", 0, { FEEDS_CRON: cronAt(due) }), c.start("b", 1, { FEEDS_CRON: cronAt(due) })]);
    expect(Date.now(), "both processes were up before the tick").toBeLessThan(due.getTime() - 1_000);

    const gets = (path: string) => c.feeds.requests.filter((r) => r.path === path).length;
    await waitUntil(() => urls.every((url) => gets(new URL(url).pathname) > 0), due.getTime() - Date.now() + 20_000);
    await sleep(3_000);

    expect(urls.map((url) => gets(new URL(url).pathname))).toEqual([1, 1, 1, 1]);
  }, 60_000);

  it.each(["release", "drop"] as const)(
    "leaves exactly one message when the process whose post is held is killed (then Discord: %s)",
    async (decision) => {
      // A short expiry: the dead process's tick is taken over seconds later, well inside the nonce window.
      const c = await cluster(backend, world(1, 1), { JOBS_EXPIRE_SECONDS: "5" });
      const [a, b] = await Promise.all([c.start("a", 0), c.start("b", 1)]);
      const [{ guildId, channelId }] = channelsOf(c.fake.guilds) as [{ guildId: string; channelId: string }];
      expect(await c.subscribe(guildId, channelId)).toContain("Subscribed");
      const hold = c.fake.hold({ method: "POST", path: `/channels/${channelId}/messages` });
      await c.article("storm", "Storm closes the harbour");

      const held = await hold.arrived;
      const [sender, survivor] = held.via === "a" ? [a, b] : [b, a];
      await sender.kill();
      if (decision === "release") hold.release();
      else hold.drop();
      const resent = await c.fake.waitForRequest(
        (r) => r.via === survivor.name && r.method === "POST" && r.path === held.path && r.status === 200,
        30_000,
      );
      await sleep(2_000);

      expect((resent.body as { nonce?: string }).nonce).toBe((held.body as { nonce?: string }).nonce);
      expect(c.fake.channelMessages.filter((m) => m.channel_id === channelId)).toHaveLength(1);
    },
    60_000,
  );

  it("posts every article once through a rolling restart of both processes", async () => {
    const c = await cluster(backend, world(2, 3));
    await Promise.all([c.start("a", 0), c.start("b", 1)]);
    const channels = channelsOf(c.fake.guilds);
    for (const { guildId, channelId } of channels)
      expect(await c.subscribe(guildId, channelId)).toContain("Subscribed");
    let written = 0;
    const batch = async () => {
      for (let n = 0; n < 3; n++) {
        written += 1;
        await c.article(`report-${written}`, `River report number ${written}`);
      }
    };

    await batch();
    // Each process is stopped while the batch before it is being posted, and the next batch
    // arrives while it is down.
    for (const [name, shard] of [
      ["a", 0],
      ["b", 1],
    ] as const) {
      await c.fake.waitFor(
        () => (c.fake.channelMessages.length > (written - 3) * channels.length ? true : undefined),
        30_000,
      );
      const running = c.processes.find((p) => p.name === name)!;
      expect(await running.stop()).toBe(0);
      await batch();
      await c.start(name, shard);
    }
    await c.settle(written * channels.length, 60_000);

    const counts = c.messageCounts();
    expect(counts.size).toBe(written * channels.length);
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
  }, 150_000);

  it("keeps a topic set by /subscribe while another process records a post to the channel", async () => {
    const c = await cluster(backend, world(1, 1));
    await Promise.all([c.start("a", 0), c.start("b", 1)]);
    const [{ guildId, channelId }] = channelsOf(c.fake.guilds) as [{ guildId: string; channelId: string }];
    expect(await c.subscribe(guildId, channelId)).toContain("Subscribed");
    const hold = c.fake.hold({ method: "POST", path: `/channels/${channelId}/messages` });
    await c.article("storm", "Storm closes the harbour");

    await hold.arrived;
    expect(await c.subscribe(guildId, channelId, "harbour")).toMatch(/^Updated/);
    hold.release();
    await waitUntil(async () => (await c.subscriptions.get(channelId))?.lastPost !== undefined, 10_000);

    expect(await c.subscriptions.get(channelId)).toMatchObject({
      topic: "harbour",
      state: "active",
      lastPost: { articleId: "storm" },
    });
  }, 60_000);
});

/** Polls `check` every 100 ms until it holds; fails after `timeoutMs`. */
async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(100);
  }
}
