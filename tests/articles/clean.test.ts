import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type CleanedPage, cleanPage } from "../../src/articles/clean.js";

const PAGES = join(import.meta.dirname, "../fixtures/articles/pages");
const SAMPLE = join(import.meta.dirname, "../../data/articles/us-china-talks-rare-earths.txt");

function page(name: string): { text: string; cleaned: CleanedPage } {
  const text = readFileSync(join(PAGES, name), "utf8");
  return { text, cleaned: cleanPage(text) };
}

/** Every string the reader would see: title, metadata, headings and paragraphs. */
function visible(cleaned: CleanedPage): string[] {
  return [
    cleaned.title ?? "",
    cleaned.source ?? "",
    cleaned.author ?? "",
    cleaned.dateline ?? "",
    ...cleaned.headings.map((h) => h.text),
    ...cleaned.paragraphs.map((p) => p.text),
  ];
}

// Furniture that no fixture's story uses, whatever the template.
const FURNITURE =
  /^(?:Home|Menu|Main Menu|Search|Sign In|Register|Share|Advertisement)$|No menu items|RELATED ARTICLES|LEAVE A REPLY|Please enter your|Most Popular|Facebook Twitter|Skip to|Accept all|Manage preferences|We use cookies|newsletter|Enter your email|originally published by|Related Topics|More on this story|Read Next|All rights reserved|Image (?:source|caption)|Leave a Comment|Comments|min read|Reporting by/;

describe("the sample page", () => {
  const { text, cleaned } = { text: readFileSync(SAMPLE, "utf8"), cleaned: cleanPage(readFileSync(SAMPLE, "utf8")) };

  it("reads headline, publisher, dateline and a publication date bounded by the page's own date", () => {
    expect(cleaned.title).toBe("US, China talks sketch out rare earths, tariff pause");
    expect(cleaned.source).toBe("Reuters");
    expect(cleaned.dateline).toBe("KUALA LUMPUR, Oct 26 (Reuters)");
    expect(cleaned.publishedAt).toBe("2025-10-26");
  });

  it("strips the dateline from the first paragraph and moves its offset past it", () => {
    const first = cleaned.paragraphs[0];
    expect(first?.text.startsWith("Senior U.S. and Chinese officials")).toBe(true);
    expect(first && text.slice(first.start, first.start + first.text.length)).toBe(first?.text);
  });

  it("keeps the section headings out of the paragraphs, each before the paragraph it introduces", () => {
    expect(cleaned.headings.map((h) => h.text)).toContain("Trade framework averts tariff escalation");
    const heading = cleaned.headings.find((h) => h.text.startsWith("Trade framework"));
    expect(cleaned.paragraphs[heading?.before ?? -1]?.text.startsWith("U.S. Treasury Secretary Scott Bessent")).toBe(
      true,
    );
    for (const p of cleaned.paragraphs) expect(cleaned.headings.some((h) => h.text === p.text)).toBe(false);
  });

  it("lets no page furniture, date line or credit line reach the story", () => {
    for (const line of visible(cleaned)) {
      expect(line).not.toMatch(FURNITURE);
      expect(line).not.toMatch(/February 4, 2026|^Home/);
    }
    expect(cleaned.paragraphs.at(-1)?.text.startsWith("The rare earth dispute")).toBe(true);
  });
});

describe("page templates", () => {
  it("cleans a WordPress news theme: menu, glued breadcrumb, comment form and sidebar go; the credit becomes the source", () => {
    const { cleaned } = page("wordpress-news.txt");
    expect(cleaned.title).toBe("Port workers and shippers reach deal to end harbour strike");
    expect(cleaned.source).toBe("Associated Press");
    expect(cleaned.dateline).toBe("ROTTERDAM, Dec 30 (Associated Press)");
    // The page is dated 12 January 2026, so a 30 December dateline belongs to 2025.
    expect(cleaned.publishedAt).toBe("2025-12-30");
    expect(cleaned.headings.map((h) => h.text)).toEqual([
      "Cargo backlog expected to clear within weeks",
      "What the deal means for workers",
    ]);
    expect(cleaned.paragraphs.at(-1)?.text).toMatch(/^Employers’ association chair/);
    expect(visible(cleaned).join("\n")).not.toMatch(/Freight rates|Crane operators vote|Harbour strike enters/);
  });

  it("cleans a wire-service page whose lines have no blank lines between them", () => {
    const { cleaned } = page("wire-service.txt");
    expect(cleaned.title).toBe("Copper hits record as smelters cut output in Chile");
    expect(cleaned.author).toBe("Daniela Fuentes and Marcus Webb");
    expect(cleaned.publishedAt).toBe("2026-03-03");
    expect(cleaned.source).toBe("Meridian Wire");
    expect(cleaned.paragraphs).toHaveLength(5);
    expect(cleaned.paragraphs[0]?.text).toMatch(/^Copper prices climbed/);
    expect(visible(cleaned).join("\n")).not.toMatch(/Markets|Aluminium slips|Scroll to continue/);
  });

  it("cleans a broadcaster's page: share bars and captions go, the date under the headline is the publication date", () => {
    const { cleaned } = page("broadcaster.txt");
    expect(cleaned.title).toBe("Flood defences to be rebuilt along the Severn after winter storms");
    expect(cleaned.author).toBe("Priya Natarajan");
    expect(cleaned.publishedAt).toBe("2026-02-03");
    expect(cleaned.headings.map((h) => h.text)).toEqual(["Why the barriers failed", "What happens next"]);
    expect(cleaned.paragraphs).toHaveLength(6);
    expect(visible(cleaned).join("\n")).not.toMatch(/^(?:News|Sport|Weather)$|Villagers count|Flooding/m);
  });

  it("cleans a blog post: site name, breadcrumb and the whole comment form go", () => {
    const { cleaned } = page("blog-comments.txt");
    expect(cleaned.title).toBe("Why our town's allotment waiting list doubled in a year");
    expect(cleaned.author).toBe("Sam Okafor");
    expect(cleaned.publishedAt).toBe("2026-02-10");
    expect(cleaned.headings.map((h) => h.text)).toEqual(["Where the demand comes from", "What the council says"]);
    expect(cleaned.paragraphs.at(-1)?.text).toMatch(/^A council spokesman/);
    expect(visible(cleaned).join("\n")).not.toMatch(/Lakeside Gardener|Blog|Post Comment|Required fields/);
  });

  it("cleans a page with a cookie banner and a newsletter box in the middle of the story", () => {
    const { cleaned } = page("cookie-banner.txt");
    expect(cleaned.title).toBe("City council approves late-night bus pilot");
    expect(cleaned.paragraphs.map((p) => p.text.slice(0, 12))).toEqual([
      "Buses will r",
      "Council memb",
      "Night worker",
      '"This is the',
      "The council ",
    ]);
    expect(cleaned.publishedAt).toBeUndefined();
    expect(visible(cleaned).join("\n")).not.toMatch(/Northern Courier|Subscribe/);
  });

  it("passes an article with no boilerplate through untouched, even where its words look like furniture", () => {
    const { text, cleaned } = page("clean-article.txt");
    const blocks = text
      .split(/\n\s*\n/)
      .map((b) => b.trim())
      .filter(Boolean);
    expect(cleaned.paragraphs.map((p) => p.text)).toEqual(blocks);
    expect(cleaned.headings).toEqual([]);
    expect(cleaned.title).toBeUndefined();
    expect(cleaned.author).toBeUndefined();
  });

  // The clean article uses furniture words inside its sentences on purpose, so it is checked above instead.
  const TEMPLATES = readdirSync(PAGES).filter((name) => name !== "clean-article.txt");

  it.each(TEMPLATES)("keeps every furniture line of %s out of what the reader sees", (name) => {
    for (const line of visible(page(name).cleaned)) expect(line).not.toMatch(FURNITURE);
  });

  it.each(readdirSync(PAGES))("gives %s paragraphs that are verbatim slices of the page at their offsets", (name) => {
    const { text, cleaned } = page(name);
    expect(cleaned.paragraphs.length).toBeGreaterThan(0);
    for (const p of cleaned.paragraphs) expect(text.slice(p.start, p.start + p.text.length)).toBe(p.text);
  });
});

describe("records fed through the batch CLI", () => {
  it("keeps one long paragraph of clean text as it is", () => {
    const text =
      "The regional airline said on Friday it would add four routes this summer. Its chief executive said demand had recovered faster than expected, and that fares would not rise. Shares in the company rose 3% in early trading.";
    expect(cleanPage(text).paragraphs).toEqual([{ text, start: 0 }]);
  });

  it("uses the record's title, and drops the page's own copy of it", () => {
    const text = "Airline adds four summer routes\n\nThe regional airline said on Friday it would add four routes.";
    const cleaned = cleanPage(text, { title: "Airline adds four summer routes" });
    expect(cleaned.title).toBe("Airline adds four summer routes");
    expect(cleaned.paragraphs.map((p) => p.text)).toEqual([
      "The regional airline said on Friday it would add four routes.",
    ]);
  });

  it("keeps an unpunctuated opening line that is not the record's title", () => {
    const text =
      "Passengers face longer queues this summer\n\nThe regional airline said on Friday it would add four routes.";
    const cleaned = cleanPage(text, { title: "Airline adds routes" });
    expect([...cleaned.headings.map((h) => h.text), ...cleaned.paragraphs.map((p) => p.text)]).toContain(
      "Passengers face longer queues this summer",
    );
  });

  it("dates a dateline with no year from the caller's upper bound when the page has no date of its own", () => {
    const text = "WARSAW, Dec 3 (Meridian Wire) - Poland's central bank held interest rates on Wednesday.";
    expect(cleanPage(text, { notAfter: "2026-01-20T10:00:00Z" }).publishedAt).toBe("2025-12-03");
    expect(cleanPage(text).publishedAt).toBeUndefined();
  });

  it("joins hard-wrapped lines into one paragraph instead of splitting sentences", () => {
    const text =
      "The minister said the plan would be reviewed\nnext week, and that no decision had been made.\nOpposition members called for a vote.";
    const cleaned = cleanPage(text);
    expect(cleaned.paragraphs.map((p) => p.text)).toEqual([
      "The minister said the plan would be reviewed\nnext week, and that no decision had been made.",
      "Opposition members called for a vote.",
    ]);
  });

  it("treats an unpunctuated line between paragraphs as a heading but keeps one at the very end as text", () => {
    const text =
      "First paragraph of the story.\n\nA section heading here\n\nSecond paragraph.\n\nA closing line without a stop";
    const cleaned = cleanPage(text);
    expect(cleaned.headings).toEqual([{ text: "A section heading here", before: 1 }]);
    expect(cleaned.paragraphs.at(-1)?.text).toBe("A closing line without a stop");
  });

  it("does not mistake a sentence that merely mentions cookies or comments for furniture", () => {
    const text = "Regulators said sites that use cookies must ask first.\n\nComments from the public closed on Monday.";
    expect(cleanPage(text).paragraphs).toHaveLength(2);
  });

  it("does not cut the story at a section heading that only resembles a related-content marker", () => {
    const text =
      "The budget passed on Monday.\n\nMore from the minister\n\nShe said taxes would not rise.\n\nTopics discussed included rail fares.";
    const cleaned = cleanPage(text);
    expect(cleaned.headings.map((h) => h.text)).toEqual(["More from the minister"]);
    expect(cleaned.paragraphs.map((p) => p.text)).toEqual([
      "The budget passed on Monday.",
      "She said taxes would not rise.",
      "Topics discussed included rail fares.",
    ]);
  });

  it("drops teaser links inside the story and everything after a related-content marker", () => {
    const text =
      "The budget passed on Monday.\nRead more: Why the pound fell\nShe said taxes would not rise.\nMore from Westmoor Times\nMinister resigns over budget leak";
    expect(cleanPage(text).paragraphs.map((p) => p.text)).toEqual([
      "The budget passed on Monday.",
      "She said taxes would not rise.",
    ]);
  });

  it("drops stylesheet residue left by a careless save", () => {
    const text = "The story begins here.\n.image-wrap {\nwidth:100%;\n}\nThe story continues here.";
    expect(cleanPage(text).paragraphs.map((p) => p.text)).toEqual([
      "The story begins here.",
      "The story continues here.",
    ]);
  });
});
