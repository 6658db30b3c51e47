// npm run bench — speed and memory, measured by scripts (never by timed tests):
//   analysis throughput (articles/s on one core, median of several runs), quote extraction rate,
//   corpus start-up with 10,000 articles cold and with a warm cache, and resident memory.
// Uses the CNN/DM dev articles from ../shared/eval when present, synthetic articles otherwise.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { cleanPage } from "../src/articles/clean.js";
import { rankForSummary, SUMMARY_LENGTHS } from "../src/analysis/summarize.js";
import { extractQuotes } from "../src/analysis/quotes.js";
import type { AnalysisInput } from "../src/analysis/types.js";
import { syntheticArticle, writeSyntheticCorpus } from "./synthetic.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const RUNS = 5;
const CORPUS_SIZE = 10_000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function inputs(): { label: string; docs: AnalysisInput[] } {
  const cnndm = resolve(root, "../shared/eval/cnndm-dev.jsonl");
  if (existsSync(cnndm)) {
    const docs = readFileSync(cnndm, "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => cleanPage((JSON.parse(l) as { text: string }).text));
    return { label: `${docs.length} CNN/DM dev articles (../shared/eval)`, docs };
  }
  const docs = Array.from({ length: 200 }, (_, i) => cleanPage(syntheticArticle(i).body));
  return { label: "200 synthetic articles (../shared/eval not found)", docs };
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

const { label, docs } = inputs();
console.log(`newsbrief bench — Node ${process.version}, one core, median of ${RUNS} runs\n`);
console.log(`Analysis on ${label}:`);
console.log(`  sentences + summary   ${rate(docs, (d) => rankForSummary(d, SUMMARY_LENGTHS.long)).toFixed(0).padStart(7)} articles/s`);
console.log(`  quote extraction      ${rate(docs, (d) => extractQuotes(d)).toFixed(0).padStart(7)} articles/s`);
console.log(`  full analysis (both)  ${rate(docs, (d) => (rankForSummary(d, SUMMARY_LENGTHS.long), extractQuotes(d))).toFixed(0).padStart(7)} articles/s`);

const dir = mkdtempSync(join(tmpdir(), "newsbrief-bench-"));
writeSyntheticCorpus(join(dir, "articles"), CORPUS_SIZE);
const store = `sqlite://${join(dir, "store.sqlite")}`;
const startup = (): { articles: number; seconds: number; rssMb: number; peakRssMb: number } =>
  JSON.parse(execFileSync(process.execPath, [join(here, "startup.js"), join(dir, "articles"), store], { encoding: "utf8" })) as never;
const cold = startup();
const warm = startup();
console.log(`\nCorpus start-up with ${cold.articles} synthetic articles (separate processes, SQLite store):`);
console.log(`  cold (empty cache)    ${cold.seconds.toFixed(2).padStart(7)} s   resident ${cold.rssMb.toFixed(0)} MB, peak ${cold.peakRssMb.toFixed(0)} MB`);
console.log(`  warm (cache filled)   ${warm.seconds.toFixed(2).padStart(7)} s   resident ${warm.rssMb.toFixed(0)} MB, peak ${warm.peakRssMb.toFixed(0)} MB`);
