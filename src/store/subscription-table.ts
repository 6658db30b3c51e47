// The statements of headline subscriptions (table subscriptions, one row per channel). Every change
// is one statement that sets only the fields it owns, so a /subscribe in one process and a post
// recorded by another cannot overwrite each other's fields.
import { NOW_ISO, type Db } from "./db.js";

export interface SubscriptionRow {
  channel_id: string;
  guild_id: string;
  topic: string | null;
  since: string;
  created_at: string;
  subscribed_by: string | null;
  state: string;
  failure_at: string | null;
  failure_detail: string | null;
  last_post_at: string | null;
  last_post_article: string | null;
}

export interface SubscribeFields {
  channelId: string;
  guildId: string;
  topic: string | null;
  /** ISO time: the new `since`, and `created_at` of a new row; the database's clock when absent. */
  at?: string;
  by: string | null;
}

const COLUMNS =
  "channel_id, guild_id, topic, since, created_at, subscribed_by, state, failure_at, failure_detail, last_post_at, last_post_article";
/** Snowflakes in numeric order without BigInt: a longer id is a later one. */
const BY_CHANNEL = "ORDER BY length(channel_id), channel_id";

export const subscriptionTable = {
  async get(db: Db, channelId: string): Promise<SubscriptionRow | undefined> {
    const [row] = await db.all<SubscriptionRow>(`SELECT ${COLUMNS} FROM subscriptions WHERE channel_id = ?`, [
      channelId,
    ]);
    return row;
  },

  list(db: Db, guildId?: string): Promise<SubscriptionRow[]> {
    return guildId === undefined
      ? db.all<SubscriptionRow>(`SELECT ${COLUMNS} FROM subscriptions ${BY_CHANNEL}`)
      : db.all<SubscriptionRow>(`SELECT ${COLUMNS} FROM subscriptions WHERE guild_id = ? ${BY_CHANNEL}`, [guildId]);
  },

  /** Creates or re-enables the row; its creation time and last post stay. Returns the row before and after. */
  subscribe(db: Db, f: SubscribeFields): Promise<{ before?: SubscriptionRow; after: SubscriptionRow }> {
    return db.transaction(async (tx) => {
      // FOR UPDATE: another process's change to this row waits until this one commits (SQLite's
      // BEGIN IMMEDIATE already serialises writers).
      const lock = tx.dialect === "postgres" ? " FOR UPDATE" : "";
      const [before] = await tx.all<SubscriptionRow>(
        `SELECT ${COLUMNS} FROM subscriptions WHERE channel_id = ?${lock}`,
        [f.channelId],
      );
      // One clock for every process: `since` is compared with first-seen times, which the database sets.
      const at = f.at === undefined ? NOW_ISO[tx.dialect] : "?";
      const atParams = f.at === undefined ? [] : [f.at, f.at];
      const [after] = await tx.all<SubscriptionRow>(
        `INSERT INTO subscriptions (channel_id, guild_id, topic, since, created_at, subscribed_by, state) VALUES (?, ?, ?, ${at}, ${at}, ?, 'active')
         ON CONFLICT (channel_id) DO UPDATE SET guild_id = excluded.guild_id, topic = excluded.topic, since = excluded.since,
           subscribed_by = excluded.subscribed_by, state = 'active', failure_at = NULL, failure_detail = NULL
         RETURNING ${COLUMNS}`,
        [f.channelId, f.guildId, f.topic, ...atParams, f.by],
      );
      return { ...(before ? { before } : {}), after: after! };
    });
  },

  async remove(db: Db, guildId: string, channelId: string): Promise<SubscriptionRow | undefined> {
    const [row] = await db.all<SubscriptionRow>(
      `DELETE FROM subscriptions WHERE channel_id = ? AND guild_id = ? RETURNING ${COLUMNS}`,
      [channelId, guildId],
    );
    return row;
  },

  /** Stops an active row, only the one subscribed at `since` when given; true when it changed. */
  async markFailed(
    db: Db,
    channelId: string,
    state: string,
    failure: { at: string; detail: string },
    since?: string,
  ): Promise<boolean> {
    const rows = await db.all<{ channel_id: string }>(
      `UPDATE subscriptions SET state = ?, failure_at = ?, failure_detail = ? WHERE channel_id = ? AND state = 'active'${since === undefined ? "" : " AND since = ?"} RETURNING channel_id`,
      [state, failure.at, failure.detail, channelId, ...(since === undefined ? [] : [since])],
    );
    return rows.length === 1;
  },

  async recordPost(db: Db, channelId: string, post: { at: string; articleId: string }): Promise<void> {
    await db.run(`UPDATE subscriptions SET last_post_at = ?, last_post_article = ? WHERE channel_id = ?`, [
      post.at,
      post.articleId,
      channelId,
    ]);
  },
};
