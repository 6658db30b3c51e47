// Builds stored articles straight from invented titles, bodies and quotes, so the store's contract
// (search, topics, order, speakers) is tested without running the analysis.
import type { Article } from "../../src/articles/article.js";
import type { Quote } from "../../src/analysis/types.js";
import { searchText } from "../../src/analysis/search-terms.js";
import { speakerMentions } from "../../src/analysis/speaker-names.js";
import type { NewArticle } from "../../src/store/corpus-store.js";
import type { AnalysisRecord } from "../../src/library/analysis-record.js";

export interface Draft {
  id: string;
  title: string;
  body?: string;
  topics?: string[];
  publishedAt?: string;
  firstSeenAt?: string;
  quotes?: Quote[];
  path?: string;
}

export function stored(d: Draft): NewArticle {
  const body = d.body ?? `${d.title}.`;
  const firstSeenAt = d.firstSeenAt ?? "2026-01-01T00:00:00.000Z";
  const article: Article = {
    id: d.id,
    title: d.title,
    paragraphs: [{ text: body, start: 0 }],
    headings: [],
    path: d.path ?? `${d.id}.json`,
    hash: `hash-${d.id}`,
    firstSeenAt,
    ...(d.publishedAt ? { publishedAt: d.publishedAt } : {}),
    ...(d.topics ? { topics: d.topics } : {}),
  };
  const quotes = d.quotes ?? [];
  const record: AnalysisRecord = {
    paragraphs: 1,
    chars: body.length,
    ranked: [],
    quotes: quotes.map((q) => ({ ...q })),
    keyQuotes: [],
  };
  return {
    article,
    doc: JSON.stringify(article),
    analysis: { record: JSON.stringify(record), quotes: quotes.length, mentions: speakerMentions(quotes) },
    search: searchText(d.title, [body], d.topics),
    sortMs: Date.parse(d.publishedAt ?? firstSeenAt),
  };
}

export function q(speaker: string, text: string, role?: string, speakerType: Quote["speakerType"] = "person"): Quote {
  const quote: Quote = { speaker, speakerType, kind: "direct", text, start: 0, end: text.length, sentence: text };
  if (role) quote.role = role;
  return quote;
}
