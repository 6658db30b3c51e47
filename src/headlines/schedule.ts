// The headline schedule: wires the store, the library and the Discord client into a ticker, runs
// it on HEADLINES_CRON, and hands the composition root one handle to tick on demand and to stop.
import cron from "node-cron";
import type { Client } from "discord.js";
import type { Config } from "../config.js";
import type { Logger } from "../log.js";
import type { Store } from "../store.js";
import { DiscordHeadlinePoster, servesGuild, watchSubscriptionTargets } from "./discord.js";
import { Ledger } from "./ledger.js";
import type { SubscriptionStore } from "./subscriptions.js";
import { HeadlineTicker, type HeadlineLibrary, type TickReport } from "./tick.js";

export interface HeadlineSchedule {
  /** Runs one tick now (null when one is already running). What cron calls; tests call it directly. */
  tick(): Promise<TickReport | null>;
  /** Stops the cron job and the event listeners, and waits for a running tick to finish. */
  stop(): Promise<void>;
}

export interface HeadlineScheduleOptions {
  client: Client;
  library: HeadlineLibrary;
  /** The ledger gets its own namespace in it. */
  store: Store;
  /** The instance the commands use, so that their updates and the tick's never interleave. */
  subscriptions: SubscriptionStore;
  config: Config["headlines"];
  log: Logger;
}

/** The ledger's expired entries are deleted at most this often: a sweep reads the whole namespace. */
const PRUNE_EVERY_MS = 86_400_000;

export function startHeadlineSchedule({ client, library, store, subscriptions, config, log }: HeadlineScheduleOptions): HeadlineSchedule {
  const ledger = new Ledger(store, config.maxAgeDays);
  let prunedAt = 0;
  const ticker = new HeadlineTicker({
    library,
    subscriptions,
    ledger,
    poster: new DiscordHeadlinePoster(client),
    servesGuild: servesGuild(client),
    maxAgeDays: config.maxAgeDays,
    perTick: config.perTick,
    log,
  });
  const unwatch = watchSubscriptionTargets(client, subscriptions, log);
  const tick = async (): Promise<TickReport | null> => {
    const report = await ticker.run();
    if (report === null) log.warn("Headline tick skipped: the previous one is still running");
    if (Date.now() - prunedAt > PRUNE_EVERY_MS) {
      prunedAt = Date.now();
      await ledger.prune();
    }
    return report;
  };
  const task = cron.schedule(
    config.cron,
    () =>
      tick().catch((err: unknown) => {
        // A failed tick (an unreadable articles folder, a store outage) is retried by the next one.
        log.error({ err }, "Headline tick failed");
      }),
    { name: "headlines", noOverlap: true },
  );
  return {
    tick,
    async stop() {
      await task.destroy();
      unwatch();
      await ticker.idle();
    },
  };
}
