// CLI commands that work on the stored corpus: headlines, index, brief and quotes.
import { performance } from "node:perf_hooks";
import { SUMMARY_LENGTH_NAMES, type SummaryLength } from "../library/briefing.js";
import type { Corpus } from "../library/corpus.js";
import { FORMATS, oneOf, parse, positiveInt, UsageError } from "./args.js";
import { openCorpus, write, type CliContext } from "./context.js";
import { speakerLabel } from "../library/quote-label.js";
import { renderBriefing, renderHeadlines, renderQuote } from "./render.js";

const dirOption = { dir: { type: "string" } } as const;
const formatOption = { format: { type: "string" } } as const;

export interface CliCommand {
  name: string;
  usage: string;
  summary: string;
  run(argv: string[], ctx: CliContext): Promise<number>;
}

export const headlinesCommand: CliCommand = {
  name: "headlines",
  usage: "newsbrief headlines [--topic WORDS] [--count N] [--dir DIR] [--format text|json]",
  summary: "The newest headlines with source and date.",
  async run(argv, ctx) {
    const { values } = parse(argv, { topic: { type: "string" }, count: { type: "string" }, ...dirOption, ...formatOption }, 0);
    const count = positiveInt("count", values.count, 10);
    const format = oneOf("format", values.format, FORMATS, "text");
    const corpus = await openCorpus(ctx, values.dir);
    const articles = (await corpus.newest(count, values.topic)).map((e) => e.article);
    if (format === "json") {
      write(ctx, `${JSON.stringify(articles.map(({ id, title, url, source, author, publishedAt }) => ({ id, title, url, source, author, publishedAt })), null, 2)}\n`);
    } else {
      write(ctx, renderHeadlines(articles));
    }
    return 0;
  },
};

export const indexCommand: CliCommand = {
  name: "index",
  usage: "newsbrief index [--dir DIR] [--format text|json]",
  summary: "Load every article, then report counts, skipped files with reasons, and the time taken.",
  async run(argv, ctx) {
    const { values } = parse(argv, { ...dirOption, ...formatOption }, 0);
    const format = oneOf("format", values.format, FORMATS, "text");
    const started = performance.now();
    const corpus = await openCorpus(ctx, values.dir);
    const seconds = (performance.now() - started) / 1000;
    const { skipped, expired } = corpus.lastRefresh;
    const { quotes, speakers } = await corpus.totals();
    const report = { articles: corpus.size, skipped, expired, quotes, speakers, seconds: Number(seconds.toFixed(3)) };
    if (format === "json") {
      write(ctx, `${JSON.stringify(report, null, 2)}\n`);
    } else {
      let out = `Loaded ${report.articles} articles (${report.quotes} quotes from ${report.speakers} speakers) in ${report.seconds.toFixed(2)} s.\n`;
      out += skipped.length === 0 ? "No files skipped.\n" : `Skipped ${skipped.length} files:\n${skipped.map((s) => `  ${s.path}: ${s.reason}\n`).join("")}`;
      if (expired.length > 0) out += `Removed ${expired.length} feed articles older than ${ctx.config.articlesRetentionDays} days: ${expired.join(", ")}\n`;
      write(ctx, out);
    }
    return 0;
  },
};

export const briefCommand: CliCommand = {
  name: "brief",
  usage: "newsbrief brief [QUERY] [--length short|standard|long] [--dir DIR] [--format text|json]",
  summary: "The briefing of the best-matching article (an id or search words), or of the newest one.",
  async run(argv, ctx) {
    const { values, positionals } = parse(argv, { length: { type: "string" }, ...dirOption, ...formatOption }, 1);
    const length: SummaryLength = oneOf("length", values.length, SUMMARY_LENGTH_NAMES, "standard");
    const format = oneOf("format", values.format, FORMATS, "text");
    const corpus = await openCorpus(ctx, values.dir);
    const entry = await corpus.find(positionals[0]);
    if (!entry) return notFound(ctx, corpus, positionals[0]);
    const { article, briefing } = entry;
    const summary = briefing.summary[length];
    if (format === "json") {
      const { id, title, url, source, author, publishedAt, dateline } = article;
      write(ctx, `${JSON.stringify({ id, title, url, source, author, publishedAt, dateline, length, summary: summary.map((s) => s.text), keyQuotes: briefing.keyQuotes }, null, 2)}\n`);
    } else {
      write(ctx, renderBriefing(article, summary, briefing.keyQuotes));
    }
    return 0;
  },
};

export const quotesCommand: CliCommand = {
  name: "quotes",
  usage: "newsbrief quotes [QUERY] [--speaker NAME] [--dir DIR] [--format text|json]",
  summary: "Who said what in the best-matching article, or everything one speaker said across the corpus.",
  async run(argv, ctx) {
    const { values, positionals } = parse(argv, { speaker: { type: "string" }, ...dirOption, ...formatOption }, 1);
    const format = oneOf("format", values.format, FORMATS, "text");
    if (values.speaker !== undefined && positionals[0] !== undefined) throw new UsageError("give either QUERY or --speaker, not both");
    const corpus = await openCorpus(ctx, values.dir);
    if (values.speaker !== undefined) {
      const said = await corpus.speakers.quotesBy(values.speaker);
      if (said.length === 0) {
        ctx.io.stderr.write(`No quotes by "${values.speaker}" in ${corpus.size} articles.\n`);
        return 1;
      }
      if (format === "json") {
        write(ctx, `${JSON.stringify(said.map(({ articleId, quote }) => ({ articleId, quote })), null, 2)}\n`);
      } else {
        write(ctx, `${speakerLabel(said[0]!.quote)}\n${said.map(({ articleId, quote }) => `${renderQuote(quote).trimEnd()}  (${articleId})\n`).join("")}`);
      }
      return 0;
    }
    const entry = await corpus.find(positionals[0]);
    if (!entry) return notFound(ctx, corpus, positionals[0]);
    const { article, briefing } = entry;
    if (format === "json") {
      write(ctx, `${JSON.stringify({ id: article.id, title: article.title, quotes: briefing.quotes }, null, 2)}\n`);
    } else {
      const body = briefing.quotes.length === 0 ? "  No quotes found.\n" : briefing.quotes.map(renderQuote).join("");
      write(ctx, `${article.title}\n${body}`);
    }
    return 0;
  },
};

function notFound(ctx: CliContext, corpus: Corpus, query: string | undefined): number {
  ctx.io.stderr.write(corpus.size === 0 ? "No articles are stored yet.\n" : `No article matches "${query}".\n`);
  return 1;
}
