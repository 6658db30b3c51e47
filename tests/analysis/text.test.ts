import { describe, expect, it } from "vitest";
import { contentStems, wordCount } from "../../src/analysis/text.js";

describe("wordCount", () => {
  // The reference is what the summarizer counted before: runs between JavaScript's \s characters.
  const reference = (text: string) => text.split(/\s+/).filter(Boolean).length;

  it("counts words apart by every space character JavaScript's \\s knows, as splitting on it does", () => {
    const spaces = [" ", "\t", "\n", "\v", "\f", "\r", "\u00a0", "\u1680", "\u2000", "\u2005", "\u200a"];
    const more = ["\u2028", "\u2029", "\u202f", "\u205f", "\u3000", "\ufeff"];
    for (const space of [...spaces, ...more]) {
      const text = `${space}Mayor${space}${space}Ines Okoro said${space}`;
      expect(wordCount(text), JSON.stringify(space)).toBe(reference(text));
      expect(wordCount(text)).toBe(4);
    }
  });

  it("does not take zero-width or punctuation characters for spaces", () => {
    for (const text of ["one\u200btwo", "one—two", "one\u00adtwo", "“one”two", "a.b,c"]) {
      expect(wordCount(text)).toBe(reference(text));
    }
    expect(wordCount("one\u200btwo three")).toBe(2);
  });

  it("counts nothing in empty and all-space text", () => {
    expect(wordCount("")).toBe(0);
    expect(wordCount(" \n\u00a0\t ")).toBe(0);
  });
});

describe("contentStems", () => {
  it("drops stopwords and one-letter tokens and stems the rest, possessives included", () => {
    expect(contentStems("The ministers' talks in Osaka's port were a success")).toEqual([
      "minist",
      "talk",
      "osaka",
      "port",
      "success",
    ]);
  });
});
