// Ranked search over titles and bodies: an in-memory inverted index of stems, scored BM25-style
// with title hits counting triple. It answers autocomplete, so a query touches only the postings
// of its own words, never every article. The word being typed also matches title words by prefix.
import { contentStems, tokenize } from "../analysis/text.js";

const TITLE_WEIGHT = 3;
const K1 = 1.2;
/** The shortest partial word worth prefix-matching; one letter matches half the vocabulary. */
const MIN_PREFIX = 2;

interface Doc {
  terms: Map<string, number>;
  titleWords: Set<string>;
}

/** An article's contribution to the index: computed once per content and cacheable as JSON. */
export interface IndexedTerms {
  /** Stem → weight (body occurrences, title occurrences × TITLE_WEIGHT). */
  terms: [string, number][];
  /** Lower-case title words, for prefix matching. */
  titleWords: string[];
}

/** Title words and the article's topic words weigh TITLE_WEIGHT; body words weigh 1. */
export function indexTerms(title: string, paragraphs: readonly string[], topics: readonly string[] = []): IndexedTerms {
  const terms = new Map<string, number>();
  for (const s of contentStems([title, ...topics].join("\n"))) terms.set(s, (terms.get(s) ?? 0) + TITLE_WEIGHT);
  for (const p of paragraphs) for (const s of contentStems(p)) terms.set(s, (terms.get(s) ?? 0) + 1);
  return { terms: [...terms], titleWords: [...new Set(tokenize(title))] };
}

export class SearchIndex {
  private readonly docs = new Map<string, Doc>();
  private readonly postings = new Map<string, Map<string, number>>();
  /** Lower-case title word → ids whose title contains it, for prefix matching. */
  private readonly titleWords = new Map<string, Set<string>>();

  add(id: string, indexed: IndexedTerms): void {
    this.remove(id);
    const terms = new Map(indexed.terms);
    const titleWords = new Set(indexed.titleWords);
    this.docs.set(id, { terms, titleWords });
    for (const [term, weight] of terms) getOrCreate(this.postings, term, () => new Map()).set(id, weight);
    for (const word of titleWords) getOrCreate(this.titleWords, word, () => new Set()).add(id);
  }

  remove(id: string): void {
    const doc = this.docs.get(id);
    if (!doc) return;
    this.docs.delete(id);
    for (const term of doc.terms.keys()) deleteFrom(this.postings, term, id);
    for (const word of doc.titleWords) deleteFrom(this.titleWords, word, id);
  }

  /** Ids ranked by relevance, best first. Ties keep a stable id order. */
  search(query: string, limit: number): string[] {
    const scores = new Map<string, number>();
    const n = this.docs.size;
    for (const term of new Set(contentStems(query))) {
      const posting = this.postings.get(term);
      if (!posting) continue;
      const idf = Math.log(1 + (n - posting.size + 0.5) / (posting.size + 0.5));
      for (const [id, tf] of posting) scores.set(id, (scores.get(id) ?? 0) + (idf * tf * (K1 + 1)) / (tf + K1));
    }
    const typing = tokenize(query).at(-1);
    if (typing && typing.length >= MIN_PREFIX && !/\s$/.test(query)) {
      for (const [word, ids] of this.titleWords) {
        if (!word.startsWith(typing)) continue;
        for (const id of ids) scores.set(id, (scores.get(id) ?? 0) + 1);
      }
    }
    return topK(scores, limit);
  }

  /** Does article `id` contain every content word of `topic`, in title or body? */
  matches(id: string, topic: string): boolean {
    const doc = this.docs.get(id);
    return doc !== undefined && contentStems(topic).every((s) => doc.terms.has(s));
  }

  /** Ids of articles that contain every content word of `topic`, in title or body. */
  matchAll(topic: string): string[] {
    const stems = [...new Set(contentStems(topic))];
    if (stems.length === 0) return [...this.docs.keys()];
    const lists = stems.map((s) => this.postings.get(s)).sort((a, b) => (a?.size ?? 0) - (b?.size ?? 0));
    const [smallest, ...rest] = lists;
    if (!smallest) return [];
    return [...smallest.keys()].filter((id) => rest.every((p) => p?.has(id)));
  }
}

/** The `k` best-scored ids, best first, ties by id: one pass with a small sorted buffer, not a full sort. */
function topK(scores: ReadonlyMap<string, number>, k: number): string[] {
  const best: [string, number][] = [];
  const before = (a: [string, number], b: [string, number]) => a[1] > b[1] || (a[1] === b[1] && a[0] < b[0]);
  for (const entry of scores) {
    if (k <= 0) break;
    if (best.length === k) {
      if (!before(entry, best[k - 1]!)) continue;
      best.pop();
    }
    let at = best.length;
    while (at > 0 && before(entry, best[at - 1]!)) at -= 1;
    best.splice(at, 0, entry);
  }
  return best.map(([id]) => id);
}

function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}

function deleteFrom<V>(map: Map<string, Map<string, V> | Set<string>>, key: string, id: string): void {
  const entry = map.get(key);
  if (!entry) return;
  entry.delete(id);
  if (entry.size === 0) map.delete(key);
}
