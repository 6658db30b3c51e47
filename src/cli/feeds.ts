// CLI commands for the feeds: `feeds add|list|remove` manage FEEDS_FILE, `fetch` runs one fetch of
// every feed now, with a progress bar on a terminal and a report per feed.
import { SingleBar } from "cli-progress";
import { z } from "zod";
import { addFeed, canonicalFeedUrl, feedEntrySchema, readFeedList, removeFeed } from "../feeds/feed-list.js";
import { runFeedsOnce, type FeedReport, type FetchReport } from "../feeds/run.js";
import { FeedStates, type FeedState } from "../feeds/state.js";
import { Store } from "../store.js";
import { FORMATS, formatOption, oneOf, parse, UsageError, type OptionSpecs } from "./args.js";
import type { CliContext } from "./context.js";
import type { CliCommand } from "./corpus-commands.js";
import { count } from "./render.js";

const feedsFileOption = {
  feeds: { type: "string", value: "FILE", help: "the feed list", default: "$FEEDS_FILE, else data/feeds.json" },
} as const satisfies OptionSpecs;

const feedsOptions = {
  name: {
    type: "string",
    value: "NAME",
    help: "add: the articles' source name",
    default: "the feed's own title; kept when updating",
  },
  topic: {
    type: "string",
    value: "WORDS",
    help: "add: topic words for the feed's articles",
    default: "none; kept when updating",
  },
  ...feedsFileOption,
  ...formatOption,
} as const satisfies OptionSpecs;

async function withStates<T>(ctx: CliContext, work: (states: FeedStates) => Promise<T>): Promise<T> {
  const store = new Store(ctx.config.storeUrl, ctx.log);
  try {
    await store.check();
    return await work(new FeedStates(store));
  } finally {
    await store.close();
  }
}

export const feedsCommand: CliCommand = {
  name: "feeds",
  usage:
    "newsbrief feeds add URL [--name NAME] [--topic WORDS] | list [--format text|json] | remove URL   [--feeds FILE]",
  summary: "Manage the feed list (FEEDS_FILE, default data/feeds.json); `list` shows each feed's last fetch.",
  options: feedsOptions,
  async run(argv, ctx) {
    const { values, positionals } = parse(argv, feedsOptions, 2);
    const [action, url] = positionals;
    const file = values.feeds ?? ctx.config.feeds.file;
    switch (action) {
      case "add": {
        if (url === undefined) throw new UsageError("feeds add needs the feed's URL");
        const entry = feedEntrySchema.safeParse({ url, name: values.name, topic: values.topic });
        if (!entry.success) throw new UsageError(z.prettifyError(entry.error));
        const done = await addFeed(file, entry.data);
        ctx.io.stdout.write(`${done === "added" ? "Added" : "Updated"} ${entry.data.url} in ${file}.\n`);
        return 0;
      }
      case "remove": {
        if (url === undefined) throw new UsageError("feeds remove needs the feed's URL");
        if (!(await removeFeed(file, url))) {
          ctx.io.stderr.write(`${url} is not in ${file}.\n`);
          return 1;
        }
        if (URL.canParse(url)) await withStates(ctx, (states) => states.delete(url));
        ctx.io.stdout.write(`Removed ${url} from ${file}.\n`);
        return 0;
      }
      case "list": {
        if (url !== undefined) throw new UsageError(`unexpected argument "${url}"`);
        const format = oneOf("format", values.format, FORMATS, "text");
        const list = await readFeedList(file);
        const rows = await withStates(ctx, (states) =>
          Promise.all(list.feeds.map(async (feed) => ({ ...feed, state: await states.get(feed.url) }))),
        );
        if (format === "json")
          ctx.io.stdout.write(
            `${JSON.stringify(
              rows.map(({ state: { seen, ...state }, ...feed }) => ({ ...feed, ...state, seenItems: seen.length })),
              null,
              2,
            )}\n`,
          );
        else ctx.io.stdout.write(renderFeedList(file, rows));
        return 0;
      }
      default:
        throw new UsageError(
          action === undefined ? "say add, list or remove" : `unknown action "${action}": say add, list or remove`,
        );
    }
  },
};

function renderFeedList(
  file: string,
  rows: ReadonlyArray<{ url: string; name?: string; topic?: string; state: FeedState }>,
): string {
  if (rows.length === 0) return `No feeds in ${file}. Add one with: newsbrief feeds add URL\n`;
  const lines = [`${count(rows.length, "feed")} in ${file}:`];
  for (const { url, name, topic, state } of rows) {
    lines.push(`- ${name ?? state.title ?? canonicalFeedUrl(url)}`, `    url: ${url}`);
    if (topic) lines.push(`    topic: ${topic}`);
    const last = state.lastResult;
    lines.push(last ? `    last fetch: ${last.at} — ${last.outcome}: ${last.message}` : "    last fetch: never");
    if (state.failures > 0)
      lines.push(
        `    ${count(state.failures, "failure")} in a row; next try after ${state.backoffUntil ?? "the next tick"}`,
      );
  }
  return `${lines.join("\n")}\n`;
}

const fetchOptions = {
  ...feedsFileOption,
  force: { type: "boolean", help: "fetch feeds that are backing off after failures too", default: "off" },
  ...formatOption,
} as const satisfies OptionSpecs;

export const fetchCommand: CliCommand = {
  name: "fetch",
  usage: "newsbrief fetch [--feeds FILE] [--force] [--format text|json]",
  summary:
    "Fetch every feed now and store new articles. Exit 1 only when every feed fetched failed; --force ignores backoff.",
  options: fetchOptions,
  async run(argv, ctx) {
    const { values } = parse(argv, fetchOptions, 0);
    const format = oneOf("format", values.format, FORMATS, "text");
    const bar = ctx.io.stdout.isTTY
      ? new SingleBar({
          stream: ctx.io.stderr,
          format: "Fetching feeds [{bar}] {value}/{total} {feed}",
          hideCursor: true,
        })
      : undefined;
    let started = false;
    let report: FetchReport;
    try {
      report = await withStates(ctx, (states) =>
        runFeedsOnce(
          // Failures are in the report itself; the log keeps only real trouble.
          { config: ctx.config, states, log: ctx.log.child({}, { level: "error" }) },
          {
            feedsFile: values.feeds,
            force: values.force,
            onStart: (total) => {
              if (!bar || total === 0) return;
              bar.start(total, 0, { feed: "" });
              started = true;
            },
            onFeedDone: (feed) => bar?.increment({ feed: feed.source }),
          },
        ),
      );
    } finally {
      if (started) bar?.stop();
    }
    if (format === "json") ctx.io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else ctx.io.stdout.write(renderFetchReport(report, values.feeds ?? ctx.config.feeds.file));
    // "It ran" is success even when some feeds failed; only a run in which nothing could be fetched is not.
    return report.attempted > 0 && report.failed === report.attempted ? 1 : 0;
  },
};

const MARKS: Record<FeedReport["outcome"], string> = {
  new: "new",
  unchanged: "ok",
  "not-modified": "ok",
  failed: "FAILED",
  "backing-off": "wait",
  stopped: "stopped",
};

function renderFetchReport(report: FetchReport, file: string): string {
  if (report.feeds.length === 0) return `No feeds in ${file}. Add one with: newsbrief feeds add URL\n`;
  const backingOff = report.feeds.filter((f) => f.outcome === "backing-off").length;
  const stopped = report.feeds.filter((f) => f.outcome === "stopped").length;
  const notFinished = [
    backingOff > 0 ? `${backingOff} backing off` : "",
    stopped > 0 ? `${stopped} stopped` : "",
  ].filter(Boolean);
  const fetched = report.attempted - report.failed;
  const lines = [
    `Tried ${report.attempted} of ${count(report.feeds.length, "feed")}${notFinished.length > 0 ? ` (${notFinished.join(", ")})` : ""}: ` +
      `${fetched} fetched, ${report.failed} failed; ${count(report.newArticles, "new article")}.`,
  ];
  for (const feed of report.feeds) {
    lines.push(`[${MARKS[feed.outcome]}] ${feed.source}: ${feed.message}`);
    for (const article of feed.articles)
      lines.push(`    + ${article.id}${article.partial ? " (partial: from the feed's summary)" : ""}`);
    for (const skipped of feed.skipped) lines.push(`    - skipped "${skipped.item}": ${skipped.reason}`);
  }
  return `${lines.join("\n")}\n`;
}
