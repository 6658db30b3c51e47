import { describe, expect, it } from "vitest";
import { splitSentences } from "../../src/analysis/sentences.js";
import { fixtureText, inputFromText } from "../fixtures/analysis/summary/articles.js";

const split = (text: string): string[] => splitSentences(inputFromText(text)).map((s) => s.text);

describe("sentence segmentation", () => {
  it("keeps U.S. inside one sentence", () => {
    expect(split("The U.S. economy grew 2.5% last year, U.S. officials said.")).toHaveLength(1);
  });

  it("ends a sentence after U.S. when the next word opens a new one", () => {
    expect(split("Exports fell in the U.S. The data surprised analysts.")).toEqual([
      "Exports fell in the U.S.",
      "The data surprised analysts.",
    ]);
  });

  it("does not split after titles, months and company suffixes mid-sentence", () => {
    const text = "Mr. Smith met Gov. Newsom on Oct. 26, and Acme Inc. said it would attend.";
    expect(split(text)).toEqual([text]);
  });

  it("keeps initials with the name they belong to", () => {
    expect(split("J.K. Rowling wrote the books. Author J. K. Rowling spoke on Monday.")).toEqual([
      "J.K. Rowling wrote the books.",
      "Author J. K. Rowling spoke on Monday.",
    ]);
  });

  it("does not split decimals, prices or percentages", () => {
    const text = "Profit rose to $3.5 billion, up 2.5% from 1.2 billion euros a year earlier.";
    expect(split(text)).toEqual([text]);
  });

  it("splits after an abbreviation-like amount that ends a sentence", () => {
    // wink-nlp keeps these together
    expect(split("The fund lost $400m. It will close in May.")).toEqual([
      "The fund lost $400m.",
      "It will close in May.",
    ]);
  });

  it("keeps a quotation and its attribution together when a comma closes the quote", () => {
    expect(split("“We will win,” he said. The crowd cheered.")).toEqual([
      "“We will win,” he said.",
      "The crowd cheered.",
    ]);
  });

  it("splits after a quoted sentence followed by a new one", () => {
    expect(split("He said: “Go.” Then he left.")).toEqual(["He said: “Go.”", "Then he left."]);
  });

  it("keeps a question or exclamation with the attribution that follows it", () => {
    // wink-nlp splits both into a quote and a dangling "Smith asked."
    expect(split("“Why now?” Smith asked. “Stop!” Li shouted at the crowd.")).toEqual([
      "“Why now?” Smith asked.",
      "“Stop!” Li shouted at the crowd.",
    ]);
  });

  it("does not split inside titles with an exclamation mark or inside web addresses", () => {
    // wink-nlp cuts both
    expect(split("It was spoofed in Airplane!, starring Leslie Nielsen. Visit www.example.com. It works.")).toEqual([
      "It was spoofed in Airplane!, starring Leslie Nielsen.",
      "Visit www.example.com.",
      "It works.",
    ]);
  });

  it("splits after an ellipsis only when a new sentence starts", () => {
    expect(split("He paused... Then he spoke. It was, well... complicated.")).toEqual([
      "He paused...",
      "Then he spoke.",
      "It was, well... complicated.",
    ]);
  });

  it("treats every line as its own unit", () => {
    const text =
      "The first line ends without any punctuation but is long enough to be a real sentence of news\nThe second line follows.";
    expect(split(text)).toEqual([
      "The first line ends without any punctuation but is long enough to be a real sentence of news",
      "The second line follows.",
    ]);
  });

  it("leaves out headings, bylines and credit lines", () => {
    const sentences = split(fixtureText("harbour-bridge.txt"));
    for (const line of ["Port Avalon approves harbour bridge", "By Jane Doe, City Desk", "Costs and timeline"]) {
      expect(sentences).not.toContain(line);
    }
    expect(sentences.some((s) => s.includes("Reporting by"))).toBe(false);
  });

  it("keeps a short line that introduces a quotation or signs one, though it has no final period", () => {
    const text =
      "Harbour reopens\n\nMayor Ana Duarte said:\n\n“We waited too long for this.”\n\n“Finally, a bridge.” ― Tom Reyes";
    expect(split(text)).toEqual([
      "Mayor Ana Duarte said:",
      "“We waited too long for this.”",
      "“Finally, a bridge.” ― Tom Reyes",
    ]);
  });

  it("leaves out a line that the article lists as a heading even when it ends with punctuation", () => {
    const input = inputFromText("What happens next?\n\nThe council meets again in May.");
    const sentences = splitSentences({ ...input, headings: [{ text: "What happens next?", before: 1 }] });
    expect(sentences.map((s) => s.text)).toEqual(["The council meets again in May."]);
  });

  it("points every sentence back at its verbatim source characters", () => {
    const source = fixtureText("harbour-bridge.txt").replace(/\n/g, "\r\n");
    const sentences = splitSentences(inputFromText(source));
    expect(sentences.length).toBeGreaterThan(8);
    sentences.forEach((s, i) => {
      expect(source.slice(s.start, s.end)).toBe(s.text);
      expect(s.text).toBe(s.text.trim());
      expect(s.index).toBe(i);
    });
    expect(sentences.map((s) => s.paragraph)).toEqual([...sentences.map((s) => s.paragraph)].sort((a, b) => a - b));
  });

  it("returns nothing for an empty article", () => {
    expect(splitSentences({ paragraphs: [] })).toEqual([]);
  });
});
