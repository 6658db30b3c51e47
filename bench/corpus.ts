// Which articles the analysis benchmarks read: the evaluation kit's sets (../shared/eval, or the
// folder given with --eval) when present, synthetic articles otherwise. Every figure printed names
// its corpus, so a run on the synthetic stand-in is never mistaken for one on the real articles.
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { cleanPage } from "../src/articles/clean.js";
import type { AnalysisInput } from "../src/analysis/types.js";
import { syntheticArticle } from "./synthetic.js";

/** The kit's place next to the repository (this file runs from dist/bench). */
export const DEFAULT_EVAL_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../..", "../shared/eval");
const SYNTHETIC_ARTICLES = 200;

export interface BenchCorpus {
  /** Short name printed beside each figure: "cnndm-dev", "synthetic". */
  name: string;
  /** One line for the header: what it is, how many articles, where from. */
  description: string;
  docs: AnalysisInput[];
}

/** The named evaluation sets (files `SET.jsonl` in evalDir), or synthetic articles when one is missing. */
export function benchCorpus(sets: readonly string[], evalDir = DEFAULT_EVAL_DIR): BenchCorpus {
  const files = sets.map((set) => resolve(evalDir, `${set}.jsonl`));
  if (!files.every((f) => existsSync(f))) {
    const docs = Array.from({ length: SYNTHETIC_ARTICLES }, (_, i) => cleanPage(syntheticArticle(i).body));
    return {
      name: "synthetic",
      description: `synthetic, ${docs.length} generated articles (bench/synthetic.ts): ${sets.join(", ")} not found in ${evalDir}, so these figures are not comparable with the README's`,
      docs,
    };
  }
  const docs = files.flatMap((file) =>
    readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => cleanPage((JSON.parse(l) as { text: string }).text)),
  );
  return { name: sets.join("+"), description: `${sets.join(" + ")}, ${docs.length} articles from ${evalDir}`, docs };
}
