import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { extractHtml, parseHtml } from "../../src/articles/formats/html.js";
import { parseJson } from "../../src/articles/formats/json.js";
import { parseMarkdown } from "../../src/articles/formats/md.js";
import type { FormatInput, Parser } from "../../src/articles/formats/format.js";

const FIXTURES = join(import.meta.dirname, "../fixtures/articles");

function input(path: string): FormatInput {
  return { text: readFileSync(join(FIXTURES, path), "utf8"), stem: "fixture", notAfter: "2026-12-31T00:00:00Z" };
}

function reason(parse: Parser, path: string): string {
  try {
    parse(input(path));
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error(`${path} parsed without an error`);
}

describe("JSON articles", () => {
  it("reads every documented field, ignores unknown ones, and makes the explicit id safe", () => {
    const article = parseJson(input("json/library-funding.json"));
    expect(article).toMatchObject({
      id: "library-funding-2026",
      title: "County restores weekend hours at branch libraries",
      url: "https://example.org/news/library-hours",
      source: "Valley Post",
      publishedAt: "2026-03-14T08:00:00Z",
      author: "Helen Marsh",
    });
    expect(article).not.toHaveProperty("tags");
  });

  it("splits the body on blank lines, cleans furniture and keeps headings apart", () => {
    const { text } = input("json/library-funding.json");
    const body = (JSON.parse(text) as { body: string }).body;
    const article = parseJson(input("json/library-funding.json"));
    expect(article.paragraphs.map((p) => p.text.slice(0, 20))).toEqual([
      "Branch libraries wil",
      "The hours were cut t",
      '"Families told us th',
    ]);
    expect(article.paragraphs[1]?.text).toContain("\nOfficials said");
    expect(article.headings).toEqual([{ text: "Why the hours were cut", before: 1 }]);
    for (const p of article.paragraphs) expect(body.slice(p.start, p.start + p.text.length)).toBe(p.text);
  });

  it("accepts text as an alias of body", () => {
    expect(parseJson(input("json/text-alias.json")).paragraphs).toHaveLength(2);
  });

  it("names the missing required field", () => {
    expect(reason(parseJson, "json/missing-title.json")).toBe('missing required field "title"');
    expect(reason(parseJson, "json/missing-body.json")).toBe('missing required field "body"');
  });

  it("reports broken JSON and files that hold more than one article", () => {
    expect(reason(parseJson, "json/broken.json")).toMatch(/^invalid JSON/);
    expect(reason(parseJson, "json/array.json")).toBe("expected one JSON object per file");
  });

  it("rejects fields of the wrong kind by name", () => {
    const bad = (record: object) => () =>
      parseJson({ text: JSON.stringify(record), stem: "x", notAfter: "2026-01-01" });
    expect(bad({ title: ["a"], body: "Text." })).toThrow('field "title" must be text');
    expect(bad({ title: "T", body: "Text.", url: "not a url" })).toThrow('field "url" is not a URL');
    expect(bad({ title: "T", body: "Text.", publishedAt: "someday" })).toThrow('field "publishedAt" is not a date');
    expect(bad({ title: "T", body: "Text.", topics: [1, 2] })).toThrow('field "topics" must be text or a list of text');
  });

  it("reads topics as a list or as one comma-separated string", () => {
    const parse = (topics: unknown) =>
      parseJson({ text: JSON.stringify({ title: "T", body: "Text here.", topics }), stem: "x", notAfter: "2026-01-01" })
        .topics;
    expect(parse(["Harbour", " ferries ", "Harbour"])).toEqual(["Harbour", "ferries"]);
    expect(parse("harbour, ferries")).toEqual(["harbour", "ferries"]);
    expect(parse(undefined)).toBeUndefined();
  });
});

describe("Markdown articles", () => {
  it("reads front matter fields and turns # headings into headings, not paragraphs", () => {
    const article = parseMarkdown(input("md/river-cleanup.md"));
    expect(article).toMatchObject({
      id: "river-cleanup-2026",
      title: "Volunteers pull two tonnes of rubbish from the river",
      source: "Riverside Weekly",
      author: "Tomasz Nowak",
      publishedAt: "2026-04-05",
      url: "https://example.org/river-cleanup",
    });
    expect(article.headings).toEqual([
      { text: "What they found", before: 1 },
      { text: "Next year", before: 2 },
    ]);
  });

  it("keeps inline markup verbatim so offsets into the file hold, and skips code blocks", () => {
    const { text } = input("md/river-cleanup.md");
    const article = parseMarkdown(input("md/river-cleanup.md"));
    expect(article.paragraphs[0]?.text).toContain("**300 volunteers**");
    expect(article.paragraphs.some((p) => p.text.includes("total_kg"))).toBe(false);
    for (const p of article.paragraphs) expect(text.slice(p.start, p.start + p.text.length)).toBe(p.text);
  });

  it("takes the title from the first # heading when there is no front matter", () => {
    const article = parseMarkdown(input("md/h1-title.md"));
    expect(article.title).toBe("School term to start a week later");
    expect(article.paragraphs).toHaveLength(2);
    expect(article.headings).toEqual([]);
  });

  it("does not glue a setext underline onto its heading", () => {
    const text =
      "---\ntitle: Tide tables\n---\nThe first paragraph.\n\nHigh water\n==========\n\nThe second paragraph.\n";
    const article = parseMarkdown({ text, stem: "x", notAfter: "2026-01-01" });
    expect(article.headings).toEqual([{ text: "High water", before: 1 }]);
    expect(article.paragraphs.map((p) => p.text)).toEqual(["The first paragraph.", "The second paragraph."]);
  });

  it("names a missing title and reports broken front matter", () => {
    expect(reason(parseMarkdown, "md/no-title.md")).toBe('missing required field "title"');
    expect(reason(parseMarkdown, "md/bad-front-matter.md")).toMatch(/^invalid front matter/);
  });
});

describe("HTML articles", () => {
  it("reads metadata from JSON-LD, <meta> and the canonical link", () => {
    const article = parseHtml(input("html/harbour-bridge.html"));
    expect(article).toMatchObject({
      title: "Harbour bridge to close for six weeks of repairs",
      source: "Coastal Herald",
      author: "Nadia Rahman",
      publishedAt: "2026-05-18T06:30:00+01:00",
      url: "https://example.org/news/harbour-bridge-repairs",
    });
  });

  it("extracts the story, with h2 headings as headings and no navigation, share bar, ads, sidebar or footer", () => {
    const article = parseHtml(input("html/harbour-bridge.html"));
    expect(article.headings).toEqual([
      { text: "Why the repairs cannot wait", before: 2 },
      { text: "Businesses worry about the diversion", before: 4 },
    ]);
    expect(article.paragraphs).toHaveLength(6);
    const everything = [...article.paragraphs.map((p) => p.text), ...article.headings.map((h) => h.text)].join("\n");
    expect(everything).not.toMatch(/cookies|Facebook|Advertisement|Most read|Lifeboat|newsletter|©|Sport/);
  });

  it("gives paragraphs whose offsets point into the extracted text", () => {
    const { text } = extractHtml(input("html/harbour-bridge.html").text);
    for (const p of parseHtml(input("html/harbour-bridge.html")).paragraphs) {
      expect(text.slice(p.start, p.start + p.text.length)).toBe(p.text);
    }
  });

  it("falls back to <meta> tags without JSON-LD and strips 'By' from the author", () => {
    expect(parseHtml(input("html/meta-only.html"))).toMatchObject({
      title: "Night market returns to the old quay",
      source: "Quayside News",
      author: "Leo Brandt",
      publishedAt: "2026-06-02",
    });
  });

  it("reports a page with no text", () => {
    expect(() =>
      parseHtml({ text: "<html><body><nav>Home</nav></body></html>", stem: "x", notAfter: "2026-01-01" }),
    ).toThrow("no article text found in the page");
  });
});
