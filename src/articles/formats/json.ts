// `.json` articles: one object per file in the stored-article format (see the guide), and the
// field rules that Markdown front matter shares. The body runs through the same line cleaning as
// a saved page, with blank lines separating paragraphs; offsets point into the body string.
import { imageUrl, isWebUrl } from "../article.js";
import { type CleanedPage, cleanLines, splitLines } from "../clean.js";
import { articleIdFrom, normalizePublishedAt } from "../metadata.js";
import { FormatError, type Parser, type ParsedArticle } from "./format.js";
import { errorMessage } from "../../errors.js";

/** The stored-article fields, checked; `body` is absent when a format carries it elsewhere. */
export interface StoredFields {
  id?: string;
  title?: string;
  body?: string;
  url?: string;
  image?: string;
  source?: string;
  author?: string;
  publishedAt?: string;
  topics?: string[];
}

const BODY_ALIASES = ["body", "text", "content"] as const;

function optionalText(record: Record<string, unknown>, field: string): string | undefined {
  const value = record[field];
  if (value === undefined || value === null) return undefined;
  // YAML reads `id: 2024` as a number; an id or a name written that way is still meant as text.
  if (typeof value === "number") return String(value);
  if (typeof value !== "string") throw new FormatError(`field "${field}" must be text`);
  return value.trim() === "" ? undefined : value;
}

/** Reads and checks the stored-article fields of a JSON object or a front-matter block. Unknown fields are ignored. */
export function readStoredFields(record: Record<string, unknown>): StoredFields {
  const fields: StoredFields = {};
  const rawId = optionalText(record, "id");
  if (rawId !== undefined) {
    const id = articleIdFrom(rawId);
    if (!id) throw new FormatError(`field "id" has no letters or digits`);
    fields.id = id;
  }
  const title = optionalText(record, "title");
  if (title !== undefined) fields.title = title.trim();
  for (const alias of BODY_ALIASES) {
    const body = optionalText(record, alias);
    if (body !== undefined) {
      fields.body = body;
      break;
    }
  }
  const url = optionalText(record, "url")?.trim();
  if (url !== undefined) {
    if (!URL.canParse(url)) throw new FormatError(`field "url" is not a URL`);
    if (isWebUrl(url)) fields.url = url;
  }
  const image = readImage(record.image);
  if (image) fields.image = image;
  const source = optionalText(record, "source")?.trim();
  if (source) fields.source = source;
  const author = optionalText(record, "author")?.trim();
  if (author) fields.author = author;
  const published = optionalText(record, "publishedAt");
  if (published !== undefined) {
    const normalized = normalizePublishedAt(published);
    if (!normalized) throw new FormatError(`field "publishedAt" is not a date`);
    fields.publishedAt = normalized;
  }
  const topics = readTopics(record.topics);
  if (topics.length > 0) fields.topics = topics;
  return fields;
}

/**
 * `image` is a URL, or an object with a `url` (schema.org's ImageObject). Only an http(s) URL is
 * kept; anything else is left out rather than refusing the article over a picture.
 */
function readImage(value: unknown): string | undefined {
  const url =
    typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>).url
      : value;
  return typeof url === "string" ? imageUrl(url) : undefined;
}

/** `topics` is a list of words or phrases, or one comma-separated string. */
function readTopics(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const list = typeof value === "string" ? value.split(",") : value;
  if (!Array.isArray(list) || !list.every((t) => typeof t === "string"))
    throw new FormatError(`field "topics" must be text or a list of text`);
  return [...new Set(list.map((t) => t.trim()).filter((t) => t !== ""))];
}

/**
 * Cleans a stored body and lets the file's explicit fields win over what the body itself says
 * (a byline, a dateline's date).
 */
export function storedArticle(fields: StoredFields & { title: string }, cleaned: CleanedPage): ParsedArticle {
  if (cleaned.paragraphs.length === 0) throw new FormatError("no article text in the body");
  const article: ParsedArticle = { ...cleaned, title: fields.title };
  if (fields.id) article.id = fields.id;
  if (fields.url) article.url = fields.url;
  if (fields.image) article.image = fields.image;
  if (fields.source) article.source = fields.source;
  if (fields.author) article.author = fields.author;
  if (fields.publishedAt) article.publishedAt = fields.publishedAt;
  if (fields.topics) article.topics = fields.topics;
  return article;
}

export const parseJson: Parser = ({ text, notAfter }) => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new FormatError(`invalid JSON (${errorMessage(error)})`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new FormatError("expected one JSON object per file");
  }
  const fields = readStoredFields(value as Record<string, unknown>);
  const { title, body } = fields;
  if (!title) throw new FormatError(`missing required field "title"`);
  if (body === undefined) throw new FormatError(`missing required field "body"`);
  return storedArticle({ ...fields, title }, cleanLines(body, splitLines(body), "blocks", { title, notAfter }));
};
