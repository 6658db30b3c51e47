// The grammar of one attribution inside a sentence: where the speech cue is, which noun phrase is
// its speaker (before the verb, or after it in "…, said Trump"), and where the content starts once
// adjuncts and addressees are skipped ("told Fox News on Sunday that …"). Tokens and parts of
// speech come from the shared wink-nlp instance; each token keeps its offset in the source.
import { nlp } from "../nlp.js";
import type { QuoteSpan } from "./marks.js";
import {
  ADDRESSEE_VERBS,
  ADJUNCT_WORDS,
  CLAUSE_VERBS,
  CONTENT_OPENERS,
  COMMON_WORD_NAMES,
  FAMILY_NAMES,
  NAME_PARTICLES,
  NOUN_LIKE,
  POINT_VERBS,
  QUOTE_ONLY_VERBS,
  QUESTION_VERBS,
} from "./lexicon.js";

export interface Token {
  text: string;
  lower: string;
  pos: string;
  /** Offsets in the source text. */
  start: number;
  end: number;
  /** Inside a quotation's content or one of its marks: never a cue, never a speaker. */
  quoted: boolean;
}

/** A noun phrase as a token range [from, to). */
export interface Phrase {
  from: number;
  to: number;
  /** An appositive between the phrase and its verb: "Jimmy Lai, founder of …, said". */
  appositive?: { from: number; to: number };
}

/** A stretch of source text to tokenise, with the quotations inside it (source offsets, sorted). */
export interface Piece {
  text: string;
  offset: number;
  quotations: readonly QuoteSpan[];
}

/** Space, tab, line breaks and the no-break space: what wink-nlp skips between tokens. */
function isBlank(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9 || code === 160 || (code >= 0x2000 && code <= 0x200a);
}

/**
 * Words kept at each edge of a quotation's content: what the grammar reads there (a title, a
 * trailing comma, the first word after the mark). The middle is neither cue nor speaker.
 */
const QUOTATION_EDGE_CHARS = 24;

/**
 * The piece's text with the middle of each long quotation blanked out, whole words only, so
 * offsets stay put: tagging spends most of its time inside quotations, where no cue or speaker
 * can be, and blanks cost it nothing.
 */
function elideQuotations(piece: Piece): string {
  let out = "";
  let at = 0;
  for (const q of piece.quotations) {
    const from = piece.text.indexOf(" ", q.start - piece.offset + QUOTATION_EDGE_CHARS);
    const to = piece.text.lastIndexOf(" ", q.close - piece.offset - QUOTATION_EDGE_CHARS);
    if (from < at || to <= from) continue;
    out += piece.text.slice(at, from) + " ".repeat(to - from);
    at = to;
  }
  return at === 0 ? piece.text : out + piece.text.slice(at);
}

/** Blank lines keep the pieces apart as sentences when they are tagged in one pass. */
const SEPARATOR = "\n\n";

/**
 * Tokenises several sentences of one article in a single wink-nlp pass (one call per article is
 * markedly cheaper than one per sentence). Token offsets are source offsets; tokens inside a
 * piece's quotations (marks included) are flagged as quoted.
 */
export function tokenizeAll(pieces: readonly Piece[]): Token[][] {
  const out: Token[][] = pieces.map(() => []);
  if (pieces.length === 0) return out;
  const joined = pieces.map(elideQuotations).join(SEPARATOR);
  const doc = nlp().readDoc(joined);
  const values = doc.tokens().out();
  const tags: readonly string[] = doc.tokens().out(nlp().its.pos);
  let index = 0;
  let base = 0;
  let cursor = 0;
  let q = 0;
  values.forEach((value, i) => {
    // wink-nlp emits the blank lines between pieces as a token after some closing marks (”): no word.
    if (tags[i] === "SPACE") return;
    while (cursor < joined.length && isBlank(joined.charCodeAt(cursor))) cursor++;
    let piece = pieces[index];
    while (piece && index < pieces.length - 1 && cursor >= base + piece.text.length) {
      base += piece.text.length + SEPARATOR.length;
      index++;
      q = 0;
      piece = pieces[index];
    }
    if (!piece) return;
    // wink-nlp may normalise a token's text; such a token keeps an empty span where it stands.
    const found = joined.startsWith(value, cursor);
    const start = piece.offset + cursor - base;
    if (found) cursor += value.length;
    const quotations = piece.quotations;
    while (q < quotations.length && (quotations[q]?.end ?? 0) <= start) q++;
    const inside = quotations[q];
    const list = out[index];
    out[index]?.push({
      text: value,
      lower: value.toLowerCase(),
      pos: afterAccordingTo(list) && tags[i] === "VERB" ? "NOUN" : (tags[i] ?? "X"),
      start,
      end: found ? piece.offset + cursor - base : start,
      quoted: inside !== undefined && start >= inside.open && start < inside.end,
    });
  });
  return out;
}

/**
 * The tagger reads the "to" of "according to" as an infinitive marker and the next word as a verb
 * ("according to sources", "according to harbor officials"); a noun phrase always follows there.
 */
function afterAccordingTo(tokens: readonly Token[] | undefined): boolean {
  const n = tokens?.length ?? 0;
  return n >= 2 && tokens?.[n - 1]?.lower === "to" && tokens?.[n - 2]?.lower === "according";
}

const BE = new Set(["is", "was", "were", "are", "be", "been", "being", "am"]);
const AUXILIARY = new Set([
  "has",
  "have",
  "had",
  "will",
  "would",
  "could",
  "can",
  "may",
  "might",
  "should",
  "must",
  "did",
  "does",
  "do",
  "not",
  "n't",
  "n’t",
  "also",
  "then",
  "later",
  "previously",
  "repeatedly",
  "reportedly",
  "again",
  "recently",
  "once",
  "often",
  "publicly",
  "privately",
  "separately",
  "further",
  "still",
  "even",
  "never",
  "already",
  "just",
  "only",
  "similarly",
  "likewise",
  "subsequently",
  "flatly",
]);
/** "when asked", "as noted": a reduced clause whose verb has no subject of its own. */
const SUBORDINATORS = new Set([
  "when",
  "as",
  "if",
  "after",
  "before",
  "while",
  "than",
  "because",
  "once",
  "unless",
  "until",
  "where",
  "how",
  "why",
  "what",
  "whether",
]);
const SPEECH_LIKE_POS = new Set(["VERB", "AUX"]);
const ALWAYS_VERBS = new Set(["said", "says", "told", "tells"]);

/**
 * Token `i` is a speech cue: a speech verb used as a verb ("the claims" is no cue), not passive
 * ("was told") and not an infinitive of what was not said ("declined to say"); or "according to",
 * or "pointed out".
 */
export function isCue(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  if (!t || t.quoted) return false;
  if (t.lower === "according") return tokens[i + 1]?.lower === "to";
  if (POINT_VERBS.has(t.lower)) return tokens[i + 1]?.lower === "out";
  if (!CLAUSE_VERBS.has(t.lower) && !QUOTE_ONLY_VERBS.has(t.lower)) return false;
  const placed = NOUN_LIKE.has(t.lower) && hasSpeakerBefore(tokens, i);
  if (!SPEECH_LIKE_POS.has(t.pos) && !(ALWAYS_VERBS.has(t.lower) && t.pos !== "NOUN") && !placed) return false;
  if (NOUN_LIKE.has(t.lower) && t.pos !== "VERB" && !placed) return false;
  let j = i - 1;
  while (j >= 0 && AUXILIARY.has(tokens[j]?.lower ?? "")) j--;
  const before = tokens[j]?.lower ?? "";
  // "declined to say": nothing was said; "went on to say" is the exception.
  if (before === "to" && tokens[j - 1]?.lower !== "on") return false;
  if (BE.has(before) && !t.lower.endsWith("ing")) return false; // "was told", "is said to"
  return true;
}

/** Pronouns that make a word after them a verb: "he notes", "she claims". */
const SUBJECT_PRONOUNS = new Set(["he", "she", "they", "it"]);
const NAME_MAX_WORDS = 4;

/**
 * A form that is a noun as often as a verb ("notes", "claims") right after its subject and a
 * closing mark or comma: in "“…,” Doe notes." and "…, she claims." it can only be the verb.
 */
function hasSpeakerBefore(tokens: readonly Token[], i: number): boolean {
  const subject = tokens[i - 1];
  if (!subject || subject.quoted) return false;
  let k = i - 1;
  if (SUBJECT_PRONOUNS.has(subject.lower)) k--;
  else while (k >= 0 && i - k <= NAME_MAX_WORDS && tokens[k]?.pos === "PROPN" && !tokens[k]?.quoted) k--;
  const before = tokens[k];
  return k < i - 1 && before !== undefined && (before.quoted || before.text === ",");
}

const TIME_WORDS = new Set([
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
  "sunday",
  "today",
  "yesterday",
  "tonight",
  "earlier",
  "later",
  "recently",
  "again",
  "repeatedly",
  "publicly",
  "privately",
]);
const POSSESSIVES = new Set(["his", "her", "their", "its", "our", "my", "your"]);
const OBJECT_POS = new Set(["DET", "NOUN", "PROPN", "NUM", "ADJ"]);
const PROBE_POS = new Set(["PROPN", "NOUN", "NUM", "DET", "ADP", "ADJ", "ADV"]);
const NP_POS = new Set(["PROPN", "NOUN", "ADJ", "NUM", "DET"]);
const NP_LINKS = new Set(["of", "for", "at", "’s", "'s", "-", "&", "on"]);
const NP_MAX = 14;
const APPOSITIVE_MAX = 24;

const NOT_NAME_POS = new Set(["PRON", "DET", "ADP", "CCONJ", "SCONJ", "PUNCT", "AUX", "PART", "NUM", "SYM"]);

/** A noun, or a capitalised word the tagger took for something else ("the Portville Herald"). */
const isHead = (t: Token | undefined): boolean =>
  t !== undefined &&
  (t.pos === "PROPN" ||
    t.pos === "NOUN" ||
    (/^\p{Lu}/u.test(t.text) && (!NOT_NAME_POS.has(t.pos) || COMMON_WORD_NAMES.has(t.lower))));

/** Participles after the people a poll asked: "voters polled", "those surveyed". */
const POLL_PARTICIPLES = new Set(["polled", "surveyed", "questioned", "interviewed", "sampled"]);
/** Words before a share of people: "about three in 10", "nearly nine out of 10". */
const SHARE_OPENERS = new Set(["about", "nearly", "almost", "roughly", "some", "just", "only", "over", "under"]);

/**
 * Where a poll's share of respondents starts when it ends at token `end` ("two in three", "six out
 * of 10", "those surveyed", "voters polled"), or -1: such a share speaks for the people asked.
 */
function shareStart(tokens: readonly Token[], end: number, floor: number): number {
  const t = tokens[end];
  if (!t || t.quoted) return -1;
  if (POLL_PARTICIPLES.has(t.lower) && tokens[end - 1]?.lower === "those") return end - 1;
  if (t.pos !== "NUM") return -1;
  let from = end - 1;
  if (tokens[from]?.lower === "of" && tokens[from - 1]?.lower === "out") from--;
  else if (tokens[from]?.lower !== "in") return -1;
  from--;
  if (tokens[from]?.pos !== "NUM" || from < floor) return -1;
  while (from - 1 >= floor && SHARE_OPENERS.has(tokens[from - 1]?.lower ?? "")) from--;
  return from;
}

/** The noun phrase that ends at token `end`, walking left; undefined when `end` is no noun. */
function phraseEndingAt(tokens: readonly Token[], end: number, floor: number): Phrase | undefined {
  const share = shareStart(tokens, end, floor);
  if (share >= 0) return { from: share, to: end + 1 };
  // "voters polled said": the participle qualifies the people who speak; in "a dozen people
  // Politico interviewed said" it has a subject of its own, a name, and is a relative clause.
  const people = tokens[end - 1];
  if (
    POLL_PARTICIPLES.has(tokens[end]?.lower ?? "") &&
    isHead(people) &&
    /s$/.test(people?.lower ?? "") &&
    end - 1 >= floor
  ) {
    const asked = phraseEndingAt(tokens, end - 1, floor);
    return asked && { from: asked.from, to: end + 1 };
  }
  if (!isHead(tokens[end])) return undefined;
  let from = end;
  while (from - 1 >= floor && end - from < NP_MAX) {
    const t = tokens[from - 1];
    if (!t || t.quoted) break;
    if (
      (NP_POS.has(t.pos) ||
        isModifier(tokens, from - 1) ||
        (isHead(t) && isHead(tokens[from])) ||
        isNamePart(tokens, from - 1)) &&
      t.lower !== "that"
    ) {
      from--;
      // A determiner opens the phrase, unless it follows "of" ("Mr. Morgan of the Sierra Club").
      if (
        t.pos === "DET" &&
        !isNamePart(tokens, from) &&
        !(NP_LINKS.has(tokens[from - 1]?.lower ?? "") && isHead(tokens[from - 2]))
      )
        break;
      continue;
    }
    if (NP_LINKS.has(t.lower) && isHead(tokens[from - 2]) && t.pos !== "PUNCT") {
      from--;
      continue;
    }
    const hyphen = isJoiningHyphen(tokens, from - 1);
    // "a 71-year-old envoy": a number joined by a hyphen belongs to the phrase too.
    if (
      (t.lower === "’s" || t.lower === "'s" || hyphen) &&
      (isHead(tokens[from - 2]) || (hyphen && tokens[from - 2]?.pos === "NUM"))
    ) {
      from--;
      continue;
    }
    // "Phil Berger and House Speaker Tim Moore said": two named speakers.
    if (t.lower === "and" && tokens[from]?.pos === "PROPN" && tokens[from - 2]?.pos === "PROPN") {
      from--;
      continue;
    }
    break;
  }
  return { from, to: end + 1 };
}

/**
 * Token `i` is part of a personal name the tagger reads as a common word: a family name written
 * first or a name that is also a word, capitalised before a proper noun ("He Yadong", "Will
 * Smith"), or a lower-case particle between name words ("von der Leyen", "bin Salman").
 */
function isNamePart(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  if (!t || t.quoted) return false;
  if (NAME_PARTICLES.has(t.text)) {
    let k = i + 1;
    while (NAME_PARTICLES.has(tokens[k]?.text ?? "")) k++;
    return /^\p{Lu}/u.test(tokens[k]?.text ?? "") && isHead(tokens[k]);
  }
  const next = tokens[i + 1];
  return (
    (FAMILY_NAMES.has(t.lower) || COMMON_WORD_NAMES.has(t.lower)) &&
    /^\p{Lu}/u.test(t.text) &&
    next?.pos === "PROPN" &&
    /^\p{Lu}/u.test(next.text)
  );
}

/** A participle used as an adjective before a noun: "a retired teacher", "one unaligned strategist". */
function isModifier(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  const next = tokens[i + 1];
  return (
    t !== undefined &&
    t.pos === "VERB" &&
    /(?:ed|ing)$/.test(t.lower) &&
    next !== undefined &&
    NP_POS.has(next.pos) &&
    next.pos !== "DET"
  );
}

/** A hyphen inside a name, with no space on either side: "Lopez-Cantera". */
function isJoiningHyphen(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  return t !== undefined && t.text === "-" && tokens[i - 1]?.end === t.start && tokens[i + 1]?.start === t.end;
}

/** Skips a parenthesis left of token `i` ("Sen. Pat Toomey (R-Pa.)"): the index before its "(". */
function skipParenthesisLeft(tokens: readonly Token[], i: number, floor: number): number {
  if (tokens[i]?.text !== ")") return i;
  let k = i;
  while (k > floor && tokens[k]?.text !== "(") k--;
  return k - 1;
}

/** Skips auxiliaries and adverbs left of a verb: "Trump has also said". */
function skipAuxiliariesLeft(tokens: readonly Token[], i: number, floor: number): number {
  let j = i;
  while (j >= floor) {
    const t = tokens[j];
    if (!t || !(AUXILIARY.has(t.lower) || t.pos === "ADV" || (t.pos === "AUX" && !BE.has(t.lower)))) break;
    // "“…,” May said": a capitalised modal right before a verb is a name ("May", "Will").
    if (COMMON_WORD_NAMES.has(t.lower) && /^\p{Lu}/u.test(t.text)) break;
    j--;
  }
  return j;
}

/** The subject of the verb at `v`: a pronoun, a noun phrase, or a name with an appositive. */
export function subjectBefore(tokens: readonly Token[], v: number, floor: number): Phrase | undefined {
  const j = skipParenthesisLeft(tokens, skipAuxiliariesLeft(tokens, v - 1, floor), floor);
  const t = tokens[j];
  if (j < floor || !t || t.quoted || SUBORDINATORS.has(t.lower)) return undefined;
  if (t.pos === "PRON") {
    if ((t.lower === "who" || t.lower === "which") && tokens[j - 1]?.text === ",") {
      return phraseEndingAt(tokens, j - 2, floor);
    }
    return { from: j, to: j + 1 };
  }
  if (t.text === "," && tokens[j - 1]?.text === ")") {
    // "Sen. Jack Reed (D-R.I.), said": a comma after the party label, no appositive.
    return phraseEndingAt(tokens, skipParenthesisLeft(tokens, j - 1, floor), floor);
  }
  if (t.text === ",") {
    // "Jane Doe, who was to travel to Salem, Oregon, on Monday, said": a relative clause with
    // commas of its own; the subject is what stands before it.
    const opening = relativeClauseComma(tokens, j, floor);
    // A name right before it is the subject; an appositive there ("Jane Doe, a nurse, who …") is not.
    if (opening > floor && tokens[opening - 1]?.pos === "PROPN") return phraseEndingAt(tokens, opening - 1, floor);
    if (opening > floor) return subjectBefore(tokens, opening + 1, floor) ?? phraseEndingAt(tokens, opening - 1, floor);
    // "Name, appositive, said" or "Name, who …, said": back to the previous comma.
    let verb = false;
    let relative = false;
    /** Where a relative clause inside the appositive opens: "an adviser whose firm was hired by …". */
    let clauseAt = -1;
    for (let k = j - 1; k >= Math.max(floor, j - APPOSITIVE_MAX); k--) {
      const c = tokens[k];
      if (!c || c.quoted) return undefined;
      // "…, the season will be short, said": an auxiliary makes a clause too, not an appositive.
      if ((c.pos === "VERB" || c.pos === "AUX") && !/^\p{Lu}/u.test(c.text)) verb = true;
      if (c.lower === "who") relative = true;
      else if (APPOSITIVE_RELATIVES.has(c.lower) && tokens[k - 1]?.text !== "," && clauseAt < 0) {
        // The verbs seen so far belong to the relative clause, not to a clause of the sentence.
        clauseAt = k;
        verb = false;
      }
      if (c.text !== ",") continue;
      // "Jane Doe, speaking to voters, said": a participle opening the appositive is no clause.
      const participle = tokens[k + 1]?.pos === "VERB" && (tokens[k + 1]?.lower ?? "").endsWith("ing");
      // "Rep. Zoe Lofgren (D-Calif.), who …": the party label sits between name and comma.
      let end = skipParenthesisLeft(tokens, k - 1, floor);
      // "Jane Doe, 31, a nurse, said": an age between commas follows the name.
      if (tokens[end]?.pos === "NUM" && tokens[end - 1]?.text === "," && end - 2 >= floor) end -= 2;
      const head = phraseEndingAt(tokens, end, floor);
      if (!head || !isHead(tokens[end]) || (verb && !relative && !participle)) return undefined;
      return relative ? head : { ...head, appositive: { from: k + 1, to: clauseAt > k ? clauseAt : j } };
    }
    return undefined;
  }
  return phraseEndingAt(tokens, j, floor);
}

/** How far back from a verb a relative clause set off by commas may open. */
const RELATIVE_MAX_TOKENS = 40;

/**
 * The comma that opens a relative clause about a person ending at token `j` (", who …", ", whose
 * …"), or -1 when a sentence end or a quotation comes first.
 */
function relativeClauseComma(tokens: readonly Token[], j: number, floor: number): number {
  for (let k = j - 1; k > floor && k > j - RELATIVE_MAX_TOKENS; k--) {
    const c = tokens[k];
    if (!c || c.quoted || /^[.;:!?]$/.test(c.text)) return -1;
    if ((c.lower === "who" || c.lower === "whose") && tokens[k - 1]?.text === ",") return k - 1;
  }
  return -1;
}

/** Relative words that may open a clause inside an appositive: "a consultant whose firm …". */
const APPOSITIVE_RELATIVES = new Set(["who", "whose", "which", "whom"]);

/** The speaker after an inverted verb: "…, said Sen. John Smith" or "…, says a spokesman for X". */
export function phraseAfter(tokens: readonly Token[], i: number): Phrase | undefined {
  const first = tokens[i];
  if (!first || first.quoted) return undefined;
  if (first.pos === "PRON" && !POSSESSIVES.has(first.lower) && !isNamePart(tokens, i))
    return first.lower === "he" || first.lower === "she" ? { from: i, to: i + 1 } : undefined;
  let to = i;
  let last = -1;
  while (to < tokens.length && to - i < NP_MAX) {
    const t = tokens[to];
    if (!t || t.quoted) break;
    const determiner = to === i && POSSESSIVES.has(t.lower);
    if (
      (NP_POS.has(t.pos) || determiner || isModifier(tokens, to) || (to > i && isHead(t)) || isNamePart(tokens, to)) &&
      !(t.pos === "DET" && to > i)
    ) {
      if (isHead(t)) last = to;
      to++;
      continue;
    }
    const joins = NP_LINKS.has(t.lower) || t.lower === "and" || isJoiningHyphen(tokens, to);
    if (joins && isHead(tokens[to - 1]) && (isHead(tokens[to + 1]) || NP_POS.has(tokens[to + 1]?.pos ?? ""))) {
      to++;
      continue;
    }
    break;
  }
  return last < 0 ? undefined : { from: i, to: last + 1 };
}

/**
 * The first token of the content after a cue that ends before token `i`: skips the addressee of
 * tell/ask/warn, prepositional adjuncts ("on Sunday", "in a statement") and a "that". Returns the
 * index of the first content token, which may be a quotation's opening mark or punctuation.
 */
export function contentStart(
  tokens: readonly Token[],
  i: number,
  verb: string,
  isTitleQuote: (token: number) => number,
): number {
  let k = i;
  if (ADDRESSEE_VERBS.has(verb)) k = skipAddressee(tokens, k, isTitleQuote);
  else if (QUESTION_VERBS.has(verb)) k = questionStart(tokens, k, isTitleQuote);
  // "said Friday the deal …": a bare day or time word is an adjunct.
  while (TIME_WORDS.has(tokens[k]?.lower ?? "") && !tokens[k]?.quoted) k++;
  // Adjuncts may precede "that": "said on Sunday in a statement that".
  for (let probe = k; probe < tokens.length && probe - k < 10; probe++) {
    const t = tokens[probe];
    if (!t || t.quoted) {
      const past = t ? isTitleQuote(probe) : -1;
      if (past > probe) {
        probe = past - 1;
        continue;
      }
      break;
    }
    if (t.lower === "that" && (t.pos === "SCONJ" || probe === k)) return probe + 1;
    if (!(ADJUNCT_WORDS.has(t.lower) || PROBE_POS.has(t.pos) || t.text === ",")) break;
  }
  // Without "that", a leading prepositional phrase is an adjunct only when it names a time, a
  // place or a medium: "said on Sunday the deal …", but not "said in politics it takes time".
  for (;;) {
    const preposition = tokens[k];
    if (preposition?.pos !== "ADP" || !ADJUNCT_WORDS.has(preposition.lower)) return k;
    let end = k + 1;
    let adjunct = false;
    for (; end < tokens.length; end++) {
      const t = tokens[end];
      if (!t || t.quoted || !(OBJECT_POS.has(t.pos) || POSSESSIVES.has(t.lower))) break;
      if (ADJUNCT_WORDS.has(t.lower) || t.pos === "PROPN" || t.pos === "NUM") adjunct = true;
    }
    if (!adjunct) return k;
    k = end;
  }
}

/**
 * Where an indirect question starts after "asked": at its question word, past the person asked
 * ("asked the mayor whether …", "asked Doe on Friday how …"), else right after the verb.
 */
function questionStart(tokens: readonly Token[], i: number, isTitleQuote: (token: number) => number): number {
  if (opensQuestion(tokens, i)) return i;
  let k = skipAddressee(tokens, i, isTitleQuote);
  while (TIME_WORDS.has(tokens[k]?.lower ?? "") && !tokens[k]?.quoted) k++;
  return k > i && opensQuestion(tokens, k) ? k : i;
}

/** A question word ("whether", "how") outside a quotation opens what was asked at token `k`. */
function opensQuestion(tokens: readonly Token[], k: number): boolean {
  const t = tokens[k];
  return t !== undefined && !t.quoted && CONTENT_OPENERS.has(t.lower);
}

function skipAddressee(tokens: readonly Token[], i: number, isTitleQuote: (token: number) => number): number {
  const t = tokens[i];
  if (!t) return i;
  if (t.pos === "PRON" && ["him", "her", "them", "us", "me", "reporters"].includes(t.lower)) return i + 1;
  const np = phraseAfter(tokens, i);
  if (!np) return i;
  let k = np.to;
  // "told ABC’s “This Week” that …": the show's title belongs to the addressee.
  if (tokens[k]?.lower === "’s" || tokens[k]?.lower === "'s") k++;
  const past = isTitleQuote(k);
  return Math.max(past, k);
}
