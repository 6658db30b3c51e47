// When the bot first saw each article, kept across restarts. Headline subscriptions post only
// articles first seen after they were created, so this date must not reset when the process does.
// Stored times come from the store's clock, so processes on several hosts agree on them.
import type { Store } from "../store.js";
import { recordFirstSeen } from "../store/first-seen-table.js";

export interface FirstSeen {
  /** The recorded first-seen time of each id, recording one for those that have none yet. */
  firstSeen(ids: readonly string[], now: Date): Promise<string[]>;
}

/** For one-shot runs (the CLI): everything is first seen now. */
export const transientFirstSeen: FirstSeen = {
  firstSeen: async (ids, now) => ids.map(() => now.toISOString()),
};

export class StoredFirstSeen implements FirstSeen {
  /** `clock` replaces the store's clock in tests that travel in time. */
  constructor(
    private readonly store: Store,
    private readonly clock?: () => Date,
  ) {}

  /** `_now` is the caller's clock: stored times come from the store's instead. */
  async firstSeen(ids: readonly string[], _now: Date): Promise<string[]> {
    if (ids.length === 0) return [];
    const seen = await this.store.sql("first-seen", "write", (db) => recordFirstSeen(db, ids, this.clock));
    return ids.map((id) => {
      const ms = seen.get(id);
      if (ms === undefined) throw new Error(`first-seen time of ${id} was not recorded`);
      return new Date(ms).toISOString();
    });
  }
}
