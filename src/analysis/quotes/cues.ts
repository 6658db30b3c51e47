// Cues: the speech verbs of a unit ("said", "according to", "…, adding") with the speaker
// each one names or shares with the clause it hangs off, and where each cue's content must stop.
import { isCue, phraseAfter, subjectBefore, type Phrase, type Token } from "./grammar.js";
import { COORDINATORS, SOURCE_NOUNS, GROUP_WORDS, TAIL_RELATIVES } from "./lexicon.js";
import { CLAUSE_POS } from "./content.js";
import { bodyNamed, resolveSpeaker } from "./speaker.js";
import { WORD, type Unit } from "./unit.js";
import type { NameTable, PronounState, Speaker } from "../speakers.js";

/** A parsed cue with its resolved speaker (undefined for "I", "we" or an unresolved pronoun). */
export interface Cue extends CueParse {
  verb: string;
  speaker: Speaker | undefined;
}

/** The unit's cues in order, each with its speaker. */
export function findCues(unit: Unit, tokens: readonly Token[], table: NameTable, pronouns: PronounState): Cue[] {
  const cues: Cue[] = [];
  let floor = 0;
  let lastSpeaker: Speaker | undefined;
  tokens.forEach((_, v) => {
    if (!isCue(tokens, v)) return;
    const parse = parseCue(tokens, v, floor, lastSpeaker);
    if (!parse) return;
    floor = v + 1;
    const speaker = parse.body
      ? bodyNamed(tokens, parse.phrase, unit)
      : (parse.inherited ?? resolveSpeaker(tokens, parse.phrase, unit, table, pronouns));
    if (speaker) lastSpeaker = speaker;
    // "a booker who said …" inside someone else's content is not a sentence-level attribution.
    if (
      !speaker &&
      RELATIVES.has(tokens[parse.phrase.from]?.lower ?? "") &&
      tokens[parse.phrase.from - 1]?.text !== ","
    )
      return;
    cues.push({ ...parse, verb: tokens[v]?.lower ?? "", speaker });
  });
  return cues;
}

/**
 * For each cue, where its content must stop: at the next cue that starts a clause of its own
 * ("…, Bessent added", "… and added"); a cue nested in the content ("said he told aides that …")
 * belongs to that content.
 */
export function clauseStops(tokens: readonly Token[], cues: readonly Cue[]): number[] {
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
    const ownClause =
      !t ||
      t.quoted ||
      (cue.joined && !linked) ||
      /^[,;:—–(]$/.test(t.text) ||
      COORDINATORS.has(t.lower) ||
      (cue.before === cue.after - 1 && !linked);
    if (ownClause) stop = cue.before;
  }
  return stops;
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
  if (tokens[v]?.lower === "called" && subject.to === v && tokens[v - 1]?.pos === "NOUN" && isNameOnly(tokens, v + 1))
    return true;
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
    while (
      tokens[k] &&
      (/^[\p{Lu}\d]/u.test(tokens[k]?.text ?? "") || (k > i && NAME_LINKS.has(tokens[k]?.lower ?? ""))) &&
      !tokens[k]?.quoted
    )
      k++;
  }
  if (k === i) return false;
  const next = tokens[k];
  return (
    !next ||
    /^[,.;:)—–-]$/.test(next.text) ||
    CLAUSE_POS.has(next.pos) ||
    next.pos === "ADP" ||
    TAIL_RELATIVES.has(next.lower)
  );
}

function parseCue(
  tokens: readonly Token[],
  v: number,
  floor: number,
  earlier: Speaker | undefined,
): CueParse | undefined {
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
  const participle =
    verb.lower.endsWith("ing") && (prev?.text === "," || afterQuotation || PARTICIPLE_LINKS.has(prev?.lower ?? ""));
  if (coordinated || participle) {
    const before = coordinated ? j : v;
    const after = v + 1 + particles(tokens, v);
    if (earlier)
      return { phrase: { from: v, to: v }, inherited: earlier, after, before, order: "subject", joined: true };
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
    if (phrase && following !== "VERB" && following !== "AUX")
      return { phrase, after: phrase.to, before: v, order: "inverted" };
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
  while (
    noun < i + SOURCE_MAX_TOKENS &&
    !SOURCE_NOUNS.has(tokens[noun]?.lower ?? "") &&
    SOURCE_SKIP_POS.has(tokens[noun]?.pos ?? "")
  )
    noun++;
  if (!SOURCE_NOUNS.has(tokens[noun]?.lower ?? "") || tokens[noun]?.quoted) {
    const phrase = phraseAfter(tokens, i);
    return phrase && { phrase, end: phrase.to };
  }
  // "a Gallup poll", "the ONS’s figures": the name before the document.
  let named = i;
  while (named < noun && !/^\p{Lu}/u.test(tokens[named]?.text ?? "")) named++;
  if (named < noun) return { phrase: { from: named, to: noun }, end: noun + 1, body: true };
  let link = noun + 1;
  while (
    link < noun + SOURCE_MAX_TOKENS &&
    SOURCE_SKIP_POS.has(tokens[link]?.pos ?? "") &&
    !SOURCE_LINKS.has(tokens[link]?.lower ?? "")
  )
    link++;
  const body = SOURCE_LINKS.has(tokens[link]?.lower ?? "") ? phraseAfter(tokens, link + 1) : undefined;
  // "from Eurostat", "by the agency"; "reports from the convention" names a place, not a body.
  const isBody =
    body &&
    tokens
      .slice(body.from, body.to)
      .some((t) => /^\p{Lu}/u.test(t.text) || GROUP_WORDS.has(t.lower) || (t.pos === "NOUN" && t.lower.endsWith("s")));
  return body && isBody ? { phrase: body, end: body.to, body: true } : undefined;
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
