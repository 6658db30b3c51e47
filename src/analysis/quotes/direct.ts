// Direct quotes: the quotation a cue or a speaker's label or signature owns ("“Q,” S said",
// "S said: “Q”", "Jane Doe: “Q”", "“Q” ― Jane Doe"), quoted titles that are nobody's words, and a
// quotation split around its attribution.
import { phraseAfter, subjectBefore, type Phrase, type Token } from "./grammar.js";
import { COORDINATORS, DASHES } from "./lexicon.js";
import type { QuoteSpan } from "./marks.js";
import { resolveSpeaker } from "./speaker.js";
import { slice, WORD, type Attribution, type Unit } from "./unit.js";
import type { NameTable, PronounState, Speaker } from "../speakers.js";

/** The quotations that open and close at each token of a unit, by token index. */
export interface Marks {
  opening: Map<number, QuoteSpan>;
  closing: Map<number, QuoteSpan>;
}

export function quoteMarks(unit: Unit, tokens: readonly Token[]): Marks {
  const opening = new Map<number, QuoteSpan>();
  const closing = new Map<number, QuoteSpan>();
  const byOpen = new Map(unit.quotes.map((q) => [q.open, q]));
  const byEnd = new Map(unit.quotes.filter((q) => q.closed).map((q) => [q.end, q]));
  tokens.forEach((t, i) => {
    const opened = byOpen.get(t.start);
    const closed = byEnd.get(t.end);
    if (opened) opening.set(i, opened);
    if (closed) closing.set(i, closed);
  });
  return { opening, closing };
}

/** The token just past a quoted title that opens at token `i` ("This Week"), or -1: content reads past it. */
export function titleEnd(unit: Unit, tokens: readonly Token[], opening: Marks["opening"], i: number): number {
  const q = opening.get(i);
  if (!q || !isTitle(unit, q)) return -1;
  let k = i + 1;
  while (k < tokens.length && (tokens[k]?.start ?? 0) < q.end) k++;
  return k;
}

/**
 * Quotations that a speaker's label opens ("Jane Doe: “…”") or a signature closes ("“…” ― Jane
 * Doe"), each with its speaker, labels first: no speech verb is needed for these.
 */
export function labelledQuotes(
  unit: Unit,
  tokens: readonly Token[],
  marks: Marks,
  table: NameTable,
  pronouns: PronounState,
): Array<{ speaker: Speaker; quote: QuoteSpan }> {
  const found: Array<{ speaker: Speaker; quote: QuoteSpan }> = [];
  const labelled = new Set<QuoteSpan>();
  for (const [i, q] of marks.opening) {
    const label = labelBefore(tokens, i);
    if (!label || isTitle(unit, q)) continue;
    const speaker = resolveSpeaker(tokens, label, unit, table, pronouns);
    if (!speaker) continue;
    labelled.add(q);
    found.push({ speaker, quote: q });
  }
  for (const [i, q] of marks.closing) {
    const signature = signatureAfter(tokens, i + 1);
    if (!signature || labelled.has(q) || isTitle(unit, q)) continue;
    const speaker = resolveSpeaker(tokens, signature, unit, table, pronouns);
    if (!speaker) continue;
    found.push({ speaker, quote: q });
  }
  return found;
}

const TITLE_MAX_CHARS = 80;

/** A title in quotation marks ("This Week") is short and capitalised throughout. */
const TITLE_MAX_WORDS = 5;
const TITLE_CUE =
  /\b(?:book|film|movie|show|song|album|memoir|novel|documentary|series|program|titled|entitled|called|dubbed|named)[,:]?\s*$/i;
const TITLE_STOPWORDS = new Set([
  "a",
  "an",
  "the",
  "of",
  "and",
  "or",
  "in",
  "on",
  "at",
  "to",
  "for",
  "with",
  "by",
  "from",
]);

/** Words before a quotation that belong to it: a short phrase in the same sentence. */
const LEAD_IN_MAX_WORDS = 12;
export function isLeadIn(tokens: readonly Token[], to: number, words: number): boolean {
  return words > 0 && words <= LEAD_IN_MAX_WORDS && !tokens.slice(0, to).some((t) => /^[.!?]$/.test(t.text));
}

/**
 * "“Q1,” X said, “Q2.”": one quote. When the attribution between outweighs the quoted words, a
 * span over both would be mostly narration, so the quote keeps its larger part: one speaker's
 * turn stays one quote (PolNeAR annotates such a turn as one attribution, and emitting both
 * parts left the smaller one matching nothing in about 55 of 57 cases on quotes-dev).
 */
export function splitSpan(
  from: number,
  first: QuoteSpan,
  last: QuoteSpan,
): { start: number; end: number; gap?: readonly [number, number] } {
  const quoted = first.close - from + (last === first ? 0 : last.close - last.start);
  if (last === first) return { start: from, end: last.close };
  if (!outweighs(last.start - first.close, quoted))
    return { start: from, end: last.close, gap: [first.close, last.start] };
  const [start, end] = largerPart([from, first.close], [last.start, last.close]);
  return { start, end };
}

/** Leaves [from, to) out of the attribution's text when it holds words: "“A,” said S, the director. “B.”" */
export function addGap(a: Attribution, from: number, to: number): void {
  if (to <= from || !WORD.test(slice(a.unit, from, to))) return;
  a.gaps ??= [];
  a.gaps.push([from, to]);
}

/** The longer of two parts of one quotation, the first on a tie. */
export function largerPart(
  first: readonly [number, number],
  second: readonly [number, number],
): readonly [number, number] {
  return second[1] - second[0] > first[1] - first[0] ? second : first;
}

/** How far past the content start a quotation may open and still be the cue's: "said of the episode, “…”". */
const QUOTE_LOOKAHEAD = 10;

/** The quotation that opens right after a cue, with only adjuncts and punctuation between. */
export function quoteAfter(
  tokens: readonly Token[],
  after: number,
  contentFrom: number,
  stop: number,
  opening: Map<number, QuoteSpan>,
  titleEnd: (i: number) => number,
): QuoteSpan | undefined {
  for (let j = after; j < Math.min(stop, after + QUOTE_LOOKAHEAD); j++) {
    const t = tokens[j];
    if (!t) return undefined;
    const q = opening.get(j);
    if (q) {
      const past = titleEnd(j);
      if (past > j) {
        j = past - 1;
        continue;
      }
      const mark = tokens[j - 1]?.lower ?? "";
      return j <= contentFrom || /^[,:—–]$/.test(mark) || COORDINATORS.has(mark) ? q : undefined;
    }
    if (t.quoted || t.pos === "VERB" || t.pos === "AUX") return undefined;
  }
  return undefined;
}

/**
 * A signature at token `i`: a dash and a proper name, then nothing but an appositive or a final
 * period ("“…” ― Jane Doe", "- Jane Doe, Portland."), as under pull quotes and quoted posts.
 */
export function signatureAfter(tokens: readonly Token[], i: number): Phrase | undefined {
  if (!DASHES.has(tokens[i]?.text ?? "")) return undefined;
  const phrase = phraseAfter(tokens, i + 1);
  if (!phrase || tokens[phrase.to - 1]?.pos !== "PROPN") return undefined;
  const next = tokens[phrase.to];
  return next === undefined || next.text === "," || (next.text === "." && phrase.to === tokens.length - 1)
    ? phrase
    : undefined;
}

/** What may stand before a speaker's label: nothing, a dash ("Pollsters agree - Name:") or "from". */
const LABEL_OPENERS = new Set([...DASHES, "from"]);

/**
 * A speaker's label before the quotation that opens at token `i`: a name and a colon opening the
 * sentence, as in interview transcripts and round-ups ("Rep. Jane Doe (D-Ore.): “…”", "More from
 * Doe: “…”"). Only a proper name counts: "The verdict: “…”" labels no speaker.
 */
export function labelBefore(tokens: readonly Token[], i: number): Phrase | undefined {
  const colon = tokens[i - 1]?.text;
  // The tokeniser keeps "):" whole after a party label: "Rep. Jane Doe (D-Ore.):".
  if (colon !== ":" && colon !== "):") return undefined;
  let at = i - 1;
  if (colon === "):") while (at > 0 && tokens[at]?.text !== "(") at--;
  const phrase = subjectBefore(tokens, at, 0);
  if (!phrase || phrase.appositive || tokens[phrase.to - 1]?.pos !== "PROPN") return undefined;
  const before = tokens[phrase.from - 1];
  return before === undefined || LABEL_OPENERS.has(before.lower) ? phrase : undefined;
}

const POSSESSIVE_DETERMINERS = new Set(["his", "her", "their", "its"]);
/** A role set off before a name: "another friend", "a spokeswoman for the city". */
const ROLE_POS = new Set(["DET", "ADJ", "NOUN", "PROPN", "ADP"]);
const ROLE_MAX_TOKENS = 6;

/**
 * The quotation that closes right before token `i` (a speaker's first token), with at most a
 * comma, a possessive or a short role set off by commas between.
 */
export function quoteBefore(
  tokens: readonly Token[],
  i: number,
  closing: Map<number, QuoteSpan>,
): QuoteSpan | undefined {
  let k = i - 1;
  // "“…,” his friend Ali Demir told": the possessive is left out of the speaker's phrase.
  if (POSSESSIVE_DETERMINERS.has(tokens[k]?.lower ?? "")) k--;
  if (tokens[k]?.text === "," || tokens[k]?.text === "—") k--;
  const next = closing.get(k);
  if (next) return next;
  if (tokens[i - 1]?.text === ",") {
    // "“…,” another friend, Ali Demir, told": a short role set off before the name.
    let j = i - 2;
    while (j >= 0 && i - 2 - j < ROLE_MAX_TOKENS && ROLE_POS.has(tokens[j]?.pos ?? "") && !tokens[j]?.quoted) j--;
    if (j === i - 2) return undefined;
    if (tokens[j]?.text === ",") j--;
    return closing.get(j);
  }
  // "“…,” the bespectacled, 71-year-old envoy said": words describing the speaker before the phrase
  // the grammar found, after a quotation that ends a turn with a comma, "?" or "!" inside its marks.
  let j = i - 1;
  while (j >= 0 && i - 1 - j < ROLE_MAX_TOKENS && isDescription(tokens[j])) j--;
  const ends = tokens[j - 1];
  if (j === i - 1 || !ends?.quoted || !TURN_ENDS.has(ends.text)) return undefined;
  return closing.get(j);
}

/** What ends a quoted turn before its attribution: "“…,” she said", "“…?” he asked". */
const TURN_ENDS = new Set([",", "?", "!"]);

/** A word that describes a speaker: "the bespectacled, 71-year-old", "this look-alike". */
function isDescription(t: Token | undefined): boolean {
  if (!t || t.quoted) return false;
  return (
    DESCRIPTION_POS.has(t.pos) || t.text === "," || t.text === "-" || (t.pos === "VERB" && /(?:ed|ing)$/.test(t.lower))
  );
}
const DESCRIPTION_POS = new Set(["DET", "ADJ", "NOUN", "PROPN", "NUM"]);

/** A quoted title ("This Week", "Meet the Press"): short and capitalised, or after a possessive outlet. */
export function isTitle(unit: Unit, q: QuoteSpan): boolean {
  if (q.close - q.start > TITLE_MAX_CHARS) return false;
  const inner = slice(unit, q.start, q.close).trim();
  const words = inner.split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const before = slice(unit, Math.max(unit.source.start, q.open - 16), q.open);
  if (/['’]s\s?$/.test(before)) return words.length <= TITLE_MAX_WORDS;
  // "in his 2012 book, ''An American Son.''": named by what precedes it.
  if (TITLE_CUE.test(before))
    return (
      words.length <= TITLE_MAX_WORDS + 3 &&
      words.every((w) => TITLE_STOPWORDS.has(w.toLowerCase()) || /^\P{L}*\p{Lu}/u.test(w))
    );
  // A comma inside the marks ends a quoted word as often as a title; after a preposition or "and"
  // ("said on “Face the Nation,”", "in charge of “Today,”", "“Lost” and “Fringe,”") a capitalised
  // phrase names a programme or a publication. A title word may open with a digit ("40-Year-Old").
  const comma = inner.endsWith(",") && !/\b(?:on|in|of|for|and|or)\s*$/.test(before);
  if (words.length > TITLE_MAX_WORDS || comma || /[.!?;:]$/.test(inner)) return false;
  return words.every((w) => TITLE_STOPWORDS.has(w.toLowerCase()) || /^[\p{Lu}\p{N}]/u.test(w));
}

/**
 * A quotation split around its attribution is one quote, unless the words between outweigh the
 * quoted ones (a long appositive): then each part is its own quote, so that a quote's text stays
 * mostly what was said.
 */
export function outweighs(between: number, quoted: number): boolean {
  return between > quoted;
}
