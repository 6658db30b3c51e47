// The statements of the posted-headline ledger (table headline_ledger, one row per channel and
// article). Each is one atomic statement, so processes sharing the store cannot both take a claim.
// Times are the database's clock (ms since the epoch), unless a test hands in a clock of its own.
import { nowSql, type Db } from "./db.js";

export type LedgerState = "pending" | "sent" | "unconfirmed";

export interface LedgerRow {
  state: LedgerState;
  nonce: string;
  claimed_ms: number;
  settled_ms: number | null;
  message_id: string | null;
  /** 1 while a pending row is younger than the window its reader asked about, else 0. */
  young: number;
}

export interface LedgerKey {
  channelId: string;
  articleId: string;
}

export class LedgerTable {
  /** `clock`, when given, replaces the database's clock: tests use it to travel in time. */
  constructor(private readonly clock?: () => Date) {}

  /** Takes the claim if nobody holds one: true when this call inserted the row. */
  async insertPending(db: Db, { channelId, articleId }: LedgerKey, nonce: string): Promise<boolean> {
    const [now, at] = this.now(db);
    const rows = await db.all<{ nonce: string }>(
      `INSERT INTO headline_ledger (channel_id, article_id, state, nonce, claimed_ms) VALUES (?, ?, 'pending', ?, ${now})
       ON CONFLICT (channel_id, article_id) DO NOTHING RETURNING nonce`,
      [channelId, articleId, nonce, ...at],
    );
    return rows.length === 1;
  }

  /** Turns a pending row at least `windowMs` old into "unconfirmed"; true when this call did. */
  async expirePending(db: Db, { channelId, articleId }: LedgerKey, windowMs: number): Promise<boolean> {
    const [now, at] = this.now(db);
    const rows = await db.all<{ nonce: string }>(
      `UPDATE headline_ledger SET state = 'unconfirmed', settled_ms = ${now}
       WHERE channel_id = ? AND article_id = ? AND state = 'pending' AND claimed_ms <= ${now} - ? RETURNING nonce`,
      [...at, channelId, articleId, ...at, windowMs],
    );
    return rows.length === 1;
  }

  /** The row, with whether a pending one is younger than `windowMs`. */
  async read(db: Db, { channelId, articleId }: LedgerKey, windowMs = 0): Promise<LedgerRow | undefined> {
    const [now, at] = this.now(db);
    const [row] = await db.all<LedgerRow>(
      `SELECT state, nonce, claimed_ms, settled_ms, message_id, CASE WHEN claimed_ms > ${now} - ? THEN 1 ELSE 0 END AS young
       FROM headline_ledger WHERE channel_id = ? AND article_id = ?`,
      [...at, windowMs, channelId, articleId],
    );
    return row;
  }

  /** Records the message Discord created for this nonce. */
  async confirm(db: Db, { channelId, articleId }: LedgerKey, nonce: string, messageId: string): Promise<void> {
    const [now, at] = this.now(db);
    await db.run(
      `INSERT INTO headline_ledger (channel_id, article_id, state, nonce, claimed_ms, settled_ms, message_id) VALUES (?, ?, 'sent', ?, ${now}, ${now}, ?)
       ON CONFLICT (channel_id, article_id) DO UPDATE SET state = 'sent', nonce = excluded.nonce, settled_ms = excluded.settled_ms, message_id = excluded.message_id`,
      [channelId, articleId, nonce, ...at, ...at, messageId],
    );
  }

  /** Deletes this nonce's pending claim (Discord refused the send); another holder's row stays. */
  async release(db: Db, { channelId, articleId }: LedgerKey, nonce: string): Promise<void> {
    await db.run(
      `DELETE FROM headline_ledger WHERE channel_id = ? AND article_id = ? AND nonce = ? AND state = 'pending'`,
      [channelId, articleId, nonce],
    );
  }

  /** Deletes settled rows older than `retentionMs`; pending ones wait for a claim to settle them. */
  async prune(db: Db, retentionMs: number): Promise<void> {
    const [now, at] = this.now(db);
    await db.run(`DELETE FROM headline_ledger WHERE settled_ms IS NOT NULL AND settled_ms < ${now} - ?`, [
      ...at,
      retentionMs,
    ]);
  }

  private now(db: Db): [string, number[]] {
    return nowSql(db.dialect, this.clock);
  }
}
