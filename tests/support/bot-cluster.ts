// Several real bot processes (the built bot, one shard each of SHARD_COUNT=2) on one Postgres store,
// one fake Discord (each process through its own tagged API base) and one local feed server, for
// the multi-process tests and the fan-out benchmark. The headline cron ticks every second by
// default, so callers wait for outcomes rather than ticks.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PermissionFlagsBits } from "discord-api-types/v10";
import { SubscriptionStore } from "../../src/headlines/subscriptions.js";
import { createLogger } from "../../src/log.js";
import { Store } from "../../src/store.js";
import { startFeedServer } from "../feeds/support/feed-server.js";
import { startBotProcess, type BotProcess } from "./bot-process.js";
import { FakeDiscord, snowflake, snowflakeOnShard, type FakeGuild, type RateLimitOptions } from "./fake-discord.js";

const ADMIN = PermissionFlagsBits.ManageGuild | PermissionFlagsBits.SendMessages;
const NEVER = "0 0 1 1 *";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `perShard` servers on each of the two shards, each with `channels` channels. */
export function world(perShard: number, channels: number): FakeGuild[] {
  return [0, 1].flatMap((shard) =>
    Array.from({ length: perShard }, (_, g) => ({
      id: snowflakeOnShard(shard, 2),
      name: `Shard ${shard} server ${g}`,
      channels: Array.from({ length: channels }, (_, c) => ({ id: snowflake(), name: `news-${c}` })),
    })),
  );
}

export interface ClusterOptions {
  /** A fresh, empty Postgres store. */
  storeUrl: string;
  guilds: FakeGuild[];
  /** Environment for every process, over the defaults below. */
  env?: Record<string, string>;
  /** Rate limits for the fake Discord to enforce. */
  rateLimits?: RateLimitOptions;
}

export type BotCluster = Awaited<ReturnType<typeof startCluster>>;

export async function startCluster({ storeUrl, guilds, env = {}, rateLimits }: ClusterOptions) {
  const fake = await FakeDiscord.start({ guilds, ...(rateLimits ? { rateLimits } : {}) });
  const feeds = await startFeedServer();
  const dir = await mkdtemp(join(tmpdir(), "newsbrief-processes-"));
  const articles = join(dir, "articles");
  await mkdir(articles);
  const store = new Store(storeUrl, createLogger("silent"));
  const processes: BotProcess[] = [];
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
    /** Kills every process (a test's end needs no graceful stop) and removes what the cluster made. */
    async close(): Promise<void> {
      await Promise.all(processes.map((p) => p.kill()));
      await store.close();
      await Promise.all([fake.close(), feeds.close()]);
      await rm(dir, { recursive: true, force: true });
    },
  };
  return c;
}

/** A node-cron expression due once a day, at `at`'s second (local time, as node-cron reads it). */
export function cronAt(at: Date): string {
  return `${at.getSeconds()} ${at.getMinutes()} ${at.getHours()} * * *`;
}

export const channelsOf = (guilds: readonly FakeGuild[]) =>
  guilds.flatMap((g) => g.channels.map((ch) => ({ guildId: g.id, channelId: ch.id })));
