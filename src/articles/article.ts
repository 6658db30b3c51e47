// The Article model: what every loader produces and everything downstream consumes.
// Paragraphs keep their offset into the source text so that quotes and sentences can
// always point back at the characters they came from.
import { z } from "zod";

/** A body paragraph: verbatim text plus its offset into the source the loader read. */
export const paragraphSchema = z.object({
  text: z.string().min(1),
  /** Offset (UTF-16 code units) of `text` in the decoded source; `source.slice(start, start + text.length) === text`. */
  start: z.number().int().nonnegative(),
});
export type Paragraph = z.infer<typeof paragraphSchema>;

/** A section heading inside the story; `before` is the index of the paragraph it introduces. */
export const headingSchema = z.object({
  text: z.string().min(1),
  before: z.number().int().nonnegative(),
});
export type Heading = z.infer<typeof headingSchema>;

/** Ids are safe in URLs and in Discord option values (≤ 100 characters). */
export const ARTICLE_ID_MAX = 100;
export const articleIdSchema = z
  .string()
  .min(1)
  .max(ARTICLE_ID_MAX)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, "lowercase letters, digits, '.', '_' and '-' only");

/**
 * An address an article may link to: http(s) only, the one kind Discord accepts in an embed and a
 * reader can open. Loaders drop any other (`ftp:`, `javascript:`) and keep the article.
 */
export function isWebUrl(value: string): boolean {
  return /^https?:\/\//i.test(value) && URL.canParse(value);
}

/** Longer image URLs are not worth keeping: Discord refuses embed URLs past 2048 characters. */
export const IMAGE_URL_MAX = 2048;

/** A lead image URL worth storing: absolute (resolved against `base` when given), http(s), and short enough for an embed. */
export function imageUrl(raw: string | undefined, base?: string): string | undefined {
  const value = raw?.trim();
  if (!value || !URL.canParse(value, base)) return undefined;
  const href = new URL(value, base).href;
  return isWebUrl(href) && href.length <= IMAGE_URL_MAX ? href : undefined;
}

export const articleSchema = z.object({
  id: articleIdSchema,
  title: z.string().min(1),
  url: z.string().refine(isWebUrl, "an http(s) URL").optional(),
  /** The lead image (og:image, a feed's media:content, an `image` field): an http(s) URL. */
  image: z.string().max(IMAGE_URL_MAX).refine(isWebUrl, "an http(s) URL").optional(),
  source: z.string().min(1).optional(),
  author: z.string().min(1).optional(),
  /** ISO 8601; a date-only value ("2025-10-26") when only the day is known. */
  publishedAt: z.string().min(1).optional(),
  /** Topic words the article is filed under (a feed's default topic, or the file's own `topics`). */
  topics: z.array(z.string().min(1)).optional(),
  /** "KUALA LUMPUR, Oct 26 (Reuters)", when the page had one. */
  dateline: z.string().min(1).optional(),
  paragraphs: z.array(paragraphSchema).min(1),
  headings: z.array(headingSchema),
  /** Where it was loaded from, relative to the articles folder. */
  path: z.string(),
  /** sha256 of the file's bytes: identical files load once, and the analysis cache keys on it. */
  hash: z.string(),
  /** When the corpus first saw this article (ISO 8601). */
  firstSeenAt: z.string(),
});
export type Article = z.infer<typeof articleSchema>;
