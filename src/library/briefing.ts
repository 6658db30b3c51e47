// A Briefing is everything the bot shows about one article: the summary at each length and
// the quotes. It is built once per article content and cached by content hash.
import { z } from "zod";
import type { Article, Paragraph } from "../articles/article.js";
import { rankForSummary, summaryFromRanking, SUMMARY_LENGTHS, type SummaryLength } from "../analysis/summarize.js";
import { extractQuotes } from "../analysis/quotes.js";
import { keyQuotes } from "../analysis/key-quotes.js";
import type { AnalysisInput, Quote, Sentence } from "../analysis/types.js";

export type { SummaryLength };
export const SUMMARY_LENGTH_NAMES = Object.keys(SUMMARY_LENGTHS) as SummaryLength[];

/** Bump when the summarizer or quote extractor changes output, so cached briefings are rebuilt. */
export const ANALYSIS_VERSION = "2";

const KEY_QUOTES = 3;

const sentenceSchema = z.object({
  text: z.string(),
  start: z.number(),
  end: z.number(),
  paragraph: z.number(),
  index: z.number(),
});
const quoteSchema = z.object({
  speaker: z.string(),
  role: z.string().optional(),
  speakerType: z.enum(["person", "group"]),
  kind: z.enum(["direct", "reported"]),
  text: z.string(),
  start: z.number(),
  end: z.number(),
  sentence: z.string(),
});

/** The content-derived part of a briefing: what the cache stores, keyed by content hash. */
export const analysisSchema = z.object({
  /** Summary sentences in selection order (best first), up to the longest length. */
  ranked: z.array(sentenceSchema),
  quotes: z.array(quoteSchema),
  /** Indexes into `quotes`, best first. */
  keyQuotes: z.array(z.number().int().nonnegative()),
});
export type Analysis = z.infer<typeof analysisSchema>;

export interface Briefing {
  articleId: string;
  summary: Record<SummaryLength, Sentence[]>;
  quotes: Quote[];
  keyQuotes: Quote[];
}

export function analysisInput(article: Pick<Article, "title" | "paragraphs" | "headings">): AnalysisInput {
  return { title: article.title, paragraphs: article.paragraphs, headings: article.headings };
}

/** Runs the analysis of one article: pure and deterministic. */
export function analyze(input: AnalysisInput): Analysis {
  const ranked = rankForSummary(input, SUMMARY_LENGTHS.long);
  const quotes = extractQuotes(input);
  const key = keyQuotes(quotes, summaryFromRanking(ranked, SUMMARY_LENGTHS.standard), KEY_QUOTES);
  return { ranked, quotes, keyQuotes: key.map((q) => quotes.indexOf(q)) };
}

/**
 * The briefing of an article from its analysis. Texts that lie inside one paragraph are re-taken
 * as slices of that paragraph: V8 keeps a slice as a reference into its parent string, so an
 * analysis read back from the cache does not hold a second copy of every summary sentence and
 * quote (about a third of the corpus's memory with 10,000 articles).
 */
export function toBriefing(article: Pick<Article, "id" | "paragraphs">, analysis: Analysis): Briefing {
  const slice = paragraphSlicer(article.paragraphs);
  for (const item of [...analysis.ranked, ...analysis.quotes]) item.text = slice(item.start, item.end, item.text);
  const summary = Object.fromEntries(
    SUMMARY_LENGTH_NAMES.map((length) => [length, summaryFromRanking(analysis.ranked, SUMMARY_LENGTHS[length])]),
  ) as Record<SummaryLength, Sentence[]>;
  const keyQuotes = analysis.keyQuotes.map((i) => analysis.quotes[i]).filter((q): q is Quote => q !== undefined);
  return { articleId: article.id, summary, quotes: analysis.quotes, keyQuotes };
}

/** (start, end, text) → the same text as a slice of the paragraph holding [start, end), if one does. */
function paragraphSlicer(paragraphs: readonly Paragraph[]): (start: number, end: number, text: string) => string {
  return (start, end, text) => {
    let lo = 0;
    let hi = paragraphs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (paragraphs[mid]!.start <= start) lo = mid;
      else hi = mid - 1;
    }
    const p = paragraphs[lo];
    if (!p || start < p.start || end > p.start + p.text.length) return text;
    const slice = p.text.slice(start - p.start, end - p.start);
    return slice === text ? slice : text;
  };
}
