// What every command is handed: the composition root builds one of these and the router passes
// it to each execute/autocomplete call. Commands get only what they use: no token, no raw store.
import type { Config } from "../src/config.js";
import type { SubscriptionStore } from "../src/headlines/subscriptions.js";
import type { Corpus } from "../src/library/corpus.js";

export interface CommandContext {
  corpus: Corpus;
  /** Shared with the headline schedule: one instance, so its per-channel updates never interleave. */
  subscriptions: SubscriptionStore;
  /** The headline schedule, which /subscribe and /subscriptions describe to admins. */
  schedule: Pick<Config["headlines"], "cron" | "perTick">;
}
