// Headline subscriptions: which channel gets which headlines, and whether it can still be posted
// to. Kept in the "subscriptions" store namespace, one record per channel. A failure is a state,
// never a deletion: the record stays listed until an admin subscribes again or unsubscribes.
import { z } from "zod";
import type { Collection, Store } from "../store.js";

const SUBSCRIPTION_STATES = ["active", "missing-permissions", "missing-channel", "bad-format"] as const;
export type SubscriptionState = (typeof SUBSCRIPTION_STATES)[number];
export type FailureState = Exclude<SubscriptionState, "active">;

const snowflake = z.string().regex(/^\d+$/);
const isoDate = z.string().datetime();

const subscriptionSchema = z.object({
  guildId: snowflake,
  channelId: snowflake,
  /** Words an article must all match; absent means every article. */
  topic: z.string().min(1).optional(),
  /**
   * Only articles the bot first saw after this moment are new for the subscription. Every
   * /subscribe resets it, so neither subscribing, changing the topic nor re-enabling floods the
   * channel with what was already there.
   */
  since: isoDate,
  createdAt: isoDate,
  /** The user who last ran /subscribe for this channel. */
  subscribedBy: snowflake.optional(),
  state: z.enum(SUBSCRIPTION_STATES),
  /** Why and when posting stopped; present exactly when state is not "active". */
  failure: z.object({ at: isoDate, detail: z.string() }).optional(),
  lastPost: z.object({ at: isoDate, articleId: z.string() }).optional(),
});
export type Subscription = z.infer<typeof subscriptionSchema>;

export interface SubscribeRequest {
  guildId: string;
  channelId: string;
  topic?: string;
  by?: string;
  now: Date;
}

export class SubscriptionStore {
  private readonly records: Collection<Subscription>;
  /** Per-channel queue of read-modify-write updates, so a tick and a command never interleave. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(store: Store) {
    this.records = store.collection("subscriptions", subscriptionSchema);
  }

  get(channelId: string): Promise<Subscription | undefined> {
    return this.records.get(channelId);
  }

  /** Every subscription, or those of one guild, ordered by channel id for stable listings. */
  async list(guildId?: string): Promise<Subscription[]> {
    const found: Subscription[] = [];
    for await (const [, subscription] of this.records.entries()) {
      if (guildId === undefined || subscription.guildId === guildId) found.push(subscription);
    }
    return found.sort((a, b) => compareIds(a.channelId, b.channelId));
  }

  /** Creates the subscription, or updates its topic and re-enables it. Returns the previous record. */
  subscribe(request: SubscribeRequest): Promise<{ subscription: Subscription; previous?: Subscription }> {
    return this.update(request.channelId, async (previous) => {
      const topic = request.topic?.trim() || undefined;
      const subscription: Subscription = {
        guildId: request.guildId,
        channelId: request.channelId,
        ...(topic ? { topic } : {}),
        since: request.now.toISOString(),
        createdAt: previous?.createdAt ?? request.now.toISOString(),
        ...(request.by ? { subscribedBy: request.by } : {}),
        state: "active",
        ...(previous?.lastPost ? { lastPost: previous.lastPost } : {}),
      };
      await this.records.set(request.channelId, subscription);
      return { subscription, ...(previous ? { previous } : {}) };
    });
  }

  /** Removes the guild's subscription of this channel; returns it, or undefined if there was none. */
  unsubscribe(guildId: string, channelId: string): Promise<Subscription | undefined> {
    return this.update(channelId, async (current) => {
      if (current?.guildId !== guildId) return undefined;
      await this.records.delete(channelId);
      return current;
    });
  }

  /**
   * Stops posting to the channel. `since` names the subscription the failed send belonged to: if
   * an admin subscribed again meanwhile, the failure is about the old one and is ignored.
   */
  markFailed(channelId: string, state: FailureState, failure: { at: Date; detail: string }, since?: string): Promise<boolean> {
    return this.update(channelId, async (current) => {
      if (current?.state !== "active" || (since !== undefined && current.since !== since)) return false;
      await this.records.set(channelId, { ...current, state, failure: { at: failure.at.toISOString(), detail: failure.detail } });
      return true;
    });
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
    return this.update(channelId, async (current) => {
      if (!current) return;
      await this.records.set(channelId, { ...current, lastPost: { at: post.at.toISOString(), articleId: post.articleId } });
    });
  }

  private update<R>(channelId: string, change: (current: Subscription | undefined) => Promise<R>): Promise<R> {
    const previous = this.queues.get(channelId) ?? Promise.resolve();
    const next = previous.then(async () => change(await this.records.get(channelId)));
    const settled = next.catch(() => undefined);
    this.queues.set(channelId, settled);
    void settled.then(() => {
      if (this.queues.get(channelId) === settled) this.queues.delete(channelId);
    });
    return next;
  }
}

/** Snowflakes compared as numbers without BigInt: a longer id is a later one. */
function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
