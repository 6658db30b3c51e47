// Who said what: direct quotations and reported speech, each with its resolved speaker, in article
// order, with offsets into the source.
//
// Quotation marks are paired on raw paragraphs first (quotes/marks.ts), so a quotation can span
// sentences; sentences that a quotation runs across are joined into one unit. The units worth it
// (a cue word outside their quotations) are tokenised in one wink-nlp pass per article
// (quotes/grammar.ts) and parsed one by one (quotes/attribute.ts). A unit that is only a quotation,
// right after an attributed quotation or a reported clause ending the sentence before, continues it
// (same paragraph; so does a quotation opening the next sentence, without the writer's words after
// it) or inherits its speaker (next paragraph unless the turn asked a question, or after "S said:"; a
// paragraph that goes on with the previous one's quote joins it as one quote, quotes/join.ts);
// one nobody claims goes to a sentence after it that signs it ("- Jane Doe.", "Jane Doe said.", "Jane
// Doe said of the plan, …"). Speakers are resolved by the per-article name table and the pronoun
// state (speakers.ts), which also learns each sentence's subject as the article goes on; at the end
// every quote of one person takes that person's fullest name and role (unifyPeople).
import { analysedPart } from "./budget.js";
import { splitSentences } from "./sentences.js";
import type { AnalysisInput, Quote, Sentence } from "./types.js";
import { findQuoteSpans, type QuoteSpan } from "./quotes/marks.js";
import { tokenizeAll } from "./quotes/grammar.js";
import { CLAUSE_VERBS, POINT_VERBS, QUOTE_ONLY_VERBS } from "./quotes/lexicon.js";
import { attribute } from "./quotes/attribute.js";
import { addGap, largerPart, outweighs } from "./quotes/direct.js";
import { joinContinued } from "./quotes/join.js";
import { slice, WORD, type Attribution, type Unit, type UnitResult } from "./quotes/unit.js";
import { NameTable, PronounState, unifyPeople, type Speaker } from "./speakers.js";

/** A "sentence" longer than this is not prose (a pasted table, a runaway quotation): skipped. */
const UNIT_MAX_CHARS = 20_000;
/** How far before a quotation a label's colon may sit: "Name: “…”", "Name:“…”". */
const LABEL_GAP = 3;
/** A dash opening a signature: "- Jane Doe." or "“…” ― Jane Doe". */
const DASH_START = /^\s*[-—–―]/;
/** Words a sentence may open with before a quotation that goes on with the previous turn. */
const LEAD_WORDS = 2;
const WORDS = /[\p{L}\p{N}]+/gu;
/** A lower-case word of four letters or more at the start of a word. */
const PROSE_WORD = /(?:^|\s)\P{L}{0,3}\p{Ll}\p{L}{3}/u;

/**
 * Every attribution in the analysed part of the article (budget.ts), in article order. A caller
 * that has already split that part into sentences (splitSentences) passes them, so it is split once.
 */
export function extractQuotes(whole: AnalysisInput, sentences?: readonly Sentence[]): Quote[] {
  const input = analysedPart(whole);
  const table = new NameTable(input);
  const pronouns = new PronounState();
  const out: Attribution[] = [];
  let continued: Attribution | undefined;
  /** The unit went on past its last quotation with more speech ("…,” he said, adding that C."). */
  let movedOn = false;
  /** The reported clause that ended the previous unit with no direct quote in it: "Doe added that C." */
  let reported: Attribution | undefined;
  let introduced: { speaker: Speaker; paragraph: number } | undefined;
  let previous: Unit | undefined;
  /** The previous unit, when it was only a quotation nobody was found for: a signature may claim it. */
  let orphan: Unit | undefined;
  const all = units(input, sentences ?? splitSentences(input));
  const candidates = all.filter(mayAttribute);
  const tokenized = tokenizeAll(
    candidates.map((u) => ({ text: slice(u, u.start, u.end), offset: u.start, quotations: u.quotes })),
  );
  const tokensOf = new Map(candidates.map((u, i) => [u, tokenized[i] ?? []]));
  for (const unit of all) {
    const tokens = tokensOf.get(unit);
    const afterQuotation = orphan !== undefined && orphan.paragraph === unit.paragraph;
    const found: UnitResult = tokens ? attribute(unit, tokens, table, pronouns, afterQuotation) : { attributions: [] };
    let unclaimed: Unit | undefined;
    const signature = found.signs && orphan ? signed(orphan, found.signs) : undefined;
    if (signature) out.push(signature);
    if (found.attributions.length > 0) {
      out.push(...found.attributions);
      continued = found.attributions.findLast((a) => a.kind === "direct");
      const last = found.attributions[found.attributions.length - 1];
      reported = last?.kind === "reported" && !continued ? last : undefined;
      movedOn = continued !== undefined && last !== continued;
      introduced = found.introduces ? { speaker: found.introduces, paragraph: unit.paragraph } : undefined;
      const person = found.attributions.find((a) => a.speaker.type === "person");
      if (person) pronouns.saw(person.speaker);
      // "Harbor officials said C. They added D.": the last group quoted is who "they" and "it" are.
      const group = found.attributions.findLast((a) => a.speaker.type === "group");
      if (group) pronouns.saw(group.speaker);
    } else if (isQuotationOnly(unit)) {
      // "Doe added that C. “Q.”": the quotation goes on with the clause it follows, one turn.
      const grows = reported !== undefined && continuesTurn(unit, previous, reported);
      const inherited =
        reported && grows
          ? growTurn(reported, ...quotedSpan(unit), unit)
          : continueQuotation(unit, previous, continued, introduced, movedOn);
      movedOn = false;
      if (inherited && inherited !== continued && !grows) out.push(inherited);
      continued = inherited;
      introduced = undefined;
      if (!inherited) unclaimed = unit;
    } else if (opensWithQuotation(unit) && continuesTurn(unit, previous, continued)) {
      // "“Q1,” said S, the role. “Q2” to support him.": the turn goes on in the quotation that opens
      // the next sentence; the writer's words after it are not part of it.
      const first = unit.quotes[0];
      if (first && continued) growTurn(continued, first.start, first.close, unit);
      movedOn = false;
      introduced = undefined;
    } else if (signature) {
      continued = signature;
      introduced = found.introduces ? { speaker: found.introduces, paragraph: unit.paragraph } : undefined;
    } else {
      continued = undefined;
      introduced = found.introduces ? { speaker: found.introduces, paragraph: unit.paragraph } : undefined;
      const subject = table.firstPerson(unit.start, unit.end, (at) =>
        unit.quotes.some((q) => at >= q.open && at < q.end),
      );
      if (subject) pronouns.saw({ ...subject, type: "person" });
    }
    orphan = unclaimed;
    previous = unit;
  }
  // A turn that kept its later part (keepLarger) now starts after quotes pushed since.
  out.sort((a, b) => a.start - b.start);
  const speakers = unifyPeople(out.map((a) => a.speaker));
  return joinContinued(
    out,
    out.map((a, i) => toQuote(a, speakers[i] ?? a.speaker)),
  );
}

/** The quotations of a quotation-only unit, given to the speaker of the signature after it. */
function signed(unit: Unit, speaker: Speaker): Attribution {
  const [start, end] = quotedSpan(unit);
  return { speaker, kind: "direct", start, end, unit, lastUnit: unit };
}

/** From the first quotation's text to the last one's closing mark. */
function quotedSpan(unit: Unit): [number, number] {
  return [unit.quotes[0]?.start ?? unit.start, unit.quotes[unit.quotes.length - 1]?.close ?? unit.end];
}

function toQuote(a: Attribution, speaker: Speaker): Quote {
  const quote: Quote = {
    speaker: speaker.name,
    speakerType: speaker.type,
    kind: a.kind,
    text: said(a),
    start: a.start,
    end: a.end,
    sentence: slice(a.unit, a.unit.start, a.lastUnit.end),
  };
  if (speaker.role) quote.role = speaker.role;
  return quote;
}

/** What was said: the span without the attribution inside a split quotation, its parts joined by " … ". */
function said(a: Attribution): string {
  if (!a.gaps) return slice(a.unit, a.start, a.end);
  const parts: string[] = [];
  let at = a.start;
  for (const [from, to] of a.gaps) {
    parts.push(slice(a.unit, at, from).trimEnd());
    at = to;
  }
  parts.push(slice(a.unit, at, a.end));
  return parts.join(" … ");
}

/** Sentences, joined where a quotation runs across a sentence boundary. */
function units(input: AnalysisInput, sentences: readonly Sentence[]): Unit[] {
  const spans = input.paragraphs.map((p) =>
    findQuoteSpans(p.text).map((q) => ({
      open: q.open + p.start,
      start: q.start + p.start,
      close: q.close + p.start,
      end: q.end + p.start,
      closed: q.closed,
    })),
  );
  const out: Unit[] = [];
  // Sentences come in source order, so one cursor per paragraph walks its quotations once.
  let cursorParagraph = -1;
  let cursor = 0;
  for (const sentence of sentences) {
    const paragraph = input.paragraphs[sentence.paragraph];
    const quotes = spans[sentence.paragraph];
    if (!paragraph || !quotes) continue;
    if (sentence.paragraph !== cursorParagraph) {
      cursorParagraph = sentence.paragraph;
      cursor = 0;
    }
    while (cursor < quotes.length && (quotes[cursor]?.open ?? 0) < sentence.start) cursor++;
    let last = cursor;
    while (last < quotes.length && (quotes[last]?.open ?? 0) < sentence.end) last++;
    const within = quotes.slice(cursor, last);
    for (const [start, end] of splitBeforeQuotations(sentence.start, sentence.end, within, paragraph)) {
      const previous = out[out.length - 1];
      const spansBoundary =
        previous !== undefined &&
        previous.paragraph === sentence.paragraph &&
        (previous.quotes[previous.quotes.length - 1]?.end ?? 0) > start;
      const inside = within.filter((q) => q.open >= start && q.open < end);
      if (previous && spansBoundary) {
        previous.end = end;
        previous.quotes.push(...inside);
      } else {
        out.push({ paragraph: sentence.paragraph, start, end, quotes: inside, source: paragraph });
      }
    }
  }
  return out;
}

const SENTENCE_END = /[.!?]["'”’]*\s+$/;
/**
 * Splits a sentence where a quotation opens right after a sentence end ("… he added. ''But …''"):
 * the sentence splitter keeps those together when the opening mark is not one it knows.
 */
function splitBeforeQuotations(
  start: number,
  end: number,
  quotes: readonly QuoteSpan[],
  paragraph: { text: string; start: number },
): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let from = start;
  let insideUntil = -1;
  for (const q of quotes) {
    if (q.open <= from || q.open >= end) {
      insideUntil = Math.max(insideUntil, q.end);
      continue;
    }
    const before = paragraph.text.slice(Math.max(0, q.open - 4 - paragraph.start), q.open - paragraph.start);
    if (q.open > insideUntil && SENTENCE_END.test(before)) {
      out.push([from, q.open - (before.length - before.trimEnd().length)]);
      from = q.open;
    }
    insideUntil = Math.max(insideUntil, q.end);
  }
  out.push([from, end]);
  return out;
}

/** Nothing but quotations and punctuation. */
function isQuotationOnly(unit: Unit): boolean {
  if (unit.quotes.length === 0) return false;
  let at = unit.start;
  for (const q of unit.quotes) {
    if (q.open > at && WORD.test(slice(unit, at, q.open))) return false;
    at = Math.max(at, q.end);
  }
  return !(unit.end > at && WORD.test(slice(unit, at, unit.end)));
}

/** The unit's first quotation opens it, after a word or two at most: "“Q” to win.", "Now, “Q”." */
function opensWithQuotation(unit: Unit): boolean {
  const first = unit.quotes[0];
  return first !== undefined && (slice(unit, unit.start, first.open).match(WORDS)?.length ?? 0) <= LEAD_WORDS;
}

/** The previous unit, in the same paragraph, ended with the direct quote `continued`. */
function continuesTurn(unit: Unit, previous: Unit | undefined, continued: Attribution | undefined): boolean {
  return continued !== undefined && continued.lastUnit === previous && previous.paragraph === unit.paragraph;
}

/**
 * Grows `turn` over [start, end) of `unit`, the words between left as a gap; after a long
 * attribution between, the turn stays one quote spanning its larger part.
 */
function growTurn(turn: Attribution, start: number, end: number, unit: Unit): Attribution {
  if (outweighs(start - turn.end, turn.end - turn.start + end - start)) return keepLarger(turn, start, end, unit);
  addGap(turn, turn.end, start);
  turn.end = end;
  turn.lastUnit = unit;
  return turn;
}

/**
 * The turn ends in a question: a quotation opening the next paragraph is as often someone's answer
 * as the speaker going on, so with no cue it is nobody's.
 */
function asksQuestion(turn: Attribution): boolean {
  return QUESTION_END.test(slice(turn.lastUnit, Math.max(turn.start, turn.lastUnit.start), turn.end));
}
const QUESTION_END = /\?\P{L}*$/u;

function continueQuotation(
  unit: Unit,
  previous: Unit | undefined,
  continued: Attribution | undefined,
  introduced: { speaker: Speaker; paragraph: number } | undefined,
  movedOn: boolean,
): Attribution | undefined {
  const first = unit.quotes[0];
  const last = unit.quotes[unit.quotes.length - 1];
  if (!first || !last) return undefined;
  if (continued && continuesTurn(unit, previous, continued)) {
    // "“Q1,” he said, adding that C. “Q2.”": reported speech came between, so the turn keeps its larger part.
    if (movedOn) return keepLarger(continued, first.start, last.close, unit);
    return growTurn(continued, first.start, last.close, unit);
  }
  const opensParagraph = unit.start === unit.source.start + leadingSpace(unit.source.text);
  // A quotation running on into the next paragraph is the same turn: it is marked as going on with
  // the quote before, and quotes/join.ts makes the parts one quote (keeping only the larger part, as
  // within a paragraph, would hide whole paragraphs of a speaker's words from /quotes).
  const goesOn = continued && continued.lastUnit.paragraph === unit.paragraph - 1 && !asksQuestion(continued);
  const speaker = goesOn
    ? continued.speaker
    : introduced && introduced.paragraph >= unit.paragraph - 1
      ? introduced.speaker
      : undefined;
  if (!speaker || !(opensParagraph || introduced?.paragraph === unit.paragraph)) return undefined;
  const made: Attribution = { speaker, kind: "direct", start: first.start, end: last.close, unit, lastUnit: unit };
  if (goesOn) made.continues = continued;
  return made;
}

/** Grows `turn` into `unit`, its span becoming [start, end) when that part is the larger one. */
function keepLarger(turn: Attribution, start: number, end: number, unit: Unit): Attribution {
  const [from, to] = largerPart([turn.start, turn.end], [start, end]);
  if (from === start) Object.assign(turn, { start: from, end: to, unit, gaps: undefined });
  turn.lastUnit = unit;
  return turn;
}

const leadingSpace = (text: string): number => text.length - text.trimStart().length;

/** Cheap test before tokenising: a cue word outside the quotations, a "Name: “…”" label or a signature dash. */
function mayHaveCue(unit: Unit, text: string): boolean {
  if (DASH_START.test(text)) return true;
  for (const q of unit.quotes) {
    if (/:\s*$/.test(slice(unit, Math.max(unit.start, q.open - LABEL_GAP), q.open))) return true;
    if (DASH_START.test(slice(unit, q.end, Math.min(unit.end, q.end + LABEL_GAP)))) return true;
  }
  const lower = text.toLowerCase();
  let start = -1;
  let q = 0;
  for (let i = 0; i <= lower.length; i++) {
    const c = lower.charCodeAt(i);
    const letter = c >= 97 && c <= 122;
    if (letter && start < 0) start = i;
    else if (!letter && start >= 0) {
      const at = unit.start + start;
      while (q < unit.quotes.length && (unit.quotes[q]?.end ?? 0) <= at) q++;
      const inside = unit.quotes[q];
      if (i - start >= 3 && i - start <= 13 && !(inside && at >= inside.open)) {
        const w = lower.slice(start, i);
        if (CLAUSE_VERBS.has(w) || QUOTE_ONLY_VERBS.has(w) || POINT_VERBS.has(w) || w === "according") return true;
      }
      start = -1;
    }
  }
  return false;
}

/**
 * A headline in title case ("Trump Just Revealed Who He Would Pick"): not one lower-case word of
 * four letters or more, where prose always has some ("said", "that", "with").
 */
function isHeadline(text: string): boolean {
  return !PROSE_WORD.test(text) && (text.match(/\p{L}+/gu)?.length ?? 0) >= 4;
}

/** Worth parsing: a sentence of prose, not a headline, with a cue word outside its quotations. */
function mayAttribute(unit: Unit): boolean {
  const text = slice(unit, unit.start, unit.end);
  return text.length <= UNIT_MAX_CHARS && mayHaveCue(unit, text) && !isHeadline(text);
}
