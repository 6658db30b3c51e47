import { describe, expect, it } from "vitest";
import { cleanPage } from "../../src/articles/clean.js";
import { SUMMARY_LENGTHS, summarize } from "../../src/analysis/summarize.js";

// Invented articles, one per thing a reader trips over in a summary.
const texts = (sentences: readonly { text: string }[]): string[] => sentences.map((s) => s.text);
const words = (sentences: readonly { text: string }[]): number => texts(sentences).join(" ").split(/\s+/).length;
const page = (body: string) => cleanPage(`Harbour town votes on flood wall\n\n${body}\n`);

describe("a summary a reader can trust", () => {
  it("shows a sentence that opens with a pronoun or connective only with the sentence it leans on", () => {
    const article = page(
      [
        "The town council of Marrow Bay voted on Monday to build a flood wall along the harbour front.",
        "The ferry timetable for the summer season was published by the harbour office on Friday morning.",
        "However, the flood wall vote, the wall and its cost, the council and the harbour, the flood wall again.",
        "Residents of the old quarter will be asked to comment on the flood wall design in April.",
      ].join(" "),
    );
    for (const budget of Object.values(SUMMARY_LENGTHS)) {
      const summary = summarize(article, { words: budget });
      for (const s of summary.filter((x) => /^However/.test(x.text))) {
        expect(s.text.startsWith("However") ? summary.some((p) => p.index === s.index - 1) : true).toBe(true);
      }
      for (const s of summary)
        if (s.text.startsWith("However")) expect(summary.some((p) => p.end < s.start)).toBe(true);
    }
  });

  it("shows a quotation that runs over several sentences whole, or not at all", () => {
    const article = page(
      [
        "The town council of Marrow Bay voted on Monday to build a flood wall along the harbour front.",
        "“The storm showed us how exposed the town is. The flood wall is the only answer we have left,” said Mayor Ina Sorrel.",
        "Work on the flood wall is due to start in the autumn and will take two years to finish.",
      ].join(" "),
    );
    for (const budget of Object.values(SUMMARY_LENGTHS)) {
      for (const s of texts(summarize(article, { words: budget }))) {
        expect((s.match(/“/g) ?? []).length).toBe((s.match(/”/g) ?? []).length);
      }
    }
    expect(texts(summarize(article, { words: SUMMARY_LENGTHS.long })).join(" ")).toContain(
      "exposed the town is. The flood wall is the only answer",
    );
  });

  // A "(pictured)" inside a sentence of the story stays in the text, but that sentence is no summary sentence.
  it("cuts photo captions, video prompts and promotion lines out of the article, so no summary shows them", () => {
    const article = page(
      [
        "Scroll down for video Washed out: The harbour road after the storm on Sunday The town council of Marrow Bay voted on Monday to build a flood wall along the harbour front.",
        "Mayor Ina Sorrel (pictured) said the town could not wait another winter.",
        "Marrow Bay News will be providing live updates all week. Sign up to our daily newsletter for more.",
        "Work on the flood wall is due to start in the autumn and will take two years to finish, officials said.",
      ].join(" "),
    );
    const all = article.paragraphs.map((p) => p.text).join(" ");
    expect(all).not.toMatch(/Scroll down|Washed out|newsletter/);
    expect(all).toContain("The town council of Marrow Bay voted on Monday");
    expect(texts(summarize(article, { words: SUMMARY_LENGTHS.long })).join(" ")).not.toMatch(
      /Scroll down|pictured|newsletter/,
    );
  });

  it("puts the lead first at every length when it carries the news", () => {
    const article = page(
      [
        "The town council of Marrow Bay voted on Monday to build a flood wall along the harbour front.",
        "The flood wall along the harbour front will be four metres high, the council said after the flood wall vote.",
        "The flood wall vote followed a winter in which the harbour front flooded four times, the council said.",
      ].join(" "),
    );
    for (const budget of Object.values(SUMMARY_LENGTHS)) {
      expect(summarize(article, { words: budget })[0]?.text).toMatch(/^The town council of Marrow Bay voted/);
    }
    expect(texts(summarize(article, { sentences: 1 }))).toEqual([article.paragraphs[0]!.text.split(/(?<=\.) /)[0]]);
  });

  it("fills a word budget with whole sentences, longer for each length", () => {
    // Sentences of twelve words that share none, so that none is dropped as a repeat of another.
    const body = Array.from(
      { length: 30 },
      (_, i) =>
        `${"abcdefghijkl"
          .split("")
          .map((c, k) => `${k ? "" : "Q"}${c}${c}${i}x`)
          .join(" ")}.`,
    ).join(" ");
    const lengths = Object.values(SUMMARY_LENGTHS).map((budget) => words(summarize(page(body), { words: budget })));
    expect(lengths[0]).toBeLessThan(lengths[1]!);
    expect(lengths[1]).toBeLessThan(lengths[2]!);
    Object.values(SUMMARY_LENGTHS).forEach((budget, i) => {
      expect(Math.abs(lengths[i]! - budget)).toBeLessThanOrEqual(10);
    });
  });

  it("never shows a run-on or a fragment while proper sentences remain", () => {
    const runOn = `${Array.from({ length: 80 }, (_, i) => `word${i}`).join(" ")}.`;
    const article = page(
      [
        runOn,
        "Flood wall.",
        "The town council of Marrow Bay voted on Monday to build a flood wall along the harbour front.",
      ].join("\n\n"),
    );
    const summary = texts(summarize(article, { words: SUMMARY_LENGTHS.long }));
    expect(summary).toEqual([
      "The town council of Marrow Bay voted on Monday to build a flood wall along the harbour front.",
    ]);
  });
});
