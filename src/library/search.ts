// Ranked search over titles and bodies: an in-memory inverted index of stems, scored BM25-style
// with title hits counting triple. It answers autocomplete, so a query touches only the postings
// of its own words, never every article. The word being typed also matches title words by prefix.
import { contentStems, tokenize } from "../analysis/text.js";

const TITLE_WEIGHT = 3;
const K1 = 1.2;
/** The shortest partial word worth prefix-matching; one letter matches half the vocabulary. */
const MIN_PREFIX = 2;

/**
 * A term's posting list. Documents hold references to these rather than their own copies of the
 * term strings, and are numbered, so 10,000 articles' ~700,000 postings stay small in memory.
 * Plain arrays rather than a Map: adding a document, which every start-up does 700,000 times, is
 * then a push; removing one (a changed or deleted file) is the rare, slower case.
 */
interface Posting {
  key: string;
  /** Document numbers, in no particular order. */
  docs: number[];
  /** The weight of each document in `docs` (body occurrences, or 1 for title words). */
  weights: number[];
}

interface Doc {
  id: string;
  terms: Posting[];
  titleWords: Posting[];
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
  private readonly docs: (Doc | undefined)[] = [];
  private readonly numbers = new Map<string, number>();
  private readonly freeNumbers: number[] = [];
  private readonly postings = new Map<string, Posting>();
  /** Lower-case title word → documents whose title contains it, for prefix matching. */
  private readonly titleWords = new Map<string, Posting>();

  add(id: string, indexed: IndexedTerms): void {
    this.remove(id);
    const n = this.freeNumbers.pop() ?? this.docs.length;
    const terms = indexed.terms.map(([term, weight]) => join(this.postings, term, n, weight));
    const titleWords = indexed.titleWords.map((word) => join(this.titleWords, word, n, 1));
    this.docs[n] = { id, terms, titleWords };
    this.numbers.set(id, n);
  }

  remove(id: string): void {
    const n = this.numbers.get(id);
    if (n === undefined) return;
    const doc = this.docs[n]!;
    for (const posting of doc.terms) leave(this.postings, posting, n);
    for (const posting of doc.titleWords) leave(this.titleWords, posting, n);
    this.docs[n] = undefined;
    this.numbers.delete(id);
    this.freeNumbers.push(n);
  }

  /** Ids ranked by relevance, best first. Ties keep a stable id order. */
  search(query: string, limit: number): string[] {
    const scores = new Map<number, number>();
    const total = this.numbers.size;
    for (const term of new Set(contentStems(query))) {
      const posting = this.postings.get(term);
      if (!posting) continue;
      const df = posting.docs.length;
      const idf = Math.log(1 + (total - df + 0.5) / (df + 0.5));
      posting.docs.forEach((n, i) => {
        const tf = posting.weights[i]!;
        scores.set(n, (scores.get(n) ?? 0) + (idf * tf * (K1 + 1)) / (tf + K1));
      });
    }
    const typing = tokenize(query).at(-1);
    if (typing && typing.length >= MIN_PREFIX && !/\s$/.test(query)) {
      for (const [word, posting] of this.titleWords) {
        if (!word.startsWith(typing)) continue;
        for (const n of posting.docs) scores.set(n, (scores.get(n) ?? 0) + 1);
      }
    }
    return topK(scores, limit, (n) => this.docs[n]!.id);
  }

  /** Ids of articles that contain every content word of `topic`, in title, topics or body. */
  matchAll(topic: string): string[] {
    const stems = [...new Set(contentStems(topic))];
    if (stems.length === 0) return [...this.numbers.keys()];
    const lists = stems.map((s) => this.postings.get(s)?.docs ?? []).sort((a, b) => a.length - b.length);
    const [smallest = [], ...rest] = lists;
    const others = rest.map((docs) => new Set(docs));
    return smallest.filter((n) => others.every((set) => set.has(n))).map((n) => this.docs[n]!.id);
  }
}

/** Adds document `n` to the posting of `key` (created if new) and returns that posting. */
function join(index: Map<string, Posting>, key: string, n: number, weight: number): Posting {
  let posting = index.get(key);
  if (!posting) {
    posting = { key, docs: [], weights: [] };
    index.set(key, posting);
  }
  posting.docs.push(n);
  posting.weights.push(weight);
  return posting;
}

/** Removes document `n` from `posting`: the last entry takes its place, since order does not matter. */
function leave(index: Map<string, Posting>, posting: Posting, n: number): void {
  const at = posting.docs.indexOf(n);
  if (at === -1) return;
  posting.docs[at] = posting.docs.at(-1)!;
  posting.weights[at] = posting.weights.at(-1)!;
  posting.docs.pop();
  posting.weights.pop();
  if (posting.docs.length === 0) index.delete(posting.key);
}

/** The `k` best-scored documents' ids, best first, ties by id: one pass with a small sorted buffer, not a full sort. */
function topK(scores: ReadonlyMap<number, number>, k: number, idOf: (n: number) => string): string[] {
  const best: { id: string; score: number }[] = [];
  const before = (a: { id: string; score: number }, b: { id: string; score: number }) => a.score > b.score || (a.score === b.score && a.id < b.id);
  for (const [n, score] of scores) {
    if (k <= 0) break;
    if (best.length === k && score < best[k - 1]!.score) continue;
    const entry = { id: idOf(n), score };
    if (best.length === k) {
      if (!before(entry, best[k - 1]!)) continue;
      best.pop();
    }
    let at = best.length;
    while (at > 0 && before(entry, best[at - 1]!)) at -= 1;
    best.splice(at, 0, entry);
  }
  return best.map((e) => e.id);
}
