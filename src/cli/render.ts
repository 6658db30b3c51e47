// Terminal rendering of headlines, briefings and quotes: plain text that reads well in a shell
// and pipes cleanly (no colour codes, no progress output on stdout).
import type { Article } from "../articles/article.js";
import type { Quote, Sentence } from "../analysis/types.js";
import { quoteContent, speakerLabel } from "../library/quote-label.js";

/** "Reuters · 2025-10-26", or whichever parts are known. */
export function byline(article: Pick<Article, "source" | "publishedAt">): string {
  return [article.source, article.publishedAt?.slice(0, 10)].filter(Boolean).join(" · ");
}

export function renderHeadlines(articles: readonly Article[]): string {
  if (articles.length === 0) return "No articles found.\n";
  return articles
    .map((a) => {
      const meta = byline(a);
      return `${a.title}\n  ${meta ? `${meta} · ` : ""}${a.id}\n`;
    })
    .join("");
}

export function renderSummary(sentences: readonly Sentence[]): string {
  return sentences.map((s) => `  • ${s.text}\n`).join("");
}

export function renderQuote(quote: Quote): string {
  const text = quote.kind === "direct" ? `“${quoteContent(quote)}”` : quoteContent(quote);
  return `  ${speakerLabel(quote)}: ${text}\n`;
}

export function renderBriefing(article: Article, summary: readonly Sentence[], keyQuotes: readonly Quote[]): string {
  const meta = byline(article);
  let out = `${article.title}\n`;
  if (meta) out += `${meta}\n`;
  if (article.url) out += `${article.url}\n`;
  out += `\n${renderSummary(summary)}`;
  if (keyQuotes.length > 0) out += `\nKey quotes\n${keyQuotes.map(renderQuote).join("")}`;
  return `${out}\n(id: ${article.id})\n`;
}
