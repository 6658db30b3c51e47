// The feed jobs: every FEEDS_CRON tick reads the feed list and hands each feed over as its own
// piece of work, so that each feed is fetched once per tick however many processes run, and one
// feed's fetches never overlap. In one process the tick fetches them all here, in one run with one
// deadline (the feeds fetched longest ago first), and reports them; with pg-boss any process's
// worker fetches them. Stopping the scheduler aborts fetches in flight rather than waiting.
import type { Config } from "../config.js";
import type { Scheduler } from "../jobs/index.js";
import type { Logger } from "../log.js";
import { readFeedList, type FeedEntry } from "./feed-list.js";
import { FETCH_DEFAULTS, fetchFeedsWith, summarize, type FeedReport, type FetchReport } from "./run.js";
import type { FeedStates } from "./state.js";

export interface FeedScheduleOptions {
  config: Config;
  states: FeedStates;
  scheduler: Scheduler;
  log: Logger;
}

export interface FeedSchedule {
  /**
   * Runs one tick now: the report when the feeds were fetched here, null when a tick was already
   * running, the scheduler stopped, or the feeds were queued for the cluster's workers. Tests call
   * it instead of waiting for cron.
   */
  tick(): Promise<FetchReport | null>;
}

export function startFeedSchedule({ config, states, scheduler, log }: FeedScheduleOptions): FeedSchedule {
  const perFeed = scheduler.items<FeedEntry, FeedReport>(
    "feed",
    async (feeds, signal) => (await fetchFeedsWith({ config, states, log }, feeds, { signal })).feeds,
    {
      key: (feed) => feed.url,
      concurrency: FETCH_DEFAULTS.concurrency,
    },
  );
  const job = scheduler.every({
    name: "feeds",
    cron: config.feeds.cron,
    // The list is read on every tick, so edits apply at the next one.
    run: async (tick) => {
      const reports = await perFeed.dispatch((await readFeedList(config.feeds.file)).feeds, tick);
      return reports && summarize(reports);
    },
    summary: (report) =>
      report
        ? {
            feeds: report.feeds.length,
            attempted: report.attempted,
            failed: report.failed,
            newArticles: report.newArticles,
          }
        : { queued: true },
  });
  return { tick: async () => (await job.runNow()) ?? null };
}
