// The feed schedule: every FEEDS_CRON tick runs one fetch of all feeds. Ticks never overlap (a
// tick that comes while one is running is skipped and logged), and a failing tick is logged,
// never thrown into the process. The bot's composition root starts it and stops it on shutdown,
// which aborts the running tick's fetches rather than waiting for them.
import cron from "node-cron";
import type { Logger } from "../log.js";
import type { FetchReport } from "./run.js";

export interface FeedScheduleOptions {
  /** A node-cron expression, normally config.feeds.cron. */
  cron: string;
  /** One fetch of every feed, normally `(signal) => runFeedsOnce(deps, { signal })`; `signal` aborts at stop(). */
  run: (signal: AbortSignal) => Promise<FetchReport>;
  log: Logger;
  /** After each tick, e.g. to refresh the corpus at once when `report.newArticles > 0`. */
  onReport?: (report: FetchReport) => void | Promise<void>;
}

export interface FeedSchedule {
  /** Runs one tick now; null when one is already running. What cron calls; tests call it directly. */
  tick(): Promise<FetchReport | null>;
  /** Stops the cron job, aborts a running tick and waits for it, so no article is being written after it returns. */
  stop(): Promise<void>;
}

export function startFeedSchedule(options: FeedScheduleOptions): FeedSchedule {
  const log = options.log.child({ job: "feeds" });
  let running: Promise<FetchReport | null> | undefined;
  const stopping = new AbortController();

  const runOnce = async (): Promise<FetchReport | null> => {
    try {
      const report = await options.run(stopping.signal);
      log.info({ feeds: report.feeds.length, attempted: report.attempted, failed: report.failed, newArticles: report.newArticles }, "Feed tick done");
      await options.onReport?.(report);
      return report;
    } catch (error) {
      // An unreadable feed list or a store outage: the next tick tries again.
      log.error({ err: error }, "Feed tick failed");
      return null;
    }
  };
  // node-cron's noOverlap only guards its own ticks; this also covers tick() called by hand.
  const tick = async (): Promise<FetchReport | null> => {
    if (running) {
      log.warn("Feed tick skipped: the previous one is still running");
      return null;
    }
    if (stopping.signal.aborted) return null;
    running = runOnce();
    try {
      return await running;
    } finally {
      running = undefined;
    }
  };

  const task = cron.schedule(options.cron, tick, {
    name: "feeds",
    noOverlap: true,
    // node-cron logs to the console by default; its messages belong in the structured log.
    logger: {
      info: (message) => log.debug(message),
      warn: (message) => log.warn(message),
      error: (message) => log.error(message instanceof Error ? { err: message } : {}, String(message)),
      debug: (message) => log.debug(String(message)),
    },
  });
  task.on("execution:overlap", () => log.warn("Feed tick skipped: the previous one is still running"));
  return {
    tick,
    async stop() {
      await task.destroy();
      stopping.abort(new Error("the bot is shutting down"));
      await running;
    },
  };
}
