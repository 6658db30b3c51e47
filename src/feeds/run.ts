// One fetch of every listed feed: at most `concurrency` feeds in flight, each fetched with its
// validators, parsed, its new items stored, and its state (validators, failures, backoff, last
// result, seen keys) saved. A feed's failure is recorded and reported; the other feeds go on.
import type { Config } from "../config.js";
import type { Logger } from "../log.js";
import { readFeedList, type FeedEntry } from "./feed-list.js";
import { FEED_ACCEPT, httpGet, PAGE_ACCEPT, userAgent, type HttpOptions } from "./fetch.js";
import { ingestItems, type SkippedItem, type StoredItem } from "./ingest.js";
import { parseFeed } from "./parse.js";
import { backoffDelayMs, DEFAULT_BACKOFF, rememberSeen, type BackoffPolicy, type FeedOutcome, type FeedState, type FeedStates } from "./state.js";
import { decodeXml } from "./xml-encoding.js";

export interface FetchFeedsOptions {
  feeds: readonly FeedEntry[];
  states: FeedStates;
  articlesDir: string;
  /** For the feed documents. */
  http: HttpOptions;
  /** Size cap for linked pages (the timeout and User-Agent are the feed's). */
  pageMaxBytes: number;
  /** Feeds in flight at once. */
  concurrency: number;
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
  /** Feeds actually requested this time (not backing off). */
  attempted: number;
  failed: number;
}

export const FETCH_DEFAULTS = {
  timeoutMs: 15_000,
  feedMaxBytes: 5 * 1024 * 1024,
  concurrency: 4,
} as const;

export async function fetchFeeds(options: FetchFeedsOptions): Promise<FetchReport> {
  const reports: FeedReport[] = new Array<FeedReport>(options.feeds.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < options.feeds.length; i = next++) {
      const feed = options.feeds[i] as FeedEntry;
      const report = await fetchOne(feed, options);
      reports[i] = report;
      options.onFeedDone?.(report);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, options.feeds.length) }, worker));
  return summarize(reports);
}

/** One report over several feeds' reports. */
export function summarize(reports: FeedReport[]): FetchReport {
  const attempted = reports.filter((r) => r.outcome !== "backing-off");
  return {
    feeds: reports,
    newArticles: reports.reduce((n, r) => n + r.articles.length, 0),
    attempted: attempted.length,
    failed: attempted.filter((r) => r.outcome === "failed").length,
  };
}

async function fetchOne(feed: FeedEntry, options: FetchFeedsOptions): Promise<FeedReport> {
  const now = options.now ?? (() => new Date());
  const log = options.log.child({ feed: feed.url });
  const host = new URL(feed.url).host;
  let state: FeedState;
  try {
    state = await options.states.get(feed.url);
  } catch (error) {
    log.error({ err: error }, "Feed state unreadable");
    return { url: feed.url, source: feed.name ?? feed.url, outcome: "failed", message: `cannot read the feed's state: ${(error as Error).message}`, articles: [], skipped: [] };
  }
  // In reports a feed without a name or a title is shown by its URL; several feeds share a host.
  const base = { url: feed.url, source: feed.name ?? state.title ?? feed.url, articles: [], skipped: [] };

  if (!options.force && state.backoffUntil && Date.parse(state.backoffUntil) > now().getTime()) {
    const last = state.lastResult?.outcome === "failed" ? `; last error: ${state.lastResult.message}` : "";
    return { ...base, outcome: "backing-off", message: `backing off until ${state.backoffUntil} after ${plural(state.failures, "failure")}${last}` };
  }

  const save = async (next: FeedState, outcome: FeedOutcome, message: string, newArticles: number) => {
    await options.states.set(feed.url, { ...next, lastResult: { at: now().toISOString(), outcome, message, newArticles } });
  };
  const fail = async (reason: string, retryAfterMs?: number): Promise<FeedReport> => {
    const failures = state.failures + 1;
    const backoffUntil = new Date(now().getTime() + backoffDelayMs(failures, options.backoff, retryAfterMs)).toISOString();
    log.warn({ reason, failures, backoffUntil }, "Feed fetch failed");
    await save({ ...state, failures, backoffUntil }, "failed", reason, 0);
    return { ...base, outcome: "failed", message: reason };
  };

  try {
    const response = await httpGet(feed.url, options.http, FEED_ACCEPT, state);
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
      return await fail(advertised.length > 0 ? `${parsed.reason}; the page links to a feed at ${advertised.join(" and ")}` : parsed.reason);
    }

    const feedSource = feed.name ?? parsed.feed.title ?? host;
    const pageHttp = { ...options.http, maxBytes: options.pageMaxBytes };
    const result = await ingestItems({ url: feed.url, source: feedSource, topic: feed.topic }, parsed.feed.items, new Set(state.seen), {
      articlesDir: options.articlesDir,
      getPage: (url) => httpGet(url, pageHttp, PAGE_ACCEPT),
      log,
      now,
    });
    const partial = result.stored.filter((s) => s.partial).length;
    const outcome: FeedOutcome = result.stored.length > 0 ? "new" : "unchanged";
    const message = [
      result.stored.length > 0 ? plural(result.stored.length, "new article") + (partial > 0 ? ` (${partial} partial)` : "") : "no new items",
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
  onStart?: (feeds: number) => void;
  onFeedDone?: (report: FeedReport) => void;
}

/** One fetch of the feeds in FEEDS_FILE with the configured settings; the file is read on every call, so edits apply at the next tick. */
export async function runFeedsOnce(deps: FeedRunDeps, overrides: FeedRunOverrides = {}): Promise<FetchReport> {
  const list = await readFeedList(overrides.feedsFile ?? deps.config.feeds.file);
  overrides.onStart?.(list.feeds.length);
  return fetchFeedsWith(deps, list.feeds, overrides);
}

/** One fetch of `feeds` with the configured settings. */
export function fetchFeedsWith(deps: FeedRunDeps, feeds: readonly FeedEntry[], overrides: FeedRunOverrides = {}): Promise<FetchReport> {
  return fetchFeeds({
    feeds,
    states: deps.states,
    articlesDir: deps.config.articlesDir,
    http: { userAgent: userAgent(deps.config.feeds.contact), timeoutMs: FETCH_DEFAULTS.timeoutMs, maxBytes: FETCH_DEFAULTS.feedMaxBytes },
    pageMaxBytes: deps.config.articleMaxBytes,
    concurrency: FETCH_DEFAULTS.concurrency,
    backoff: DEFAULT_BACKOFF,
    force: overrides.force,
    log: deps.log,
    onFeedDone: overrides.onFeedDone,
  });
}
