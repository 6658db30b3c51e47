// npm run bench:fanout -- --postgres URL (also the last part of `npm run bench -- --postgres URL`):
// two real bot processes (SHARD_COUNT=2, one shard each) on one Postgres database, against the fake
// Discord enforcing Discord's rate limits (50 requests/s per bot, 5 messages per channel per 5 s).
//   - headline fan-out: 1,000 subscribed channels in 100 servers over both shards, 1 new article:
//     messages per channel, how many ticks posted them, the time it took and the 429s received;
//   - feed fetch: 200 local feeds, two ticks scheduled by both processes: GETs per feed per tick.
// Each part gets a new schema in the database (dropped afterwards, with its job queue).
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import pg from "pg";
import { jobsSchema } from "../src/jobs/index.js";
import { rssDocument } from "../tests/feeds/support/feed-server.js";
import { channelsOf, cronAt, startCluster, world, type BotCluster } from "../tests/support/bot-cluster.js";
import { DISCORD_GLOBAL_PER_SECOND } from "../tests/support/fake-discord.js";
import { freshPostgresUrl } from "../tests/support/stores.js";

export interface FanoutReport {
  channels: number;
  /** Channels that got the article exactly once, and the most copies any channel got. */
  postedOnce: number;
  maxCopies: number;
  /** Headline ticks that posted: how many posts each, and how long each ran. */
  postingTicks: Array<{ posted: number; seconds: number }>;
  tickSeconds: number;
  /** From the article written to the last message. */
  seconds: number;
  rateLimited: { global: number; user: number };
}

export interface FeedFetchReport {
  feeds: number;
  /** Per tick: feeds fetched exactly once, and the most GETs one feed got. */
  ticks: Array<{ once: number; max: number; seconds: number }>;
}

const CHANNELS_PER_SERVER = 10;
const SERVERS_PER_SHARD = 50;
const TICK_SECONDS = 30;
const FEEDS = 200;
const FEED_TICK_GAP_MS = 20_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const progress = (text: string) => process.stderr.write(`bench fanout: ${text}\n`);

async function inSchema<T>(base: string, work: (storeUrl: string) => Promise<T>): Promise<T> {
  const storeUrl = await freshPostgresUrl(base, "bench_");
  try {
    return await work(storeUrl);
  } finally {
    const schema = new URL(storeUrl).searchParams.get("options")?.split("=")[1];
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.query(`DROP SCHEMA IF EXISTS ${jobsSchema(storeUrl)} CASCADE`);
    await client.end();
  }
}

async function withCluster<T>(
  storeUrl: string,
  options: Omit<Parameters<typeof startCluster>[0], "storeUrl">,
  work: (c: BotCluster) => Promise<T>,
) {
  const c = await startCluster({ storeUrl, ...options });
  try {
    return await work(c);
  } finally {
    await c.close();
  }
}

export function benchHeadlineFanout(base: string): Promise<FanoutReport> {
  return inSchema(base, (storeUrl) =>
    withCluster(
      storeUrl,
      {
        guilds: world(SERVERS_PER_SHARD, CHANNELS_PER_SERVER),
        env: { HEADLINES_CRON: `*/${TICK_SECONDS} * * * * *`, LOG_LEVEL: "info" },
        rateLimits: {
          globalPerSecond: DISCORD_GLOBAL_PER_SECOND,
          routes: [{ method: "POST", path: "/channels/:id/messages", limit: 5, windowMs: 5_000 }],
        },
      },
      async (c) => {
        const channels = channelsOf(c.fake.guilds);
        const earlier = new Date(Date.now() - 60_000);
        for (const channel of channels) await c.subscriptions.subscribe({ ...channel, now: earlier });
        const [a, b] = await Promise.all([c.start("a", 0), c.start("b", 1)]);
        progress(`${channels.length} channels subscribed, both processes up; writing the article`);
        const started = performance.now();
        await c.article("fanout", "Harbour reopens after the storm");
        await c.fake.waitFor(
          () => (c.fake.channelMessages.length >= channels.length ? true : undefined),
          5 * TICK_SECONDS * 1000,
        );
        const seconds = (performance.now() - started) / 1000;
        await sleep(2_000);
        const copies = new Map<string, number>();
        for (const m of c.fake.channelMessages) copies.set(m.channel_id, (copies.get(m.channel_id) ?? 0) + 1);
        const postingTicks = [...a.logs, ...b.logs]
          .filter((l) => l.msg === "Job done" && l.job === "headlines" && Number(l.posted) > 0)
          .map((l) => ({ posted: Number(l.posted), seconds: Number(l.ms) / 1000 }));
        return {
          channels: channels.length,
          postedOnce: channels.filter((ch) => copies.get(ch.channelId) === 1).length,
          maxCopies: Math.max(0, ...copies.values()),
          postingTicks,
          tickSeconds: TICK_SECONDS,
          seconds,
          rateLimited: { ...c.fake.rateLimited },
        };
      },
    ),
  );
}

export function benchFeedFetch(base: string): Promise<FeedFetchReport> {
  // Two ticks in one minute, the first well after both processes are up.
  let first = new Date(Date.now() + 15_000);
  if (first.getSeconds() > 59 - FEED_TICK_GAP_MS / 1000)
    first = new Date(first.getTime() + (60 - first.getSeconds() + 1) * 1000);
  const second = new Date(first.getTime() + FEED_TICK_GAP_MS);
  const cron = cronAt(first).replace(/^\d+/, `${first.getSeconds()},${second.getSeconds()}`);
  return inSchema(base, (storeUrl) =>
    withCluster(storeUrl, { guilds: world(1, 1), env: { FEEDS_CRON: cron } }, async (c) => {
      const paths = Array.from({ length: FEEDS }, (_, n) => `/feed-${n}.xml`);
      for (const path of paths) c.feeds.serve(path, "application/rss+xml", rssDocument(`Feed ${path}`, []));
      await writeFile(
        join(c.dir, "feeds.json"),
        JSON.stringify({ feeds: paths.map((path) => ({ url: `${c.feeds.base}${path}` })) }),
      );
      await Promise.all([c.start("a", 0), c.start("b", 1)]);
      if (Date.now() > first.getTime()) throw new Error("the processes started after the first feed tick");
      progress(`${FEEDS} feeds listed, both processes up; ticks at ${first.toISOString()} and ${second.toISOString()}`);
      const counts = () => {
        const n = new Map<string, number>();
        for (const r of c.feeds.requests) n.set(r.path, (n.get(r.path) ?? 0) + 1);
        return paths.map((path) => n.get(path) ?? 0);
      };
      const ticks: FeedFetchReport["ticks"] = [];
      let before = counts();
      for (const [i, at] of [first, second].entries()) {
        const deadline = i === 0 ? second.getTime() - 4_000 : at.getTime() + 30_000;
        let seconds = Number.NaN;
        while (Date.now() < deadline) {
          if (counts().every((count, f) => count > before[f]!)) {
            seconds = (Date.now() - at.getTime()) / 1000;
            break;
          }
          await sleep(100);
        }
        // A second fetch of a feed in the same tick would arrive now.
        await sleep(3_000);
        const after = counts();
        const perFeed = after.map((count, f) => count - before[f]!);
        ticks.push({ once: perFeed.filter((n) => n === 1).length, max: Math.max(...perFeed), seconds });
        before = after;
      }
      return { feeds: FEEDS, ticks };
    }),
  );
}

export function printFanout(fanout: FanoutReport, feeds: FeedFetchReport): void {
  console.log(`\nTwo processes on one Postgres, fake Discord enforcing Discord's rate limits:`);
  console.log(
    `  headline fan-out      ${fanout.postedOnce} of ${fanout.channels} channels got the new article exactly once (most copies in one channel: ${fanout.maxCopies})`,
  );
  console.log(
    `                        ${fanout.postingTicks.length} posting tick(s) of HEADLINES_CRON every ${fanout.tickSeconds} s (posts per tick: ${fanout.postingTicks.map((t) => `${t.posted} in ${t.seconds.toFixed(1)} s`).join(", ")}), last post ${fanout.seconds.toFixed(1)} s after the article`,
  );
  console.log(
    `                        429s received: ${fanout.rateLimited.global} global, ${fanout.rateLimited.user} per-route`,
  );
  for (const [i, tick] of feeds.ticks.entries()) {
    console.log(
      `  feed fetch, tick ${i + 1}    ${tick.once} of ${feeds.feeds} feeds fetched exactly once (most GETs of one feed: ${tick.max}), all fetched ${tick.seconds.toFixed(1)} s after the tick`,
    );
  }
}

export async function benchFanout(base: string): Promise<void> {
  progress("headline fan-out");
  const fanout = await benchHeadlineFanout(base);
  progress("feed fetch");
  const feeds = await benchFeedFetch(base);
  printFanout(fanout, feeds);
}

if (process.argv[1]?.endsWith("fanout.js")) {
  const base = parseArgs({ options: { postgres: { type: "string" } } }).values.postgres;
  if (!base) {
    console.error("usage: npm run bench:fanout -- --postgres postgres://user@host:port/db");
    process.exit(2);
  }
  await benchFanout(base);
}
