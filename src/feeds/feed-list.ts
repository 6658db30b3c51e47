// The feed list (FEEDS_FILE): which feeds to fetch, as a small JSON file people may also edit by
// hand. Validated with zod on every read, so a typo is reported with its place in the file, and
// always rewritten whole and atomically by `feeds add` / `feeds remove`.
import { mkdir, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { z } from "zod";
import { writeFileAtomic } from "./atomic-write.js";

const httpUrl = z
  .string()
  .trim()
  .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), "an http:// or https:// URL");

export const feedEntrySchema = z.object({
  url: httpUrl,
  /** Shown as the articles' source; the feed's own title is used without it. */
  name: z.string().trim().min(1).optional(),
  /** Default topic words for the feed's articles, e.g. "rare earths trade". */
  topic: z.string().trim().min(1).optional(),
});
export type FeedEntry = z.infer<typeof feedEntrySchema>;

const feedListSchema = z.object({ feeds: z.array(feedEntrySchema) }).superRefine((list, ctx) => {
  const seen = new Set<string>();
  list.feeds.forEach((feed, i) => {
    // zod 4 runs this check even when a URL failed its own refinement; that one is already reported.
    if (!URL.canParse(feed.url)) return;
    const key = canonicalFeedUrl(feed.url);
    if (seen.has(key))
      ctx.addIssue({ code: "custom", path: ["feeds", i, "url"], message: `listed twice: ${feed.url}` });
    seen.add(key);
  });
});
export type FeedList = z.infer<typeof feedListSchema>;

export class FeedListError extends Error {
  override name = "FeedListError";
}

/** The form feed URLs are compared (and state is keyed) in: "HTTP://Example.com" and "http://example.com/" are one feed. */
export function canonicalFeedUrl(url: string): string {
  return new URL(url.trim()).href;
}

/** Reads and validates the list. A missing file is an empty list: nothing has been added yet. */
export async function readFeedList(path: string): Promise<FeedList> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { feeds: [] };
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new FeedListError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = feedListSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(top level)"}: ${i.message}`);
    throw new FeedListError(`${path} is not a valid feed list:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
  return parsed.data;
}

async function writeFeedList(path: string, list: FeedList): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, `${JSON.stringify(feedListSchema.parse(list), null, 2)}\n`);
}

/** Adds a feed, or updates one already listed: a name or topic left out keeps its saved value. */
export async function addFeed(path: string, entry: FeedEntry): Promise<"added" | "updated"> {
  const feed = feedEntrySchema.parse(entry);
  const list = await readFeedList(path);
  const key = canonicalFeedUrl(feed.url);
  const index = list.feeds.findIndex((f) => canonicalFeedUrl(f.url) === key);
  const saved = list.feeds[index];
  if (saved === undefined) list.feeds.push(feed);
  else
    list.feeds[index] = {
      ...saved,
      url: feed.url,
      ...(feed.name === undefined ? {} : { name: feed.name }),
      ...(feed.topic === undefined ? {} : { topic: feed.topic }),
    };
  await writeFeedList(path, list);
  return index === -1 ? "added" : "updated";
}

/** Removes a feed; false when it was not listed. */
export async function removeFeed(path: string, url: string): Promise<boolean> {
  const list = await readFeedList(path);
  const key = URL.canParse(url.trim()) ? canonicalFeedUrl(url) : url;
  const kept = list.feeds.filter((f) => canonicalFeedUrl(f.url) !== key);
  if (kept.length === list.feeds.length) return false;
  await writeFeedList(path, { feeds: kept });
  return true;
}
