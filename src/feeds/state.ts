// What the feeds remember between fetches, per feed URL: HTTP validators, consecutive failures and
// the backoff they earned, the last result (shown by `feeds list`), and the keys of items already
// handled. It lives in the store's "feeds" namespace rather than beside FEEDS_FILE: the list is
// configuration people edit by hand, while this is machine state written every tick, and the store
// already gives atomic, validated records that several processes share (STORE_URL).
import { z } from "zod";
import type { Collection, Store } from "../store.js";
import { canonicalFeedUrl } from "./feed-list.js";

/** "stopped": the run ended (its deadline, shutdown) before the feed was done; its validators and seen keys were kept. */
const FEED_OUTCOMES = ["new", "unchanged", "not-modified", "failed", "stopped"] as const;
export type FeedOutcome = (typeof FEED_OUTCOMES)[number];

const lastResultSchema = z.object({
  /** ISO 8601. */
  at: z.string(),
  outcome: z.enum(FEED_OUTCOMES),
  /** One line for people: "3 new articles (1 partial)", "HTTP 404 Not Found". */
  message: z.string(),
  newArticles: z.number().int().nonnegative(),
});

const feedStateSchema = z.object({
  etag: z.string().optional(),
  lastModified: z.string().optional(),
  /** The feed's own title, the articles' source when the list gives no name. */
  title: z.string().optional(),
  /** Consecutive failed fetches; 0 after any success. */
  failures: z.number().int().nonnegative(),
  /** ISO 8601; the schedule skips the feed until then. */
  backoffUntil: z.string().optional(),
  lastResult: lastResultSchema.optional(),
  /** Item keys already stored or deliberately skipped, oldest first. */
  seen: z.array(z.string()),
});
export type FeedState = z.infer<typeof feedStateSchema>;

/** Enough to cover any real feed's window of items several times over. */
const SEEN_MIN = 2_000;

export class FeedStates {
  private readonly records: Collection<FeedState>;

  constructor(store: Store) {
    this.records = store.collection("feeds", feedStateSchema);
  }

  async get(url: string): Promise<FeedState> {
    return (await this.records.get(canonicalFeedUrl(url))) ?? { failures: 0, seen: [] };
  }

  async set(url: string, state: FeedState): Promise<void> {
    await this.records.set(canonicalFeedUrl(url), state);
  }

  async delete(url: string): Promise<void> {
    await this.records.delete(canonicalFeedUrl(url));
  }
}

/** The seen list with `added` appended, trimmed from the oldest end but never below the feed's own size. */
export function rememberSeen(seen: readonly string[], added: readonly string[], itemsInFeed: number): string[] {
  const all = [...seen, ...added];
  const keep = Math.max(SEEN_MIN, itemsInFeed * 2);
  return all.length > keep ? all.slice(all.length - keep) : all;
}

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

/** The schedule's default: 5 minutes after the first failure, doubling, at most a day. */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 5 * 60_000, maxMs: 24 * 60 * 60_000 };

/** How long to leave a feed alone after its `failures`-th consecutive failure (Retry-After wins when longer). */
export function backoffDelayMs(failures: number, policy: BackoffPolicy, retryAfterMs = 0): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, failures - 1));
  return Math.min(policy.maxMs, Math.max(exponential, retryAfterMs));
}
