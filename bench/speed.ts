// npm run bench [-- --eval DIR --postgres URL] — speed and memory, measured by scripts (never by timed tests):
//   analysis throughput (articles/s on one core, median of several runs), quote extraction rate,
//   whether analysis depends on article order, the worst case over hostile 2 MB articles
//   (bench/shapes.ts), corpus start-up with 10,000 articles cold and with a warm cache, resident
//   memory, Discord handling, the headline tick and feed ingestion; with --postgres, the two-process
//   headline fan-out and feed fetch over that database (bench/fanout.ts).
// Analysis reads the CNN/DM dev articles from ../shared/eval (or --eval DIR) when present,
// synthetic articles otherwise; the header and every figure name the corpus measured.
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { rankForSummary, SUMMARY_LENGTHS } from "../src/analysis/summarize.js";
import { extractQuotes } from "../src/analysis/quotes.js";
import type { AnalysisInput } from "../src/analysis/types.js";
import { benchCorpus, DEFAULT_EVAL_DIR } from "./corpus.js";
import { benchDiscord, type Percentiles } from "./discord.js";
import { benchFanout } from "./fanout.js";
import { benchFeeds } from "./feeds.js";
import { writeSyntheticCorpus } from "./synthetic.js";
import { benchWorstCase } from "./worst-case.js";
import { benchTick } from "./tick.js";

const here = dirname(fileURLToPath(import.meta.url));
const RUNS = 5;
const CORPUS_SIZE = 10_000;
const { eval: evalDir, postgres } = parseArgs({
  options: { eval: { type: "string", default: DEFAULT_EVAL_DIR }, postgres: { type: "string" } },
}).values;
/** The default ARTICLE_MAX_BYTES: the largest article the bot accepts. */
const ARTICLE_MAX_BYTES = 2 * 1024 * 1024;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function rate(docs: AnalysisInput[], work: (doc: AnalysisInput) => unknown): number {
  for (const d of docs.slice(0, 20)) work(d); // warm up the JIT and the stem cache
  const perRun: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now();
    for (const d of docs) work(d);
    perRun.push(docs.length / ((performance.now() - t) / 1000));
  }
  return median(perRun);
}

function analyseFully(doc: AnalysisInput): void {
  rankForSummary(doc, { words: SUMMARY_LENGTHS.long });
  extractQuotes(doc);
}

console.log(`newsbrief bench — Node ${process.version}, one core, median of ${RUNS} runs`);
const analysis = benchCorpus(["cnndm-dev"], evalDir);
const docs = analysis.docs;
// A process of its own, so that its forward pass starts from a thread that has read nothing.
const order = JSON.parse(
  execFileSync(process.execPath, [join(here, "determinism.js"), evalDir], { encoding: "utf8" }),
) as {
  corpus: string;
  description: string;
  articles: number;
  differing: number;
};
const tag = (corpus: string) => `   [${corpus}]`;
console.log(`Corpora (each figure is tagged with its own):`);
console.log(`  analysis figures      ${analysis.description}`);
console.log(`  order independence    ${order.description}`);
console.log(
  `  start-up, Discord, headline tick: ${CORPUS_SIZE} synthetic articles (bench/synthetic.ts); feeds: a generated 1,000-item feed\n`,
);
console.log(`Analysis:`);
console.log(
  `  sentences + summary   ${rate(docs, (d) => rankForSummary(d, { words: SUMMARY_LENGTHS.long }))
    .toFixed(0)
    .padStart(7)} articles/s${tag(analysis.name)}`,
);
console.log(
  `  quote extraction      ${rate(docs, (d) => extractQuotes(d))
    .toFixed(0)
    .padStart(7)} articles/s${tag(analysis.name)}`,
);
console.log(
  `  full analysis (both)  ${rate(docs, analyseFully).toFixed(0).padStart(7)} articles/s${tag(analysis.name)}`,
);
console.log(
  `  analyses that differ between a forward and a reversed pass: ${order.differing} of ${order.articles} (must be 0)${tag(order.corpus)}`,
);
if (order.differing > 0) process.exitCode = 1;

const worst = benchWorstCase(ARTICLE_MAX_BYTES);
console.log(
  `\nHostile articles of ${ARTICLE_MAX_BYTES / 1024 / 1024} MB, each in its own process (clean, analyse, index):`,
);
for (const w of worst) {
  console.log(
    `  ${w.shape.padEnd(20)}  ${w.ms.toFixed(0).padStart(6)} ms   CPU ${w.cpuMs.toFixed(0).padStart(6)} ms   extra peak memory ${w.extraMb.toFixed(0).padStart(4)} MB`,
  );
}
const slowest = worst.reduce((a, b) => (b.ms > a.ms ? b : a));
const largest = worst.reduce((a, b) => (b.extraMb > a.extraMb ? b : a));
console.log(
  `  worst time ${slowest.ms.toFixed(0)} ms (${slowest.shape}), worst memory ${largest.extraMb.toFixed(0)} MB (${largest.shape})`,
);

const dir = mkdtempSync(join(tmpdir(), "newsbrief-bench-"));
writeSyntheticCorpus(join(dir, "articles"), CORPUS_SIZE);
const store = `sqlite://${join(dir, "store.sqlite")}`;
const startup = (): { articles: number; seconds: number; rssMb: number; peakRssMb: number } =>
  JSON.parse(
    execFileSync(process.execPath, [join(here, "startup.js"), join(dir, "articles"), store], { encoding: "utf8" }),
  ) as never;
const cold = startup();
const warm = startup();
console.log(`\nCorpus start-up with ${cold.articles} synthetic articles (separate processes, SQLite store):`);
console.log(
  `  cold (empty cache)    ${cold.seconds.toFixed(2).padStart(7)} s   resident once loaded ${cold.rssMb.toFixed(0)} MB, peak while loading ${cold.peakRssMb.toFixed(0)} MB${tag("synthetic")}`,
);
console.log(
  `  warm (cache filled)   ${warm.seconds.toFixed(2).padStart(7)} s   resident once loaded ${warm.rssMb.toFixed(0)} MB, peak while loading ${warm.peakRssMb.toFixed(0)} MB${tag("synthetic")}`,
);

const ms = (p: Percentiles) =>
  `p50 ${p.p50.toFixed(2).padStart(6)} ms   p99 ${p.p99.toFixed(2).padStart(6)} ms   (n ${p.n})`;
const discord = await benchDiscord({ articlesDir: join(dir, "articles"), storeUrl: store });
console.log(`\nDiscord handling in process, ${discord.articles} articles loaded (router receives → reply sent):`);
console.log(`  /brief                ${ms(discord.brief)}${tag("synthetic")}`);
console.log(`  /brief autocomplete   ${ms(discord.autocomplete)}${tag("synthetic")}`);
console.log(
  `  round trip over loopback (upper bound): /brief p99 ${discord.roundTrip.brief.p99.toFixed(2)} ms, autocomplete p99 ${discord.roundTrip.autocomplete.p99.toFixed(2)} ms${tag("synthetic")}`,
);

const tick = await benchTick();
console.log(
  `\nHeadline tick (network excluded, median of 5): ${tick.subscriptions} subscriptions, ${tick.newArticles} new articles → ${tick.posts} posts in ${tick.ms.toFixed(0)} ms${tag("synthetic")}`,
);

const feeds = await benchFeeds();
console.log(
  `\nFeed ingestion (network excluded): ${feeds.itemsPerSecond.toFixed(0)} items/s from a local feed of 1,000 items${tag("generated feed")}`,
);

if (postgres) await benchFanout(postgres);
