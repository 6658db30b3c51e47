// The headline jobs: wires the store, the library and the Discord client into a ticker, and hands
// the scheduler two jobs, the headline tick on HEADLINES_CRON and the daily ledger prune. The
// composition root gets one handle to tick on demand and to stop.
import type { Client } from "discord.js";
import type { Config } from "../config.js";
import type { Scheduler } from "../jobs/index.js";
import type { Logger } from "../log.js";
import type { Store } from "../store.js";
import { DiscordHeadlinePoster, servesGuild } from "./discord.js";
import { Ledger } from "./ledger.js";
import type { SubscriptionStore } from "./subscriptions.js";
import { HeadlineTicker, type HeadlineLibrary, type TickReport } from "./tick.js";

export interface HeadlineSchedule {
  /** Runs one tick now (null when one is already running). Tests call it instead of waiting for cron. */
  tick(): Promise<TickReport | null>;
  /** Waits for a running tick to finish; the scheduler is stopped by its owner. */
  stop(): Promise<void>;
}

export interface HeadlineScheduleOptions {
  /** Posts over its REST client; logged in only when this process also holds gateway shards. */
  client: Client;
  library: HeadlineLibrary;
  /** The ledger's table is in it. */
  store: Store;
  /** The instance the commands use, so that their updates and the tick's never interleave. */
  subscriptions: SubscriptionStore;
  config: Config["headlines"];
  scheduler: Scheduler;
  log: Logger;
}

/** Expired ledger entries are deleted once a day, in one statement. */
const PRUNE_CRON = "20 4 * * *";

export function startHeadlineSchedule({
  client,
  library,
  store,
  subscriptions,
  config,
  scheduler,
  log,
}: HeadlineScheduleOptions): HeadlineSchedule {
  const ledger = new Ledger(store, config.maxAgeDays);
  const ticker = new HeadlineTicker({
    library,
    subscriptions,
    ledger,
    poster: new DiscordHeadlinePoster(client),
    // A pg-boss tick runs once for the whole cluster, so it posts over REST to every subscribed
    // server, whichever process's shard holds it; a node-cron tick serves this process's shards.
    servesGuild: scheduler.kind === "pg-boss" ? () => true : servesGuild(client),
    maxAgeDays: config.maxAgeDays,
    perTick: config.perTick,
    log,
  });
  const tick = scheduler.every({
    name: "headlines",
    cron: config.cron,
    // A failed tick (an unreadable articles folder, a store outage) is logged and retried by the next one.
    run: () => ticker.run(),
    summary: (report) =>
      report
        ? { posted: report.posted.length, failed: report.failed.length, deferred: report.deferred.length }
        : { skipped: true },
  });
  scheduler.every({ name: "ledger-prune", cron: PRUNE_CRON, run: () => ledger.prune() });
  return {
    tick: async () => (await tick.runNow()) ?? null,
    async stop() {
      await ticker.idle();
    },
  };
}
