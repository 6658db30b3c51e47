// The posted-headline ledger: for each (channel, article) pair, whether the headline was sent,
// is being sent, or may have been sent. Kept in the store's headline_ledger table, so that "each
// article reaches each channel at most once" survives restarts, crashes and several processes.
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
// Several processes: step 1 is one INSERT … ON CONFLICT DO NOTHING, so exactly one caller creates
// the nonce; every other caller sends with that nonce or not at all. Ages are the database's clock.
// A send that Discord refused (4xx, or 429/5xx after discord.js's own retries with the same nonce)
// created nothing, so its entry is deleted and the article may be tried again on a later tick.
import { randomBytes } from "node:crypto";
import type { Store } from "../store.js";
import { LedgerTable, type LedgerKey, type LedgerRow } from "../store/ledger-table.js";

/** Discord documents nonce uniqueness for "the past few minutes"; two minutes stays inside that. */
export const NONCE_WINDOW_MS = 2 * 60_000;

export type LedgerEntry =
  | { state: "pending"; nonce: string; at: string }
  | { state: "sent"; nonce: string; at: string; messageId: string }
  | { state: "unconfirmed"; nonce: string; at: string };

/** What to do about one (channel, article) pair before posting it. */
export type Claim =
  /** `claimed`: this call created the nonce; otherwise it resends an interrupted send's own nonce. */
  | { action: "send"; nonce: string; claimed: boolean }
  /** "stale-pending": this call found an interrupted send too old to settle and marked it unconfirmed. */
  | { action: "skip"; reason: "sent" | "unconfirmed" | "stale-pending" };

/**
 * How long a settled entry is kept beyond HEADLINES_MAX_AGE_DAYS. Past the age limit the tick no
 * longer posts an article, so its entries are no longer needed; the margin keeps them through a
 * later rise of the limit by up to this much.
 */
const RETENTION_MARGIN_DAYS = 30;
const DAY_MS = 86_400_000;
/** A claim meets a row that another caller deletes (a refused send) at most this often in a row. */
const CLAIM_ATTEMPTS = 5;
/** The name store errors and FailingStore give the ledger's table. */
const TABLE = "headline-ledger";

export class Ledger {
  private readonly table: LedgerTable;
  private readonly retentionMs: number;

  /**
   * `maxAgeDays` is HEADLINES_MAX_AGE_DAYS: settled entries are kept this long plus a margin.
   * `clock` replaces the database's clock in tests that travel in time.
   */
  constructor(
    private readonly store: Store,
    maxAgeDays: number,
    clock?: () => Date,
  ) {
    this.table = new LedgerTable(clock);
    this.retentionMs = (maxAgeDays + RETENTION_MARGIN_DAYS) * DAY_MS;
  }

  /** Deletes settled entries older than the retention, so the ledger does not grow for ever. */
  prune(): Promise<void> {
    return this.store.sql(TABLE, "write", (db) => this.table.prune(db, this.retentionMs));
  }

  async get(channelId: string, articleId: string): Promise<LedgerEntry | undefined> {
    const row = await this.store.sql(TABLE, "read", (db) => this.table.read(db, { channelId, articleId }));
    return row && toEntry(row);
  }

  /**
   * Step 1 of the write order above. Returns the nonce to send with, or why not to send. The
   * pending record is committed when this resolves.
   */
  claim(channelId: string, articleId: string): Promise<Claim> {
    const key = { channelId, articleId };
    return this.store.sql(TABLE, "write", async (db) => {
      for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
        // Read first: most claims meet a settled entry, and that costs one statement.
        const row = await this.table.read(db, key, NONCE_WINDOW_MS);
        if (row?.state === "sent" || row?.state === "unconfirmed") return { action: "skip", reason: row.state };
        if (row?.state === "pending" && row.young === 1) return { action: "send", nonce: row.nonce, claimed: false };
        if (row && (await this.table.expirePending(db, key, NONCE_WINDOW_MS)))
          return { action: "skip", reason: "stale-pending" };
        if (!row) {
          const nonce = newNonce();
          if (await this.table.insertPending(db, key, nonce)) return { action: "send", nonce, claimed: true };
        }
        // Another caller created, settled or released the entry meanwhile: look again.
      }
      throw new Error(`the ledger entry of ${channelId}:${articleId} kept changing while it was being claimed`);
    });
  }

  /** Step 3: Discord created (or, for a repeated nonce, returned) the message. */
  confirm(channelId: string, articleId: string, nonce: string, messageId: string): Promise<void> {
    return this.store.sql(TABLE, "write", (db) => this.table.confirm(db, { channelId, articleId }, nonce, messageId));
  }

  /** Discord refused the send, so nothing was posted: forget this nonce's claim. */
  release(channelId: string, articleId: string, nonce: string): Promise<void> {
    return this.store.sql(TABLE, "write", (db) =>
      this.table.release(db, { channelId, articleId } satisfies LedgerKey, nonce),
    );
  }
}

function toEntry(row: LedgerRow): LedgerEntry {
  const at = (ms: number | null) => new Date(ms ?? row.claimed_ms).toISOString();
  if (row.state === "sent")
    return { state: "sent", nonce: row.nonce, at: at(row.settled_ms), messageId: row.message_id ?? "" };
  return { state: row.state, nonce: row.nonce, at: at(row.claimed_ms) };
}

/** 16 URL-safe characters: within Discord's 25-character nonce limit, and never repeated. */
function newNonce(): string {
  return randomBytes(12).toString("base64url");
}
