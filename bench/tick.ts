// Headline tick cost: one runTick over 1,000 subscriptions (20 channels in each of 50 guilds, one
// in four with a topic) when 100 new articles are waiting, against a memory:// Store with the real
// SubscriptionStore and Ledger, and a poster that resolves at once. The network is excluded, so
// the figure is the tick's own orchestration: listing subscriptions, topic matching, and the
// ledger's claim/confirm writes for every post. Median of several runs, each on a fresh store.
//
// The library is a real Corpus over the 100 synthetic articles, so topics are matched by the real
// search index. It is loaded once before timing: analysing new articles is what bench/speed.ts
// measures, so the tick's own refresh finds an unchanged folder. The articles are "new" because
// every subscription was created before the corpus first saw them.
import { randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { HeadlinePoster, PostOutcome } from "../src/headlines/poster.js";
import { Ledger } from "../src/headlines/ledger.js";
import { SubscriptionStore } from "../src/headlines/subscriptions.js";
import { runTick } from "../src/headlines/tick.js";
import { loadConfig } from "../src/config.js";
import { Corpus } from "../src/library/corpus.js";
import { createLogger, type Logger } from "../src/log.js";
import { Store } from "../src/store.js";
import { CorpusStore } from "../src/store/corpus-store.js";
import { syntheticArticle } from "./synthetic.js";

const SUBSCRIPTIONS = 1_000;
const GUILDS = 50;
const NEW_ARTICLES = 100;
const RUNS = 5;
/** The production defaults of HEADLINES_PER_TICK and HEADLINES_MAX_AGE_DAYS. */
const { perTick: PER_TICK, maxAgeDays: MAX_AGE_DAYS } = loadConfig({}).headlines;
/**
 * Words common in the synthetic bodies: each topic matches about half the articles or more, so
 * every channel has at least PER_TICK new ones and the tick does its maximum work (posts = 5,000).
 */
const TOPICS = ["flooding", "rail strike", "energy prices", "Osaka", "tariffs budget"];
const HOUR_MS = 3_600_000;

/** Counts posts and answers "sent" at once, as Discord would without the network. */
class InstantPoster implements HeadlinePoster {
  posts = 0;

  async post(): Promise<PostOutcome> {
    this.posts += 1;
    return { status: "sent", messageId: String(this.posts) };
  }
}

/** Snowflake-shaped ids (digits only), distinct for guilds and channels. */
const guildId = (g: number) => String(100_000_000_000_000_000n + BigInt(g));
const channelId = (c: number) => String(200_000_000_000_000_000n + BigInt(c));

/**
 * The synthetic articles, re-dated to the last day: writeSyntheticCorpus spreads its dates over a
 * year, and the tick drops anything older than HEADLINES_MAX_AGE_DAYS.
 */
async function writeRecentArticles(dir: string, now: number): Promise<void> {
  for (let n = 0; n < NEW_ARTICLES; n++) {
    const article = syntheticArticle(n);
    const publishedAt = new Date(now - n * 10 * 60_000).toISOString();
    await writeFile(
      join(dir, `${article.id}.json`),
      JSON.stringify({ ...article, publishedAt, source: "Synthetic Wire" }),
    );
  }
}

async function oneTick(corpus: Corpus, since: Date, log: Logger): Promise<{ ms: number; posts: number }> {
  // A fresh namespace set per run: memory:// stores outlive Store objects within a process.
  const store = new Store(`memory://bench-tick-${randomUUID()}`, log);
  try {
    const subscriptions = new SubscriptionStore(store);
    for (let c = 0; c < SUBSCRIPTIONS; c++) {
      const topic = c % 4 === 3 ? TOPICS[c % TOPICS.length] : undefined;
      await subscriptions.subscribe({ guildId: guildId(c % GUILDS), channelId: channelId(c), topic, now: since });
    }
    const poster = new InstantPoster();
    const started = performance.now();
    const report = await runTick({
      library: corpus,
      subscriptions,
      ledger: new Ledger(store, MAX_AGE_DAYS),
      poster,
      servesGuild: () => true,
      maxAgeDays: MAX_AGE_DAYS,
      perTick: PER_TICK,
      log,
    });
    const ms = performance.now() - started;
    if (report.failed.length > 0 || report.deferred.length > 0 || report.posted.length !== poster.posts) {
      throw new Error(
        `unexpected tick report: ${report.posted.length} posted, ${report.failed.length} failed, ${report.deferred.length} deferred`,
      );
    }
    return { ms, posts: poster.posts };
  } finally {
    await store.close();
  }
}

export async function benchTick(): Promise<{ subscriptions: number; newArticles: number; ms: number; posts: number }> {
  const dir = await mkdtemp(join(tmpdir(), "newsbrief-bench-tick-"));
  let corpusStore: CorpusStore | undefined;
  try {
    const now = Date.now();
    await writeRecentArticles(dir, now);
    // Subscribed an hour before the corpus first sees the articles, so all 100 are new to every channel.
    const since = new Date(now - HOUR_MS);
    const log = createLogger("warn");
    corpusStore = await CorpusStore.open(`sqlite://${join(dir, "store.sqlite")}`);
    const corpus = await Corpus.open({ dir, library: await corpusStore.library(dir), maxBytes: 2 * 1024 * 1024, log });
    if (corpus.size !== NEW_ARTICLES) throw new Error(`loaded ${corpus.size} of ${NEW_ARTICLES} articles`);

    const runs: { ms: number; posts: number }[] = [];
    for (let r = 0; r < RUNS; r++) runs.push(await oneTick(corpus, since, log));
    const posts = runs[0]?.posts ?? 0;
    // Every run starts from the same state, so a different count would mean the runs measured different work.
    if (runs.some((r) => r.posts !== posts))
      throw new Error(`posts differ between runs: ${runs.map((r) => r.posts).join(", ")}`);
    if (posts > PER_TICK * SUBSCRIPTIONS) throw new Error(`${posts} posts exceed ${PER_TICK} per channel`);
    const ms = runs.map((r) => r.ms).sort((a, b) => a - b)[Math.floor(RUNS / 2)] ?? Number.NaN;
    return { subscriptions: SUBSCRIPTIONS, newArticles: NEW_ARTICLES, ms, posts };
  } finally {
    await corpusStore?.close();
    await rm(dir, { recursive: true, force: true });
  }
}
