// What every format parser returns and how it refuses a file. A parser turns decoded text into
// the article's content and metadata; the loader adds what comes from the file itself (id
// fallback, path, hash, firstSeenAt).
import type { CleanedPage } from "../clean.js";

export interface ParsedArticle extends CleanedPage {
  title: string;
  /** An explicit id from the file's own fields, already made id-safe. */
  id?: string;
  url?: string;
  /** The lead image, an http(s) URL (see imageUrl). */
  image?: string;
  topics?: string[];
}

export interface FormatInput {
  text: string;
  /** The file name without folder or extension, for formats that may fall back to it as a title. */
  stem: string;
  /** The article cannot be newer than this (ISO 8601); dates "Oct 26" datelines on pages with no date of their own. */
  notAfter: string;
}

export type Parser = (input: FormatInput) => ParsedArticle;

/** Bad content in a file: its message is the short, human reason the loader reports. */
export class FormatError extends Error {
  override name = "FormatError";
}

/** A title for formats where a file name is an acceptable last resort ("rare-earth_talks" → "rare earth talks"). */
export function titleFromStem(stem: string): string {
  return stem.replace(/[-_.]+/g, " ").trim() || stem;
}
