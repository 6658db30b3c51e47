// Which article a user means: search words pick an article only when it holds (nearly) all of
// them; otherwise the closest titles come back as suggestions.
import { describe, expect, it } from "vitest";
import { matchesWell } from "../../src/library/lookup.js";

const article = (title: string, body: string, topics?: string[]) => ({
  title,
  topics,
  paragraphs: [{ text: body, start: 0 }],
});
const quake = article(
  "Earthquake shakes the coast",
  "The world watched as rescuers searched the rubble for a second day.",
);

describe("a good match", () => {
  it("needs every word of a short query, in the title, topics or body", () => {
    expect(matchesWell("earthquake rescuers", quake)).toBe(true);
    expect(matchesWell("cricket world", quake)).toBe(false);
    expect(matchesWell("cricket", article("Scores", "Rain stopped play.", ["cricket"]))).toBe(true);
  });

  it("forgives one missing word in three, so longer queries still find their article", () => {
    expect(matchesWell("earthquake coast rescuers cricket", quake)).toBe(true);
    expect(matchesWell("earthquake coast cricket football", quake)).toBe(false);
  });

  it("matches word forms by their stem, and never on stopwords alone", () => {
    expect(matchesWell("earthquakes shaking", quake)).toBe(true);
    expect(matchesWell("the of and", quake)).toBe(false);
  });
});
