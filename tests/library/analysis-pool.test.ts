import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { WorkerAnalyzer } from "../../src/library/analysis-pool.js";
import { fromRecord } from "../../src/library/analysis-record.js";
import { analyze } from "../../src/library/briefing.js";
import type { AnalysisInput } from "../../src/analysis/types.js";

// Worker threads on Node 20 run JavaScript only, so the pool is tested with the compiled worker
// that `npm install` builds (the prepare script); vitest itself runs the TypeScript sources.
const COMPILED_WORKER = join(import.meta.dirname, "../../dist/src/library/analysis-worker.js");

function input(text: string): AnalysisInput {
  const paragraphs: { text: string; start: number }[] = [];
  let start = 0;
  for (const p of text.split("\n\n")) {
    paragraphs.push({ text: p, start });
    start += p.length + 2;
  }
  return { title: "Harbour board approves night ferries", paragraphs };
}

const STORY = input(
  [
    "The harbour board approved night ferries on Tuesday after a two-hour debate.",
    "“We have waited ten years for this,” said Councillor Ada Brook, who chairs the transport committee.",
    "Brook said the first crossings would run in March. Operators told the board that fares would stay the same.",
    "Critics warned that the plan would add noise for residents near the terminal.",
  ].join("\n\n"),
);

let pool: WorkerAnalyzer | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe("the analysis pool", () => {
  it("gives the same analysis on a worker thread as in this one", async () => {
    expect(existsSync(COMPILED_WORKER), "dist/ is missing: run npm run build").toBe(true);
    pool = new WorkerAnalyzer(2, COMPILED_WORKER);
    const results = await Promise.all([pool.analyze(STORY), pool.analyze(STORY), pool.analyze(STORY)]);
    for (const r of results) expect(fromRecord(r, STORY.paragraphs)).toEqual(analyze(STORY));
    expect(results[0]!.quotes.length).toBeGreaterThan(0);
  });

  it("rejects pending work when it is closed instead of leaving callers waiting", async () => {
    pool = new WorkerAnalyzer(1, COMPILED_WORKER);
    const pending = pool.analyze(STORY);
    await pool.close();
    await expect(pending).rejects.toThrow(/closed/);
  });
});
