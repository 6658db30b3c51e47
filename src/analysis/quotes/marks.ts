// Quotation marks: pairs them on a raw paragraph, before any sentence splitting, so a quotation
// may span sentences and keeps its offsets. One linear pass; no regex, so thousands of marks or a
// megabyte-long line cost time in proportion to their length and nothing more.
//
// Curly marks pair by code point; a straight double mark opens after whitespace, a colon or opening
// punctuation and closes before whitespace or punctuation. A single curly quote is a top-level
// quotation only when it opens one (British style); ’ inside a word or after a plural "s" is an
// apostrophe. A quotation still open at the end of the paragraph runs to the end (it continues in
// the next paragraph). An opening mark met while one of its own kind is open means the first was
// never closed: it is dropped and the scan restarts from the new one. Two straight apostrophes
// ('') are a double mark, as in the New York Times archive. Marks of the other kind
// inside a quotation are nested and ignored. Counts need not be even.

/** A top-level quotation: `open` is the opening mark's offset, `close` the closing mark's. */
export interface QuoteSpan {
  open: number;
  /** Where the content starts, after the opening mark (one character, or two for ''). */
  start: number;
  /** Offset of the closing mark (where the content ends), or the text's length when it never closes. */
  close: number;
  /** Just past the closing mark. */
  end: number;
  closed: boolean;
}

const LEFT_DOUBLE = "\u201c";
const RIGHT_DOUBLE = "\u201d";
const LEFT_SINGLE = "\u2018";
const RIGHT_SINGLE = "\u2019";
const STRAIGHT = '"';

function isSpace(c: string | undefined): boolean {
  return c === undefined || c === " " || c === "\n" || c === "\t" || c === "\r" || c === "\u00a0";
}

function isLetterOrDigit(c: string | undefined): boolean {
  return c !== undefined && /[\p{L}\p{N}]/u.test(c);
}

/** A straight mark (at i..last) opens when nothing word-like precedes it and something follows. */
function opensStraight(text: string, i: number, last: number): boolean {
  const before = text[i - 1];
  const after = text[last + 1];
  // After a label's colon with no space: 'Clinton:"We learned that …"'.
  return (isSpace(before) || "([{—–-/:".includes(before ?? "")) && !isSpace(after);
}

/** A straight or curly closing mark closes when no letter or digit follows it. */
function closesHere(text: string, i: number): boolean {
  return !isLetterOrDigit(text[i + 1]);
}

/** ’ is an apostrophe inside a word ("don’t") or after a plural ("the farmers’ crops"). */
function isApostrophe(text: string, i: number): boolean {
  if (isLetterOrDigit(text[i + 1])) return true;
  return text[i - 1] === "s" && isSpace(text[i + 1]) && /[a-z]/.test(text[i + 2] ?? "");
}

type Kind = "double" | "single";

export function findQuoteSpans(text: string): QuoteSpan[] {
  const spans: QuoteSpan[] = [];
  let openAt = -1;
  let width = 1;
  let kind: Kind = "double";
  const open = (i: number, w: number, k: Kind): void => {
    openAt = i;
    width = w;
    kind = k;
  };
  const close = (i: number, w: number): void => {
    spans.push({ open: openAt, start: openAt + width, close: i, end: i + w, closed: true });
    openAt = -1;
  };
  for (let i = 0; i < text.length; i++) {
    let c = text[i];
    let w = 1;
    if (c === "'" && text[i + 1] === "'") {
      c = STRAIGHT;
      w = 2;
    } else if (c !== LEFT_DOUBLE && c !== RIGHT_DOUBLE && c !== STRAIGHT && c !== LEFT_SINGLE && c !== RIGHT_SINGLE) {
      continue;
    }
    const last = i + w - 1;
    if (openAt < 0) {
      // A ” typed where “ was meant opens when it stands before a word: ‘”Sorry Sarah,” posted …’.
      const misturned = c === RIGHT_DOUBLE && opensStraight(text, i, last) && isLetterOrDigit(text[i + 1]);
      if (c === LEFT_DOUBLE || misturned || (c === STRAIGHT && opensStraight(text, i, last))) open(i, w, "double");
      else if (c === LEFT_SINGLE && !isSpace(text[i + 1])) open(i, 1, "single");
    } else if (kind === "double") {
      // A “ typed where ” was meant ("…?“ he asked") closes when it hugs the text before it.
      const misturned = c === LEFT_DOUBLE && !isSpace(text[i - 1]) && closesHere(text, i);
      if (c === RIGHT_DOUBLE || misturned || (c === STRAIGHT && closesHere(text, last))) close(i, w);
      else if (c === LEFT_DOUBLE || c === STRAIGHT) open(i, w, "double");
    } else if (c === RIGHT_SINGLE && !isApostrophe(text, i) && closesHere(text, i)) {
      close(i, 1);
    } else if (c === LEFT_SINGLE) {
      open(i, 1, "single");
    }
    i = last;
  }
  // An unclosed ‘ is more often a stray mark than a quotation continued in the next paragraph.
  if (openAt >= 0 && kind === "double")
    spans.push({ open: openAt, start: openAt + width, close: text.length, end: text.length, closed: false });
  return spans;
}
