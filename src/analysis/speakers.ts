// Who is who in one article: the name table (every mention maps to the earliest, longest mention
// that shares its surname, or its family name for names written family-name-first), the role each
// person is given (a title before the name or an appositive after it), and the running state that
// resolves "he"/"she" and keeps groups ("U.S. officials") apart from people.
//
// The table is built from runs of capitalised words over the whole body, not only from the
// attributions, because a person's full name and title usually appear first in a sentence that
// quotes nobody ("President Donald Trump and Xi Jinping will meet…", then "Trump said…").
import type { AnalysisInput, SpeakerType } from "./types.js";
import {
  COMMON_WORD_NAMES,
  FAMILY_NAMES,
  GROUP_WORDS,
  HONORIFICS,
  NAME_PARTICLES,
  NON_NAME,
  ORGANISATION_WORDS,
  ROLE_MODIFIERS,
  TITLE_WORDS,
} from "./quotes/lexicon.js";

export interface Speaker {
  name: string;
  role?: string;
  type: SpeakerType;
}

/** Where a name sits inside a run of words: words [nameFrom, nameTo) are the name, the rest before is the role. */
export interface NameSplit {
  nameFrom: number;
  nameTo: number;
  /** Index of the first word of the role, or nameFrom when there is none. */
  roleFrom: number;
}

const POSSESSIVE = /['’]s$/;
/** Name words in a personal name, particles not counted: "Luiz Inácio Lula da Silva" keeps four. */
const NAME_MAX_WORDS = 4;
const INITIAL = /^\p{Lu}\.$/u;

const bare = (word: string): string => word.replace(POSSESSIVE, "").toLowerCase();

const nameWordCache = new Map<string, boolean>();
const NAME_WORD_CACHE_MAX = 50_000;

/** A word that can be part of a person's name: capitalised, not a title, not a function word. */
function isNameWord(word: string): boolean {
  let known = nameWordCache.get(word);
  if (known === undefined) {
    known = checkNameWord(word);
    if (nameWordCache.size >= NAME_WORD_CACHE_MAX) nameWordCache.clear();
    nameWordCache.set(word, known);
  }
  return known;
}

function checkNameWord(word: string): boolean {
  // "al-Sisi": a particle written joined to the name.
  if (JOINED_PARTICLE.test(word)) return true;
  if (!/^\p{Lu}/u.test(word)) return false;
  const lower = bare(word);
  if (NON_NAME.has(lower) || TITLE_WORDS.has(lower) || HONORIFICS.has(lower) || ROLE_MODIFIERS.has(lower)) return false;
  if (GROUP_WORDS.has(lower)) return false;
  // ALL-CAPS words are acronyms (CNN, FBI) or shouted datelines, never a person's name; initials are.
  return INITIAL.test(word) || !/^[\p{Lu}.'’-]{2,}$/u.test(word.replace(POSSESSIVE, ""));
}

const JOINED_PARTICLE = /^(?:al|el)-\p{Lu}/u;

/** A lower-case particle inside a name: "von", "der", "bin". */
export function isNameParticle(word: string): boolean {
  return NAME_PARTICLES.has(word);
}

/**
 * Word `i` of a run is part of a person's name, by itself or by its neighbours: a family name
 * written first ("He Yadong") or a name that is also a common word ("Theresa May", "Will Smith").
 */
function isNameWordAt(words: readonly string[], i: number): boolean {
  const word = words[i] ?? "";
  if (isNameWord(word)) return true;
  if (!/^\p{Lu}/u.test(word)) return false;
  const lower = bare(word);
  const prev = words[i - 1];
  const next = words[i + 1];
  const beforeName = next !== undefined && isNameWord(next);
  if (FAMILY_NAMES.has(lower) && beforeName) return true;
  if (!COMMON_WORD_NAMES.has(lower)) return false;
  return beforeName || (prev !== undefined && isNameWord(prev) && !POSSESSIVE.test(prev));
}

function isRoleWord(word: string): boolean {
  const lower = bare(word);
  return TITLE_WORDS.has(lower) || ROLE_MODIFIERS.has(lower) || HONORIFICS.has(lower);
}

/**
 * Splits a noun phrase's words into role and name: the name is the trailing run of name words
 * (with the particles inside it: "Ursula von der Leyen"), the role every word before it back to
 * the first role word ("U.S. Treasury Secretary").
 */
export function splitName(words: readonly string[]): NameSplit | undefined {
  let nameTo = words.length;
  while (nameTo > 0 && !isNameWordAt(words, nameTo - 1)) nameTo--;
  if (nameTo === 0) return undefined;
  let nameFrom = nameTo - 1;
  let count = 1;
  for (let i = nameFrom - 1; i >= 0 && count < NAME_MAX_WORDS; i--) {
    const word = words[i] ?? "";
    if (isNameParticle(word)) continue;
    // A possessive ends a name: in "Trump’s Virginia director" Virginia is not Trump's surname.
    if (!isNameWordAt(words, i) || POSSESSIVE.test(word)) break;
    nameFrom = i;
    count++;
  }
  // "President von der Leyen": particles may open the name after a title.
  while (nameFrom > 0 && isNameParticle(words[nameFrom - 1] ?? "")) nameFrom--;
  let roleFrom = nameFrom;
  for (let i = nameFrom - 1; i >= 0; i--) {
    const word = words[i] ?? "";
    const lower = bare(word);
    // "Former British prime minister": lower-case words of the phrase belong to the role too.
    if (isRoleWord(word) || lower === "of" || /^\p{L}/u.test(word)) roleFrom = i;
    else break;
  }
  // Leading capitalised words count only when a title follows them ("China’s Vice Minister").
  while (roleFrom < nameFrom && !words.slice(roleFrom, nameFrom).some((w) => TITLE_WORDS.has(bare(w))))
    roleFrom = nameFrom;
  while (roleFrom < nameFrom && isRoleFiller(words[roleFrom] ?? "")) roleFrom++;
  return { nameFrom, nameTo, roleFrom };
}

/** Words that may sit inside a role but not open it: "of", honorifics, "The". */
function isRoleFiller(word: string): boolean {
  const lower = bare(word);
  return lower === "of" || HONORIFICS.has(lower) || NON_NAME.has(lower);
}

/** True when a run of capitalised words names an organisation rather than a person. */
export function isOrganisation(name: string): boolean {
  return name.split(/\s+/).some((w) => ORGANISATION_WORDS.has(bare(w)));
}

interface Mention {
  words: string[];
  lower: string[];
  role?: string;
  at: number;
}

// A run of capitalised words, with "of", name particles and possessives inside it ("Secretary of
// State Hillary Clinton", "Ursula von der Leyen", "China’s Vice Minister Li Chenggang"). It starts
// with a capital so the regex engine skips ahead quickly; lower-case role words before it
// ("former") are not part of the role.
const PARTICLES = [...NAME_PARTICLES].join("|");
const RUN = new RegExp(
  `\\p{Lu}[\\p{L}\\p{M}.'’-]*(?:\\s+(?:of\\s+(?:the\\s+)?|(?=\\p{Ll})(?:(?:${PARTICLES})\\s+){1,3})?(?:\\p{Lu}|(?=[ae]l-)(?:al|el)-\\p{Lu})[\\p{L}\\p{M}.'’-]*)*`,
  "gu",
);
// An appositive that gives a role: ", founder of the now-defunct Apple Daily newspaper,".
const APPOSITIVE = /^,\s+((?:the\s+|a\s+|an\s+)?[^,.;:()“”"]{3,120}?)(?=[,.;:)]|\s+(?:said|says|told|who)\b)/u;
const APPOSITIVE_MAX_WORDS = 12;
// A period that ends a word ends the run, unless the word is an initial, an acronym or a title.
const SHORT_FORM = /^(?:\p{Lu}\.)+$|^(?:Mr|Mrs|Ms|Dr|Sen|Gov|Rep|Gen|Lt|Col|Capt|Sgt|Rev|St|Jr|Sr|Prof|Hon)\.$/u;

/** The words of a capitalised run, cut after a sentence-ending period ("Bush. Trump said"). */
function runWords(run: string): string[] {
  const words = run.split(/\s+/);
  const end = words.findIndex((w) => w.endsWith(".") && !SHORT_FORM.test(w));
  return end < 0 ? words : words.slice(0, end + 1).map((w, i) => (i === end ? w.slice(0, -1) : w));
}

function appositiveRole(text: string, end: number): string | undefined {
  const match = APPOSITIVE.exec(text.slice(end, end + 160));
  const phrase = match?.[1];
  if (!phrase) return undefined;
  const phraseWords = phrase.split(/\s+/);
  if (phraseWords.length > APPOSITIVE_MAX_WORDS) return undefined;
  return isRolePhrase(phraseWords) ? phrase : undefined;
}

const LEADING_ROLE_MAX_WORDS = 5;

/**
 * A lower-case role right before a name that opens a run: "Former British prime minister
 * Theresa May", "Commerce ministry spokesman He Yadong". The word before the name must be a
 * title; the role runs back over words that are no function words.
 */
function leadingRole(text: string, at: number): string | undefined {
  if (text[at - 1] !== " ") return undefined;
  // Most runs follow no title: look at the one word before the run first.
  const title = text.slice(text.lastIndexOf(" ", at - 2) + 1, at - 1);
  if (!TITLE_WORDS.has(title) || !/^\p{Ll}/u.test(title)) return undefined;
  const words = text
    .slice(Math.max(0, at - 80), at)
    .trimEnd()
    .split(/\s+/);
  let from = words.length - 1;
  const fits = (w: string): boolean => /^[\p{L}.’'-]+$/u.test(w) && (w === "of" || !NON_NAME.has(bare(w)));
  while (from > 0 && words.length - from < LEADING_ROLE_MAX_WORDS && fits(words[from - 1] ?? "")) from--;
  while (words[from] === "of") from++;
  return words.slice(from).join(" ");
}

/**
 * An appositive's words give a role: a title among its first words ("the director", "Highways
 * director"). A capitalised one ("Highways director") counts only with its title right there.
 */
export function isRolePhrase(words: readonly string[]): boolean {
  const titled = (w: string): boolean => TITLE_WORDS.has(w.toLowerCase());
  if (/^\p{Ll}/u.test(words[0] ?? "")) return words.slice(0, 4).some(titled);
  return words.length <= 4 && words.some(titled);
}

/** The per-article name table. */
export class NameTable {
  /** Mentions by surname and, for two-word names, by family name too ("Li" in "Li Chenggang"). */
  private readonly byKey = new Map<string, Mention[]>();
  /** Every mention in source order, for "who is this sentence about". */
  private readonly ordered: Mention[] = [];
  private readonly resolved = new Map<string, { name: string; role?: string }>();
  /** Keys of `byKey` with at least one mention of two words or more: what `knows` asks, kept as it grows. */
  private readonly fullerKeys = new Set<string>();
  /**
   * Mentions by surname and one other word of theirs ("smith ada"): a multi-word name is looked up
   * among the mentions that share its rarest pair, not among everyone with its surname.
   */
  private readonly byPair = new Map<string, Mention[]>();
  /** The first role given with each full name, and with each surname. */
  private readonly roleByName = new Map<string, string>();
  private readonly roleBySurname = new Map<string, string>();

  constructor(input: AnalysisInput) {
    for (const paragraph of input.paragraphs) this.scan(paragraph.text, paragraph.start);
  }

  private scan(text: string, offset: number): void {
    for (const match of text.matchAll(RUN)) {
      // Most runs are one capitalised word that opens a sentence ("The", "But"): no name.
      if (!match[0].includes(" ") && !isNameWord(match[0])) continue;
      const words = runWords(match[0]);
      const split = splitName(words);
      if (!split) continue;
      const name = words.slice(split.nameFrom, split.nameTo).map((w) => w.replace(POSSESSIVE, ""));
      if (isOrganisation(name.join(" "))) continue;
      const end = match.index + words.join(" ").length;
      const role =
        split.roleFrom < split.nameFrom
          ? words.slice(split.roleFrom, split.nameFrom).join(" ")
          : split.nameFrom === 0
            ? (leadingRole(text, match.index) ?? appositiveRole(text, end))
            : appositiveRole(text, end);
      this.add({ words: name, lower: name.map((w) => w.toLowerCase()), role, at: offset + match.index });
    }
  }

  private add(mention: Mention): void {
    this.ordered.push(mention);
    const last = mention.lower[mention.lower.length - 1] ?? "";
    const first = mention.lower[0] ?? "";
    const familyFirst = mention.lower.length === 2 || (mention.lower.length === 3 && FAMILY_NAMES.has(first));
    const keys = familyFirst ? [last, `^${first}`] : [last];
    for (const key of keys) {
      if (mention.lower.length > 1) this.fullerKeys.add(key);
      push(this.byKey, key, mention);
    }
    if (mention.lower.length > 1)
      for (const word of new Set(mention.lower)) push(this.byPair, `${last} ${word}`, mention);
    if (mention.role) {
      const name = mention.lower.join(" ");
      if (!this.roleByName.has(name)) this.roleByName.set(name, mention.role);
      if (!this.roleBySurname.has(last)) this.roleBySurname.set(last, mention.role);
    }
  }

  /**
   * The canonical person for a mention: the longest, then earliest, mention that shares its
   * surname (a one-word mention may also match a family name written first: "Li" → "Li Chenggang").
   * A multi-word mention must agree on every word it has. Results are cached: the table does
   * not change once built.
   */
  resolve(words: readonly string[]): { name: string; role?: string } {
    const lower = words.map((w) => w.toLowerCase());
    const cacheKey = lower.join(" ");
    const cached = this.resolved.get(cacheKey);
    if (cached) return cached;
    const last = lower[lower.length - 1] ?? "";
    const candidates =
      lower.length === 1
        ? [...(this.byKey.get(last) ?? []), ...(this.byKey.get(`^${last}`) ?? [])]
        : lower
            .map((w) => this.byPair.get(`${last} ${w}`) ?? [])
            .reduce((rarest, list) => (list.length < rarest.length ? list : rarest));
    let best: Mention | undefined;
    for (const m of candidates) {
      if (lower.length > 1 && !lower.every((w) => m.lower.includes(w))) continue;
      if (!best || m.words.length > best.words.length || (m.words.length === best.words.length && m.at < best.at))
        best = m;
    }
    let result: { name: string; role?: string } = { name: words.join(" ") };
    if (best && best.words.length >= lower.length) {
      const role =
        this.roleByName.get(best.lower.join(" ")) ?? this.roleBySurname.get(best.lower[best.lower.length - 1] ?? "");
      result = role ? { name: best.words.join(" "), role } : { name: best.words.join(" ") };
    }
    this.resolved.set(cacheKey, result);
    return result;
  }

  /**
   * The first person named in [from, to) outside the quotations, if known to the table: whom a
   * following "he" or "she" means. A one-word name counts only as the surname of a fuller one.
   */
  firstPerson(from: number, to: number, quoted: (at: number) => boolean): { name: string; role?: string } | undefined {
    let lo = 0;
    let hi = this.ordered.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.ordered[mid]?.at ?? 0) < from) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.ordered.length; i++) {
      const m = this.ordered[i];
      if (!m || m.at >= to) break;
      if (quoted(m.at)) continue;
      if (m.words.length === 1 && !this.knows(m.words[0] ?? "")) continue;
      return this.resolve(m.words);
    }
    return undefined;
  }

  /** True when a one-word mention is the surname or family name of someone with a fuller name. */
  knows(word: string): boolean {
    const lower = word.toLowerCase();
    return this.fullerKeys.has(lower) || this.fullerKeys.has(`^${lower}`);
  }
}

/** A group name that "they" refers to: a plural last word, or names joined by "and". */
const PLURAL_NAME = /s$|\band\b/i;

/**
 * Running attribution state over an article, in reading order: the last person spoken of or
 * quoted resolves "he"/"she"; the last group resolves "they" or "it", by number.
 */
export class PronounState {
  private lastPerson: Speaker | undefined;
  private lastGroup: Speaker | undefined;

  /** Someone became the topic: a quoted speaker or a sentence's subject. */
  saw(speaker: Speaker): void {
    if (speaker.type === "person") this.lastPerson = speaker;
    else this.lastGroup = speaker;
  }

  /**
   * "he"/"she" → the last person; "they" → the last group when its name is plural ("harbor
   * officials", "Smith and Jones"), "it" when it is singular ("the Harbor Trust", a statement).
   */
  resolve(pronoun: string): Speaker | undefined {
    if (pronoun === "he" || pronoun === "she") return this.lastPerson;
    if (!this.lastGroup) return undefined;
    const plural = PLURAL_NAME.test(this.lastGroup.name.replace(/['’]s$/, ""));
    return (pronoun === "it") !== plural ? this.lastGroup : undefined;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const SHARED_NAMES_MAX = 64;

/**
 * One identity per person in an article: each person speaker takes the longest name that holds
 * all of its words ("Hadley" → "Tom Hadley"), unless two different fuller names do, and every
 * speaker of one identity carries the first role any of its quotes gave. Groups are left alone.
 */
export function unifyPeople(speakers: readonly Speaker[]): Speaker[] {
  const names = new Map<string, string[]>();
  const byWord = new Map<string, string[]>();
  for (const s of speakers) {
    if (s.type !== "person" || names.has(s.name)) continue;
    const words = s.name.toLowerCase().split(/\s+/);
    names.set(s.name, words);
    for (const w of new Set(words)) {
      const list = byWord.get(w);
      if (list) list.push(s.name);
      else byWord.set(w, [s.name]);
    }
  }
  const canonical = new Map<string, string>();
  for (const [name, words] of names) {
    const sharing = byWord.get(words[words.length - 1] ?? "") ?? [];
    // A word many different names share says nothing about who is meant; it also bounds the work.
    if (sharing.length > SHARED_NAMES_MAX) {
      canonical.set(name, name);
      continue;
    }
    const holders = sharing.filter((other) => {
      const otherWords = names.get(other) ?? [];
      return otherWords.length > words.length && words.every((w) => otherWords.includes(w));
    });
    const size = (n: string): number => names.get(n)?.length ?? 0;
    const most = Math.max(0, ...holders.map(size));
    const longest = holders.filter((h) => size(h) === most);
    canonical.set(name, longest.length === 1 ? (longest[0] ?? name) : name);
  }
  const roles = new Map<string, string>();
  for (const s of speakers) {
    const name = canonical.get(s.name);
    if (name !== undefined && s.role && !roles.has(name)) roles.set(name, s.role);
  }
  return speakers.map((s) => {
    const name = canonical.get(s.name);
    if (name === undefined) return s;
    const role = roles.get(name);
    return role ? { name, role, type: "person" } : { name, type: "person" };
  });
}
