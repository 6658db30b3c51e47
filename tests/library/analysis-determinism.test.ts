import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { WorkerAnalyzer } from "../../src/library/analysis-pool.js";
import { importFile, type ImportedFile } from "../../src/library/article-import.js";
import { analyze, type Analysis } from "../../src/library/briefing.js";
import type { AnalysisInput } from "../../src/analysis/types.js";

// Worker threads on Node 20 run JavaScript only: the fresh worker is the compiled one (npm test builds first).
const COMPILED_WORKER = join(import.meta.dirname, "../../dist/src/library/analysis-worker.js");

function input(title: string, paragraphs: readonly string[]): AnalysisInput {
  let start = 0;
  return {
    title,
    paragraphs: paragraphs.map((text) => {
      const p = { text, start };
      start += text.length + 2;
      return p;
    }),
  };
}

// Invented stories. The later ones end a possessive with a comma ("Mr. Rendlesham's,"), which the
// language model's tokenizer keeps whole; the earlier ones use the same possessives mid-sentence,
// where a fresh tokenizer splits off the "'s". Analysed after the later ones, the earlier ones used
// to be read differently ("Rendlesham's calls for …" as Rendlesham calling for something). Names the
// model does not know ("Quillan", "Ferrow") stay known once read; the last story joins them to
// punctuation in the ways the tokenizer splits by what it knows.
const STORIES: readonly AnalysisInput[] = [
  input("Governor dismisses border plan", [
    "The governor rejected Mr. Rendlesham's calls for tighter border control on Monday.",
    "“We will not build a wall through the valley,” the governor said at a press conference in the capital.",
    "Farmers near the crossing said the plan would cut them off from their fields.",
  ]),
  input("Ferry fares under review", [
    "Harbour analysts say for the ferry company’s owners to profit they will have to convince riders that fares are fair.",
    "The company told the council that a review of fares would finish in the spring.",
  ]),
  input("Night ferries approved", [
    "The harbour board approved night ferries on Tuesday after a two-hour debate.",
    "“We have waited ten years for this,” said Councillor Ada Brook, who chairs the transport committee.",
    "Brook said the first crossings would run in March.",
  ]),
  input("Border plan withdrawn", [
    "In the end the decision was Mr. Rendlesham's, aides said after the plan was withdrawn.",
    "The loss was the ferry company’s, not the council’s, the auditors found.",
    "Mr. Rendlesham declined to comment.",
  ]),
  input("Quillan and Ferrow agree", [
    "Quillan said the agreement with Ferrow would be signed on Friday.",
    "“It took a year,” Ferrow told reporters, adding that the Quillan/Ferrow venture would hire in May.",
  ]),
  input("Venture delayed", [
    "The Ferrow-led venture (Quillan.Ferrow on its filings) was delayed, Ferrow’s, aides said.",
    "“Not again,” said (Quillan) after the Ferrow's board met: Quillan.",
  ]),
];

const analyseAll = (stories: readonly AnalysisInput[]): Analysis[] => stories.map((s) => analyze(s));

let pool: WorkerAnalyzer | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe("the analysis of an article", () => {
  it("does not depend on which articles were analysed before it, in this thread or a fresh worker", async () => {
    const forward = analyseAll(STORIES);
    const reversed = analyseAll([...STORIES].reverse()).reverse();
    expect(reversed).toEqual(forward);

    expect(existsSync(COMPILED_WORKER), "dist/ is missing: run npm run build").toBe(true);
    const root = mkdtempSync(join(tmpdir(), "nb-determinism-"));
    const jobs = STORIES.map((story, n) => {
      const path = `story-${n}.json`;
      writeFileSync(
        join(root, path),
        JSON.stringify({ title: story.title, body: story.paragraphs.map((p) => p.text).join("\n\n") }),
      );
      return { root, path, maxBytes: 100_000, firstSeenAt: "2026-03-01T00:00:00.000Z" };
    });
    const record = (imported: ImportedFile) =>
      imported.ok && !("error" in imported.analysis) && imported.analysis.record;
    const here: (string | false)[] = [];
    for (const job of jobs) here.push(record(await importFile(job)));
    pool = new WorkerAnalyzer(1, COMPILED_WORKER);
    const fromWorker: (string | false)[] = [];
    // One worker, in reverse order, one at a time: it reads each story after the ones that follow it here.
    for (const job of [...jobs].reverse()) fromWorker.unshift(record(await pool.importFile(job)));
    expect(fromWorker).toEqual(here);
    expect(here.every((r) => typeof r === "string")).toBe(true);
  });
});
