// Feed items → stored articles. For each item not handled before: the full text from the feed's
// own content when it holds the whole story, else from the linked page through the same
// Readability extractor as stored .html files, else (the page failed) the feed's summary, marked
// partial. Each article is one `.json` file in the stored-article format, written atomically.
import { mkdir, readdir } from "node:fs/promises";
import { join } from "node:path";
import { decodeBytes } from "../articles/decode.js";
import { FormatError, type ParsedArticle, type Parser } from "../articles/formats/format.js";
import type { Logger } from "../log.js";
import { writeFileAtomic } from "./atomic-write.js";
import type { HttpResult } from "./fetch.js";
import { articleIdFor, itemKey, keyHash, keyHashOfFile, normalizeUrl } from "./item-key.js";
import { escapeHtml, type FeedItem } from "./parse.js";
import { inPool } from "../pool.js";
import { decodeWithLabel, headerCharset } from "./xml-encoding.js";

/** Feed articles go in their own folder under ARTICLES_DIR, so they are easy to tell apart and to clear. */
export const FEED_ARTICLES_SUBDIR = "feeds";

/**
 * When a feed's own content is the whole story rather than a teaser (then the linked page is
 * fetched instead): 1,000 characters of text, or 3 paragraphs and 500 characters. Teasers are a
 * sentence or two; even short news stories run to several paragraphs.
 */
const FULL_TEXT_MIN_CHARS = 1_000;
const SHORT_STORY = { paragraphs: 3, chars: 500 };

function isWholeStory(article: ParsedArticle): boolean {
  const chars = article.paragraphs.reduce((n, p) => n + p.text.length, 0);
  return (
    chars >= FULL_TEXT_MIN_CHARS || (article.paragraphs.length >= SHORT_STORY.paragraphs && chars >= SHORT_STORY.chars)
  );
}

export interface FeedSource {
  url: string;
  /** The articles' `source`: the list's name, else the feed's title, else its host. */
  source: string;
  topic?: string;
}

export interface IngestContext {
  articlesDir: string;
  /** GETs a linked page (same User-Agent, timeout and size cap as the feed; only addresses feed content may reach). */
  getPage: (url: string) => Promise<HttpResult>;
  /** Items worked on at once, so that one slow page does not hold up the others. */
  concurrency: number;
  /** Once aborted, no item is started, and an item whose page was stopped is left for the next run. */
  signal?: AbortSignal;
  log: Logger;
  now: () => Date;
}

export interface StoredItem {
  id: string;
  title: string;
  /** Stored from the feed's summary because the linked page could not be had. */
  partial: boolean;
}

export interface SkippedItem {
  /** The item's title, else its link, else its key. */
  item: string;
  reason: string;
}

export interface IngestResult {
  stored: StoredItem[];
  skipped: SkippedItem[];
  /** Keys of items handled for good (stored, already stored, or unusable); the rest are tried again next time. */
  handled: string[];
}

/** The shape written to disk; `partial` and `feed` are extra fields the JSON loader ignores. */
interface StoredArticleFile {
  id: string;
  title: string;
  body: string;
  url?: string;
  image?: string;
  source: string;
  author?: string;
  publishedAt?: string;
  partial?: true;
  /** The feed's default topic words: subscriptions' topic filters match them like title words. */
  topics?: string[];
  feed: string;
}

type Body =
  | { ok: true; article: ParsedArticle; partial: boolean }
  | { ok: false; reason: string; final: boolean }
  | { ok: false; stopped: true };

/** What became of one item worked on: stored, skipped (for good when `final`), or left for the next run. */
type Outcome = { stored: StoredItem } | { skipped: SkippedItem; final: boolean } | { left: true };

export async function ingestItems(
  feed: FeedSource,
  items: readonly FeedItem[],
  seen: ReadonlySet<string>,
  ctx: IngestContext,
): Promise<IngestResult> {
  const dir = join(ctx.articlesDir, FEED_ARTICLES_SUBDIR);
  await mkdir(dir, { recursive: true });
  const onDisk = await storedKeyHashes(dir);
  // jsdom takes a while to load; a process that never ingests an item (the bot at start-up) skips it.
  const { parseHtml } = await import("../articles/formats/html.js");
  const result: IngestResult = { stored: [], skipped: [], handled: [] };
  const thisRun = new Set<string>();
  const todo: Array<{ item: FeedItem; key: string; label: string }> = [];
  for (const item of items) {
    const key = itemKey(item);
    const label = item.title ?? item.link ?? key ?? "(untitled item)";
    if (key === undefined) {
      result.skipped.push({ item: label, reason: "item has no guid, link or title to identify it" });
      continue;
    }
    if (seen.has(key) || thisRun.has(key)) continue;
    thisRun.add(key);
    if (onDisk.has(keyHash(key))) {
      result.handled.push(key);
      continue;
    }
    todo.push({ item, key, label });
  }

  const outcomes = await inPool(todo, ctx.concurrency, ctx.signal, async ({ item, key, label }): Promise<Outcome> => {
    let body: Body;
    try {
      body = await itemBody(item, ctx, parseHtml);
    } catch (error) {
      body = { ok: false, reason: `could not extract the text: ${(error as Error).message}`, final: false };
    }
    if ("stopped" in body) return { left: true };
    if (!body.ok) {
      ctx.log.warn({ item: label, reason: body.reason }, "Feed item skipped");
      return { skipped: { item: label, reason: body.reason }, final: body.final };
    }
    return { stored: await writeArticle(dir, feed, item, key, body.article, body.partial) };
  });
  todo.forEach(({ key }, i) => {
    const outcome = outcomes[i] ?? { left: true };
    if ("stored" in outcome) result.stored.push(outcome.stored);
    if ("skipped" in outcome) result.skipped.push(outcome.skipped);
    if ("stored" in outcome || ("skipped" in outcome && outcome.final)) result.handled.push(key);
  });
  return result;
}

/** The hashes of the item keys already stored in `dir` (see articleIdFor). */
async function storedKeyHashes(dir: string): Promise<Set<string>> {
  const names = await readdir(dir);
  return new Set(names.map(keyHashOfFile).filter((h): h is string => h !== undefined));
}

async function itemBody(item: FeedItem, ctx: IngestContext, parseHtml: Parser): Promise<Body> {
  const notAfter = ctx.now().toISOString();
  const content =
    item.contentHtml === undefined ? undefined : extractFragment(parseHtml, item.contentHtml, item, notAfter);
  if (content && isWholeStory(content)) return { ok: true, article: content, partial: false };

  // The summary is only extracted when it is needed: each extraction builds a DOM.
  const summary = () =>
    content ??
    (item.summaryHtml === undefined ? undefined : extractFragment(parseHtml, item.summaryHtml, item, notAfter));
  if (item.link === undefined) {
    // The feed's text is all there is of this item, so it is the whole article, not a partial one.
    const only = summary();
    if (only) return { ok: true, article: only, partial: false };
    return { ok: false, reason: "item has no link and no content", final: true };
  }
  const page = await fetchPage(parseHtml, item, item.link, ctx, notAfter);
  if (page.ok) return { ok: true, article: page.article, partial: false };
  // Stopped by the run, not failed by the site: the next run tries the page again.
  if ("stopped" in page) return { ok: false, stopped: true };
  const fallback = summary();
  if (fallback) {
    ctx.log.info(
      { link: item.link, reason: page.reason },
      "Linked page unavailable; storing the feed's summary as partial",
    );
    return { ok: true, article: fallback, partial: true };
  }
  return { ok: false, reason: `linked page unavailable (${page.reason}) and the item has no summary`, final: false };
}

/** Runs a feed's HTML fragment through the page extractor, inside a minimal page titled like the item. */
function extractFragment(parseHtml: Parser, html: string, item: FeedItem, notAfter: string): ParsedArticle | undefined {
  const title = escapeHtml(item.title ?? "");
  try {
    return parseHtml({
      text: `<!doctype html><html><head><title>${title}</title></head><body><article>${html}</article></body></html>`,
      stem: stemOf(item),
      notAfter,
    });
  } catch (error) {
    if (error instanceof FormatError) return undefined;
    throw error;
  }
}

type Page = { ok: true; article: ParsedArticle } | { ok: false; reason: string } | { ok: false; stopped: true };

async function fetchPage(
  parseHtml: Parser,
  item: FeedItem,
  url: string,
  ctx: IngestContext,
  notAfter: string,
): Promise<Page> {
  const response = await ctx.getPage(url);
  if (response.kind === "stopped") return { ok: false, stopped: true };
  if (response.kind === "not-modified") return { ok: false, reason: "unexpected 304 Not Modified" };
  if (response.kind === "failed") return { ok: false, reason: response.reason };
  const type = response.contentType?.split(";")[0]?.trim().toLowerCase();
  if (type && type !== "text/html" && type !== "application/xhtml+xml")
    return { ok: false, reason: `the page is ${type}, not HTML` };
  const text = decodePage(response.bytes, response.contentType);
  if (text === undefined) return { ok: false, reason: "the page is empty or not text" };
  try {
    return { ok: true, article: parseHtml({ text, stem: stemOf(item), notAfter }) };
  } catch (error) {
    if (error instanceof FormatError) return { ok: false, reason: error.message };
    throw error;
  }
}

/** The header's charset when it names one the runtime knows; otherwise the stored-file rules (UTF-8, else Windows-1252). */
function decodePage(bytes: Uint8Array, contentType: string | undefined): string | undefined {
  const charset = headerCharset(contentType);
  // An unknown label falls through to the sniffing decoder rather than refusing the page.
  const labelled = charset && !/^utf-?8$/i.test(charset) ? decodeWithLabel(bytes, charset) : undefined;
  if (labelled) return labelled.text;
  const decoded = decodeBytes(bytes);
  return decoded.ok ? decoded.text : undefined;
}

async function writeArticle(
  dir: string,
  feed: FeedSource,
  item: FeedItem,
  key: string,
  article: ParsedArticle,
  partial: boolean,
): Promise<StoredItem> {
  // The feed's own fields are the publisher's explicit metadata, so they win over the page's guesses.
  const title = item.title ?? article.title;
  const id = articleIdFor(title, key);
  const record: StoredArticleFile = {
    id,
    title,
    body: article.paragraphs.map((p) => p.text).join("\n\n"),
    // Without the tracking parameters: this is the link that gets posted and shown.
    url: item.link === undefined ? undefined : normalizeUrl(item.link),
    image: item.image ?? article.image,
    source: feed.source,
    author: item.author ?? article.author,
    publishedAt: item.publishedAt ?? article.publishedAt,
    partial: partial ? true : undefined,
    topics: feed.topic ? [feed.topic] : undefined,
    feed: feed.url,
  };
  await writeFileAtomic(join(dir, `${id}.json`), `${JSON.stringify(record, null, 2)}\n`);
  return { id, title, partial };
}

/** What the extractor falls back to for a title when neither the item nor the page has one: the link's last path segment. */
function stemOf(item: FeedItem): string {
  const segment = item.link ? new URL(item.link).pathname.split("/").filter(Boolean).pop() : undefined;
  return segment?.replace(/\.[a-z0-9]+$/i, "") || "untitled feed item";
}
