// What every command is handed: the composition root builds one of these and the router passes
// it to each execute/autocomplete call, so commands reach the corpus and the store without globals.
import type { Config } from "../src/config.js";
import type { Corpus } from "../src/library/corpus.js";
import type { Logger } from "../src/log.js";
import type { SubscriptionStore } from "../src/headlines/subscriptions.js";
import type { Store } from "../src/store.js";

export interface CommandContext {
  config: Config;
  corpus: Corpus;
  store: Store;
  log: Logger;
  /** Shared with the headline schedule: one instance, so its per-channel updates never interleave. */
  subscriptions: SubscriptionStore;
}
