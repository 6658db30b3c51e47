// A Briefing is everything the bot shows about one article: the summary at each length and
// the quotes. Its analysis is computed once per article content; the cache keeps it as a record
// (analysis-record.ts) keyed by content hash.
import type { Article } from "../articles/article.js";
import { analysedPart } from "../analysis/budget.js";
import { splitSentences } from "../analysis/sentences.js";
import { rankSentences, summaryFromRanking, SUMMARY_LENGTHS, type SummaryLength } from "../analysis/summarize.js";
import { extractQuotes } from "../analysis/quotes.js";
import { keyQuotes } from "../analysis/key-quotes.js";
import type { AnalysisInput, Quote, Sentence } from "../analysis/types.js";

export type { SummaryLength };
export const SUMMARY_LENGTH_NAMES = Object.keys(SUMMARY_LENGTHS) as SummaryLength[];

/**
 * Bump when the summarizer or quote extractor changes output, or the record format changes, so
 * stored analyses are rebuilt once (the store records the version each file was analysed with).
 */
export const ANALYSIS_VERSION = "11";

const KEY_QUOTES = 3;

/** The content-derived part of a briefing, from which every length of summary is cut. */
export interface Analysis {
  /** Summary passages in selection order (best first), enough for the longest length. */
  ranked: Sentence[];
  quotes: Quote[];
  /** Indexes into `quotes`, best first. */
  keyQuotes: number[];
}

export interface Briefing {
  articleId: string;
  summary: Record<SummaryLength, Sentence[]>;
  quotes: Quote[];
  keyQuotes: Quote[];
}

export function analysisInput(article: Pick<Article, "title" | "paragraphs" | "headings">): AnalysisInput {
  return { title: article.title, paragraphs: article.paragraphs, headings: article.headings };
}

/** Runs the analysis of one article: pure and deterministic. The summary and the quotes share one split. */
export function analyze(input: AnalysisInput): Analysis {
  const part = analysedPart(input);
  const sentences = splitSentences(part);
  const ranked = rankSentences(part, sentences, { words: SUMMARY_LENGTHS.long });
  const quotes = extractQuotes(part, sentences);
  const key = keyQuotes(quotes, summaryFromRanking(ranked, { words: SUMMARY_LENGTHS.standard }), KEY_QUOTES);
  return { ranked, quotes, keyQuotes: key.map((q) => quotes.indexOf(q)) };
}

/** The briefing of an article from its analysis. */
export function toBriefing(articleId: string, analysis: Analysis): Briefing {
  const summary = Object.fromEntries(
    SUMMARY_LENGTH_NAMES.map((length) => [
      length,
      summaryFromRanking(analysis.ranked, { words: SUMMARY_LENGTHS[length] }),
    ]),
  ) as Record<SummaryLength, Sentence[]>;
  const keyQuotes = analysis.keyQuotes.map((i) => analysis.quotes[i]).filter((q): q is Quote => q !== undefined);
  return { articleId, summary, quotes: analysis.quotes, keyQuotes };
}
