import { describe, expect, it } from "vitest";
import { keyQuotes } from "../../src/analysis/key-quotes.js";
import type { Quote } from "../../src/analysis/types.js";

let offset = 0;
function quote(speaker: string, text: string, extra: Partial<Quote> = {}): Quote {
  const start = offset;
  offset += text.length + 10;
  return {
    speaker,
    speakerType: "person",
    kind: "direct",
    text,
    start,
    end: start + text.length,
    sentence: text,
    ...extra,
  };
}

const story = [
  quote("Maria Delgado", "The bridge repairs will begin in June and the state pays sixty percent of the bridge bill", {
    kind: "reported",
  }),
  quote("Maria Delgado", "We were never far apart on the bridge engineering, only on the money for repairs"),
  quote("city officials", "The bridge agreement still needs a council vote before repairs begin", {
    speakerType: "group",
  }),
  quote("Thomas Okafor", "The city will borrow its share of the bridge repairs rather than raise fares"),
  quote("Lena Varga", "The bridge will carry traffic for another thirty years after these repairs"),
  quote("Chen Wei", "Nobody slept"),
];

describe("key quotes", () => {
  it("returns at most n quotes, in article order", () => {
    const picked = keyQuotes(story, [], 3);
    expect(picked).toHaveLength(3);
    expect(picked.map((q) => q.start)).toEqual([...picked.map((q) => q.start)].sort((a, b) => a - b));
  });

  it("prefers a person's direct words over a group's reported ones", () => {
    const picked = keyQuotes(story, [], 3);
    expect(picked.every((q) => q.kind === "direct" && q.speakerType === "person")).toBe(true);
  });

  it("skips quotes too short to stand alone", () => {
    expect(keyQuotes(story, [], 6).map((q) => q.text)).not.toContain("Nobody slept");
  });

  it("avoids quotes that repeat the summary", () => {
    const summary = [{ text: "The city will borrow its share of the bridge repairs rather than raise fares." }];
    expect(keyQuotes(story, summary, 3).map((q) => q.speaker)).not.toContain("Thomas Okafor");
  });

  it("favours different voices over several quotes from one speaker", () => {
    const speakers = keyQuotes(story, [], 3).map((q) => q.speaker);
    expect(new Set(speakers).size).toBe(3);
  });

  it("returns nothing for no quotes or n = 0", () => {
    expect(keyQuotes([], [], 3)).toEqual([]);
    expect(keyQuotes(story, [], 0)).toEqual([]);
  });
});
