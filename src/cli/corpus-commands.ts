// CLI commands that work on the stored corpus: headlines, index, brief and quotes.
import { performance } from "node:perf_hooks";
import { SUMMARY_LENGTH_NAMES, type SummaryLength } from "../library/briefing.js";
import { lookUpArticle, type ArticleLookup } from "../library/lookup.js";
import { dirOption, FORMATS, formatOption, oneOf, parse, positiveInt, UsageError, type OptionSpecs } from "./args.js";
import { openCorpus, write, type CliContext } from "./context.js";
import { speakerLabel } from "../library/quote-label.js";
import { count, printable, renderBriefing, renderHeadlines, renderQuote } from "./render.js";

export interface CliCommand {
  name: string;
  usage: string;
  summary: string;
  /** Every option, with the help text and default that --help shows. */
  options: OptionSpecs;
  run(argv: string[], ctx: CliContext): Promise<number>;
}

const DEFAULT_HEADLINES = 10;

const headlinesOptions = {
  topic: { type: "string", value: "WORDS", help: "only headlines about all of these words", default: "every article" },
  count: { type: "string", value: "N", help: "how many headlines", default: String(DEFAULT_HEADLINES) },
  ...dirOption,
  ...formatOption,
} as const satisfies OptionSpecs;

export const headlinesCommand: CliCommand = {
  name: "headlines",
  usage: "newsbrief headlines [--topic WORDS] [--count N] [--dir DIR] [--format text|json]",
  summary: "The newest headlines with source and date.",
  options: headlinesOptions,
  async run(argv, ctx) {
    const { values } = parse(argv, headlinesOptions, 0);
    const wanted = positiveInt("count", values.count, DEFAULT_HEADLINES);
    const format = oneOf("format", values.format, FORMATS, "text");
    const corpus = await openCorpus(ctx, values.dir);
    const articles = (await corpus.newest(wanted, values.topic)).map((e) => e.article);
    if (articles.length === 0) {
      // Nothing to show is a failed search, as in brief and quotes: exit 1 with the reason on stderr.
      ctx.io.stderr.write(
        corpus.size === 0 ? "No articles are stored yet.\n" : `No headlines are about "${values.topic}".\n`,
      );
      return 1;
    }
    if (format === "json") {
      write(
        ctx,
        `${JSON.stringify(
          articles.map(({ id, title, url, image, source, author, publishedAt }) => ({
            id,
            title,
            url,
            image,
            source,
            author,
            publishedAt,
          })),
          null,
          2,
        )}\n`,
      );
    } else {
      write(ctx, renderHeadlines(articles));
    }
    return 0;
  },
};

const indexOptions = { ...dirOption, ...formatOption } as const satisfies OptionSpecs;

export const indexCommand: CliCommand = {
  name: "index",
  usage: "newsbrief index [--dir DIR] [--format text|json]",
  summary: "Load every article, then report counts, skipped files with reasons, and the time taken.",
  options: indexOptions,
  async run(argv, ctx) {
    const { values } = parse(argv, indexOptions, 0);
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
      let out = `Loaded ${count(report.articles, "article")} (${count(report.quotes, "quote")} from ${count(report.speakers, "speaker")}) in ${report.seconds.toFixed(2)} s.\n`;
      // One line per file, whatever its name holds: a newline in a name must not forge a line of its own.
      out +=
        skipped.length === 0
          ? "No files skipped.\n"
          : `Skipped ${count(skipped.length, "file")}:\n${skipped.map((s) => `  ${printable(s.path)}: ${printable(s.reason)}\n`).join("")}`;
      if (expired.length > 0)
        out += `Removed ${count(expired.length, "feed article")} older than ${count(ctx.config.articlesRetentionDays, "day")}: ${expired.map(printable).join(", ")}\n`;
      write(ctx, out);
    }
    return 0;
  },
};

const briefOptions = {
  length: {
    type: "string",
    value: "short|standard|long",
    help: "summary length (2, 3 or 5 sentences)",
    default: "standard",
  },
  ...dirOption,
  ...formatOption,
} as const satisfies OptionSpecs;

export const briefCommand: CliCommand = {
  name: "brief",
  usage: "newsbrief brief [QUERY] [--length short|standard|long] [--dir DIR] [--format text|json]",
  summary: "The briefing of the best-matching article (an id or search words), or of the newest one.",
  options: briefOptions,
  async run(argv, ctx) {
    const { values, positionals } = parse(argv, briefOptions, 1);
    const length: SummaryLength = oneOf("length", values.length, SUMMARY_LENGTH_NAMES, "standard");
    const format = oneOf("format", values.format, FORMATS, "text");
    const corpus = await openCorpus(ctx, values.dir);
    const found = await lookUpArticle(corpus, positionals[0]);
    if (found.kind !== "found") return notFound(ctx, found);
    const { article, briefing } = found.entry;
    const summary = briefing.summary[length];
    if (format === "json") {
      const { id, title, url, image, source, author, publishedAt, dateline } = article;
      write(
        ctx,
        `${JSON.stringify({ id, title, url, image, source, author, publishedAt, dateline, length, summary: summary.map((s) => s.text), keyQuotes: briefing.keyQuotes }, null, 2)}\n`,
      );
    } else {
      write(ctx, renderBriefing(article, summary, briefing.keyQuotes));
    }
    return 0;
  },
};

const quotesOptions = {
  speaker: { type: "string", value: "NAME", help: "everything this person said, across the corpus (instead of QUERY)" },
  ...dirOption,
  ...formatOption,
} as const satisfies OptionSpecs;

export const quotesCommand: CliCommand = {
  name: "quotes",
  usage: "newsbrief quotes [QUERY] [--speaker NAME] [--dir DIR] [--format text|json]",
  summary: "Who said what in the best-matching article, or everything one speaker said across the corpus.",
  options: quotesOptions,
  async run(argv, ctx) {
    const { values, positionals } = parse(argv, quotesOptions, 1);
    const format = oneOf("format", values.format, FORMATS, "text");
    if (values.speaker !== undefined && positionals[0] !== undefined)
      throw new UsageError("give either QUERY or --speaker, not both");
    const corpus = await openCorpus(ctx, values.dir);
    if (values.speaker !== undefined) {
      const said = await corpus.speakers.quotesBy(values.speaker);
      if (said.length === 0) {
        ctx.io.stderr.write(`No quotes by "${values.speaker}" in ${count(corpus.size, "article")}.\n`);
        return 1;
      }
      if (format === "json") {
        write(
          ctx,
          `${JSON.stringify(
            said.map(({ articleId, quote }) => ({ articleId, quote })),
            null,
            2,
          )}\n`,
        );
      } else {
        write(
          ctx,
          `${speakerLabel(said[0]!.quote)}\n${said.map(({ articleId, quote }) => `${renderQuote(quote).trimEnd()}  (${articleId})\n`).join("")}`,
        );
      }
      return 0;
    }
    const found = await lookUpArticle(corpus, positionals[0]);
    if (found.kind !== "found") return notFound(ctx, found);
    const { article, briefing } = found.entry;
    if (format === "json") {
      write(ctx, `${JSON.stringify({ id: article.id, title: article.title, quotes: briefing.quotes }, null, 2)}\n`);
    } else {
      const body = briefing.quotes.length === 0 ? "  No quotes found.\n" : briefing.quotes.map(renderQuote).join("");
      write(ctx, `${article.title}\n${body}`);
    }
    return 0;
  },
};

/** Why no article was picked, on stderr, with the closest titles when the match was weak; exit 1. */
function notFound(ctx: CliContext, found: Exclude<ArticleLookup, { kind: "found" }>): number {
  let message: string;
  if (found.kind === "empty") message = "No articles are stored yet.\n";
  else if (found.kind === "none") message = `No article ${found.asId ? "has the id" : "matches"} "${found.wanted}".\n`;
  else {
    message = `Nothing matches "${found.wanted}" well. The closest titles:\n`;
    message += found.suggestions.map(({ article }) => `  ${article.title}  (${article.id})\n`).join("");
    message += "Give one of these ids, or other words.\n";
  }
  ctx.io.stderr.write(message);
  return 1;
}
