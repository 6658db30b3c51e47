// Speaker phrases: who a noun phrase before or after a cue names. A resolved person (with the
// role the article gives), a group or organisation, the body a document comes from, or nobody
// ("I", an unresolved "he").
import type { Phrase, Token } from "./grammar.js";
import { GROUP_PRONOUNS, EXCLUDED_PRONOUNS, MOUTHPIECE_WORDS, PERSON_PRONOUNS, TITLE_WORDS } from "./lexicon.js";
import { slice, type Unit } from "./unit.js";
import {
  isOrganisation,
  isRolePhrase,
  type NameTable,
  type PronounState,
  splitName,
  type Speaker,
} from "../speakers.js";

const AFFILIATION_LINKS = new Set(["of", "for", "at", "with"]);

/** The body a document comes from, as the article names it: "the Office for National Statistics". */
export function bodyNamed(tokens: readonly Token[], phrase: Phrase, unit: Unit): Speaker | undefined {
  let from = phrase.from;
  if (ARTICLES.has(tokens[from]?.lower ?? "")) from++;
  const first = tokens[from];
  const last = tokens[phrase.to - 1];
  return first && last && from < phrase.to
    ? { name: slice(unit, first.start, last.end).replace(/['’]s$/, ""), type: "group" }
    : undefined;
}

/** The speaker named by a noun phrase: a resolved person, a group, or nobody ("I", an unresolved "he"). */
export function resolveSpeaker(
  tokens: readonly Token[],
  phrase: Phrase,
  unit: Unit,
  table: NameTable,
  pronouns: PronounState,
): Speaker | undefined {
  const head = tokens[phrase.to - 1];
  if (!head) return undefined;
  if (phrase.to - phrase.from === 1 && head.pos === "PRON") {
    if (EXCLUDED_PRONOUNS.has(head.lower)) return undefined;
    if (PERSON_PRONOUNS.has(head.lower) || GROUP_PRONOUNS.has(head.lower) || head.lower === "it")
      return pronouns.resolve(head.lower);
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
  const ownRole =
    split.roleFrom < split.nameFrom && roleStart && roleEnd ? slice(unit, roleStart.start, roleEnd.end) : undefined;
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
    return from < mouthpiece
      ? words
          .slice(from, mouthpiece)
          .map((w) => w.text.replace(/['’]s$/, ""))
          .join(" ")
      : undefined;
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
