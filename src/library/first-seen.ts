// When the bot first saw each article, kept across restarts. Headline subscriptions post only
// articles first seen after they were created, so this date must not reset when the process does.
import { z } from "zod";
import type { Collection, Store } from "../store.js";

export interface FirstSeen {
  /** The recorded first-seen time of each id, recording `now` for those that have none yet. */
  firstSeen(ids: readonly string[], now: Date): Promise<string[]>;
}

/** For one-shot runs (the CLI): everything is first seen now. */
export const transientFirstSeen: FirstSeen = {
  firstSeen: async (ids, now) => ids.map(() => now.toISOString()),
};

export class StoredFirstSeen implements FirstSeen {
  private readonly records: Collection<string>;

  constructor(store: Store) {
    this.records = store.collection("first-seen", z.string().datetime());
  }

  async firstSeen(ids: readonly string[], now: Date): Promise<string[]> {
    const known = await this.records.getMany(ids);
    const value = now.toISOString();
    await Promise.all(ids.map((id, i) => (known[i] === undefined ? this.records.set(id, value) : undefined)));
    return known.map((k) => k ?? value);
  }
}
