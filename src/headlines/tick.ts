// One headline tick, pure orchestration: refresh the library, then post to each active
// subscription of this process's guilds the articles that are new for it, through the poster
// port, with the ledger guaranteeing at most one post per article per channel.
//
// Rate: at most `perTick` posts per channel per tick, oldest first; the rest wait for later ticks.
// One embed per article was preferred to a digest message because each post then maps to exactly
// one ledger entry and one nonce (a digest would tie several articles' fate to one send, and one
// over-long item would fail them all as bad-format), and readers can link or react to a single
// headline. With the defaults (5 per 15 minutes) a channel gets at most 20 posts an hour, and the
// age limit bounds the backlog: what is still waiting after HEADLINES_MAX_AGE_DAYS is dropped.
import type { Logger } from "../log.js";
import { inPool } from "../pool.js";
import { StoreError } from "../store-error.js";
import type { Ledger } from "./ledger.js";
import type { Headline } from "../library/headline.js";
import type { HeadlinePoster } from "./poster.js";
import type { FailureState, Subscription, SubscriptionStore } from "./subscriptions.js";

/** The part of an article the tick reads; the Corpus's entries have this shape. */
export interface HeadlineEntry {
  article: {
    id: string;
    title: string;
    url?: string;
    image?: string;
    source?: string;
    publishedAt?: string;
    firstSeenAt: string;
  };
  briefing: { summary: { short: ReadonlyArray<{ text: string }> } };
}

/** What the tick needs from the Corpus. */
export interface HeadlineLibrary {
  refresh(): Promise<unknown>;
  /** Entries dated (published, else first seen) at or after `since`, oldest first; with `topic`, only those matching every word of it. */
  since(since: Date, topic?: string): Promise<readonly HeadlineEntry[]>;
}

export interface TickOptions {
  library: HeadlineLibrary;
  subscriptions: SubscriptionStore;
  ledger: Ledger;
  poster: HeadlinePoster;
  /** Is this process connected to the guild? Another shard posts for the others. */
  servesGuild(guildId: string): boolean;
  maxAgeDays: number;
  perTick: number;
  log: Logger;
  now?: () => Date;
}

export interface TickReport {
  posted: Array<{ channelId: string; articleId: string }>;
  failed: Array<{ channelId: string; state: FailureState }>;
  /** Channels whose sends hit a rate limit or an outage; they are tried again next tick. */
  deferred: string[];
  /** Sends interrupted by a crash too long ago to settle with the nonce; never retried. */
  unconfirmed: Array<{ channelId: string; articleId: string }>;
  /** Channels not posted to because the store failed; tried again next tick. */
  storeFailed: string[];
}

/** Channels posted to at the same time; each channel's own posts stay in order. */
const CHANNEL_CONCURRENCY = 4;
const DAY_MS = 86_400_000;

export async function runTick(options: TickOptions): Promise<TickReport> {
  const { library, subscriptions, log } = options;
  const now = options.now ?? (() => new Date());
  await library.refresh();

  const report: TickReport = { posted: [], failed: [], deferred: [], unconfirmed: [], storeFailed: [] };
  const due = (await subscriptions.list()).filter((s) => s.state === "active" && options.servesGuild(s.guildId));
  if (due.length === 0) return report;

  const cutoff = new Date(now().getTime() - options.maxAgeDays * DAY_MS);
  const eligible = recentOldestFirst(await library.since(cutoff), cutoff.getTime());
  const byTopic = new Map<string, Promise<Set<string>>>();
  // Topics are matched among the eligible articles only, so a tick reads what is recent, never the whole corpus.
  const matching = (topic: string): Promise<Set<string>> => {
    let ids = byTopic.get(topic);
    if (!ids) {
      ids = library.since(cutoff, topic).then((entries) => new Set(entries.map((e) => e.article.id)));
      byTopic.set(topic, ids);
    }
    return ids;
  };

  let storeError: StoreError | undefined;
  await inPool(due, CHANNEL_CONCURRENCY, undefined, async (listed): Promise<void> => {
    try {
      // Read again when its turn comes: an admin may have unsubscribed or changed the topic while
      // earlier channels were being posted to, and the tick must follow what they asked for.
      const subscription = await subscriptions.get(listed.channelId);
      if (subscription?.state !== "active") return;
      const since = Date.parse(subscription.since);
      const topicIds = subscription.topic ? await matching(subscription.topic) : undefined;
      const fresh = eligible.filter(
        (e) => Date.parse(e.article.firstSeenAt) > since && (topicIds?.has(e.article.id) ?? true),
      );
      await postTo(subscription, fresh, options, now, report);
    } catch (error) {
      // A store or adapter fault on one channel must not stop the others. Whatever was claimed
      // stays pending and is settled by the ledger rules on the next tick. A store fault is
      // logged once for the whole tick below: it is one outage, however many channels it stops.
      if (error instanceof StoreError) {
        storeError ??= error;
        report.storeFailed.push(listed.channelId);
      } else log.error({ err: error, channelId: listed.channelId }, "Headline posting failed");
    }
  });
  if (storeError) {
    log.error(
      { err: storeError, channels: report.storeFailed.length },
      "Headline posting paused: the store failed; the next tick tries again",
    );
  }
  if (report.posted.length > 0 || report.failed.length > 0) {
    log.info(
      { posted: report.posted.length, failed: report.failed, deferred: report.deferred.length },
      "Headline tick",
    );
  }
  return report;
}

async function postTo(
  subscription: Subscription,
  fresh: readonly HeadlineEntry[],
  { ledger, poster, subscriptions, perTick, log }: TickOptions,
  now: () => Date,
  report: TickReport,
): Promise<void> {
  const { channelId } = subscription;
  let sent = 0;
  for (const entry of fresh) {
    if (sent >= perTick) return;
    const articleId = entry.article.id;
    const claim = await ledger.claim(channelId, articleId);
    if (claim.action === "skip") {
      if (claim.reason === "stale-pending") {
        log.warn({ channelId, articleId }, "A send interrupted by a crash cannot be confirmed; not posting it again");
        report.unconfirmed.push({ channelId, articleId });
      }
      continue;
    }
    const outcome = await poster.post(channelId, toHeadline(entry), claim.nonce);
    if (outcome.status === "sent") {
      await ledger.confirm(channelId, articleId, claim.nonce, outcome.messageId);
      await subscriptions.recordPost(channelId, { at: now(), articleId });
      report.posted.push({ channelId, articleId });
      sent += 1;
      continue;
    }
    await ledger.release(channelId, articleId, claim.nonce);
    if (outcome.status === "retry-later") {
      log.warn({ channelId, articleId, detail: outcome.detail }, "Headline post deferred to a later tick");
      report.deferred.push(channelId);
      return;
    }
    // Stop at once: repeated 403s and 404s count towards Discord's invalid-request ban.
    await subscriptions.markFailed(
      channelId,
      outcome.status,
      { at: now(), detail: outcome.detail },
      subscription.since,
    );
    log.warn(
      { channelId, guildId: subscription.guildId, state: outcome.status, detail: outcome.detail },
      "Headline subscription stopped",
    );
    report.failed.push({ channelId, state: outcome.status });
    return;
  }
}

/** The age that counts: publication date where known, else when the bot first saw the article. */
function ageDate(entry: HeadlineEntry): number {
  const published = entry.article.publishedAt === undefined ? NaN : Date.parse(entry.article.publishedAt);
  return Number.isNaN(published) ? Date.parse(entry.article.firstSeenAt) : published;
}

function recentOldestFirst(entries: readonly HeadlineEntry[], cutoff: number): HeadlineEntry[] {
  return entries
    .filter((e) => ageDate(e) >= cutoff)
    .sort((a, b) => ageDate(a) - ageDate(b) || (a.article.id < b.article.id ? -1 : 1));
}

function toHeadline({ article, briefing }: HeadlineEntry): Headline {
  return {
    articleId: article.id,
    title: article.title,
    ...(article.url ? { url: article.url } : {}),
    ...(article.source ? { source: article.source } : {}),
    date: article.publishedAt ?? article.firstSeenAt,
    ...(article.publishedAt ? { publishedAt: article.publishedAt } : {}),
    ...(article.image ? { image: article.image } : {}),
    summary: briefing.summary.short.map((s) => s.text).join(" "),
  };
}

/** Runs ticks one at a time: a tick asked for while another runs is not started. */
export class HeadlineTicker {
  private running: Promise<TickReport> | undefined;

  constructor(private readonly options: TickOptions) {}

  /** One tick's report, or null when a tick was already running (that one posts what is due). */
  async run(): Promise<TickReport | null> {
    if (this.running) return null;
    this.running = runTick(this.options);
    try {
      return await this.running;
    } finally {
      this.running = undefined;
    }
  }

  /** Resolves once no tick is running, so that shutdown can close the store after it. */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }
}
