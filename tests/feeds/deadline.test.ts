// A feed run against a site whose pages never answer: the run ends at its deadline, and stopping
// the schedule (what the bot does on SIGTERM) aborts the fetches in flight instead of waiting out
// their timeouts. What was not finished is left for the next run.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../src/config.js";
import { addFeed } from "../../src/feeds/feed-list.js";
import { fetchFeeds, runFeedsOnce, type FeedRunDeps } from "../../src/feeds/run.js";
import { startFeedSchedule } from "../../src/feeds/schedule.js";
import { CronScheduler } from "../../src/jobs/cron.js";
import { FeedStates } from "../../src/feeds/state.js";
import { createLogger } from "../../src/log.js";
import { Store } from "../../src/store.js";
import { rssDocument, startFeedServer, type FeedServer } from "./support/feed-server.js";

const log = createLogger("silent");
let server: FeedServer;
let dir: string;
let store: Store;
let storeCount = 0;

beforeEach(async () => {
  server = await startFeedServer();
  dir = await mkdtemp(join(tmpdir(), "newsbrief-deadline-"));
  store = new Store(`memory://feeds-deadline-${++storeCount}`, log);
});
afterEach(async () => {
  await store.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

/** A feed of six teasers whose pages never answer; each page would otherwise take the whole 15 s timeout. */
async function slowSite(deadlineSeconds: number): Promise<{ deps: FeedRunDeps; url: string }> {
  const items = Array.from({ length: 6 }, (_, n) => ({
    title: `Slow story ${n}`,
    link: `${server.base}/never?story=${n}`,
    description: `<p>Teaser ${n}.</p>`,
  }));
  server.serve("/slow-pages.xml", "application/rss+xml", rssDocument("Slow Gazette", items));
  const config = loadConfig({
    ARTICLES_DIR: join(dir, "articles"),
    FEEDS_FILE: join(dir, "feeds.json"),
    FEEDS_DEADLINE_SECONDS: String(deadlineSeconds),
    LOG_LEVEL: "silent",
  });
  const url = `${server.base}/slow-pages.xml`;
  await addFeed(config.feeds.file, { url });
  return { deps: { config, states: new FeedStates(store), log }, url };
}

describe("a feed run", () => {
  it("ends at its deadline when a site's pages never answer, and leaves the items for the next run", async () => {
    const { deps, url } = await slowSite(1);
    const started = performance.now();
    const report = await runFeedsOnce(deps);
    // Generous: the point is "about the deadline", not the 6 × 15 s the page timeouts would take.
    expect(performance.now() - started).toBeLessThan(8_000);
    expect(report.feeds[0]).toMatchObject({
      outcome: "stopped",
      message: "the run's 1 s deadline passed",
      articles: [],
    });
    expect(report).toMatchObject({ attempted: 0, failed: 0, newArticles: 0 });
    // Only the last result is saved: no seen keys (nor validators), so the next run tries the items again.
    expect(await deps.states.get(url)).toMatchObject({ seen: [], lastResult: { outcome: "stopped" } });
    await vi.waitFor(() => expect(server.inFlight()).toBe(0));
  }, 30_000);

  it("is aborted with its fetches in flight when the scheduler stops", async () => {
    const { deps } = await slowSite(60);
    const scheduler = new CronScheduler(log);
    const schedule = startFeedSchedule({ ...deps, scheduler });
    const tick = schedule.tick();
    await vi.waitFor(() => expect(server.requests.some((r) => r.path === "/never")).toBe(true), { timeout: 5_000 });
    const started = performance.now();
    await scheduler.stop();
    expect(performance.now() - started).toBeLessThan(5_000);
    expect((await tick)?.feeds[0]).toMatchObject({ outcome: "stopped", message: "the bot is shutting down" });
    await vi.waitFor(() => expect(server.inFlight()).toBe(0));
  }, 30_000);

  it("starts with the feeds a run cut short did not reach", async () => {
    const states = new FeedStates(store);
    const feeds = [{ url: `${server.base}/never` }, { url: `${server.base}/slow-ok.xml` }];
    const run = () =>
      fetchFeeds({
        feeds,
        states,
        articlesDir: dir,
        http: { userAgent: "newsbrief/0.1", timeoutMs: 20_000, maxBytes: 64 * 1024 },
        pageMaxBytes: 64 * 1024,
        concurrency: 1,
        backoff: { baseMs: 60_000, maxMs: 3_600_000 },
        signal: AbortSignal.timeout(1_000),
        log,
      });
    const first = await run();
    expect(first.feeds.map((f) => f.outcome)).toEqual(["stopped", "stopped"]);
    expect(first.feeds[1]?.message).toMatch(/^not fetched: /);
    const second = await run();
    expect(second.feeds.map((f) => f.outcome)).toEqual(["stopped", "unchanged"]);
  }, 30_000);
});
