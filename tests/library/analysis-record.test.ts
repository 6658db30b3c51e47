import { describe, expect, it } from "vitest";
import { cleanPage } from "../../src/articles/clean.js";
import { fromRecord, toRecord } from "../../src/library/analysis-record.js";
import { analyze } from "../../src/library/briefing.js";

const PAGE = [
  "Harbour tunnel reopens after two years of repairs",
  "",
  "The harbour tunnel reopened to traffic on Monday after two years of repairs that cost the city 40 million dollars.",
  "",
  "“We promised the tunnel would be back before the winter, and it is,” Mayor Ana Duarte said at the opening.",
  "",
  "Transport chief Pavel Novak said that buses would use the tunnel again from next week, and that tolls would stay unchanged.",
  "",
  "Residents said the detour through the old town had doubled their commute. “It was a long two years,” said Omar Haddad, a taxi driver.",
].join("\n");

/** The paragraph holding source offset `at` (an end offset belongs to the paragraph it ends). */
const paragraphIndex = (paragraphs: readonly { start: number; text: string }[], at: number): number =>
  paragraphs.findIndex((p) => at >= p.start && at <= p.start + p.text.length);

describe("analysis records", () => {
  const { paragraphs, ...rest } = cleanPage(PAGE);
  const analysis = analyze({ paragraphs, ...rest });

  it("leave out the texts that are slices of the article, and give the same analysis back", () => {
    expect(analysis.quotes.length).toBeGreaterThan(1);
    const record = toRecord(analysis, paragraphs);
    const json = JSON.stringify(record);
    for (const s of analysis.ranked) expect(json).not.toContain(s.text);
    for (const q of analysis.quotes) expect(json).not.toContain(q.sentence);
    expect(fromRecord(JSON.parse(json), paragraphs)).toEqual(analysis);
  });

  it("carry a text whole when it is not the source at its offsets", () => {
    const edited = {
      ...analysis,
      quotes: analysis.quotes.map((q, i) => (i === 0 ? { ...q, text: "words not in the article" } : q)),
    };
    expect(fromRecord(toRecord(edited, paragraphs), paragraphs)).toEqual(edited);
  });

  it("give back a quote and its sentences running over a paragraph break, carried whole", () => {
    const page = cleanPage(
      [
        "Ferry fares frozen for a year",
        "",
        "“The fares will not rise this year,” said Ann Brook, the mayor of Salem.",
        "",
        "“And the morning ferry will run every hour from June.”",
        "",
        "The council approved the budget on Monday evening after a long debate about the harbour.",
      ].join("\n"),
    );
    const joined = analyze(page);
    const crossing = joined.quotes.find(
      (q) => paragraphIndex(page.paragraphs, q.start) !== paragraphIndex(page.paragraphs, q.end),
    );
    expect(crossing?.text).toContain("every hour from June.");
    const json = JSON.stringify(toRecord(joined, page.paragraphs));
    // Not one slice of a paragraph, so the record carries them as they are.
    expect(json).toContain(JSON.stringify(crossing?.text));
    expect(json).toContain(JSON.stringify(crossing?.sentence));
    expect(fromRecord(JSON.parse(json), page.paragraphs)).toEqual(joined);
  });

  it("open to nothing when the paragraphs no longer hold a left-out text", () => {
    const record = toRecord(analysis, paragraphs);
    expect(
      fromRecord(
        record,
        paragraphs.map((p) => ({ ...p, text: p.text.slice(0, 10) })),
      ),
    ).toBeUndefined();
  });

  it("refuse paragraphs of another shape, even when every offset would still fit", () => {
    const record = toRecord(analysis, paragraphs);
    const reextracted = paragraphs.map((p, i) => (i === paragraphs.length - 1 ? { ...p, text: `${p.text} More.` } : p));
    expect(fromRecord(record, reextracted)).toBeUndefined();
  });
});
