import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
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

/**
 * A stand-in worker that misbehaves on request: the article titled "hang" never finishes and the one
 * titled "hog" allocates without end; the others get a marker record back.
 */
function misbehavingWorker(): string {
  const file = join(mkdtempSync(join(tmpdir(), "nb-worker-")), "worker.mjs");
  writeFileSync(
    file,
    `import { parentPort } from "node:worker_threads";
parentPort.on("message", ({ id, input }) => {
  if (input.title === "hang") for (;;);
  if (input.title === "hog") { const kept = []; for (;;) kept.push(new Array(1000000).fill(kept.length)); }
  parentPort.postMessage({ id, record: { marker: input.title } });
});
`,
  );
  return file;
}

const titled = (title: string): AnalysisInput => ({ ...STORY, title });

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

  it("rejects an article that overruns the time limit and still analyses the one queued behind it", async () => {
    pool = new WorkerAnalyzer(1, misbehavingWorker(), { timeoutMs: 500, heapMb: 64 });
    const [hang, next] = await Promise.allSettled([pool.analyze(titled("hang")), pool.analyze(titled("next"))]);
    expect(hang.status === "rejected" && String(hang.reason)).toMatch(/^Error: took longer than 0.5 s$/);
    expect(next.status === "fulfilled" && (next.value as unknown as { marker: string }).marker).toBe("next");
  });

  it("rejects an article whose analysis runs out of memory without taking this process down", async () => {
    pool = new WorkerAnalyzer(1, misbehavingWorker(), { timeoutMs: 60_000, heapMb: 32 });
    const [hog, next] = await Promise.allSettled([pool.analyze(titled("hog")), pool.analyze(titled("next"))]);
    expect(hog.status === "rejected" && String(hog.reason)).toMatch(/^Error: ran out of memory \(limit 32 MB\)$/);
    expect(next.status === "fulfilled" && (next.value as unknown as { marker: string }).marker).toBe("next");
  });
});
