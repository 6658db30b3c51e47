import { describe, expect, it } from "vitest";
import { cleanPage } from "../../src/articles/clean.js";
import { ANALYSIS_MAX_CHARS, analysedPart } from "../../src/analysis/budget.js";
import { analyze } from "../../src/library/briefing.js";
import { indexTerms } from "../../src/library/search.js";
import { hostilePage, SHAPES } from "../../bench/shapes.js";

// Growth, not speed: the analysis of a hostile page four times as long must cost about four times
// as much CPU, never the sixteen times a quadratic step would. CPU time of the best of three runs,
// with a floor under the small size so that timer noise on a few milliseconds cannot decide.
const SMALL = 20_000;
const FLOOR_MS = 20;

function analyzePage(text: string): void {
  const page = cleanPage(text);
  analyze(page);
  indexTerms(page.title ?? "", page.paragraphs.map((p) => p.text));
}

function cpuMs(text: string): number {
  let best = Infinity;
  for (let run = 0; run < 3; run++) {
    const started = process.cpuUsage();
    analyzePage(text);
    const used = process.cpuUsage(started);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

describe("the analysis of hostile pages", () => {
  analyzePage(hostilePage("prose", 4_000)); // loads the language model before anything is timed

  it.each(Object.keys(SHAPES))("grows linearly with the length of %s", (shape) => {
    const small = cpuMs(hostilePage(shape, SMALL));
    const large = cpuMs(hostilePage(shape, 4 * SMALL));
    expect(large).toBeLessThan(6 * Math.max(small, FLOOR_MS));
  });

  it("reads no further than its budget, cutting the paragraph that straddles it at a word", () => {
    const word = "tide ";
    const paragraphs = [0, 1, 2].map((i) => ({ text: word.repeat((0.6 * ANALYSIS_MAX_CHARS) / word.length).trim(), start: i * ANALYSIS_MAX_CHARS }));
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
