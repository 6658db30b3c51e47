// `node dist/bench/slow-feeds.js` — a feed run against a site whose six linked pages never answer,
// with the production settings (FEEDS_DEADLINE_SECONDS default, 15 s request timeout): how long
// the run takes, and how long stopping the feed schedule (what SIGTERM does) takes once the
// pages are in flight. Local HTTP only; takes about a minute.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { loadConfig } from "../src/config.js";
import { addFeed } from "../src/feeds/feed-list.js";
import { runFeedsOnce, type FeedRunDeps } from "../src/feeds/run.js";
import { startFeedSchedule } from "../src/feeds/schedule.js";
import { CronScheduler } from "../src/jobs/cron.js";
import { FeedStates } from "../src/feeds/state.js";
import { createLogger } from "../src/log.js";
import { Store } from "../src/store.js";
import { SLOW_ITEMS, slowSite, type SlowSite } from "./slow-site.js";

async function withSite<T>(work: (deps: FeedRunDeps, site: SlowSite) => Promise<T>): Promise<T> {
  const site = await slowSite();
  const dir = await mkdtemp(join(tmpdir(), "newsbrief-bench-slow-"));
  const log = createLogger("silent");
  const store = new Store(`memory://bench-slow-${Date.now()}`, log);
  try {
    const config = loadConfig({
      ARTICLES_DIR: join(dir, "articles"),
      FEEDS_FILE: join(dir, "feeds.json"),
      LOG_LEVEL: "silent",
    });
    await addFeed(config.feeds.file, { url: `${site.base}/feed.xml` });
    return await work({ config, states: new FeedStates(store), log }, site);
  } finally {
    await store.close();
    await site.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const runSeconds = await withSite(async (deps) => {
  const started = performance.now();
  await runFeedsOnce(deps);
  return (performance.now() - started) / 1000;
});
console.log(`Feed run with ${SLOW_ITEMS} items whose pages never answer: ${runSeconds.toFixed(1)} s`);

const stopSeconds = await withSite(async (deps, site) => {
  const scheduler = new CronScheduler(deps.log);
  const schedule = startFeedSchedule({ ...deps, scheduler });
  const tick = schedule.tick();
  while (site.pending() === 0) await new Promise((resolve) => setTimeout(resolve, 20));
  const started = performance.now();
  await scheduler.stop();
  const seconds = (performance.now() - started) / 1000;
  await tick;
  return seconds;
});
console.log(`Stopping the feed schedule with those pages in flight: ${stopSeconds.toFixed(2)} s`);
