// Extractive summaries: which sentences of the article to show, verbatim, in article order: a
// centrality ranker with a position prior and a title term that passes over what is already said,
// filled to a word budget with passages that read on their own. Why it ranks this way:
// docs/architecture.md, "The summarizer".
import { CAPTION_MARK } from "../articles/furniture.js";
import { analysedPart } from "./budget.js";
import { splitSentences } from "./sentences.js";
import { contentStems, wordCount } from "./text.js";
import type { AnalysisInput, Sentence } from "./types.js";

/**
 * Summary lengths in words: a briefing adds ranked passages while that brings its length closer to
 * the budget. Words rather than sentences, because an embed reads by length and because news
 * sentences run from eight words (BBC) to forty (Daily Mail): a sentence count gives one too
 * little and the other too much.
 */
export const SUMMARY_LENGTHS = { short: 40, standard: 85, long: 160 } as const;
export type SummaryLength = keyof typeof SUMMARY_LENGTHS;

/** How long a summary should be: `words` for readers, `sentences` (passages) for benchmarks. */
export type SummaryBudget = { words: number } | { sentences: number };

/** Weight of the position prior `1/√(i+1)` against centrality scaled to [0, 1]. */
const POSITION_WEIGHT = 1.25;
/**
 * Weight of the title term, the share of the title's content words a sentence contains, in [0, 1].
 * Tuned on BBC's half A and confirmed on half B: 1 gains about 1.5 ROUGE-1 on each half; 2 gains
 * no more there and costs the sample article 10 points. CNN/DailyMail's dev rows have no titles.
 */
const TITLE_WEIGHT = 1;
/** Two sentences sharing more than this share of the shorter one's content words are one fact. */
const REDUNDANCY_CAP = 0.7;
/**
 * Below the cap, what a sentence repeats of the passages already chosen costs it this much score per
 * unit of that share (maximal marginal relevance): the next pick adds news rather than restating.
 */
const OVERLAP_WEIGHT = 0.5;
const MIN_WORDS = 6;
const MAX_WORDS = 50;
const MIN_CONTENT_WORDS = 3;
/** Shorter "sentences" are fragments: a dateline, a label. */
const MIN_USABLE_WORDS = 4;
/** Sentences the ranker compares, from the start of the article: a hard bound on its work. */
export const RANK_WINDOW = 150;
/** A passage (a quotation with the sentences it spans, a sentence with the one it leans on) is at most this many sentences. */
const PASSAGE_MAX_SENTENCES = 4;
/** Two sentences at most this far apart in the source have nothing but a break between them. */
const ADJACENT_GAP = 4;
/** Longer passages read as run-ons, whatever their sentences. */
const PASSAGE_MAX_WORDS = 60;
/** Passages ranked per article: enough for the longest budget, and bounded for the stored record. */
const RANKING_MAX = 24;

/**
 * Words that make a sentence lean on the one before it when they open it: pronouns and
 * demonstratives ("He said…", "These are…") and connectives ("However, …", "But …").
 */
const LEANING_OPENERS: ReadonlySet<string> = new Set(
  (
    "he she it they him her his its their them this that these those such both " +
    "and but yet so also still then however meanwhile moreover furthermore besides instead indeed " +
    "thus therefore otherwise likewise similarly nevertheless nonetheless additionally plus"
  ).split(" "),
);
const TERMINAL = /[.!?…]["'”’)\]]*$/;

/** The chosen passages, verbatim, in article order. */
export function summarize(input: AnalysisInput, budget: SummaryBudget): Sentence[] {
  return summaryFromRanking(rankForSummary(input, budget), budget);
}

/** Passages in the order the summarizer picks them, best first, enough to fill `depth`. */
export function rankForSummary(
  input: AnalysisInput,
  depth: SummaryBudget = { words: SUMMARY_LENGTHS.long },
): Sentence[] {
  const part = analysedPart(input);
  return rankSentences(part, splitSentences(part), depth);
}

/**
 * A summary cut from a ranking, back in article order. With a word budget, passages are taken in
 * rank order while each brings the total closer to the budget, and always at least one.
 */
export function summaryFromRanking(ranking: readonly Sentence[], budget: SummaryBudget): Sentence[] {
  const chosen: Sentence[] = [];
  if ("sentences" in budget) chosen.push(...ranking.slice(0, Math.max(0, budget.sentences)));
  else if (budget.words > 0) {
    let total = 0;
    for (const passage of ranking) {
      const words = wordCount(passage.text);
      if (chosen.length > 0 && Math.abs(total + words - budget.words) >= Math.abs(total - budget.words)) break;
      chosen.push(passage);
      total += words;
    }
  }
  return chosen.sort((a, b) => a.index - b.index);
}

/**
 * `rankForSummary` for a caller that has already split the article into `all` (the sentences of
 * `input`). Sentences are scored, then taken best first as passages, each pick's score lowered by
 * what it repeats of the picks before it: a sentence that opens with a pronoun or connective comes
 * with the sentence before it, a quotation with every sentence it spans; a passage that would need
 * more than one paragraph or PASSAGE_MAX_SENTENCES is left out.
 * When the article's first sentence carries the news (it is a proper sentence of the story), it
 * comes first, so every length opens with the lead.
 */
export function rankSentences(input: AnalysisInput, all: readonly Sentence[], depth: SummaryBudget): Sentence[] {
  const wanted =
    "sentences" in depth
      ? { passages: Math.min(depth.sentences, RANKING_MAX), words: Infinity }
      : { passages: RANKING_MAX, words: depth.words };
  if (wanted.passages <= 0 || wanted.words <= 0 || all.length === 0) return [];
  const sentences = all.slice(0, RANK_WINDOW);
  const n = sentences.length;
  const { bags, vocabulary, ids } = bagsOfWords(sentences.map((s) => contentStems(s.text)));
  const sizes = bags.map((bag) => sum(bag.counts));
  const shared = sharedCounts(bags, vocabulary);
  const edge = (i: number, j: number) => shared[i * n + j]!;

  // Links to earlier and later sentences count alike: the position prior alone carries the lead.
  const centrality = sentences.map((_, i) => {
    let total = 0;
    for (let j = 0; j < n; j++) total += edge(i, j);
    return total;
  });
  const scale = centrality.reduce((max, c) => Math.max(max, c), 0) || 1;
  const headline = titleShare(input.title, ids);
  const scores = centrality.map(
    (c, i) => c / scale + POSITION_WEIGHT / Math.sqrt(i + 1) + TITLE_WEIGHT * headline(bags[i]!),
  );
  // Usable: reads as a sentence (not a fragment, caption or run-on). Eligible: also long and
  // contentful enough to be worth a summary's space; the others are used only after every eligible one.
  const usable = sentences.map((s) => {
    const words = wordCount(s.text);
    return (
      TERMINAL.test(s.text) && !CAPTION_MARK.test(s.text) && words >= MIN_USABLE_WORDS && words <= PASSAGE_MAX_WORDS
    );
  });
  const eligible = sentences.map((s, i) => {
    const words = wordCount(s.text);
    return usable[i]! && words >= MIN_WORDS && words <= MAX_WORDS && sizes[i]! >= MIN_CONTENT_WORDS;
  });
  const tier = Uint8Array.from(sentences, (_, i) => Number(eligible[i]) + Number(usable[i]));

  const taken = new Set<number>();
  // The largest share of each sentence's content words that one taken sentence also has.
  const repeated = new Float64Array(n);
  const considered = new Uint8Array(n);
  const out: Sentence[] = [];
  let words = 0;
  const next = () => (eligible[0] && !considered[0] ? 0 : bestCandidate(considered, tier, scores, repeated));
  for (let i = next(); i !== undefined; i = next()) {
    considered[i] = 1;
    if (out.length >= wanted.passages || words >= wanted.words + MAX_WORDS) break;
    // A fragment, caption or run-on is used only when the article has nothing better at all.
    if (!usable[i] && out.length > 0) break;
    if (taken.has(i)) continue;
    const span = passageAround(sentences, i, taken);
    if (!span) continue;
    const members = range(span[0], span[1]).filter((k) => !taken.has(k));
    if (members.some((k) => repeated[k]! > REDUNDANCY_CAP)) continue;
    const passage = joinPassage(input, sentences, members[0]!, members[members.length - 1]!);
    if (wordCount(passage.text) > PASSAGE_MAX_WORDS) continue;
    for (const k of members) {
      taken.add(k);
      for (let j = 0; j < n; j++) {
        repeated[j] = Math.max(repeated[j]!, edge(j, k) / Math.max(1, Math.min(sizes[j]!, sizes[k]!)));
      }
    }
    out.push(passage);
    words += wordCount(passage.text);
  }
  return out;
}

/**
 * The sentence to consider next among those not yet considered: the best tier (eligible, then
 * usable, then the rest), then the best score less what it repeats, then the earliest; undefined
 * when every sentence has been considered.
 */
function bestCandidate(
  considered: Uint8Array,
  tier: Uint8Array,
  scores: readonly number[],
  repeated: Float64Array,
): number | undefined {
  let best: number | undefined;
  let bestTier = -1;
  let bestValue = -Infinity;
  for (let i = 0; i < tier.length; i++) {
    if (considered[i]) continue;
    const value = scores[i]! - OVERLAP_WEIGHT * repeated[i]!;
    if (tier[i]! > bestTier || (tier[i] === bestTier && value > bestValue)) {
      best = i;
      bestTier = tier[i]!;
      bestValue = value;
    }
  }
  return best;
}

/**
 * The sentences [from, to] that sentence `i` needs around it to read on its own: back to a
 * sentence that does not lean on the one before it (or one already taken, which the summary will
 * show just before it), and out to balanced quotation marks. Undefined when that crosses a
 * paragraph or grows past PASSAGE_MAX_SENTENCES.
 */
function passageAround(
  sentences: readonly Sentence[],
  i: number,
  taken: ReadonlySet<number>,
): [number, number] | undefined {
  let from = i;
  let to = i;
  const fits = () => to - from < PASSAGE_MAX_SENTENCES;
  const sameParagraph = (k: number) => sentences[k]?.paragraph === sentences[i]!.paragraph;
  for (;;) {
    const first = sentences[from]!;
    if (leansBack(first.text) && first.index > 0) {
      // The sentence before must be the one the reader sees just before: nothing between them
      // (no heading, no caption the cleaning cut out) but the space of a sentence or paragraph break.
      const before = sentences[from - 1];
      if (!before || first.start - before.end > ADJACENT_GAP) return undefined;
      if (!taken.has(from - 1)) {
        if (!sameParagraph(from - 1) || !fits()) return undefined;
        from -= 1;
        continue;
      }
    }
    const balance = quoteBalance(
      sentences
        .slice(from, to + 1)
        .map((s) => s.text)
        .join(" "),
    );
    if (balance === 0) return [from, to];
    if (!fits()) return undefined;
    if (balance > 0 && sameParagraph(to + 1)) to += 1;
    else if (balance < 0 && sameParagraph(from - 1)) from -= 1;
    else return undefined;
  }
}

/** Whether a sentence opens with a word that needs the sentence before it. */
function leansBack(text: string): boolean {
  const first = /^[\s"“‘'([-]*([A-Za-z]+)/.exec(text)?.[1]?.toLowerCase();
  return first !== undefined && LEANING_OPENERS.has(first);
}

/**
 * Open quotations left at the end of the text: curly opening marks minus closing ones; straight
 * marks, which do not say which way they face, count as open when odd. Negative when the text
 * closes a quotation opened before it.
 */
function quoteBalance(text: string): number {
  let curly = 0;
  let straight = 0;
  for (const c of text) {
    if (c === "“") curly++;
    else if (c === "”") curly--;
    else if (c === '"') straight++;
  }
  return curly !== 0 ? curly : straight % 2;
}

/** Sentences [from, to] of one paragraph as one verbatim passage. */
function joinPassage(input: AnalysisInput, sentences: readonly Sentence[], from: number, to: number): Sentence {
  const first = sentences[from]!;
  if (from === to) return first;
  const last = sentences[to]!;
  const paragraph = input.paragraphs[first.paragraph]!;
  const text = paragraph.text.slice(first.start - paragraph.start, last.end - paragraph.start);
  return { text, start: first.start, end: last.end, paragraph: first.paragraph, index: first.index };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, k) => from + k);
}

/** A sentence's distinct words as article-wide ids, with how often each occurs. */
interface Bag {
  ids: number[];
  counts: number[];
}

function bagsOfWords(sentenceWords: readonly string[][]): {
  bags: Bag[];
  vocabulary: number;
  ids: ReadonlyMap<string, number>;
} {
  const ids = new Map<string, number>();
  const bags = sentenceWords.map((words) => {
    const counts = new Map<number, number>();
    for (const w of words) {
      let id = ids.get(w);
      if (id === undefined) {
        id = ids.size;
        ids.set(w, id);
      }
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return { ids: [...counts.keys()], counts: [...counts.values()] };
  });
  return { bags, vocabulary: ids.size, ids };
}

/**
 * The share of the title's distinct content words that a sentence contains; 0 for every sentence
 * when there is no title, so untitled text is ranked by centrality and position alone.
 */
function titleShare(title: string | undefined, ids: ReadonlyMap<string, number>): (bag: Bag) => number {
  const words = new Set(contentStems(title ?? ""));
  if (words.size === 0) return () => 0;
  const inTitle = new Set<number>();
  for (const w of words) {
    const id = ids.get(w);
    if (id !== undefined) inTitle.add(id);
  }
  return (bag) => bag.ids.reduce((n, id) => n + Number(inTitle.has(id)), 0) / words.size;
}

/**
 * Content words each pair of sentences shares, counted with multiplicity, as an n×n row-major
 * matrix (n ≤ RANK_WINDOW). One sentence at a time is spread into a dense array, so every pair
 * costs one pass over the other's words: this matrix is most of the summarizer's time.
 */
function sharedCounts(bags: readonly Bag[], vocabulary: number): Int32Array {
  const n = bags.length;
  const dense = new Int32Array(vocabulary);
  const shared = new Int32Array(n * n);
  for (let i = 0; i < n; i++) {
    const a = bags[i]!;
    a.ids.forEach((id, k) => {
      dense[id] = a.counts[k]!;
    });
    for (let j = i + 1; j < n; j++) {
      const b = bags[j]!;
      let count = 0;
      for (let k = 0; k < b.ids.length; k++) count += Math.min(dense[b.ids[k]!]!, b.counts[k]!);
      shared[i * n + j] = count;
      shared[j * n + i] = count;
    }
    for (const id of a.ids) dense[id] = 0;
  }
  return shared;
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
