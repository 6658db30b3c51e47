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
export const ANALYSIS_VERSION = "3";

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
 * The briefing of an article from its analysis. Texts that lie inside one paragraph (summary
 * sentences, quotes and the sentences quotes came from) are re-taken as slices of that paragraph:
 * V8 keeps a slice as a reference into its parent string, so an analysis read back from the cache
 * or a worker does not hold a second copy of them (about a third of the corpus's memory with
 * 10,000 articles).
 */
export function toBriefing(article: Pick<Article, "id" | "paragraphs">, analysis: Analysis): Briefing {
  const { paragraphs } = article;
  for (const item of analysis.ranked) item.text = sliceOf(paragraphAt(paragraphs, item.start), item.text, item.start);
  for (const quote of analysis.quotes) {
    const paragraph = paragraphAt(paragraphs, quote.start);
    quote.text = sliceOf(paragraph, quote.text, quote.start);
    // The sentence holds the quote, so it starts at most its own length before it.
    quote.sentence = sliceOf(paragraph, quote.sentence, quote.start - quote.sentence.length);
  }
  const summary = Object.fromEntries(
    SUMMARY_LENGTH_NAMES.map((length) => [length, summaryFromRanking(analysis.ranked, SUMMARY_LENGTHS[length])]),
  ) as Record<SummaryLength, Sentence[]>;
  const keyQuotes = analysis.keyQuotes.map((i) => analysis.quotes[i]).filter((q): q is Quote => q !== undefined);
  return { articleId: article.id, summary, quotes: analysis.quotes, keyQuotes };
}

/** The paragraph holding source offset `offset`, by binary search (paragraphs are in source order). */
function paragraphAt(paragraphs: readonly Paragraph[], offset: number): Paragraph | undefined {
  let lo = 0;
  let hi = paragraphs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (paragraphs[mid]!.start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return paragraphs[lo];
}

/** `text` as a slice of the paragraph, searched from source offset `from`; `text` itself when it is not there. */
function sliceOf(paragraph: Paragraph | undefined, text: string, from: number): string {
  if (!paragraph) return text;
  const at = paragraph.text.indexOf(text, Math.max(0, from - paragraph.start));
  return at === -1 ? text : paragraph.text.slice(at, at + text.length);
}
