import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cleanPage } from "../../src/articles/clean.js";
import { ANALYSIS_MAX_CHARS, analysedPart } from "../../src/analysis/budget.js";
import { analyze } from "../../src/library/briefing.js";
import { SHAPES } from "../../bench/shapes.js";

// Growth, not speed: the analysis of a hostile page four times as long must cost about four times
// as much CPU, never the sixteen times a quadratic step would. Each shape is measured in a process of
// its own (the compiled bench/worst-case-child.js), because CPU time is per process and vitest runs
// other test files beside this one; the best of three runs per size, with a floor under the small
// size so that noise on a few milliseconds (a garbage collection more or less) cannot decide. A
// quadratic step costs seconds at the large size, far above the floor's 300 ms.
const SMALL = 20_000;
const FLOOR_MS = 50;
const CHILD = join(import.meta.dirname, "../../dist/bench/worst-case-child.js");

function bestCpuMs(shape: string, sizes: number[]): Map<number, number> {
  const runs = [...sizes, ...sizes, ...sizes].map(String);
  const out = execFileSync(process.execPath, [CHILD, shape, ...runs], { encoding: "utf8" });
  const best = new Map<number, number>();
  for (const line of out.trim().split("\n")) {
    const { bytes, cpuMs } = JSON.parse(line) as { bytes: number; cpuMs: number };
    best.set(bytes, Math.min(best.get(bytes) ?? Infinity, cpuMs));
  }
  return best;
}

describe("the analysis of hostile pages", () => {
  it.each(Object.keys(SHAPES))("grows linearly with the length of %s", (shape) => {
    expect(existsSync(CHILD), "dist/ is missing: run npm run build").toBe(true);
    const best = bestCpuMs(shape, [SMALL, 4 * SMALL]);
    expect(best.get(4 * SMALL)!).toBeLessThan(6 * Math.max(best.get(SMALL)!, FLOOR_MS));
  });

  it("reads no further than its budget, cutting the paragraph that straddles it at a word", () => {
    const word = "tide ";
    const paragraphs = [0, 1, 2].map((i) => ({
      text: word.repeat((0.6 * ANALYSIS_MAX_CHARS) / word.length).trim(),
      start: i * ANALYSIS_MAX_CHARS,
    }));
    const cut = analysedPart({ paragraphs });
    expect(cut.paragraphs).toHaveLength(2);
    expect(cut.paragraphs[0]).toBe(paragraphs[0]);
    expect(cut.paragraphs[1]!.start).toBe(paragraphs[1]!.start);
    expect(cut.paragraphs[1]!.text.endsWith("tide")).toBe(true);
    expect(cut.paragraphs.reduce((n, p) => n + p.text.length, 0)).toBeLessThanOrEqual(ANALYSIS_MAX_CHARS);
    const short = { paragraphs: paragraphs.slice(0, 1) };
    expect(analysedPart(short)).toBe(short);
  });

  it("takes no summary sentence or quote from past the budget", () => {
    const filler = "Officials said the ferry timetable would change next month after a review. ".repeat(3_000);
    const late = "“The harbour will close for good,” said Mayor Ada Brook.";
    const page = cleanPage(`Harbour headline\n\n${filler}\n\n${late}\n`);
    const analysis = analyze(page);
    expect(analysis.quotes.map((q) => q.text)).not.toContain("The harbour will close for good,");
    expect(analysis.ranked.every((s) => s.end <= page.paragraphs[0]!.start + ANALYSIS_MAX_CHARS)).toBe(true);
  });
});
