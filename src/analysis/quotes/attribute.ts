// One sentence's attributions: finds the speech cues in a tokenised unit, resolves each cue's
// speaker, and takes its content: a quotation next to the cue ("“Q,” S said", "S said: “Q”", the
// two halves of "“Q1,” S said, “Q2”"), else the clause after the cue ("S said (that) C", "according
// to S, C") or before its speaker ("C, S said", "C, said S"). Participles and coordinated verbs
// ("…, saying", "… and added") share the clause's speaker. Without a speech verb, a name and a
// colon before a quotation ("Jane Doe: “…”") or a dash and a name after it ("“…” ― Jane Doe")
// attribute it too. This module orders the stages; each has its own: cues.ts (the cues and their
// speakers), direct.ts (quotations), content.ts (where reported content ends), speaker.ts (who a
// phrase names).
import type { QuoteKind } from "../types.js";
import type { QuoteSpan } from "./marks.js";
import { contentStart, type Token } from "./grammar.js";
import { CLAUSE_VERBS, CONTENT_OPENERS, QUOTE_ONLY_VERBS, THAT_VERBS } from "./lexicon.js";
import { clauseStops, findCues } from "./cues.js";
import {
  ADJUNCT_MAX_WORDS,
  clauseStart,
  isCircumstance,
  isClause,
  isEmbedded,
  isInsideClause,
  MIN_CONTENT_WORDS,
  reportedEnd,
  trimEnd,
} from "./content.js";
import {
  addGap,
  isLeadIn,
  labelledQuotes,
  quoteAfter,
  quoteBefore,
  quoteMarks,
  signatureAfter,
  splitSpan,
  titleEnd,
  isTitle,
} from "./direct.js";
import { resolveSpeaker } from "./speaker.js";
import { lastWordIndex, tokenAt, wordPrefix, type Attribution, type Unit, type UnitResult } from "./unit.js";
import type { NameTable, PronounState, Speaker } from "../speakers.js";

/** The unit's attributions, in source order, and the speaker it hands to the quotation after or before it. */
export function attribute(
  unit: Unit,
  tokens: readonly Token[],
  table: NameTable,
  pronouns: PronounState,
  afterQuotation = false,
): UnitResult {
  const words = wordPrefix(tokens);
  const countWords = (from: number, to: number): number =>
    (words[Math.min(Math.max(to, 0), tokens.length)] ?? 0) - (words[Math.min(Math.max(from, 0), tokens.length)] ?? 0);
  const marks = quoteMarks(unit, tokens);
  const { opening, closing } = marks;
  const pastTitle = (i: number): number => titleEnd(unit, tokens, opening, i);
  const cues = findCues(unit, tokens, table, pronouns);

  const result: UnitResult = { attributions: [] };
  const claimed = new Set<QuoteSpan>();
  const emit = (speaker: Speaker, kind: QuoteKind, from: number, to: number): Attribution | undefined => {
    if (to <= from) return undefined;
    const made = attribution(speaker, kind, from, to, unit);
    result.attributions.push(made);
    return made;
  };
  // "S told police C, a police report indicates": the clause a closing cue attributes holds a cue
  // of its own, and the outer source is the one that reports it; the inner "told police C" goes.
  const following = new Set<Attribution>();
  const enclosing: Attribution[] = [];
  const unitStart = tokens[0]?.start ?? unit.start;
  for (const { speaker, quote } of labelledQuotes(unit, tokens, marks, table, pronouns)) {
    claimed.add(quote);
    emit(speaker, "direct", quote.start, quote.close);
  }
  // A unit that opens with a dash and a name signs the quotation before it.
  const signature = signatureAfter(tokens, 0);
  if (signature) result.signs = resolveSpeaker(tokens, signature, unit, table, pronouns);
  const stops = clauseStops(tokens, cues);
  // Token index up to which an earlier cue's reported clause runs: a cue inside it is quoted speech.
  let reportedTo = -1;
  cues.forEach((cue, n) => {
    const { speaker, verb } = cue;
    const stop = stops[n] ?? tokens.length;
    if (!speaker) return;

    // Direct: a quotation right after the cue, or right before its speaker.
    const k = contentStart(tokens, cue.after, verb, pastTitle);
    const usable = (q: QuoteSpan | undefined): q is QuoteSpan =>
      q !== undefined && !claimed.has(q) && !isTitle(unit, q);
    // "…“crazy” and said …": a coordinated or participial cue's content only follows it.
    const before = cue.joined ? undefined : quoteBefore(tokens, cue.before, closing);
    let after = quoteAfter(tokens, cue.after, k, stop, opening, pastTitle);
    // "said “budget reforms” and the collection of taxes would …": a quotation inside the clause.
    if (after && isInsideClause(tokens, after, countWords(tokenAt(tokens, after.end), stop))) after = undefined;
    const direct = [before, after].filter(usable);
    const first = direct[0];
    const last = direct[direct.length - 1];
    if (first && last) {
      for (const q of direct) claimed.add(q);
      // "With thousands of systems, “Q,” he said": the lead-in belongs to what was said.
      const leadIn = tokenAt(tokens, first.open);
      // "Most voters doubt the council will ''listen,'' according to a survey": a cue that can only
      // close the sentence attributes all of it, however long the lead-in.
      const leadWords = countWords(0, leadIn);
      const from =
        first === before &&
        first === unit.quotes[0] &&
        n === 0 &&
        isLeadIn(tokens, leadIn, cue.order === "end" ? Math.min(1, leadWords) : leadWords)
          ? unitStart
          : first.start;
      const span = splitSpan(from, first, last);
      const made = emit(speaker, "direct", span.start, span.end);
      if (made && span.gap) addGap(made, ...span.gap);
      return;
    }
    // "X says the steps Obama announced would not work": a cue inside reported speech quotes nobody.
    if (cue.before < reportedTo) return;
    const introduced =
      tokens[k - 1]?.lower === "that" || tokens[k]?.text === ":" || CONTENT_OPENERS.has(tokens[k]?.lower ?? "");
    // "“Who are they to judge?” Doe said of the board, when …": right after a quotation nobody
    // claimed, a sentence that opens with its speaker and cue signs it; what follows is the setting.
    if (afterQuotation && n === 0 && cue.before === 0 && !introduced && isSetting(tokens, k, stop)) {
      result.signs = speaker;
      return;
    }
    if (QUOTE_ONLY_VERBS.has(verb) && !CLAUSE_VERBS.has(verb) && tokens[k - 1]?.lower !== "that") return;
    const needsOpener =
      THAT_VERBS.has(verb) && !introduced && !(verb === "adding" && tokens[cue.before - 1]?.text === ",");

    // Reported: the clause after the cue, or the clause before the speaker ("C, S said").
    const afterWords = countWords(k, stop);
    const separated = /^[,—–]$/.test(tokens[k]?.text ?? "");
    const from = tokens[k]?.start ?? unit.end;
    const comma = cue.before - 1;
    const hasBefore =
      tokens[comma]?.text === "," && countWords(0, comma) >= MIN_CONTENT_WORDS && isClause(tokens, 0, comma);
    const adjunctOnly =
      tokens[k]?.pos === "ADP" && tokens[k]?.lower !== "to" && hasBefore && afterWords <= ADJUNCT_MAX_WORDS;
    // "said about the case", "told reporters during a call", "said as much in an interview", "said
    // so again": a prepositional or adverbial phrase with no verb is how it was said, not what.
    const phraseOnly = MANNER_POS.has(tokens[k]?.pos ?? "") && !introduced && !isClause(tokens, k, stop);
    if (
      cue.order !== "end" &&
      afterWords >= MIN_CONTENT_WORDS &&
      !separated &&
      !adjunctOnly &&
      !needsOpener &&
      !phraseOnly
    ) {
      // "vowed to rebuild the pier, reversing …": an infinitive's content ends at its first
      // comma, as an embedded clause's does; what follows describes the pledge.
      const firstComma = isEmbedded(tokens, cue.before) || tokens[k]?.lower === "to";
      const end = reportedEnd(tokens, k, stop, firstComma);
      if (!introduced && isCircumstance(tokens, k, end)) return;
      if (!introduced && TAKING_VERBS.has(verb) && !isClause(tokens, k, end)) return;
      const made = emit(speaker, "reported", from, trimEnd(tokens, end, from));
      if (made) following.add(made);
      reportedTo = stop;
      return;
    }
    if (separated && tokens[comma]?.lower === "as" && afterWords >= MIN_CONTENT_WORDS) {
      // "As The Times reported on Saturday, C."
      const start = tokens[k + 1]?.start ?? from;
      emit(speaker, "reported", start, trimEnd(tokens, stop, start));
      return;
    }
    if (tokens[comma]?.text === "," && !cue.joined) {
      if (separated && afterWords >= MIN_CONTENT_WORDS && cue.order === "subject") {
        // "Voters, Clinton suggested, don't have to worry": the clause around the parenthesis.
        const start = tokens[clauseStart(tokens, comma)]?.start ?? unitStart;
        const made = emit(speaker, "reported", start, trimEnd(tokens, stop, start));
        if (made) enclosing.push(made);
      } else if (hasBefore && (cue.order !== "subject" || afterWords < MIN_CONTENT_WORDS || adjunctOnly)) {
        // "C, according to X, who …" and "C, said X of the …": a cue that can only close a
        // clause attributes the clause before it; what follows the speaker describes the speaker.
        const made = emit(speaker, "reported", unitStart, trimEnd(tokens, comma, unitStart));
        if (made) enclosing.push(made);
      }
      return;
    }
    // "Trump said:" or "Lau said in a statement." closing the unit: the next quotation is theirs.
    if ((tokens[k]?.text === ":" || afterWords === 0) && k >= lastWordIndex(tokens)) {
      result.introduces = speaker;
      // "“…” ¶ Trump said." split off as a sentence of its own: it also signs the quotation before.
      if (cue.before === 0 && tokens[k]?.text !== ":") result.signs = speaker;
    }
  });
  // "X said that, given the field: ¶ “…”": a unit ending in a colon hands the next quotation to its last speaker.
  const lastCue = cues.findLast((c) => c.speaker !== undefined);
  if (lastCue?.speaker && tokens[tokens.length - 1]?.text === ":") result.introduces = lastCue.speaker;
  result.attributions = result.attributions.filter(
    (a) => !following.has(a) || !enclosing.some((o) => o.start <= a.start && o.end >= a.end),
  );
  result.attributions.sort((a, b) => a.start - b.start);
  return result;
}

/**
 * Verbs that take a thing as often as they report words: "claimed victory", "conceded the race".
 * With no verb after them they took something; "claimed the count was wrong" still reports.
 */
const TAKING_VERBS = new Set([
  "claim",
  "claims",
  "claimed",
  "claiming",
  "concede",
  "concedes",
  "conceded",
  "conceding",
]);

/** Parts of speech that open a phrase of manner, time or place: "into the phone", "so again". */
const MANNER_POS = new Set(["ADP", "ADV"]);

/** Words after a cue that only say how or where it was said: "of the plan in May", ", adding", "as she left". */
function isSetting(tokens: readonly Token[], k: number, stop: number): boolean {
  const first = tokens[k];
  return k < stop && (first?.pos === "ADP" || first?.text === "," || first?.lower === "as");
}

function attribution(speaker: Speaker, kind: QuoteKind, start: number, end: number, unit: Unit): Attribution {
  return { speaker, kind, start, end, unit, lastUnit: unit };
}
