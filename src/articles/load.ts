// Loading stored articles: turning one file into an Article or a short, human reason why not
// (listing.ts finds the files). Loading never throws for bad content; the corpus calls it once per
// file and keeps going. jsdom is imported only when an HTML file shows up.
import { createHash } from "node:crypto";
import { lstatSync, readFileSync } from "node:fs";
import { lstat, readFile } from "node:fs/promises";
import { extname, join, posix } from "node:path";
import { type Article, articleSchema } from "./article.js";
import { decodeBytes } from "./decode.js";
import { FormatError, type ParsedArticle, type Parser } from "./formats/format.js";
import { parseJson } from "./formats/json.js";
import { parseMarkdown } from "./formats/md.js";
import { parseTxt } from "./formats/txt.js";
import { linkReason } from "./links.js";
import { articleIdFrom } from "./metadata.js";
import { errorMessage } from "../errors.js";

export type LoadResult = { ok: true; article: Article } | { ok: false; path: string; reason: string };

export interface LoadOptions {
  /** Files larger than this are refused before they are read. */
  maxBytes: number;
  /** When the corpus first saw the file (ISO 8601); also the latest date the article can have. */
  firstSeenAt: string;
  /**
   * Read with blocking calls: for a worker thread, where nothing else waits on the event loop and
   * each asynchronous step would wait for a turn of libuv's thread pool and of the loop.
   */
  blocking?: boolean;
}

const PARSERS: Readonly<Record<string, () => Promise<Parser>>> = {
  ".txt": async () => parseTxt,
  ".json": async () => parseJson,
  ".md": async () => parseMarkdown,
  ".markdown": async () => parseMarkdown,
  ".html": async () => (await import("./formats/html.js")).parseHtml,
  ".htm": async () => (await import("./formats/html.js")).parseHtml,
};

function parserFor(path: string): (() => Promise<Parser>) | undefined {
  return PARSERS[extname(path).toLowerCase()];
}

/** Whether a file of this name is read as an article (by its extension). */
export function isArticleName(name: string): boolean {
  return parserFor(name) !== undefined;
}

function describeSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / (1024 * 1024)).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KB`;
  return `${bytes} bytes`;
}

function fsReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT") return "file not found";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  return `cannot read file (${code ?? errorMessage(error)})`;
}

/** Turns a file's bytes into an Article, or the reason it cannot be one. */
async function articleFromBytes(relPath: string, bytes: Uint8Array, firstSeenAt: string): Promise<LoadResult> {
  const fail = (reason: string): LoadResult => ({ ok: false, path: relPath, reason });
  const loadParser = parserFor(relPath);
  if (!loadParser) return fail(`unsupported file type "${extname(relPath)}"`);
  const decoded = decodeBytes(bytes);
  if (!decoded.ok) return fail(decoded.reason);

  const extension = extname(relPath);
  const withoutExtension = relPath.slice(0, relPath.length - extension.length);
  const stem = posix.basename(withoutExtension);
  let parsed: ParsedArticle;
  try {
    parsed = (await loadParser())({ text: decoded.text, stem, notAfter: firstSeenAt });
  } catch (error) {
    if (error instanceof FormatError) return fail(error.message);
    return fail(`could not parse (${errorMessage(error)})`);
  }
  const { id: explicitId, ...content } = parsed;
  // Nested folders are part of the id, so "world/report.txt" and "business/report.txt" stay apart.
  const id = explicitId ?? articleIdFrom(withoutExtension);
  if (!id) return fail("file name has no letters or digits to make an id from");
  const candidate = {
    ...content,
    id,
    path: relPath,
    hash: createHash("sha256").update(bytes).digest("hex"),
    firstSeenAt,
  };
  const checked = articleSchema.safeParse(candidate);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return fail(`invalid article (${issue ? `${issue.path.join(".")}: ${issue.message}` : "schema"})`);
  }
  return { ok: true, article: checked.data };
}

/**
 * Loads `root/relPath`. Never throws: unreadable, oversized, binary, empty or malformed files, and
 * symbolic links, come back as reasons.
 */
export async function loadArticleFile(root: string, relPath: string, options: LoadOptions): Promise<LoadResult> {
  const fail = (reason: string): LoadResult => ({ ok: false, path: relPath, reason });
  const fullPath = join(root, relPath);
  let bytes: Uint8Array;
  try {
    // lstat: a file swapped for a link after the listing is refused too, never read through it.
    const info = options.blocking ? lstatSync(fullPath) : await lstat(fullPath);
    if (info.isSymbolicLink()) return fail(await linkReason(root, relPath));
    if (!info.isFile()) return fail("not a regular file");
    if (info.size > options.maxBytes) return fail(`larger than ${describeSize(options.maxBytes)} limit`);
    bytes = options.blocking ? readFileSync(fullPath) : await readFile(fullPath);
  } catch (error) {
    return fail(fsReason(error));
  }
  return articleFromBytes(relPath, bytes, options.firstSeenAt);
}
