// Page cleaning: turns the text of a saved page (or a clean article) into title, body paragraphs,
// section headings and the metadata the page states about itself, and keeps site furniture out of
// all of them. Rules go by the shape of a line (terminal punctuation, length, capitals) and by
// furniture vocabulary shared across sites, never by one site's exact strings. Every paragraph is
// a verbatim slice of the input, so `text.slice(p.start, p.start + p.text.length) === p.text`.
import type { Heading, Paragraph } from "./article.js";
import { withoutFurniture } from "./furniture.js";
import {
  type Credit,
  type Day,
  dateIn,
  datelineDay,
  isoDay,
  parseByline,
  parseCredit,
  parseDateLine,
  parseDateline,
} from "./metadata.js";

export interface CleanHints {
  /** The title the caller already knows (a record's or a file's); the page's copy of it is dropped. */
  title?: string;
  /** ISO date the article cannot be newer than, for dating "Oct 26" datelines when the page shows no date of its own. */
  notAfter?: string;
}

export interface CleanedPage {
  title?: string;
  paragraphs: Paragraph[];
  headings: Heading[];
  source?: string;
  dateline?: string;
  publishedAt?: string;
  author?: string;
}

/** One line of the source, trimmed, with the offset of its first kept character. */
export interface SourceLine {
  text: string;
  start: number;
  /** Set by formats whose markup says "this is a heading" (Markdown `#`, HTML h1–h6). */
  heading?: boolean;
}

/** Splits `text` from offset `from` into trimmed lines; blank lines keep an empty `text`. */
export function splitLines(text: string, from = 0): SourceLine[] {
  const lines: SourceLine[] = [];
  let lineStart = from;
  while (lineStart <= text.length) {
    const newline = text.indexOf("\n", lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    const raw = text.slice(lineStart, lineEnd);
    const trimmedStart = raw.trimStart();
    lines.push({ text: trimmedStart.trimEnd(), start: lineStart + raw.length - trimmedStart.length });
    lineStart = lineEnd + 1;
  }
  return lines;
}

// ---- line shapes ------------------------------------------------------------------------------

const TERMINAL = /[.!?…:;]["'”’»)\]]*$/;
const STARTS_LIKE_A_HEADING = /^[\p{Lu}\p{N}"“‘'(]/u;
const HEADING_MAX_WORDS = 15;
/** Header lines shorter than this are section labels ("World", "5 min read"), not headlines. */
const HEADLINE_MIN_WORDS = 4;

function wordCount(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = text.charCodeAt(i) <= 32;
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

/** Short, unpunctuated, capitalised: a headline, a section heading, or a label. */
function headingShaped(text: string): boolean {
  return (
    !TERMINAL.test(text) &&
    text.length <= 150 &&
    wordCount(text) <= HEADING_MAX_WORDS &&
    STARTS_LIKE_A_HEADING.test(text) &&
    /\p{L}/u.test(text)
  );
}

// ---- furniture vocabulary ---------------------------------------------------------------------

/** Lines that open the page footer: related-content lists and comment forms. Everything after them goes. */
const FOOTER_START = [
  /^(?:related(?: (?:articles?|stories|posts|content|coverage|topics|reading|news|links))?|more (?:stories|news|like this|to read|on this (?:story|topic))|most (?:popular|read|viewed|shared|watched)|trending(?: now| stories| topics)?|recommended(?: for you| stories| reading)?|you (?:may|might) (?:also )?(?:like|enjoy|be interested in)|read (?:more|next)|what to read next|popular (?:posts|stories|now)|latest (?:news|stories|posts|articles)|editor'?s picks|top stories|around the web|from the web|about the author)\s*[:»›>]*$/i,
  // "More from Reuters", "More in World": a section or a publisher, not "More from the minister".
  /^More (?:from|in) (?:the )?[A-Z]\S*(?: [A-Z]\S*)?$/,
  /^(?:(?:tags?|topics|categories)(?:\s*:.{0,120})?|filed under\b.{0,120})$/i,
  /^(?:leave a (?:reply|comment)|post a comment|add a comment|\d+ comments?|comments?(?: \(\d+\))?|join the (?:conversation|discussion)|show comments|view comments)\s*[:!]?$/i,
  /^(?:please enter your (?:comment|name|email)|you have entered an incorrect email|save my name,? email|your email address will not be published|required fields are marked|notify me of (?:follow-up comments|new posts)|cancel reply|post comment|submit comment)/i,
];

const SHARE_WORDS = new Set(
  "share shares sharing tweet facebook twitter x whatsapp email e-mail mail linkedin pinterest reddit telegram print copy link messenger pocket sms flipboard bluesky threads mastodon tumblr vk line viber save comment comments this article story page on via".split(
    " ",
  ),
);

function isShareBar(text: string): boolean {
  if (text.length > 120 || !SHARE_WORDS.has(/^[^\s|·•,/]*/.exec(text)?.[0].toLowerCase() ?? "")) return false;
  const words = text
    .toLowerCase()
    .split(/[\s|·•,/]+/)
    .filter(Boolean);
  return (
    words.length > 0 &&
    words.length <= 16 &&
    words.every((w) => SHARE_WORDS.has(w)) &&
    /share|tweet|facebook|twitter|whatsapp|linkedin|email|print|link/.test(words.join(" "))
  );
}

const FURNITURE = [
  // menus and navigation
  /^(?:(?:main |open |close |toggle |site )?(?:menu|navigation)|skip to (?:main )?(?:content|navigation)|search(?: for)?|sign in|log ?in|log ?out|register|my account|back to top|home)$/i,
  // advertising and paywall prompts
  /^(?:advertisement|advertising|advert|ad|sponsored(?: content)?|promoted|paid content|story continues below(?: advertisement)?|article continues (?:below|after (?:the )?advertisement)|continue reading(?: below)?|scroll to continue(?: with content)?|skip (?:advert|ad)(?:vertisement)?)$/i,
  // cookie-consent buttons
  /^(?:accept(?: all)?(?: cookies)?|reject(?: all)?(?: cookies)?|i agree|i accept|agree|got it|allow all|deny|manage (?:preferences|settings|options|cookies)|cookie (?:settings|preferences)|privacy (?:policy|settings))$/i,
  // media captions and credits, teaser links, read-time and relative-time stamps
  /^(?:image|photo|picture|file photo|media caption|caption|photograph|graphic)(?: (?:source|caption|credit))?(?:\s*[:,]|\s+copyright\b)/i,
  /^(?:video|audio|watch|listen|credit|read more|see also|also read|read also|related)\s*:/i,
  /^(?:listen to (?:this )?(?:article|story)\b.*|\d+\s*min(?:ute)?s?\s*read|reading time\b.*|\d+ (?:seconds?|minutes?|mins?|hours?|hrs?|days?) ago|just now)$/i,
  // copyright footers
  /^(?:©|\(c\)\s|copyright\b)|all rights reserved\.?$/i,
  // stylesheet and script residue from a careless "save as text"
  /^(?:[@.#]?[\w-][\w\s.#:,>()*[\]="'-]*\{|\}|-?[a-z]+(?:-[a-z]+)*\s*:\s*[^;]{1,80};\s*\}?|@media\b.*)$/,
];

const COOKIE_NOTICE =
  /\b(?:we use|this (?:web)?site uses|our (?:use of )?cookies|cookie (?:policy|settings|preferences|notice)|accept(?: all)? cookies|manage cookies)\b/i;
const NEWSLETTER =
  /\b(?:newsletters?|inbox|sign(?:ing)? up|subscribe|subscription|e-?mail address|enter your e-?mail)\b/i;
const BREADCRUMB = /^Home(?:(?=\p{Lu})|\s*[>›»/|·•])|^(?:[^>›»]{1,40}\s[>›»]\s){2,}/u;

/** Furniture is short: a line of story that merely contains a furniture phrase is still story. */
const FURNITURE_MAX_WORDS = 40;
const LONGEST_FURNITURE = 300;

function isFurniture(text: string): boolean {
  const words = wordCount(text);
  if (words > FURNITURE_MAX_WORDS) return false;
  // Toolbars join several pieces of furniture on one line ("Advertisement · Scroll to continue").
  const pieces = text.split(/\s+[·|•]\s+/);
  if (pieces.length > 1) return pieces.every(isFurniture);
  if (FURNITURE.some((re) => re.test(text)) || isShareBar(text)) return true;
  // A menu stub ("No menu items!") is a handful of words around "menu"; a story line is longer.
  if (words <= 4 && /\bmenu\b/i.test(text)) return true;
  // A lone ALL-CAPS word ("LIVE", "EXCLUSIVE") is a label; longer capitalised lines may be real section heads.
  if (words === 1 && !/\p{Ll}/u.test(text) && /\p{Lu}{2}/u.test(text) && !TERMINAL.test(text)) return true;
  if (/\bcookies?\b/i.test(text) && COOKIE_NOTICE.test(text)) return true;
  // Newsletter prompts speak to the reader; quoted speech about subscribing does not count.
  return (
    NEWSLETTER.test(text) &&
    words <= 30 &&
    !/["“”]/.test(text) &&
    (!TERMINAL.test(text) || /\b(?:our|your)\b/i.test(text))
  );
}

type Role =
  | { kind: "blank" }
  | { kind: "text" }
  | { kind: "furniture" }
  | { kind: "footer" }
  | { kind: "breadcrumb" }
  | { kind: "date"; day: Day; labelled: boolean }
  | { kind: "byline"; author: string; day?: Day }
  | { kind: "credit"; credit: Credit };

function classify(line: SourceLine): Role {
  const { text } = line;
  if (text === "") return { kind: "blank" };
  if (line.heading) return isFurniture(text) ? { kind: "furniture" } : { kind: "text" };
  // Every kind of furniture, date, byline and credit is short; a long line is story.
  if (text.length > LONGEST_FURNITURE) return { kind: "text" };
  if (FOOTER_START.some((re) => re.test(text))) return { kind: "footer" };
  if (BREADCRUMB.test(text)) return { kind: "breadcrumb" };
  const date = parseDateLine(text);
  if (date) return { kind: "date", ...date };
  const author = parseByline(text);
  if (author) {
    const day = dateIn(text);
    return day ? { kind: "byline", author, day } : { kind: "byline", author };
  }
  const credit = parseCredit(text);
  if (credit) return { kind: "credit", credit };
  return isFurniture(text) ? { kind: "furniture" } : { kind: "text" };
}

// ---- units: the paragraphs and headings the kept lines form ------------------------------------

/** How kept lines group into paragraphs. */
export type ParagraphMode =
  /** A saved page: every line is a paragraph unless it is a hard-wrapped continuation. */
  | "lines"
  /** A stored body: lines between blank lines form one paragraph. */
  | "blocks";

interface Unit {
  first: number;
  last: number;
  start: number;
  text: string;
  heading: "markup" | "shape" | false;
}

const JOINING_WORDS = new Set("a an the of to in on for and or but with by at from that as".split(" "));

/** A line that ends mid-sentence and continues on the next (a hard wrap, not a new paragraph). */
function continues(previous: string, next: string): boolean {
  if (TERMINAL.test(previous)) return false;
  if (/^\p{Ll}/u.test(next) || /[,(–—\-&/]$/.test(previous)) return true;
  return JOINING_WORDS.has(previous.slice(previous.lastIndexOf(" ") + 1).toLowerCase());
}

function buildUnits(source: string, lines: readonly SourceLine[], roles: readonly Role[], mode: ParagraphMode): Unit[] {
  const units: Unit[] = [];
  let open: Unit | undefined;
  lines.forEach((line, i) => {
    if (roles[i]?.kind !== "text") {
      open = undefined;
      return;
    }
    const previous = lines[i - 1];
    const joins =
      open !== undefined &&
      open.last === i - 1 &&
      !line.heading &&
      !previous?.heading &&
      (mode === "blocks" || continues(previous?.text ?? "", line.text));
    if (open && joins) {
      open.last = i;
      open.text = source.slice(open.start, line.start + line.text.length);
      open.heading = false;
      return;
    }
    open = {
      first: i,
      last: i,
      start: line.start,
      text: line.text,
      heading: line.heading ? "markup" : headingShaped(line.text) ? "shape" : false,
    };
    units.push(open);
  });
  return units;
}

// ---- the title --------------------------------------------------------------------------------

function comparable(text: string): string {
  return text
    .toLowerCase()
    .replace(/[‘’'"“”]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

function sameHeadline(a: string, b: string): boolean {
  const x = comparable(a);
  const y = comparable(b);
  if (x === "" || y === "") return false;
  if (x === y) return true;
  // Pages shorten or extend their own headline ("… | Site Name"); a large shared core is the same headline.
  const shorter = x.length < y.length ? x : y;
  const longer = x.length < y.length ? y : x;
  return shorter.length >= 20 && longer.includes(shorter) && shorter.length / longer.length >= 0.6;
}

/** Index (into `header`) of the unit holding the page's own headline, if it has one. */
function findTitle(
  header: readonly Unit[],
  lines: readonly SourceLine[],
  roles: readonly Role[],
  hint: string | undefined,
): number {
  // A known title may be written with a full stop, so the first line of prose is a candidate too.
  if (hint !== undefined) return header.findLastIndex((u) => sameHeadline(u.text, hint));
  const candidates = header
    .map((u, i) => ({ u, i }))
    .filter(({ u }) => u.heading === "shape" || u.heading === "markup");
  if (candidates.length === 0) return -1;
  // A headline the page repeats (a breadcrumb that ends in it, or a second copy) is the surest sign.
  const repeated = candidates.findLast(({ u }) => {
    const headline = comparable(u.text);
    return lines
      .slice(0, u.first)
      .some(
        (line, j) =>
          (roles[j]?.kind === "breadcrumb" || roles[j]?.kind === "text") && comparable(line.text).endsWith(headline),
      );
  });
  if (repeated) return repeated.i;
  const headline = candidates.find(({ u }) => wordCount(u.text) >= HEADLINE_MIN_WORDS);
  if (headline) return headline.i;
  return candidates.reduce((best, c) => (c.u.text.length > best.u.text.length ? c : best)).i;
}

// ---- assembly ---------------------------------------------------------------------------------

function dayOf(iso: string | undefined): Day | undefined {
  const m = iso === undefined ? null : /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : undefined;
}

/** Index of the line where the page footer starts; footer markers above the story become plain furniture. */
function cutFooter(lines: readonly SourceLine[], roles: Role[]): number {
  let storyBegun = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line) break;
    if (roles[i]?.kind === "footer") {
      if (storyBegun) return i;
      roles[i] = { kind: "furniture" };
    }
    storyBegun ||= roles[i]?.kind === "text" && !line.heading && !headingShaped(line.text);
  }
  return lines.length;
}

interface PageFacts {
  /** The page's own date (when it was saved), an upper bound for the story's date. */
  pageDay?: Day;
  articleDay?: Day;
  author?: string;
  creditSource?: string;
  creditAuthor?: string;
}

/**
 * What the page's metadata lines say. An unlabelled date above the headline is the site's date
 * line; one between the headline and the story, or any labelled one ("Published …"), is the story's.
 */
function readFacts(roles: readonly Role[], headlineLine: number | undefined, storyLine: number): PageFacts {
  const facts: PageFacts = {};
  roles.forEach((role, i) => {
    if (role.kind === "date") {
      const underHeadline = headlineLine !== undefined && i > headlineLine && i < storyLine;
      if (role.labelled || underHeadline) facts.articleDay ??= role.day;
      else if (i < storyLine) facts.pageDay ??= role.day;
    } else if (role.kind === "byline") {
      facts.author ??= role.author;
      if (role.day) facts.articleDay ??= role.day;
    } else if (role.kind === "credit") {
      facts.creditSource ??= role.credit.source;
      facts.creditAuthor ??= role.credit.author;
    }
  });
  return facts;
}

/** Paragraphs and headings from the units after the headline. */
function layOut(
  units: readonly Unit[],
  firstBody: number,
  firstProse: number,
  afterHeadline: boolean,
): Pick<CleanedPage, "paragraphs" | "headings"> {
  const items: { unit: Unit; heading: boolean }[] = [];
  for (const [i, unit] of units.entries()) {
    if (i < firstBody) continue;
    // Between a headline and the story, short unpunctuated lines are labels ("World", "5 min read")
    // and longer ones a standfirst; markup headings stay headings wherever they are.
    const inHeader = afterHeadline && i < firstProse;
    if (unit.heading === "markup" || (unit.heading === "shape" && !inHeader)) items.push({ unit, heading: true });
    else if (unit.heading === false || wordCount(unit.text) >= HEADLINE_MIN_WORDS) items.push({ unit, heading: false });
  }
  // A heading needs a paragraph to introduce; unpunctuated lines after the last one are the story's own last lines.
  const lastParagraph = items.findLastIndex((item) => !item.heading);
  const paragraphs: Paragraph[] = [];
  const headings: Heading[] = [];
  for (const [i, { unit, heading }] of items.entries()) {
    if (heading && i < lastParagraph) headings.push({ text: unit.text, before: paragraphs.length });
    else paragraphs.push({ text: unit.text, start: unit.start });
  }
  return { paragraphs, headings };
}

/**
 * The engine behind every format: classify lines, cut the footer, find the headline, and turn the
 * remaining units into paragraphs and headings with the page's own metadata.
 */
export function cleanLines(
  source: string,
  lines: readonly SourceLine[],
  mode: ParagraphMode,
  hints: CleanHints = {},
): CleanedPage {
  const roles = lines.map(classify);
  const kept = lines.slice(0, cutFooter(lines, roles));
  const units = buildUnits(source, kept, roles, mode);

  const firstProse = units.findIndex((u) => u.heading === false);
  const hint = hints.title?.trim() || undefined;
  const header = firstProse === -1 ? [] : units.slice(0, hint === undefined ? firstProse : firstProse + 1);
  const titleAt = findTitle(header, kept, roles, hint);
  const headline = header[titleAt];
  const laid = layOut(units, headline ? titleAt + 1 : 0, firstProse, headline !== undefined);
  const { paragraphs, headings } = withoutFurniture(laid.paragraphs, laid.headings);
  const facts = readFacts(roles.slice(0, kept.length), headline?.last, units[firstProse]?.first ?? kept.length);

  const result: CleanedPage = { paragraphs, headings };
  const title = hint ?? headline?.text;
  if (title) result.title = title;
  const lead = paragraphs[0];
  const dateline = lead && parseDateline(lead.text);
  if (lead && dateline) {
    paragraphs[0] = { text: lead.text.slice(dateline.bodyStart), start: lead.start + dateline.bodyStart };
    result.dateline = dateline.text;
  }
  const published =
    facts.articleDay ?? (dateline ? datelineDay(dateline, facts.pageDay ?? dayOf(hints.notAfter)) : undefined);
  if (published) result.publishedAt = isoDay(published);
  const publisher = facts.creditSource ?? dateline?.agency;
  if (publisher) result.source = publisher;
  const author = facts.author ?? facts.creditAuthor;
  if (author) result.author = author;
  return result;
}

/**
 * Cleans the text of a saved page, or of an article that is already clean (which comes through
 * untouched). Offsets in the result point into `text`.
 */
export function cleanPage(text: string, hints?: CleanHints): CleanedPage {
  return cleanLines(text, splitLines(text), "lines", hints);
}
