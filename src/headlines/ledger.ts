// The posted-headline ledger: for each (channel, article) pair, whether the headline was sent,
// is being sent, or may have been sent. Kept in its own store namespace, "headline-ledger", so
// that "each article reaches each channel at most once" survives restarts and crashes.
//
// Write order, and why it is crash-safe:
//   1. record { state: "pending", nonce, at } before the send;
//   2. send with Discord's `nonce` and `enforce_nonce: true`;
//   3. record { state: "sent", messageId } after it.
// A crash between 1 and 3 leaves "pending". Discord remembers a nonce for "a few minutes" and
// answers a repeat with the message it already created instead of a new one, so a pending entry
// younger than NONCE_WINDOW_MS is resent with the same nonce: it lands once whether or not the
// first send did. An older pending entry can no longer be settled that way, so it becomes
// "unconfirmed" and is never retried: a missed headline is the lesser harm than a repost, which
// is the complaint users of news bots make most after restarts.
// A send that Discord refused (4xx, or 429/5xx after discord.js's own retries with the same nonce)
// created nothing, so its entry is deleted and the article may be tried again on a later tick.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Collection, Store } from "../store.js";

/** Discord documents nonce uniqueness for "the past few minutes"; two minutes stays inside that. */
export const NONCE_WINDOW_MS = 2 * 60_000;

const isoDate = z.string().datetime();

const ledgerEntrySchema = z.discriminatedUnion("state", [
  z.object({ state: z.literal("pending"), nonce: z.string().min(1).max(25), at: isoDate }),
  z.object({ state: z.literal("sent"), nonce: z.string(), at: isoDate, messageId: z.string() }),
  z.object({ state: z.literal("unconfirmed"), nonce: z.string(), at: isoDate }),
]);
export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;

/** What to do about one (channel, article) pair before posting it. */
export type Claim =
  | { action: "send"; nonce: string }
  /** "stale-pending": this call found an interrupted send too old to settle and marked it unconfirmed. */
  | { action: "skip"; reason: "sent" | "unconfirmed" | "stale-pending" };

/**
 * How long a settled entry is kept beyond HEADLINES_MAX_AGE_DAYS. Past the age limit the tick no
 * longer posts an article, so its entries are no longer needed; the margin keeps them through a
 * later rise of the limit by up to this much (and clock differences between shards).
 */
const RETENTION_MARGIN_DAYS = 30;
const DAY_MS = 86_400_000;

export class Ledger {
  private readonly records: Collection<LedgerEntry>;
  private readonly retentionMs: number;

  /** `maxAgeDays` is HEADLINES_MAX_AGE_DAYS: settled entries are kept this long plus a margin. */
  constructor(store: Store, maxAgeDays: number) {
    // Durable: a pending entry lost to a power failure after its send would let the article post again.
    this.records = store.collection("headline-ledger", ledgerEntrySchema, { durable: true });
    this.retentionMs = (maxAgeDays + RETENTION_MARGIN_DAYS) * DAY_MS;
  }

  /** Deletes settled entries older than the retention, so the ledger does not grow for ever. */
  prune(): Promise<void> {
    return this.records.prune();
  }

  get(channelId: string, articleId: string): Promise<LedgerEntry | undefined> {
    return this.records.get(key(channelId, articleId));
  }

  /**
   * Step 1 of the write order above. Returns the nonce to send with, or why not to send. The
   * pending record is durable when this resolves.
   */
  async claim(channelId: string, articleId: string, now: Date): Promise<Claim> {
    const k = key(channelId, articleId);
    const entry = await this.records.get(k);
    if (entry?.state === "sent" || entry?.state === "unconfirmed") return { action: "skip", reason: entry.state };
    if (entry?.state === "pending") {
      if (now.getTime() - Date.parse(entry.at) < NONCE_WINDOW_MS) return { action: "send", nonce: entry.nonce };
      await this.records.set(k, { state: "unconfirmed", nonce: entry.nonce, at: entry.at }, this.retentionMs);
      return { action: "skip", reason: "stale-pending" };
    }
    const nonce = newNonce();
    await this.records.set(k, { state: "pending", nonce, at: now.toISOString() });
    return { action: "send", nonce };
  }

  /** Step 3: Discord created (or, for a repeated nonce, returned) the message. */
  async confirm(channelId: string, articleId: string, nonce: string, messageId: string, now: Date): Promise<void> {
    await this.records.set(key(channelId, articleId), { state: "sent", nonce, at: now.toISOString(), messageId }, this.retentionMs);
  }

  /** Discord refused the send, so nothing was posted: forget the claim. */
  async release(channelId: string, articleId: string): Promise<void> {
    await this.records.delete(key(channelId, articleId));
  }
}

function key(channelId: string, articleId: string): string {
  return `${channelId}:${articleId}`;
}

/** 16 URL-safe characters: within Discord's 25-character nonce limit, and never repeated. */
function newNonce(): string {
  return randomBytes(12).toString("base64url");
}
