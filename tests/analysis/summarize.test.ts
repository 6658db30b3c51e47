import { describe, expect, it } from "vitest";
import { splitSentences } from "../../src/analysis/sentences.js";
import {
  SUMMARY_LENGTHS,
  rankForSummary,
  rankSentences,
  summarize,
  summaryFromRanking,
} from "../../src/analysis/summarize.js";
import { fixtureText, inputFromText } from "../fixtures/analysis/summary/articles.js";

const source = fixtureText("harbour-bridge.txt");
const article = inputFromText(source, "Port Avalon approves harbour bridge");
const texts = (sentences: readonly { text: string }[]): string[] => sentences.map((s) => s.text);

describe("extractive summary", () => {
  it("gives the same summary every time", () => {
    const first = summarize(article, { sentences: 3 });
    for (let run = 0; run < 5; run++) expect(summarize(article, { sentences: 3 })).toEqual(first);
  });

  it("returns verbatim sentences of the source in article order", () => {
    const summary = summarize(article, { words: SUMMARY_LENGTHS.long });
    expect(summary.length).toBeGreaterThan(3);
    for (const s of summary) expect(source.slice(s.start, s.end)).toBe(s.text);
    const indexes = summary.map((s) => s.index);
    expect(indexes).toEqual([...indexes].sort((a, b) => a - b));
  });

  it("derives every length from one ranking", () => {
    const ranking = rankForSummary(article);
    for (const words of Object.values(SUMMARY_LENGTHS)) {
      const summary = summaryFromRanking(ranking, { words });
      expect(summarize(article, { words })).toEqual(summary);
      expect(texts(summary).sort()).toEqual(texts(ranking.slice(0, summary.length)).sort());
    }
  });

  it("opens with the lead of a news story", () => {
    expect(summarize(article, { words: SUMMARY_LENGTHS.standard })[0]?.text).toMatch(/^PORT AVALON, March 3/);
  });

  it("never picks two sentences that state the same fact", () => {
    const ranking = texts(rankForSummary(article, { sentences: 8 }));
    const lead = ranking.some((t) => t.startsWith("PORT AVALON"));
    const restatement = ranking.some((t) => t.startsWith("The council approved the harbour bridge"));
    expect(lead && restatement).toBe(false);
  });

  it("never picks a heading, a byline, a credit line or an aside", () => {
    const ranking = texts(rankForSummary(article));
    for (const line of ["Port Avalon approves harbour bridge", "By Jane Doe, City Desk", "Costs and timeline"]) {
      expect(ranking).not.toContain(line);
    }
    expect(ranking.some((t) => t.includes("Reporting by"))).toBe(false);
    // A long budget takes most of so short a story, but the aside is the last thing it adds.
    expect(texts(summarize(article, { words: SUMMARY_LENGTHS.standard })).some((t) => t.includes("brass band"))).toBe(
      false,
    );
    const aside = ranking.findIndex((t) => t.includes("brass band"));
    if (aside !== -1) expect(aside).toBe(ranking.length - 1);
  });

  it("passes over a run-on caption while shorter sentences remain", () => {
    const caption =
      "Council members Ellen Ross Tom Baker and others pictured at the harbour on Tuesday where the bridge " +
      "over the harbour will be built linking the east and west districts of the city after the bridge vote " +
      "the harbour bridge plan was approved by the council in a vote that ended debate over the bridge";
    const input = inputFromText(`${caption}\n\n${source}`);
    expect(texts(summarize(input, { words: SUMMARY_LENGTHS.long }))).not.toContain(caption);
  });

  it("ranks a sentence higher when it restates the headline", () => {
    const body = [
      "The city council met on Monday evening to review the quarterly budget report.",
      "Officials said spending on roads had risen by nine percent since the spring.",
      "Several residents asked about the schedule for repaving the market square.",
      "The parks department presented plans for two new playgrounds near the river.",
      "A proposal to extend library opening hours was postponed until next month.",
      "Ferry workers ended their strike after the operator accepted the pay offer.",
      "The council will meet again in April to vote on the final budget figures.",
    ].join(" ");
    const ferry = (title?: string): number =>
      texts(rankForSummary(inputFromText(body, title), { sentences: 7 })).findIndex((t) =>
        t.startsWith("Ferry workers"),
      );
    expect(ferry("Ferry strike ends as workers accept pay offer")).toBeLessThan(ferry());
  });

  it("follows the lead with news rather than with a sentence that partly restates it", () => {
    const input = inputFromText(
      [
        "The Kestrel Valley rail line reopened on Tuesday, six months after a landslide buried the track near Orrin Gap.",
        "The Kestrel Valley line had been shut since the landslide, leaving Dunmere commuters on replacement buses.",
        "Dunmere commuters who rode the replacement buses will get free travel until June from the operator.",
        "The operator said the free travel until June would be loaded onto season tickets automatically next week.",
      ].join("\n\n"),
    );
    expect(texts(rankForSummary(input, { sentences: 2 }))[1]).toMatch(/^Dunmere commuters who rode/);
  });

  it("ranks a late sentence that draws the story's threads together above each thread", () => {
    const input = inputFromText(
      [
        "The Marrow Bay council approved a new flood wall on Monday after a two-hour debate.",
        "Fishermen on the north quay had warned that the wall would block their moorings at low tide.",
        "Shop owners on Harbour Street asked for the building work to pause during the summer season.",
        "The county engineer said the concrete would be poured in sections to keep the coast road open.",
        "Fishermen, shop owners and the county engineer will meet in June to agree how moorings, summer trade " +
          "and the coast road are kept open during the building work.",
      ].join("\n\n"),
    );
    expect(texts(rankForSummary(input, { sentences: 2 }))[1]).toMatch(/^Fishermen, shop owners and the county/);
  });

  it("ranks an article with an empty headline as if it had none", () => {
    expect(rankForSummary({ ...article, title: "" })).toEqual(rankForSummary({ paragraphs: article.paragraphs }));
  });

  it("returns every sentence when the article is shorter than the summary", () => {
    const input = inputFromText("The mayor opened the new library on Monday morning.");
    expect(texts(summarize(input, { sentences: 3 }))).toEqual(["The mayor opened the new library on Monday morning."]);
  });

  it("returns nothing for an empty article or a zero length", () => {
    expect(summarize({ paragraphs: [] }, { sentences: 3 })).toEqual([]);
    expect(summarize(article, { sentences: 0 })).toEqual([]);
  });

  it("ranks a long article quickly and within the requested length", () => {
    const words = (
      "harbour bridge ferry council budget union traffic school river park tram station museum " +
      "hospital court police market tunnel airport stadium library tax water power housing road"
    ).split(" ");
    let seed = 7;
    const pick = (): string => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return words[seed % words.length]!;
    };
    const paragraphs = Array.from(
      { length: 400 },
      () =>
        `The ${pick()} and ${pick()} plans worry ${pick()} staff, while ${pick()} officials back the ${pick()} deal.`,
    ).join("\n\n");
    const input = inputFromText(paragraphs);
    const started = performance.now();
    const summary = summarize(input, { sentences: 5 });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(summary).toHaveLength(5);
    for (const s of summary) expect(paragraphs.slice(s.start, s.end)).toBe(s.text);
  });

  it("ranks already-split sentences the same way as the whole article", () => {
    expect(rankSentences(article, splitSentences(article), { sentences: 4 })).toEqual(
      rankForSummary(article, { sentences: 4 }),
    );
  });
});
