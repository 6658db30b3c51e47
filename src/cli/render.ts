// Terminal rendering of headlines, briefings and quotes: plain text that reads well in a shell
// and pipes cleanly (no colour codes, no progress output on stdout).
import type { Article } from "../articles/article.js";
import type { Quote, Sentence } from "../analysis/types.js";
import { quoteContent, speakerLabel } from "../library/quote-label.js";

/** "1 article", "3 articles": a count with its noun, singular for one. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

const ESCAPES: Readonly<Record<string, string>> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };
/** Backslashes and the C0 and C1 controls: a terminal reads some C1 codes (U+009B) as escape sequences. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what gets escaped here
const UNPRINTABLE = /[\\\u0000-\u001f\u007f-\u009f]/g;

/** Text safe on one line of a report: control characters (a newline in a file name) and backslashes are escaped. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => ESCAPES[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

/** "Reuters · 2025-10-26", or whichever parts are known. */
export function byline(article: Pick<Article, "source" | "publishedAt">): string {
  return [article.source, article.publishedAt?.slice(0, 10)].filter(Boolean).join(" · ");
}

export function renderHeadlines(articles: readonly Article[]): string {
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
