// Who has been quoted across the corpus: one entry per person however each article names them,
// the quotes of each newest first, and a prefix lookup fast enough for Discord autocomplete.
//
// Names merge on a normalised form (case, accents, periods and middle initials dropped; see
// analysis/name-match.ts), so "Donald J. Trump" and "Donald Trump" are one speaker; a one-word
// mention ("Trump") joins the only full name whose surname, or family name written first ("Li" →
// "Li Chenggang"), it is; when two people share it, it stays on its own rather than guess. Groups
// ("U.S. officials") are not people and are left out. A lookup by name also matches any part of
// a name ("von der Leyen"). The index is pure: entries in, answers out; it is rebuilt lazily
// after `add`.
import { matchesNamePart, nameIdentity as identity, normalizeName } from "../analysis/name-match.js";
import type { Quote } from "../analysis/types.js";

export interface SpeakerIndexEntry {
  articleId: string;
  publishedAt?: string;
  firstSeenAt: string;
  quotes: readonly Quote[];
}

export interface SpeakerSummary {
  /** Stable and ≤ 100 characters: usable as a Discord autocomplete value. */
  key: string;
  name: string;
  /** Every role the articles give, most frequent first. */
  roles: string[];
  quoteCount: number;
  articleCount: number;
}

export interface SpeakerQuote {
  articleId: string;
  quote: Quote;
}

export const SPEAKER_KEY_MAX = 100;
/** Matches collected before ranking; a one-letter prefix may match thousands of names. */
const LOOKUP_SCAN_MAX = 2000;

interface Speaker {
  summary: SpeakerSummary;
  quotes: Array<SpeakerQuote & { order: string; position: number }>;
  /** Normalised forms it answers to: the full names and every tail of them ("der leyen", "leyen"). */
  terms: Set<string>;
  /** The names its quotes give, as written. */
  names: string[];
}

function slug(normalized: string): string {
  const s = normalized.replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-|-$/g, "");
  return (s || "speaker").slice(0, SPEAKER_KEY_MAX);
}

export class SpeakerIndex {
  private readonly entries: SpeakerIndexEntry[] = [];
  private built:
    | {
        speakers: Speaker[];
        byKey: Map<string, Speaker>;
        byName: Map<string, Speaker>;
        /** Sorted [term, speaker] pairs: a prefix is a binary search plus a short scan. */
        terms: Array<[string, Speaker]>;
        ranked: Speaker[];
        /** First and last words of full names → the names that have them. */
        byWord: Map<string, Set<string>>;
      }
    | undefined;

  constructor(entries: readonly SpeakerIndexEntry[] = []) {
    this.entries.push(...entries);
  }

  add(entry: SpeakerIndexEntry): void {
    this.entries.push(entry);
    this.built = undefined;
  }

  /** Every speaker, most quoted first. */
  speakers(): SpeakerSummary[] {
    return this.index().ranked.map((s) => s.summary);
  }

  /** The speaker with this key, or the one a name resolves to. */
  get(nameOrKey: string): SpeakerSummary | undefined {
    return this.find(nameOrKey)?.summary;
  }

  /** A speaker's quotes, newest article first (published date, then first seen), in article order. */
  quotesBy(nameOrKey: string): SpeakerQuote[] {
    return (this.find(nameOrKey)?.quotes ?? []).map(({ articleId, quote }) => ({ articleId, quote }));
  }

  /** Speakers whose name, or one of its words, starts with `prefix`; most quoted first. */
  lookup(prefix: string, limit = 25): SpeakerSummary[] {
    const { terms, ranked } = this.index();
    const p = normalizeName(prefix);
    if (!p) return ranked.slice(0, limit).map((s) => s.summary);
    const found = new Set<Speaker>();
    let lo = 0;
    let hi = terms.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((terms[mid]?.[0] ?? "") < p) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < terms.length && found.size < LOOKUP_SCAN_MAX; i++) {
      const term = terms[i];
      if (!term || !term[0].startsWith(p)) break;
      found.add(term[1]);
    }
    return [...found].sort(byRank).slice(0, limit).map((s) => s.summary);
  }

  private find(nameOrKey: string): Speaker | undefined {
    const { byKey, byName, byWord, ranked } = this.index();
    const id = identity(normalizeName(nameOrKey)).join(" ");
    const owners = byWord.get(id);
    const only = owners?.size === 1 ? [...owners][0] : undefined;
    const exact = byKey.get(nameOrKey) ?? byName.get(id) ?? (only === undefined ? undefined : byName.get(only));
    // "von der Leyen": any part of a name, the most quoted speaker first.
    return exact ?? ranked.find((s) => s.names.some((n) => matchesNamePart(nameOrKey, n)));
  }

  private index(): NonNullable<SpeakerIndex["built"]> {
    this.built ??= build(this.entries);
    return this.built;
  }
}

function byRank(a: Speaker, b: Speaker): number {
  return b.summary.quoteCount - a.summary.quoteCount || a.summary.name.localeCompare(b.summary.name);
}

interface Mention {
  entry: SpeakerIndexEntry;
  quote: Quote;
  position: number;
  id: string;
}

function build(entries: readonly SpeakerIndexEntry[]) {
  // Group the mentions by identity: full names first, then one-word names onto a unique full name.
  const groups = new Map<string, Mention[]>();
  const single: Mention[] = [];
  for (const entry of entries) {
    entry.quotes.forEach((quote, position) => {
      if (quote.speakerType !== "person") return;
      const words = identity(normalizeName(quote.speaker));
      if (words.length === 0) return;
      const mention = { entry, quote, position, id: words.join(" ") };
      if (words.length === 1) single.push(mention);
      else push(groups, mention.id, mention);
    });
  }
  const byWord = new Map<string, Set<string>>();
  for (const id of groups.keys()) {
    const words = id.split(" ");
    for (const w of new Set([words[0] ?? "", words[words.length - 1] ?? ""])) {
      byWord.set(w, (byWord.get(w) ?? new Set()).add(id));
    }
  }
  for (const mention of single) {
    const owners = byWord.get(mention.id);
    const target = owners && owners.size === 1 ? [...owners][0] ?? mention.id : mention.id;
    push(groups, target, mention);
  }

  const speakers: Speaker[] = [];
  const byKey = new Map<string, Speaker>();
  const byName = new Map<string, Speaker>();
  for (const [id, mentions] of groups) {
    const speaker = makeSpeaker(id, mentions, byKey);
    speakers.push(speaker);
    byKey.set(speaker.summary.key, speaker);
    byName.set(id, speaker);
    for (const m of mentions) if (!byName.has(m.id)) byName.set(m.id, speaker);
  }
  const terms: Array<[string, Speaker]> = [];
  for (const s of speakers) for (const t of s.terms) terms.push([t, s]);
  terms.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { speakers, byKey, byName, terms, ranked: [...speakers].sort(byRank), byWord };
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function makeSpeaker(id: string, mentions: readonly Mention[], taken: ReadonlyMap<string, Speaker>): Speaker {
  const names = tally(mentions.map((m) => m.quote.speaker));
  const fullNames = names.filter((n) => n.includes(" "));
  const name = (fullNames.length > 0 ? fullNames : names)[0] ?? id;
  const roles = tally(mentions.flatMap((m) => (m.quote.role ? [m.quote.role] : [])));
  let key = slug(id);
  for (let n = 2; taken.has(key); n++) key = `${slug(id).slice(0, SPEAKER_KEY_MAX - 4)}~${n}`;
  const quotes = mentions
    .map((m) => ({
      articleId: m.entry.articleId,
      quote: m.quote,
      order: `${m.entry.publishedAt ?? m.entry.firstSeenAt}\u0000${m.entry.firstSeenAt}`,
      position: m.position,
    }))
    .sort((a, b) => (a.order < b.order ? 1 : a.order > b.order ? -1 : a.position - b.position));
  const terms = new Set<string>();
  for (const n of new Set(mentions.map((m) => normalizeName(m.quote.speaker)))) {
    // Every tail of the name, so a prefix typed from any word on matches: "von der l" → "von der leyen".
    const words = n.split(" ");
    for (let i = 0; i < words.length; i++) terms.add(words.slice(i).join(" "));
  }
  return {
    summary: { key, name, roles, quoteCount: mentions.length, articleCount: new Set(mentions.map((m) => m.entry.articleId)).size },
    quotes,
    terms,
    names,
  };
}

/** Distinct values, most frequent first; ties keep the order first seen. */
function tally(values: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.keys()].sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0));
}
