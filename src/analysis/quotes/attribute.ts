// One sentence's attributions: finds the speech cues in a tokenised unit, resolves each cue's
// speaker, and takes its content: a quotation next to the cue ("“Q,” S said", "S said: “Q”", the
// two halves of "“Q1,” S said, “Q2”"), else the clause after the cue ("S said (that) C", "according
// to S, C") or before its speaker ("C, S said", "C, said S"). Participles and coordinated verbs
// ("…, saying", "… and added") share the clause's speaker. Without a speech verb, a name and a
// colon before a quotation ("Jane Doe: “…”") or a dash and a name after it ("“…” ― Jane Doe")
// attribute it too.
import type { QuoteKind } from "../types.js";
import type { QuoteSpan } from "./marks.js";
import { contentStart, isCue, phraseAfter, subjectBefore, type Phrase, type Token } from "./grammar.js";
import { ADJUNCT_WORDS, CIRCUMSTANCE_OPENERS, CIRCUMSTANCE_SUBJECTS, CLAUSE_VERBS, CONTENT_OPENERS, EXCLUDED_PRONOUNS, GROUP_PRONOUNS, GROUP_WORDS, MEDIUM_WORDS, MOUTHPIECE_WORDS, PERSON_PRONOUNS, QUOTE_ONLY_VERBS, SOURCE_NOUNS, THAT_VERBS, TITLE_WORDS } from "./lexicon.js";
import { isOrganisation, isRolePhrase, type NameTable, type PronounState, splitName, type Speaker } from "../speakers.js";

/** A sentence, or several joined because a quotation runs across them, inside one paragraph. */
export interface Unit {
  paragraph: number;
  start: number;
  end: number;
  /** Top-level quotations that open inside the unit, in source offsets. */
  quotes: QuoteSpan[];
  /** The paragraph's text and offset, to slice verbatim text. */
  source: { text: string; start: number };
}

export interface Attribution {
  speaker: Speaker;
  kind: QuoteKind;
  start: number;
  end: number;
  unit: Unit;
  /** The unit the attribution last grew into (a continued quotation). */
  lastUnit: Unit;
  /** Attribution words inside [start, end) between two parts of a split quotation: not what was said. */
  gaps?: Array<[number, number]>;
}

/** Reported content shorter than this many words is a fragment ("said so"), not speech. */
const MIN_CONTENT_WORDS = 3;
/** How far back a parenthesis ("Voters, Clinton suggested, don't …") looks for its clause start. */
const CLAUSE_MAX_TOKENS = 200;
const TITLE_MAX_CHARS = 80;
/** A token or text with a letter or digit in it: a word, not punctuation. */
export const WORD = /[\p{L}\p{N}]/u;

/** "…, Mr. Obama said in his interview.": a short phrase after the cue is an adjunct, not content. */
const ADJUNCT_MAX_WORDS = 6;
/** A title in quotation marks ("This Week") is short and capitalised throughout. */
const TITLE_MAX_WORDS = 5;
const TITLE_CUE = /\b(?:book|film|movie|show|song|album|memoir|novel|documentary|series|program|titled|entitled|called|dubbed|named)[,:]?\s*$/i;
const TITLE_STOPWORDS = new Set(["a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "by", "from"]);

export const slice = (unit: Unit, start: number, end: number): string =>
  unit.source.text.slice(start - unit.source.start, end - unit.source.start);

export interface UnitResult {
  attributions: Attribution[];
  /** A speaker whose words come next: "Trump said:" or "Lau said in a statement." ending the unit. */
  introduces?: Speaker;
  /** The unit is only a signature ("- Jane Doe.", "Trump said."): the speaker of the quotation right before it. */
  signs?: Speaker;
}

/** A parsed cue with its resolved speaker (undefined for "I", "we" or an unresolved pronoun). */
interface Cue extends CueParse {
  verb: string;
  speaker: Speaker | undefined;
}

export function attribute(unit: Unit, tokens: readonly Token[], table: NameTable, pronouns: PronounState): UnitResult {
  const words = wordPrefix(tokens);
  const countWords = (from: number, to: number): number =>
    (words[Math.min(Math.max(to, 0), tokens.length)] ?? 0) - (words[Math.min(Math.max(from, 0), tokens.length)] ?? 0);
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
  const titleEnd = (i: number): number => {
    const q = opening.get(i);
    if (!q || !isTitle(unit, q)) return -1;
    let k = i + 1;
    while (k < tokens.length && (tokens[k]?.start ?? 0) < q.end) k++;
    return k;
  };

  const cues: Cue[] = [];
  let floor = 0;
  let lastSpeaker: Speaker | undefined;
  tokens.forEach((_, v) => {
    if (!isCue(tokens, v)) return;
    const parse = parseCue(tokens, v, floor, lastSpeaker);
    if (!parse) return;
    floor = v + 1;
    const speaker = parse.body ? bodyNamed(tokens, parse.phrase, unit) : (parse.inherited ?? resolveSpeaker(tokens, parse.phrase, unit, table, pronouns));
    if (speaker) lastSpeaker = speaker;
    // "a booker who said …" inside someone else's content is not a sentence-level attribution.
    if (!speaker && RELATIVES.has(tokens[parse.phrase.from]?.lower ?? "") && tokens[parse.phrase.from - 1]?.text !== ",") return;
    cues.push({ ...parse, verb: tokens[v]?.lower ?? "", speaker });
  });

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
  for (const [i, q] of opening) {
    const label = labelBefore(tokens, i);
    if (!label || isTitle(unit, q)) continue;
    const speaker = resolveSpeaker(tokens, label, unit, table, pronouns);
    if (!speaker) continue;
    claimed.add(q);
    emit(speaker, "direct", q.start, q.close);
  }
  for (const [i, q] of closing) {
    const signature = signatureAfter(tokens, i + 1);
    if (!signature || claimed.has(q) || isTitle(unit, q)) continue;
    const speaker = resolveSpeaker(tokens, signature, unit, table, pronouns);
    if (!speaker) continue;
    claimed.add(q);
    emit(speaker, "direct", q.start, q.close);
  }
  if (tokens[0] && DASHES.has(tokens[0].text)) {
    const signature = signatureAfter(tokens, 0);
    if (signature) result.signs = resolveSpeaker(tokens, signature, unit, table, pronouns);
  }
  const stops = clauseStops(tokens, cues);
  // Token index up to which an earlier cue's reported clause runs: a cue inside it is quoted speech.
  let reportedTo = -1;
  cues.forEach((cue, n) => {
    const { speaker, verb } = cue;
    const stop = stops[n] ?? tokens.length;
    if (!speaker) return;

    // Direct: a quotation right after the cue, or right before its speaker.
    const k = contentStart(tokens, cue.after, verb, titleEnd);
    const usable = (q: QuoteSpan | undefined): q is QuoteSpan => q !== undefined && !claimed.has(q) && !isTitle(unit, q);
    // "…“crazy” and said …": a coordinated or participial cue's content only follows it.
    const before = cue.joined ? undefined : quoteBefore(tokens, cue.before, closing);
    let after = quoteAfter(tokens, cue.after, k, stop, opening, titleEnd);
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
      const from = first === before && first === unit.quotes[0] && n === 0 && isLeadIn(tokens, leadIn, cue.order === "end" ? Math.min(1, leadWords) : leadWords) ? unitStart : first.start;
      emitSplit(emit, speaker, from, first, last);
      return;
    }
    // "X says the steps Obama announced would not work": a cue inside reported speech quotes nobody.
    if (cue.before < reportedTo) return;
    const introduced = tokens[k - 1]?.lower === "that" || tokens[k]?.text === ":" || CONTENT_OPENERS.has(tokens[k]?.lower ?? "");
    if (QUOTE_ONLY_VERBS.has(verb) && !CLAUSE_VERBS.has(verb) && tokens[k - 1]?.lower !== "that") return;
    const needsOpener = THAT_VERBS.has(verb) && !introduced && !(verb === "adding" && tokens[cue.before - 1]?.text === ",");

    // Reported: the clause after the cue, or the clause before the speaker ("C, S said").
    const afterWords = countWords(k, stop);
    const separated = /^[,—–]$/.test(tokens[k]?.text ?? "");
    const from = tokens[k]?.start ?? unit.end;
    const comma = cue.before - 1;
    const hasBefore = tokens[comma]?.text === "," && countWords(0, comma) >= MIN_CONTENT_WORDS && isClause(tokens, 0, comma);
    const adjunctOnly = tokens[k]?.pos === "ADP" && tokens[k]?.lower !== "to" && hasBefore && afterWords <= ADJUNCT_MAX_WORDS;
    // "said about the case", "told reporters during a call": a prepositional phrase with no verb.
    const phraseOnly = tokens[k]?.pos === "ADP" && !introduced && !isClause(tokens, k, stop);
    if (cue.order !== "end" && afterWords >= MIN_CONTENT_WORDS && !separated && !adjunctOnly && !needsOpener && !phraseOnly) {
      // "vowed to rebuild the pier, reversing …": an infinitive's content ends at its first
      // comma, as an embedded clause's does; what follows describes the pledge.
      const firstComma = isEmbedded(tokens, cue.before) || tokens[k]?.lower === "to";
      const end = settingEnd(tokens, k, trailingModifierEnd(tokens, k, predicateEnd(tokens, k, coordinateEnd(tokens, k, firstComma ? embeddedEnd(tokens, k, stop) : stop))));
      if (!introduced && isCircumstance(tokens, k, end)) return;
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
  result.attributions = result.attributions.filter((a) => !following.has(a) || !enclosing.some((o) => o.start <= a.start && o.end >= a.end));
  result.attributions.sort((a, b) => a.start - b.start);
  return result;
}

/**
 * For each cue, where its content must stop: at the next cue that starts a clause of its own
 * ("…, Bessent added", "… and added"); a cue nested in the content ("said he told aides that …")
 * belongs to that content.
 */
function clauseStops(tokens: readonly Token[], cues: readonly Cue[]): number[] {
  const stops: number[] = [];
  let stop = tokens.length;
  for (let n = cues.length - 1; n >= 0; n--) {
    stops[n] = stop;
    const cue = cues[n];
    if (!cue) continue;
    const t = tokens[cue.before - 1];
    // "said the campaign would persuade them by arguing that C": a participle after "by" is the
    // means inside the clause, not a clause of its own, so the outer content runs through it.
    const linked = cue.joined && t?.lower === "by" && tokens[cue.before - 2]?.text !== ",";
    const ownClause = !t || t.quoted || (cue.joined && !linked) || /^[,;:—–(]$/.test(t.text) || COORDINATORS.has(t.lower) || (cue.before === cue.after - 1 && !linked);
    if (ownClause) stop = cue.before;
  }
  return stops;
}

/** Words opening a subordinate clause at the start of a sentence: "Although she said C, …". */
const SUBORDINATE_OPENERS = new Set(["although", "though", "while", "whereas", "when", "if", "because", "after", "since", "before", "once", "unless", "until", "having"]);
const RELATIVE_WORDS = new Set(["who", "which", "whom", "whose"]);

/**
 * The cue at token `before` sits in a clause set off from the sentence's main clause: a
 * subordinate clause opening the sentence ("Although she said C, the plan …") or a relative
 * clause after a comma ("The vote, which she has said was a mistake, cost …"). Its content then
 * ends with that clause, at the next comma, instead of running into the main clause.
 */
function isEmbedded(tokens: readonly Token[], before: number): boolean {
  for (let k = before - 1; k >= 0; k--) {
    const t = tokens[k];
    if (!t || t.quoted) return false;
    if (t.text === "," || t.text === ";") return false;
    if (RELATIVE_WORDS.has(t.lower)) return tokens[k - 1]?.text === "," || (tokens[k - 1]?.pos === "ADP" && tokens[k - 2]?.text === ",");
    if (k === 0 || (k === 1 && !WORD.test(tokens[0]?.text ?? ""))) return SUBORDINATE_OPENERS.has(t.lower);
  }
  return false;
}

/** Where content inside an embedded clause ends: its first comma outside a quotation, or `stop`. */
function embeddedEnd(tokens: readonly Token[], from: number, stop: number): number {
  for (let k = from; k < stop; k++) if (tokens[k]?.text === "," && !tokens[k]?.quoted) return k;
  return stop;
}

/**
 * "said turnout was up, while the council expected less": a contrast with a subject of its own is
 * the writer's comparison, ended like a coordinated clause (quotes-dev: both halves gain).
 */
const CONTRASTS = new Set(["while", "whereas"]);
/** Parts of speech a coordinated clause's subject is made of: "but the party's leaders", "and he". */
const SUBJECT_POS = new Set(["DET", "PRON", "PROPN", "NOUN", "ADJ", "NUM", "ADP", "PART"]);
const COORD_SUBJECT_MAX = 8;

/**
 * Reported content ends before ", and|but" opening a clause with a subject of its own ("said the
 * seats were full, but the council was not told"): the narrative goes on there. The content keeps
 * the clause when it restates the complementizer ("…, and that …") or a quotation follows, which
 * tells that the speaker's words go on (measured on quotes-dev: both halves gain).
 */
function coordinateEnd(tokens: readonly Token[], from: number, stop: number): number {
  for (let k = from + 1; k < stop - 2; k++) {
    const t = tokens[k];
    if (!t || t.quoted || t.text !== ",") continue;
    const c = tokens[k + 1];
    if (!c || c.quoted || !(COORDINATORS.has(c.lower) || CONTRASTS.has(c.lower))) continue;
    let j = k + 2;
    if (tokens[j]?.lower === "that" || tokens.slice(j, stop).some((x) => x.quoted)) continue;
    while (j < stop && j - k - 2 < COORD_SUBJECT_MAX && SUBJECT_POS.has(tokens[j]?.pos ?? "") && !tokens[j]?.quoted && !RELATIVE_WORDS.has(tokens[j]?.lower ?? "")) j++;
    if (j > k + 2 && (tokens[j]?.pos === "VERB" || tokens[j]?.pos === "AUX")) return k;
  }
  return stop;
}

/**
 * Reported content that ends in a quotation ends there when "and"/"but" and a verb follow it:
 * "called the vote “a citizenship election” and likened it to …", "described it as a “terrible
 * situation,” but stopped short of …" go on with the speaker's next act, not with the words.
 */
function predicateEnd(tokens: readonly Token[], from: number, end: number): number {
  for (let k = from + 1; k < end - 1; k++) {
    const t = tokens[k];
    if (!t?.quoted || tokens[k + 1]?.quoted) continue;
    let c = k + 1;
    if (tokens[c]?.text === ",") c++;
    if (COORDINATORS.has(tokens[c]?.lower ?? "") && tokens[c + 1]?.pos === "VERB" && /ed$/.test(tokens[c + 1]?.lower ?? "")) return k + 1;
  }
  return end;
}

const APPOSITIVE_OPENERS = new Set(["a", "an", "the", "one", "another"]);
/** Words opening a relative clause: an appositive holding one is kept (", a step that would …"). */
const TAIL_RELATIVES = new Set(["that", "which", "who", "whom", "whose", "where", "when"]);

/**
 * Reported content ends before a trailing modifier that comments on the clause without being
 * said: a verbless appositive (", a relief for commuters"), a non-restrictive relative (", who
 * faces a runoff", ", which opens in May") or the writer's ", compared with …". The modifier must run
 * to the content's end with no comma (after one, the speaker's clause may go on: "Jane Doe, a
 * nurse from Salem, would win") and no quotation (the speaker's words go on). An appositive with
 * a clause of its own (", a step that would please the crews") is as often the speaker's framing
 * as the writer's, so it stays. Measured on quotes-dev: both halves gain.
 */
function trailingModifierEnd(tokens: readonly Token[], from: number, end: number): number {
  for (let k = from + 1; k < end - 2; k++) {
    const t = tokens[k];
    if (!t || t.quoted || t.text !== ",") continue;
    const opener = tokens[k + 1]?.lower ?? "";
    const appositive = APPOSITIVE_OPENERS.has(opener);
    if (!appositive && !RELATIVE_WORDS.has(opener) && opener !== "compared") continue;
    let modifier = true;
    for (let j = k + 2; j < end && modifier; j++) {
      const x = tokens[j];
      modifier = x !== undefined && !x.quoted && x.text !== "," && !(appositive && (TAIL_RELATIVES.has(x.lower) || CLAUSE_POS.has(x.pos)));
    }
    if (modifier) return k;
  }
  return end;
}

/** Prepositions that open where a statement was made: "in a tweet", "during a speech". */
const SETTING_OPENERS = new Set(["in", "on", "during", "at", "via", "through"]);
const SETTING_MAX_TOKENS = 10;
/** Possessives a setting may carry: "at his rally", "in their letter". */
const SETTING_POSSESSIVES = new Set(["his", "her", "their", "its", "'s", "’s"]);

/**
 * Reported content ends before a closing phrase that says where it was said ("called the plan
 * “reckless” in a tweet Sunday", "said … during a speech in Iowa on Friday"): the phrase belongs
 * to the verb, not to the words. Only adjunct words, names and dates may follow the medium noun,
 * with no comma or quotation, so a clause that goes on after it stays. Measured on quotes-dev:
 * both halves gain.
 */
function settingEnd(tokens: readonly Token[], from: number, end: number): number {
  const floor = Math.max(from + MIN_CONTENT_WORDS, end - SETTING_MAX_TOKENS);
  let medium = floor;
  while (medium < end && !MEDIUM_WORDS.has(tokens[medium]?.lower ?? "")) medium++;
  // The preposition that governs the medium noun: "in May during a speech" keeps "in May".
  let opener = medium - 1;
  while (opener >= floor && !SETTING_OPENERS.has(tokens[opener]?.lower ?? "")) opener--;
  if (medium >= end || opener < floor) return end;
  for (let j = opener; j < end; j++) {
    const t = tokens[j];
    if (!t || t.quoted || !(ADJUNCT_WORDS.has(t.lower) || SETTING_POSSESSIVES.has(t.lower) || /^[\p{Lu}\p{N}]/u.test(t.text) || /^[.!?]$/.test(t.text))) return end;
  }
  return opener;
}

/**
 * Tokens [from, to) are only the circumstance of the speaking: "said as he entered the talks",
 * "told advisers as he labored over the address", "said in April while promoting a film". With no
 * comma, quotation or "that" after it, no content follows the time clause. Measured on quotes-dev:
 * 6 wrong predictions go, none right, and both halves gain.
 */
function isCircumstance(tokens: readonly Token[], from: number, to: number): boolean {
  const next = tokens[from + 1];
  if (!CIRCUMSTANCE_OPENERS.has(tokens[from]?.lower ?? "") || !next) return false;
  if (!CIRCUMSTANCE_SUBJECTS.has(next.lower) && !/\p{L}ing$/u.test(next.lower)) return false;
  for (let j = from; j < to; j++) {
    const t = tokens[j];
    if (!t || t.quoted || t.text === "," || t.lower === "that" || /^["“”]$/.test(t.text)) return false;
  }
  return true;
}

/** A partial quotation followed by more of the clause: "said “budget reforms” and taxes would …". */
function isInsideClause(tokens: readonly Token[], q: QuoteSpan, wordsAfter: number): boolean {
  const next = tokenAt(tokens, q.end);
  if (tokens[next]?.text === "," || /[,.!?]\s*$/.test(tokens[tokenAt(tokens, q.close) - 1]?.text ?? "")) return false;
  return wordsAfter >= MIN_CONTENT_WORDS;
}

const CLAUSE_POS = new Set(["VERB", "AUX"]);

/**
 * Tokens [from, to) can be what was said: they hold a verb or a quotation. "In a 1963 speech, he
 * declared" and "A year later, Obama said" open with an adverbial, not with content.
 */
function isClause(tokens: readonly Token[], from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const t = tokens[k];
    if (t && (t.quoted || CLAUSE_POS.has(t.pos))) return true;
  }
  return false;
}

/** Words before a quotation that belong to it: a short phrase in the same sentence. */
const LEAD_IN_MAX_WORDS = 12;
function isLeadIn(tokens: readonly Token[], to: number, words: number): boolean {
  return words > 0 && words <= LEAD_IN_MAX_WORDS && !tokens.slice(0, to).some((t) => /^[.!?]$/.test(t.text));
}

/**
 * "“Q1,” X said, “Q2.”": one quote. When the attribution between outweighs the quoted words, a
 * span over both would be mostly narration, so the quote keeps its larger part: one speaker's
 * turn stays one quote (PolNeAR annotates such a turn as one attribution, and emitting both
 * parts left the smaller one matching nothing in about 55 of 57 cases on quotes-dev).
 */
function emitSplit(
  emit: (speaker: Speaker, kind: QuoteKind, from: number, to: number) => Attribution | undefined,
  speaker: Speaker,
  from: number,
  first: QuoteSpan,
  last: QuoteSpan,
): void {
  const quoted = first.close - from + (last === first ? 0 : last.close - last.start);
  if (last === first || !outweighs(last.start - first.close, quoted)) {
    const made = emit(speaker, "direct", from, last.close);
    if (made && last !== first) addGap(made, first.close, last.start);
    return;
  }
  const [start, end] = largerPart([from, first.close], [last.start, last.close]);
  emit(speaker, "direct", start, end);
}

/** Leaves [from, to) out of the attribution's text when it holds words: "“A,” said S, the director. “B.”" */
export function addGap(a: Attribution, from: number, to: number): void {
  if (to <= from || !WORD.test(slice(a.unit, from, to))) return;
  a.gaps ??= [];
  a.gaps.push([from, to]);
}

/** The longer of two parts of one quotation, the first on a tie. */
export function largerPart(first: readonly [number, number], second: readonly [number, number]): readonly [number, number] {
  return second[1] - second[0] > first[1] - first[0] ? second : first;
}

/** The first token of the clause that ends at token `to`: after the last dash, semicolon or colon. */
function clauseStart(tokens: readonly Token[], to: number): number {
  for (let k = to - 1; k > 0 && k > to - CLAUSE_MAX_TOKENS; k--) {
    const t = tokens[k];
    if (t && !t.quoted && /^[;:—–-]$/.test(t.text)) return k + 1;
  }
  return 0;
}

interface CueParse {
  /** The speaker's noun phrase. */
  phrase: Phrase;
  /** A speaker taken from an earlier cue in the sentence ("…, saying …", "… and added …"). */
  inherited?: Speaker;
  /** Token index where the content may start after the cue (and after an inverted speaker). */
  after: number;
  /** Token index of the first token of the speaker-and-cue group: content before ends before it. */
  before: number;
  /** "end" when the cue can only close the sentence ("…, according to X."). */
  order: "subject" | "inverted" | "end";
  /** A participle or a coordinated verb ("…, saying", "… and added"): its content only follows it. */
  joined?: boolean;
  /** The speaker is the body a document comes from ("according to data from Eurostat"): a group. */
  body?: true;
}

const COORDINATORS = new Set(["and", "but"]);
const AFFILIATION_LINKS = new Set(["of", "for", "at", "with"]);
/** "before adding", "by warning": a participle whose subject is the clause's. */
const PARTICIPLE_LINKS = new Set(["before", "after", "while", "when", "by", "in"]);
const RELATIVES = new Set(["who", "which", "that"]);
/** Verbs that name as often as they speak: "a program called X", "what he calls X". */
const NAMING_VERBS = new Set(["call", "calls", "called", "calling"]);
/** Particles that belong to the verb before the content: "pointed out", "called for", "called on". */
const NAMING_PARTICLES = new Set(["for", "on"]);
/** "what he calls the cartel", "whom he called a con artist": a name given inside a clause, not speech. */
const OBJECT_RELATIVES = new Set(["what", "whom"]);
const OBJECT_OPENERS = new Set(["VERB", "ADP"]);

/** How many particle tokens after the verb at `v` belong to it. */
function particles(tokens: readonly Token[], v: number): number {
  const next = tokens[v + 1]?.lower ?? "";
  return next === "out" || (NAMING_VERBS.has(tokens[v]?.lower ?? "") && NAMING_PARTICLES.has(next)) ? 1 : 0;
}

/**
 * A naming verb whose "subject" is really another verb's object ("helps lead a program called
 * X") or a relative ("what he calls X"): the verb names something, nobody is quoted.
 */
function isNaming(tokens: readonly Token[], v: number, subject: Phrase): boolean {
  if (!NAMING_VERBS.has(tokens[v]?.lower ?? "")) return false;
  // "a new group called Harbor Friends is …": a common noun, then only a name.
  if (tokens[v]?.lower === "called" && subject.to === v && tokens[v - 1]?.pos === "NOUN" && isNameOnly(tokens, v + 1)) return true;
  const before = tokens[subject.from - 1];
  if (!before || before.quoted) return false;
  if (OBJECT_RELATIVES.has(before.lower)) return true;
  // A reduced relative has its participle right after the noun; "one of the aides called" is a subject.
  return tokens[v]?.lower === "called" && subject.to === v && OBJECT_OPENERS.has(before.pos) && before.lower !== "of";
}

/** "called into a show", "called off the deal", "called back": a telephone call or an idiom, not speech. */
const CALL_PARTICLES = new Set(["into", "off", "back", "up"]);
/** Lower-case words inside a name: "Friends of the Pier", "Parents for Safe Streets". */
const NAME_LINKS = new Set(["of", "for", "the", "and", "&"]);

/**
 * Tokens from `i` are only a name (a capitalised run or a quotation) that ends the clause or
 * hands it to its verb: "called Friends of the Pier, which …", "called “The Ledger” reported …". A
 * speech use goes on to say what the person was called: "called the mayor a liar".
 */
function isNameOnly(tokens: readonly Token[], i: number): boolean {
  let k = i;
  if (tokens[k]?.quoted) {
    while (tokens[k]?.quoted) k++;
  } else {
    while (tokens[k] && (/^[\p{Lu}\d]/u.test(tokens[k]?.text ?? "") || (k > i && NAME_LINKS.has(tokens[k]?.lower ?? ""))) && !tokens[k]?.quoted) k++;
  }
  if (k === i) return false;
  const next = tokens[k];
  return !next || /^[,.;:)—–-]$/.test(next.text) || CLAUSE_POS.has(next.pos) || next.pos === "ADP" || TAIL_RELATIVES.has(next.lower);
}

function parseCue(tokens: readonly Token[], v: number, floor: number, earlier: Speaker | undefined): CueParse | undefined {
  const verb = tokens[v];
  if (!verb) return undefined;
  if (NAMING_VERBS.has(verb.lower) && CALL_PARTICLES.has(tokens[v + 1]?.lower ?? "")) return undefined;
  if (verb.lower === "according") {
    const source = sourceAfter(tokens, v + 2);
    if (!source) return undefined;
    const { phrase, end, body } = source;
    const atStart = v === 0 || (v <= 2 && tokens[v - 1]?.pos !== "NOUN");
    return atStart
      ? { phrase, body, after: tokens[end]?.text === "," ? end + 1 : end, before: v, order: "subject" }
      : { phrase, body, after: end, before: v, order: "end" };
  }
  const prev = tokens[v - 1];
  // "…, saying …" and "… and then added …" share the subject of the clause they hang off.
  let j = v - 1;
  while (j > 0 && (tokens[j]?.pos === "ADV" || tokens[j]?.lower === "then")) j--;
  const coordinated = COORDINATORS.has(tokens[j]?.lower ?? "");
  // "…,” adding, “…”": the comma before the participle sits inside the closing quotation mark.
  const afterQuotation = prev?.quoted === true && !WORD.test(prev.text);
  const participle = verb.lower.endsWith("ing") && (prev?.text === "," || afterQuotation || PARTICIPLE_LINKS.has(prev?.lower ?? ""));
  if (coordinated || participle) {
    const before = coordinated ? j : v;
    const after = v + 1 + particles(tokens, v);
    if (earlier) return { phrase: { from: v, to: v }, inherited: earlier, after, before, order: "subject", joined: true };
    const main = mainSubject(tokens, v);
    if (main) return { phrase: main, after, before, order: "subject", joined: true };
    if (participle) return undefined;
  }
  const subject = subjectBefore(tokens, v, floor);
  if (subject && isNaming(tokens, v, subject)) return undefined;
  if (subject) return { phrase: subject, after: v + 1 + particles(tokens, v), before: subject.from, order: "subject" };
  if (!verb.lower.endsWith("ing") && (v === 0 || prev?.text === "," || prev?.quoted)) {
    const phrase = phraseAfter(tokens, v + 1);
    // "…, said the two sides had traded": a clause follows, so the phrase is no inverted speaker.
    const following = tokens[phrase?.to ?? 0]?.pos ?? "";
    if (phrase && following !== "VERB" && following !== "AUX") return { phrase, after: phrase.to, before: v, order: "inverted" };
  }
  return undefined;
}

const SOURCE_LINKS = new Set(["from", "by", "of"]);
const SOURCE_SKIP_POS = new Set(["DET", "ADJ", "NUM", "NOUN", "PROPN", "VERB", "PART"]);
const SOURCE_MAX_TOKENS = 4;

/**
 * Who a claim is "according to": the phrase at token `i`, or, when that phrase is a document or a
 * set of numbers, the body it comes from ("data from Eurostat" → Eurostat, "a Gallup poll" →
 * Gallup). A document with no body named ("according to figures") is nobody's speech.
 */
function sourceAfter(tokens: readonly Token[], i: number): { phrase: Phrase; end: number; body?: true } | undefined {
  let noun = i;
  while (noun < i + SOURCE_MAX_TOKENS && !SOURCE_NOUNS.has(tokens[noun]?.lower ?? "") && SOURCE_SKIP_POS.has(tokens[noun]?.pos ?? "")) noun++;
  if (!SOURCE_NOUNS.has(tokens[noun]?.lower ?? "") || tokens[noun]?.quoted) {
    const phrase = phraseAfter(tokens, i);
    return phrase && { phrase, end: phrase.to };
  }
  // "a Gallup poll", "the ONS’s figures": the name before the document.
  let named = i;
  while (named < noun && !/^\p{Lu}/u.test(tokens[named]?.text ?? "")) named++;
  if (named < noun) return { phrase: { from: named, to: noun }, end: noun + 1, body: true };
  let link = noun + 1;
  while (link < noun + SOURCE_MAX_TOKENS && SOURCE_SKIP_POS.has(tokens[link]?.pos ?? "") && !SOURCE_LINKS.has(tokens[link]?.lower ?? "")) link++;
  const body = SOURCE_LINKS.has(tokens[link]?.lower ?? "") ? phraseAfter(tokens, link + 1) : undefined;
  // "from Eurostat", "by the agency"; "reports from the convention" names a place, not a body.
  const isBody = body && tokens.slice(body.from, body.to).some((t) => /^\p{Lu}/u.test(t.text) || GROUP_WORDS.has(t.lower) || (t.pos === "NOUN" && t.lower.endsWith("s")));
  return body && isBody ? { phrase: body, end: body.to, body: true } : undefined;
}

/** The body a document comes from, as the article names it: "the Office for National Statistics". */
function bodyNamed(tokens: readonly Token[], phrase: Phrase, unit: Unit): Speaker | undefined {
  let from = phrase.from;
  if (ARTICLES.has(tokens[from]?.lower ?? "")) from++;
  const first = tokens[from];
  const last = tokens[phrase.to - 1];
  return first && last && from < phrase.to ? { name: slice(unit, first.start, last.end).replace(/['’]s$/, ""), type: "group" } : undefined;
}

/** The subject of the sentence's first verb: who "…, saying" or "… and added" refers to. */
function mainSubject(tokens: readonly Token[], before: number): Phrase | undefined {
  for (let f = 0; f < before; f++) {
    const t = tokens[f];
    if (!t || t.quoted || (t.pos !== "VERB" && t.pos !== "AUX") || t.lower.endsWith("ing")) continue;
    const subject = subjectBefore(tokens, f, 0);
    if (subject) return subject;
  }
  return undefined;
}

/** How far past the content start a quotation may open and still be the cue's: "said of the episode, “…”". */
const QUOTE_LOOKAHEAD = 10;

/** The quotation that opens right after a cue, with only adjuncts and punctuation between. */
function quoteAfter(
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

const DASHES = new Set(["-", "—", "–", "―"]);

/**
 * A signature at token `i`: a dash and a proper name, then nothing but an appositive or a final
 * period ("“…” ― Jane Doe", "- Jane Doe, Portland."), as under pull quotes and quoted posts.
 */
function signatureAfter(tokens: readonly Token[], i: number): Phrase | undefined {
  if (!DASHES.has(tokens[i]?.text ?? "")) return undefined;
  const phrase = phraseAfter(tokens, i + 1);
  if (!phrase || tokens[phrase.to - 1]?.pos !== "PROPN") return undefined;
  const next = tokens[phrase.to];
  return next === undefined || next.text === "," || (next.text === "." && phrase.to === tokens.length - 1) ? phrase : undefined;
}

/** What may stand before a speaker's label: nothing, a dash ("Pollsters agree - Name:") or "from". */
const LABEL_OPENERS = new Set([...DASHES, "from"]);

/**
 * A speaker's label before the quotation that opens at token `i`: a name and a colon opening the
 * sentence, as in interview transcripts and round-ups ("Rep. Jane Doe (D-Ore.): “…”", "More from
 * Doe: “…”"). Only a proper name counts: "The verdict: “…”" labels no speaker.
 */
function labelBefore(tokens: readonly Token[], i: number): Phrase | undefined {
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
function quoteBefore(tokens: readonly Token[], i: number, closing: Map<number, QuoteSpan>): QuoteSpan | undefined {
  let k = i - 1;
  // "“…,” his friend Ali Demir told": the possessive is left out of the speaker's phrase.
  if (POSSESSIVE_DETERMINERS.has(tokens[k]?.lower ?? "")) k--;
  if (tokens[k]?.text === "," || tokens[k]?.text === "—") k--;
  const next = closing.get(k);
  if (next || tokens[i - 1]?.text !== ",") return next;
  // "“…,” another friend, Ali Demir, told": a short role set off before the name.
  let j = i - 2;
  while (j >= 0 && i - 2 - j < ROLE_MAX_TOKENS && ROLE_POS.has(tokens[j]?.pos ?? "") && !tokens[j]?.quoted) j--;
  if (j === i - 2) return undefined;
  if (tokens[j]?.text === ",") j--;
  return closing.get(j);
}

/** Index of the first token at or after `offset`. */
function tokenAt(tokens: readonly Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((tokens[mid]?.start ?? 0) < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** prefix[i] = words among tokens[0, i): any word count is then a subtraction. */
function wordPrefix(tokens: readonly Token[]): number[] {
  const prefix = [0];
  let n = 0;
  for (const t of tokens) {
    if (WORD.test(t.text)) n++;
    prefix.push(n);
  }
  return prefix;
}

function lastWordIndex(tokens: readonly Token[]): number {
  for (let k = tokens.length - 1; k >= 0; k--) if (WORD.test(tokens[k]?.text ?? "")) return k;
  return -1;
}

/** The end offset of content that stops before token `to`, without trailing punctuation. */
function trimEnd(tokens: readonly Token[], to: number, floor: number): number {
  let k = Math.min(to, tokens.length) - 1;
  while (k >= 0 && !tokens[k]?.quoted && (/^[.,;:!?—–-]+$/.test(tokens[k]?.text ?? "") || COORDINATORS.has(tokens[k]?.lower ?? ""))) k--;
  return Math.max(floor, tokens[k]?.end ?? floor);
}

function attribution(speaker: Speaker, kind: QuoteKind, start: number, end: number, unit: Unit): Attribution {
  return { speaker, kind, start, end, unit, lastUnit: unit };
}

/** A quoted title ("This Week", "Meet the Press"): short and capitalised, or after a possessive outlet. */
function isTitle(unit: Unit, q: QuoteSpan): boolean {
  if (q.close - q.start > TITLE_MAX_CHARS) return false;
  const inner = slice(unit, q.start, q.close).trim();
  const words = inner.split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const before = slice(unit, Math.max(unit.source.start, q.open - 16), q.open);
  if (/['’]s\s?$/.test(before)) return words.length <= TITLE_MAX_WORDS;
  // "in his 2012 book, ''An American Son.''": named by what precedes it.
  if (TITLE_CUE.test(before)) return words.length <= TITLE_MAX_WORDS + 3 && words.every((w) => TITLE_STOPWORDS.has(w.toLowerCase()) || /^\P{L}*\p{Lu}/u.test(w));
  // A comma inside the marks ends a quoted word as often as a title; after "on" or "in" ("said on
  // “Face the Nation,”") a capitalised phrase names a programme or a publication.
  const comma = inner.endsWith(",") && !(words.length > 1 && /\b(?:on|in)\s*$/.test(before));
  if (words.length > TITLE_MAX_WORDS || comma || /[.!?;:]$/.test(inner)) return false;
  return words.every((w) => TITLE_STOPWORDS.has(w.toLowerCase()) || /^\p{Lu}/u.test(w));
}

/** The speaker named by a noun phrase: a resolved person, a group, or nobody ("I", an unresolved "he"). */
function resolveSpeaker(tokens: readonly Token[], phrase: Phrase, unit: Unit, table: NameTable, pronouns: PronounState): Speaker | undefined {
  const head = tokens[phrase.to - 1];
  if (!head) return undefined;
  if (phrase.to - phrase.from === 1 && head.pos === "PRON") {
    if (EXCLUDED_PRONOUNS.has(head.lower)) return undefined;
    if (PERSON_PRONOUNS.has(head.lower) || GROUP_PRONOUNS.has(head.lower) || head.lower === "it") return pronouns.resolve(head.lower);
    return undefined;
  }
  const phraseText = slice(unit, tokens[phrase.from]?.start ?? unit.start, head.end);
  let words = phraseWords(tokens, phrase);
  const organisation = organisationName(words, table);
  if (organisation) return { name: organisation, type: "group" };
  // "Mr. Morgan of the Sierra Club", "Joel Pollak of Breitbart": the person before the
  // affiliation; in "Bank of England governor Andrew Bailey" a title follows, so it is a role.
  const link = words.findIndex((w, i) => i > 0 && AFFILIATION_LINKS.has(w.text));
  const titled = link > 0 && words.slice(link + 1).some((w) => TITLE_WORDS.has(w.text.toLowerCase()));
  const person = link > 0 && !titled ? splitName(words.slice(0, link).map((w) => w.text)) : undefined;
  if (person && person.nameTo === link) words = words.slice(0, link);
  const last = words[words.length - 1]?.text.replace(/['’]s$/, "") ?? "";
  // "May said", after "Theresa May" earlier: a surname the tagger reads as a common word.
  const known = table.knows(last);
  const split = head.pos === "PROPN" || person || known ? splitName(words.map((w) => w.text)) : undefined;
  if ((!split || split.nameTo !== words.length) && known) return { ...table.resolve([last]), type: "person" };
  if (!split || split.nameTo !== words.length) return { name: phraseText, type: "group" };
  const name = words.slice(split.nameFrom, split.nameTo).map((w) => w.text.replace(/['’]s$/, ""));
  if (isOrganisation(name.join(" "))) return { name: phraseText, type: "group" };
  const resolved = table.resolve(name);
  const roleStart = words[split.roleFrom];
  const roleEnd = words[split.nameFrom - 1];
  const ownRole = split.roleFrom < split.nameFrom && roleStart && roleEnd ? slice(unit, roleStart.start, roleEnd.end) : undefined;
  const appositive = phrase.appositive ? appositiveText(tokens, phrase.appositive, unit) : undefined;
  const role = resolved.role ?? ownRole ?? appositive;
  return role ? { name: resolved.name, role, type: "person" } : { name: resolved.name, type: "person" };
}

function appositiveText(tokens: readonly Token[], range: { from: number; to: number }, unit: Unit): string | undefined {
  const first = tokens[range.from];
  const last = tokens[range.to - 1];
  if (!first || !last || range.to - range.from > 16) return undefined;
  const text = slice(unit, first.start, last.end);
  return /^\p{Ll}/u.test(first.text) || isRolePhrase(text.split(/\s+/)) ? text : undefined;
}

interface Word {
  text: string;
  start: number;
  end: number;
}

const capitalised = (w: Word | undefined): boolean => w !== undefined && /^\p{Lu}/u.test(w.text);
const ORGANISATION_JOINS = new Set(["&", "and"]);
const ARTICLES = new Set(["a", "an", "the"]);

/**
 * The organisation a phrase names, when it names one as a single subject: names joined by "&"
 * ("Hartley & Sons", "Procter & Gamble"), two single words joined by "and" that are nobody's
 * surname in the article ("Marks and Spencer"), or the body a spokesperson speaks for ("a Westway
 * Ferries spokeswoman", "a spokesman for the Hartley group").
 */
function organisationName(words: readonly Word[], table: NameTable): string | undefined {
  const join = words.findIndex((w, i) => i > 0 && ORGANISATION_JOINS.has(w.text.toLowerCase()));
  const mouthpiece = words.findIndex((w) => MOUTHPIECE_WORDS.has(w.text.toLowerCase()));
  if (join > 0 && capitalised(words[join - 1]) && capitalised(words[join + 1])) {
    let from = join - 1;
    while (from > 0 && capitalised(words[from - 1]) && !ARTICLES.has(words[from - 1]?.text.toLowerCase() ?? "")) from--;
    let to = join + 2;
    while (to < words.length && capitalised(words[to])) to++;
    const name = words.slice(from, to).map((w) => w.text.replace(/['’]s$/, ""));
    const single = from === join - 1 && to === join + 2;
    const people = name.some((w) => table.knows(w));
    // Only the name, or the name and its spokesperson: "Procter & Gamble chief executive …" is a person.
    const whole = to === words.length || (to === mouthpiece && mouthpiece === words.length - 1);
    if (whole && (words[join]?.text === "&" || (single && !people))) return name.join(" ");
  }
  if (mouthpiece < 0) return undefined;
  if (mouthpiece === words.length - 1) {
    let from = mouthpiece;
    while (from > 0 && capitalised(words[from - 1]) && !ARTICLES.has(words[from - 1]?.text.toLowerCase() ?? "")) from--;
    return from < mouthpiece ? words.slice(from, mouthpiece).map((w) => w.text.replace(/['’]s$/, "")).join(" ") : undefined;
  }
  const link = words[mouthpiece + 1]?.text.toLowerCase();
  if (link !== "for" && link !== "of" && link !== "at") return undefined;
  const body = words.slice(mouthpiece + 2).filter((w, i) => !(i === 0 && ARTICLES.has(w.text.toLowerCase())));
  return body.some(capitalised) ? body.map((w) => w.text).join(" ") : undefined;
}

/** The phrase's words, with a possessive "’s" joined to its noun ("China’s") and hyphenated names whole. */
function phraseWords(tokens: readonly Token[], phrase: Phrase): Word[] {
  const words: Word[] = [];
  for (let k = phrase.from; k < phrase.to; k++) {
    const t = tokens[k];
    if (!t) continue;
    const prev = words[words.length - 1];
    const joins = t.lower === "’s" || t.lower === "'s" || t.text === "-" || prev?.text.endsWith("-");
    if (prev && joins && prev.end === t.start) {
      prev.text += t.text;
      prev.end = t.end;
    } else {
      words.push({ text: t.text, start: t.start, end: t.end });
    }
  }
  return words;
}

/**
 * A quotation split around its attribution is one quote, unless the words between outweigh the
 * quoted ones (a long appositive): then each part is its own quote, so that a quote's text stays
 * mostly what was said.
 */
export function outweighs(between: number, quoted: number): boolean {
  return between > quoted;
}
