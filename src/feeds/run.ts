// One fetch of every listed feed: at most `concurrency` requests in flight, each feed fetched with
// its validators, parsed, its new items stored, and its state (validators, failures, backoff, last
// result, seen keys) saved. A feed's failure is recorded and reported; the other feeds go on. The
// run stops at its deadline or at shutdown; what it did not finish is fetched again next time.
import type { Config } from "../config.js";
import type { Logger } from "../log.js";
import { readFeedList, type FeedEntry } from "./feed-list.js";
import { FEED_ACCEPT, httpGet, PAGE_ACCEPT, stopReason, userAgent, type HttpOptions } from "./fetch.js";
import { FeedConnections, PUBLIC_ONLY, type AddressRules } from "./guard.js";
import { ingestItems, type SkippedItem, type StoredItem } from "./ingest.js";
import { parseFeed } from "./parse.js";
import { inPool, limit, type LimitFunction } from "../pool.js";
import {
  backoffDelayMs,
  DEFAULT_BACKOFF,
  rememberSeen,
  type BackoffPolicy,
  type FeedOutcome,
  type FeedState,
  type FeedStates,
} from "./state.js";
import { decodeXml } from "./xml-encoding.js";

export interface FetchFeedsOptions {
  feeds: readonly FeedEntry[];
  states: FeedStates;
  articlesDir: string;
  /** For the feed documents. */
  http: HttpOptions;
  /** Size cap for linked pages (the timeout and User-Agent are the feed's). */
  pageMaxBytes: number;
  /** Requests in flight at once, feeds and linked pages together. */
  concurrency: number;
  /** Where feed content may make the bot connect; PUBLIC_ONLY unless a test says otherwise. */
  rules?: AddressRules;
  /** Stops the run (its deadline, shutdown): requests in flight are aborted, and nothing new starts. */
  signal?: AbortSignal;
  backoff: BackoffPolicy;
  /** Fetch feeds even while they are backing off. */
  force?: boolean;
  log: Logger;
  now?: () => Date;
  /** Called as each feed finishes, for progress bars. */
  onFeedDone?: (report: FeedReport) => void;
}

export interface FeedReport {
  url: string;
  source: string;
  /** "backing-off": not fetched this time because of earlier failures. */
  outcome: FeedOutcome | "backing-off";
  /** One line for people, also saved as the feed's last result. */
  message: string;
  articles: StoredItem[];
  skipped: SkippedItem[];
}

export interface FetchReport {
  feeds: FeedReport[];
  newArticles: number;
  /** Feeds actually requested and finished this time (not backing off, not stopped). */
  attempted: number;
  failed: number;
}

export const FETCH_DEFAULTS = {
  timeoutMs: 15_000,
  feedMaxBytes: 5 * 1024 * 1024,
  concurrency: 4,
} as const;

export async function fetchFeeds(options: FetchFeedsOptions): Promise<FetchReport> {
  const slots = limit(options.concurrency);
  const order = await longestWaitingFirst(options.feeds, options.states);
  const done = new Array<FeedReport | undefined>(options.feeds.length);
  await inPool(order, options.concurrency, options.signal, async (i) => {
    const report = await fetchOne(options.feeds[i] as FeedEntry, options, slots);
    done[i] = report;
    options.onFeedDone?.(report);
  });
  // Array.from, not map: map skips the holes that feeds never started leave.
  const reports = Array.from(done, (report, i): FeedReport => {
    if (report) return report;
    const feed = options.feeds[i] as FeedEntry;
    const unstarted: FeedReport = {
      url: feed.url,
      source: feed.name ?? feed.url,
      outcome: "stopped",
      message: `not fetched: ${stopReason(options.signal as AbortSignal)}`,
      articles: [],
      skipped: [],
    };
    options.onFeedDone?.(unstarted);
    return unstarted;
  });
  return summarize(reports);
}

/** One report over several feeds' reports. */
export function summarize(reports: FeedReport[]): FetchReport {
  const attempted = reports.filter((r) => r.outcome !== "backing-off" && r.outcome !== "stopped");
  return {
    feeds: reports,
    newArticles: reports.reduce((n, r) => n + r.articles.length, 0),
    attempted: attempted.length,
    failed: attempted.filter((r) => r.outcome === "failed").length,
  };
}

/**
 * The feeds' indices, the one fetched longest ago (or never) first: a run cut short by its deadline
 * leaves its last feeds unfetched, and they must not be last again next time.
 */
async function longestWaitingFirst(feeds: readonly FeedEntry[], states: FeedStates): Promise<number[]> {
  // An unreadable state sorts first; fetchOne reports it.
  const lastFetched = await Promise.all(
    feeds.map((feed) =>
      states.get(feed.url).then(
        (s) => s.lastResult?.at ?? "",
        () => "",
      ),
    ),
  );
  return feeds.map((_, i) => i).sort((a, b) => (lastFetched[a] as string).localeCompare(lastFetched[b] as string));
}

async function fetchOne(feed: FeedEntry, options: FetchFeedsOptions, slots: LimitFunction): Promise<FeedReport> {
  const now = options.now ?? (() => new Date());
  const log = options.log.child({ feed: feed.url });
  const host = new URL(feed.url).host;
  let state: FeedState;
  try {
    state = await options.states.get(feed.url);
  } catch (error) {
    log.error({ err: error }, "Feed state unreadable");
    return {
      url: feed.url,
      source: feed.name ?? feed.url,
      outcome: "failed",
      message: `cannot read the feed's state: ${(error as Error).message}`,
      articles: [],
      skipped: [],
    };
  }
  // In reports a feed without a name or a title is shown by its URL; several feeds share a host.
  const base = { url: feed.url, source: feed.name ?? state.title ?? feed.url, articles: [], skipped: [] };

  if (!options.force && state.backoffUntil && Date.parse(state.backoffUntil) > now().getTime()) {
    const last = state.lastResult?.outcome === "failed" ? `; last error: ${state.lastResult.message}` : "";
    return {
      ...base,
      outcome: "backing-off",
      message: `backing off until ${state.backoffUntil} after ${plural(state.failures, "failure")}${last}`,
    };
  }

  const save = async (next: FeedState, outcome: FeedOutcome, message: string, newArticles: number) => {
    await options.states.set(feed.url, {
      ...next,
      lastResult: { at: now().toISOString(), outcome, message, newArticles },
    });
  };
  const fail = async (reason: string, retryAfterMs?: number): Promise<FeedReport> => {
    const failures = state.failures + 1;
    const backoffUntil = new Date(
      now().getTime() + backoffDelayMs(failures, options.backoff, retryAfterMs),
    ).toISOString();
    log.warn({ reason, failures, backoffUntil }, "Feed fetch failed");
    await save({ ...state, failures, backoffUntil }, "failed", reason, 0);
    return { ...base, outcome: "failed", message: reason };
  };

  // When the run stops, only the last result is saved: new validators or seen keys would hide the items not yet stored.
  const stopped = async (articles: StoredItem[] = []): Promise<FeedReport> => {
    const message = `${stopReason(options.signal as AbortSignal)}${articles.length > 0 ? ` after ${plural(articles.length, "new article")}` : ""}`;
    await save(state, "stopped", message, articles.length);
    return { ...base, outcome: "stopped", message, articles };
  };

  const connections = new FeedConnections(feed.url, options.rules ?? PUBLIC_ONLY);
  try {
    const response = await slots(() =>
      httpGet(
        feed.url,
        { first: connections.listed, redirects: connections.content, signal: options.signal },
        options.http,
        FEED_ACCEPT,
        state,
      ),
    );
    if (response.kind === "stopped") return await stopped();
    if (response.kind === "not-modified") {
      const message = "not modified since the last fetch";
      await save({ ...state, failures: 0, backoffUntil: undefined }, "not-modified", message, 0);
      return { ...base, outcome: "not-modified", message };
    }
    if (response.kind === "failed") return await fail(response.reason, response.retryAfterMs);

    const decoded = decodeXml(response.bytes, response.contentType);
    if (!decoded.ok) return await fail(decoded.reason);
    const parsed = parseFeed(decoded.text, response.url);
    if (!parsed.ok) {
      const advertised = parsed.html ? (await import("./discover.js")).advertisedFeeds(decoded.text, response.url) : [];
      return await fail(
        advertised.length > 0
          ? `${parsed.reason}; the page links to a feed at ${advertised.join(" and ")}`
          : parsed.reason,
      );
    }

    const feedSource = feed.name ?? parsed.feed.title ?? host;
    const pageHttp = { ...options.http, maxBytes: options.pageMaxBytes };
    const pageRoute = { first: connections.content, redirects: connections.content, signal: options.signal };
    const result = await ingestItems(
      { url: feed.url, source: feedSource, topic: feed.topic },
      parsed.feed.items,
      new Set(state.seen),
      {
        articlesDir: options.articlesDir,
        getPage: (url) => slots(() => httpGet(url, pageRoute, pageHttp, PAGE_ACCEPT)),
        concurrency: options.concurrency,
        signal: options.signal,
        log,
        now,
      },
    );
    if (options.signal?.aborted) return await stopped(result.stored);
    const partial = result.stored.filter((s) => s.partial).length;
    const outcome: FeedOutcome = result.stored.length > 0 ? "new" : "unchanged";
    const message = [
      result.stored.length > 0
        ? plural(result.stored.length, "new article") + (partial > 0 ? ` (${partial} partial)` : "")
        : "no new items",
      ...(result.skipped.length > 0 ? [`${plural(result.skipped.length, "item")} skipped`] : []),
    ].join(", ");
    await save(
      {
        etag: response.etag,
        lastModified: response.lastModified,
        title: parsed.feed.title,
        failures: 0,
        seen: rememberSeen(state.seen, result.handled, parsed.feed.items.length),
      },
      outcome,
      message,
      result.stored.length,
    );
    if (result.stored.length > 0) log.info({ newArticles: result.stored.length, partial }, "Feed fetched");
    return { ...base, source: feedSource, outcome, message, articles: result.stored, skipped: result.skipped };
  } catch (error) {
    // Anything unexpected (a full disk, a store error) fails this feed only.
    log.error({ err: error }, "Feed fetch crashed");
    const reason = `internal error: ${(error as Error).message}`;
    try {
      return await fail(reason);
    } catch {
      return { ...base, outcome: "failed", message: reason };
    }
  } finally {
    await connections.close();
  }
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

export interface FeedRunDeps {
  config: Config;
  /** Made once per process (`new FeedStates(store)`): each one opens a store namespace. */
  states: FeedStates;
  log: Logger;
}

export interface FeedRunOverrides {
  /** Another feed list than FEEDS_FILE. */
  feedsFile?: string;
  force?: boolean;
  /** Aborted at shutdown; the run also stops by itself at FEEDS_DEADLINE_SECONDS. */
  signal?: AbortSignal;
  onStart?: (feeds: number) => void;
  onFeedDone?: (report: FeedReport) => void;
}

/** One fetch of the feeds in FEEDS_FILE with the configured settings; the file is read on every call, so edits apply at the next tick. */
export async function runFeedsOnce(deps: FeedRunDeps, overrides: FeedRunOverrides = {}): Promise<FetchReport> {
  const list = await readFeedList(overrides.feedsFile ?? deps.config.feeds.file);
  overrides.onStart?.(list.feeds.length);
  return fetchFeedsWith(deps, list.feeds, overrides);
}

/** One fetch of `feeds` with the configured settings, stopped at FEEDS_DEADLINE_SECONDS or by `overrides.signal`. */
export async function fetchFeedsWith(
  deps: FeedRunDeps,
  feeds: readonly FeedEntry[],
  overrides: FeedRunOverrides = {},
): Promise<FetchReport> {
  const seconds = deps.config.feeds.deadlineSeconds;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new Error(`the run's ${seconds} s deadline passed`)), seconds * 1000);
  try {
    return await fetchFeeds({
      feeds,
      states: deps.states,
      articlesDir: deps.config.articlesDir,
      http: {
        userAgent: userAgent(deps.config.feeds.contact),
        timeoutMs: FETCH_DEFAULTS.timeoutMs,
        maxBytes: FETCH_DEFAULTS.feedMaxBytes,
      },
      pageMaxBytes: deps.config.articleMaxBytes,
      concurrency: FETCH_DEFAULTS.concurrency,
      backoff: DEFAULT_BACKOFF,
      force: overrides.force,
      signal: overrides.signal ? AbortSignal.any([overrides.signal, deadline.signal]) : deadline.signal,
      log: deps.log,
      onFeedDone: overrides.onFeedDone,
    });
  } finally {
    clearTimeout(timer);
  }
}
