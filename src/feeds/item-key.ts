// Item identity: the dedupe key of a feed item (guid, else normalized URL, else title + date) and
// the stored article's id, which ends in a hash of that key so that the articles folder itself
// records which items are already stored, even if the feed state is lost.
import { createHash } from "node:crypto";
import type { FeedItem } from "./parse.js";

// Query parameters that only say how a reader arrived; the same story is reached without them.
const TRACKING_PARAMS = new Set([
  "fbclid",
  "gclid",
  "dclid",
  "msclkid",
  "yclid",
  "igshid",
  "mc_cid",
  "mc_eid",
  "_ga",
  "_hsenc",
  "_hsmi",
  "mkt_tok",
]);

/** The URL without its fragment and tracking parameters (utm_*, fbclid, gclid, …). */
export function normalizeUrl(url: string): string {
  const parsed = new URL(url);
  parsed.hash = "";
  for (const name of [...parsed.searchParams.keys()]) {
    if (name.toLowerCase().startsWith("utm_") || TRACKING_PARAMS.has(name.toLowerCase()))
      parsed.searchParams.delete(name);
  }
  // URLSearchParams leaves a bare "?" behind when the last parameter goes.
  if (parsed.searchParams.size === 0) parsed.search = "";
  return parsed.href;
}

/** guid, else normalized link, else title + date; undefined for an item with none of them. */
export function itemKey(item: FeedItem): string | undefined {
  if (item.guid) return `guid:${item.guid}`;
  if (item.link) return `url:${normalizeUrl(item.link)}`;
  if (item.title) return `title:${item.title.trim().toLowerCase()}|${item.publishedAt ?? ""}`;
  return undefined;
}

const HASH_LENGTH = 12;
const SLUG_MAX = 60;

export function keyHash(key: string): string {
  return createHash("sha256").update(key).digest("hex").slice(0, HASH_LENGTH);
}

/** "china-eases-export-rules-3f9a0c1d2e4b": readable, unique per item key, a valid article id. */
export function articleIdFor(title: string, key: string): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, SLUG_MAX)
    .replace(/^-+|-+$/g, "");
  return `${slug || "feed-item"}-${keyHash(key)}`;
}

/** The key hash of a stored feed article's file name, e.g. "…-3f9a0c1d2e4b.json". */
export function keyHashOfFile(fileName: string): string | undefined {
  const match = new RegExp(`-([0-9a-f]{${HASH_LENGTH}})\\.json$`).exec(fileName);
  return match?.[1];
}
