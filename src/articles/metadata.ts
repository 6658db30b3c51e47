// Article metadata read from single lines of a page: ids from file names, calendar dates, wire
// datelines ("KUALA LUMPUR, Oct 26 (Reuters) –"), bylines and publisher credit lines. Each
// function looks at one string and answers "is this one of mine, and what does it say"; deciding
// where in a page such a line may appear is clean.ts's job.
import { createHash } from "node:crypto";
import { ARTICLE_ID_MAX } from "./article.js";

/** A calendar day. Months are 1-based. */
export interface Day {
  year: number;
  month: number;
  day: number;
}

/**
 * A lowercase, URL- and Discord-safe id. Long names are cut and suffixed with a hash of the full
 * name, so two long names that share a prefix still get different ids.
 */
export function articleIdFrom(name: string): string | undefined {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[^a-z0-9]+/, "")
    .replace(/[._-]+$/, "");
  if (slug === "") return undefined;
  if (slug.length <= ARTICLE_ID_MAX) return slug;
  const suffix = createHash("sha256").update(name).digest("hex").slice(0, 8);
  const head = slug.slice(0, ARTICLE_ID_MAX - suffix.length - 1).replace(/[._-]+$/, "");
  return `${head}-${suffix}`;
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const MONTH = String.raw`(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?`;
const WEEKDAY = String.raw`(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|nesday|sday|urday)?\.?`;
const ORDINAL = "(?:st|nd|rd|th)?";

function monthNumber(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}

function validDay(year: number, month: number, day: number): Day | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? { year, month, day } : undefined;
}

export function isoDay({ year, month, day }: Day): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

// "February 4, 2026", "4 February 2026", "Feb. 4th 2026", "2026-02-04", each optionally after a weekday.
const DATE_FORMS: readonly { pattern: RegExp; read: (m: RegExpExecArray) => Day | undefined }[] = [
  {
    pattern: new RegExp(String.raw`\b(${MONTH})\s+(\d{1,2})${ORDINAL},?\s+(\d{4})\b`, "i"),
    read: (m) => validDay(Number(m[3]), monthNumber(m[1] ?? ""), Number(m[2])),
  },
  {
    pattern: new RegExp(String.raw`\b(\d{1,2})${ORDINAL}\s+(${MONTH}),?\s+(\d{4})\b`, "i"),
    read: (m) => validDay(Number(m[3]), monthNumber(m[2] ?? ""), Number(m[1])),
  },
  {
    pattern: /\b(\d{4})-(\d{2})-(\d{2})\b/,
    read: (m) => validDay(Number(m[1]), Number(m[2]), Number(m[3])),
  },
];

interface FoundDate {
  day: Day;
  index: number;
  length: number;
}

function findDate(text: string): FoundDate | undefined {
  for (const { pattern, read } of DATE_FORMS) {
    const m = pattern.exec(text);
    const day = m && read(m);
    if (m && day) return { day, index: m.index, length: m[0].length };
  }
  return undefined;
}

const DATE_LABEL = /\b(?:published|posted|updated|first published|last updated|last modified|date)\b/i;
// The words that may surround a date on a line that is only a date: labels, weekdays, times and
// zones. Zones are matched case-sensitively, so "was" or "held" never pass for one.
const DATE_WORD = new RegExp(
  String.raw`^(?:published|posted|updated|first|last|modified|date|on|at|${WEEKDAY}|\d{1,2}[:.]\d{2}(?:[ap]\.?m\.?)?|[ap]\.?m\.?)$`,
  "i",
);
const ZONE = /^(?:[A-Z]{2,5}|UTC|GMT)(?:[+-]\d{1,2}(?::?\d{2})?)?$/;

function onlyDateWords(rest: string): boolean {
  return rest
    .split(/[\s,|·•/()[\]–—]+|(?<!\d):|-(?!\d)/)
    .every((word) => word === "" || DATE_WORD.test(word) || ZONE.test(word));
}

/** A line that holds nothing but a date ("Wednesday, February 4, 2026", "Published: 3 March 2026, 14:05 GMT"). */
export function parseDateLine(line: string): { day: Day; labelled: boolean } | undefined {
  if (line.length > 80) return undefined;
  const found = findDate(line);
  if (!found) return undefined;
  const rest = `${line.slice(0, found.index)} ${line.slice(found.index + found.length)}`;
  if (!onlyDateWords(rest)) return undefined;
  return { day: found.day, labelled: DATE_LABEL.test(line) };
}

/** The first calendar date mentioned anywhere in a short line (a byline's "| March 3, 2026"). */
export function dateIn(line: string): Day | undefined {
  return findDate(line)?.day;
}

/** A structured date from a metadata field: ISO strings pass through; readable dates become "YYYY-MM-DD". */
export function normalizePublishedAt(value: string): string | undefined {
  const trimmed = value.trim();
  if (/^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(trimmed)) {
    return Number.isNaN(Date.parse(trimmed)) ? undefined : trimmed;
  }
  const found = findDate(trimmed);
  return found ? isoDay(found.day) : undefined;
}

export interface Dateline {
  /** "KUALA LUMPUR, Oct 26 (Reuters)": the dateline without its dash. */
  text: string;
  /** Where the story itself starts, as an index into the paragraph. */
  bodyStart: number;
  /** The wire agency named in brackets. */
  agency?: string;
  month?: number;
  day?: number;
  year?: number;
}

/** How far into a paragraph a dateline may reach. */
const DATELINE_MAX = 160;
const DATELINE = new RegExp(
  "^" +
    String.raw`(?<place>[A-Z][A-Z'’.\- ]*[A-Z.](?:,\s+[A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]*)?)?)?` +
    // "Oct 26" (wire style) or "26 October" (day first, as British and European outlets write it).
    String.raw`(?:,?\s+(?:(?<month>${MONTH})\s+(?<day>\d{1,2})|(?<dayFirst>\d{1,2})\s+(?<monthAfter>${MONTH}))(?:,?\s*(?<year>\d{4}))?)?` +
    String.raw`\s*(?:\((?<agency>[A-Z][\w .&'’-]{0,30})\))?` +
    // A hyphen needs spaces around it, or "AFL-CIO to endorse…" would read as a dateline.
    String.raw`(?<sep>\s*(?:--|[–—])\s*|\s+-\s+)?` +
    // Without this the optional parts could stop early ("KUALA LUMPUR, Oct") and succeed.
    String.raw`(?<=[)–—-]\s*)`,
  "u",
);

/**
 * A wire dateline at the start of a story's first paragraph. It needs a dash after an ALL-CAPS
 * place, or an agency in brackets ("(CNN)Police said…" has no dash at all).
 */
export function parseDateline(paragraph: string): Dateline | undefined {
  // Datelines are short; matching only the paragraph's opening also keeps the pattern's optional
  // spaces from rescanning a long run of whitespace, which made a hostile page take quadratic time.
  const m = DATELINE.exec(paragraph.slice(0, DATELINE_MAX));
  const g = m?.groups;
  if (!m || !g || m[0].length === 0) return undefined;
  const { place, agency, year, sep } = g;
  const month = g.month ?? g.monthAfter;
  const day = g.day ?? g.dayFirst;
  if (!place && !agency) return undefined;
  if (!agency && (!sep || !place || !/[A-Z]{3}/.test(place))) return undefined;
  const bodyStart = m[0].length;
  if (bodyStart >= paragraph.length || !/\p{L}|\p{N}|["“‘']/u.test(paragraph.charAt(bodyStart))) return undefined;
  const text = paragraph.slice(0, bodyStart - (sep?.length ?? 0)).trim();
  return {
    text,
    bodyStart,
    ...(agency ? { agency: agency.trim() } : {}),
    ...(month && day ? { month: monthNumber(month), day: Number(day) } : {}),
    ...(year ? { year: Number(year) } : {}),
  };
}

/**
 * The publication day of a dateline that gives only a month and a day. The page's own date (when
 * it was saved or printed) is an upper bound, so the year is the latest one that keeps the
 * dateline on or before it.
 */
export function datelineDay(dateline: Dateline, notAfter: Day | undefined): Day | undefined {
  const { month, day } = dateline;
  if (month === undefined || day === undefined) return undefined;
  if (dateline.year !== undefined) return validDay(dateline.year, month, day);
  if (!notAfter) return undefined;
  const sameYear = month < notAfter.month || (month === notAfter.month && day <= notAfter.day);
  return validDay(sameYear ? notAfter.year : notAfter.year - 1, month, day);
}

const NAME_WORD = String.raw`(?:[A-Z][\p{L}'’.-]*|[a-z]{1,3}|van|von|der|de|da|al-\p{L}+)`;
// Words are separated by required whitespace so that a failing match cannot re-split a word many ways.
const NAME = String.raw`${NAME_WORD}(?:\s+${NAME_WORD}){0,4}`;
const NAMES = new RegExp(String.raw`^${NAME}(?:(?:,\s*|\s+and\s+|\s*&\s*)${NAME})*$`, "u");

/** "By Jane Doe" / "By JANE DOE | March 3, 2026" / "Written by Jane Doe and Tom Roe" → the name(s). */
export function parseByline(line: string): string | undefined {
  const m = /^(?:by|written by|words by)[\s:]+(.+)$/i.exec(line.trim());
  // A byline is a label, so it does not end like a sentence ("By Tuesday, most shops had reopened.").
  if (!m?.[1] || line.length > 120 || /(?<!\b\p{Lu})[.!?]$/u.test(line.trim())) return undefined;
  const names = (m[1].split(/\s*(?:\||\s[-–—]\s|·|•)\s*/)[0] ?? "").trim().replace(/[.,;]$/, "");
  const firstPart = /\band\b|&/.test(names) ? names : (names.split(",")[0] ?? "").trim();
  return firstPart && NAMES.test(firstPart) && /[A-Z]/.test(firstPart.charAt(0)) ? firstPart : undefined;
}

/** What a credit line says: "This report was originally published by Reuters.", "(Reporting by Jane Doe; Editing by Tom Roe)". */
export interface Credit {
  source?: string;
  author?: string;
}

const PUBLISHED_BY =
  /^(?:(?:this|the) (?:report|story|article|piece|post|interview|content) (?:was |is |has been )?(?:originally |first )?|(?:originally|first) )(?:published|appeared|ran) (?:by|in|on|at|with) (?<source>.+?)(?:\.\s.*|[.!]?)$/i;
const PUBLISHER_WORD = String.raw`(?:[\p{Lu}\p{N}][\p{L}\p{N}'’.&-]*|of|the|and|for|de|la|on|&)`;
const PUBLISHER = new RegExp(String.raw`^${PUBLISHER_WORD}(?:\s+${PUBLISHER_WORD}){0,7}$`, "u");
const WIRE_TRAILER = /^\(?\s*(?:(?:additional )?reporting|writing|compiled|editing|edited|produced) by\b/i;
// Only the lead reporter is the author; "Additional reporting by" names helpers.
const LEAD_REPORTERS = /^\(?\s*reporting by\s+([^;)]+)/i;

export function parseCredit(line: string): Credit | undefined {
  if (line.length > 200) return undefined;
  const source = PUBLISHED_BY.exec(line)?.groups?.source?.trim();
  // A publisher is a name: "published on Monday and said prices rose" is a sentence, not a credit.
  if (source && source.length <= 60 && PUBLISHER.test(source)) return { source };
  if (!WIRE_TRAILER.test(line)) return undefined;
  // "Jane Doe in Lima" → "Jane Doe".
  const author = LEAD_REPORTERS.exec(line)?.[1]
    ?.split(/\s+in\s+\p{Lu}/u)[0]
    ?.trim();
  return author && NAMES.test(author) ? { author } : {};
}
