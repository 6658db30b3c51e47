// Headline subscriptions: which channel gets which headlines, and whether it can still be posted
// to. Kept in the store's subscriptions table, one row per channel, each change a statement of its
// own fields, so processes sharing the store never lose each other's updates. A failure is a
// state, never a deletion: the record stays listed until an admin subscribes again or unsubscribes.
import type { Store } from "../store.js";
import { subscriptionTable, type SubscriptionRow } from "../store/subscription-table.js";

const SUBSCRIPTION_STATES = ["active", "missing-permissions", "missing-channel", "bad-format"] as const;
export type SubscriptionState = (typeof SUBSCRIPTION_STATES)[number];
export type FailureState = Exclude<SubscriptionState, "active">;

export interface Subscription {
  guildId: string;
  channelId: string;
  /** Words an article must all match; absent means every article. */
  topic?: string;
  /**
   * Only articles the bot first saw after this moment are new for the subscription. Every
   * /subscribe resets it, so neither subscribing, changing the topic nor re-enabling floods the
   * channel with what was already there.
   */
  since: string;
  createdAt: string;
  /** The user who last ran /subscribe for this channel. */
  subscribedBy?: string;
  state: SubscriptionState;
  /** Why and when posting stopped; present exactly when state is not "active". */
  failure?: { at: string; detail: string };
  lastPost?: { at: string; articleId: string };
}

export interface SubscribeRequest {
  guildId: string;
  channelId: string;
  topic?: string;
  by?: string;
  /** When it starts; the database's clock by default (tests pass their own to travel in time). */
  now?: Date;
}

const TABLE = "subscriptions";

export class SubscriptionStore {
  constructor(private readonly store: Store) {}

  async get(channelId: string): Promise<Subscription | undefined> {
    const row = await this.store.sql(TABLE, "read", (db) => subscriptionTable.get(db, channelId));
    return row && toSubscription(row);
  }

  /** Every subscription, or those of one guild, ordered by channel id for stable listings. */
  async list(guildId?: string): Promise<Subscription[]> {
    const rows = await this.store.sql(TABLE, "read", (db) => subscriptionTable.list(db, guildId));
    return rows.map(toSubscription);
  }

  /** Creates the subscription, or updates its topic and re-enables it. Returns the previous record. */
  async subscribe(request: SubscribeRequest): Promise<{ subscription: Subscription; previous?: Subscription }> {
    const fields = {
      channelId: request.channelId,
      guildId: request.guildId,
      topic: request.topic?.trim() || null,
      ...(request.now ? { at: request.now.toISOString() } : {}),
      by: request.by ?? null,
    };
    const { before, after } = await this.store.sql(TABLE, "write", (db) => subscriptionTable.subscribe(db, fields));
    return { subscription: toSubscription(after), ...(before ? { previous: toSubscription(before) } : {}) };
  }

  /** Removes the guild's subscription of this channel; returns it, or undefined if there was none. */
  async unsubscribe(guildId: string, channelId: string): Promise<Subscription | undefined> {
    const row = await this.store.sql(TABLE, "write", (db) => subscriptionTable.remove(db, guildId, channelId));
    return row && toSubscription(row);
  }

  /**
   * Stops posting to the channel. `since` names the subscription the failed send belonged to: if
   * an admin subscribed again meanwhile, the failure is about the old one and is ignored.
   */
  markFailed(
    channelId: string,
    state: FailureState,
    failure: { at: Date; detail: string },
    since?: string,
  ): Promise<boolean> {
    return this.store.sql(TABLE, "write", (db) =>
      subscriptionTable.markFailed(
        db,
        channelId,
        state,
        { at: failure.at.toISOString(), detail: failure.detail },
        since,
      ),
    );
  }

  /** The bot left or was removed from the guild: its subscriptions stay, but nothing is posted. */
  async markGuildGone(guildId: string, at: Date): Promise<number> {
    let marked = 0;
    for (const subscription of await this.list(guildId)) {
      const changed = await this.markFailed(subscription.channelId, "missing-permissions", {
        at,
        detail: "the bot is no longer in this server",
      });
      if (changed) marked += 1;
    }
    return marked;
  }

  recordPost(channelId: string, post: { at: Date; articleId: string }): Promise<void> {
    return this.store.sql(TABLE, "write", (db) =>
      subscriptionTable.recordPost(db, channelId, { at: post.at.toISOString(), articleId: post.articleId }),
    );
  }
}

function toSubscription(row: SubscriptionRow): Subscription {
  return {
    guildId: row.guild_id,
    channelId: row.channel_id,
    ...(row.topic ? { topic: row.topic } : {}),
    since: row.since,
    createdAt: row.created_at,
    ...(row.subscribed_by ? { subscribedBy: row.subscribed_by } : {}),
    // The table's CHECK constraint admits only these states.
    state: row.state as SubscriptionState,
    ...(row.failure_at !== null ? { failure: { at: row.failure_at, detail: row.failure_detail ?? "" } } : {}),
    ...(row.last_post_at !== null
      ? { lastPost: { at: row.last_post_at, articleId: row.last_post_article ?? "" } }
      : {}),
  };
}
