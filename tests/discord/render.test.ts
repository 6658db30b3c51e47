import { describe, expect, it } from "vitest";
import type { Article } from "../../src/articles/article.js";
import type { Quote, Sentence } from "../../src/analysis/types.js";
import { embedLength, fitMessage, LIMITS } from "../../src/discord/limits.js";
import {
  articleQuoteLine,
  briefingEmbed,
  escapeMarkdown,
  formatDate,
  headlinesEmbed,
  paginate,
  speakerQuoteLine,
} from "../../src/discord/render.js";
import { messageErrors } from "../support/fake-discord/validate.js";

function article(overrides: Partial<Article> = {}): Article {
  return {
    id: "harbour-reopens",
    title: "Harbour reopens after storm",
    url: "https://news.example/harbour",
    source: "Coast Gazette",
    publishedAt: "2026-03-14T08:00:00Z",
    paragraphs: [{ text: "The harbour reopened on Friday.", start: 0 }],
    headings: [],
    path: "harbour-reopens.json",
    hash: "h",
    firstSeenAt: "2026-03-14T09:00:00Z",
    ...overrides,
  };
}

const sentence = (text: string, index: number): Sentence => ({ text, start: 0, end: text.length, paragraph: 0, index });
const quote = (speaker: string, text: string, role?: string, kind: Quote["kind"] = "direct"): Quote => ({
  speaker,
  ...(role ? { role } : {}),
  speakerType: "person",
  kind,
  text,
  start: 0,
  end: text.length,
  sentence: text,
});

describe("briefingEmbed", () => {
  const summary = [sentence("The harbour reopened on Friday.", 0), sentence("Ferries resume on Monday.", 3)];
  const quotes = [
    quote("Ana Ruiz", "We are open for business", "harbour master"),
    quote("Tom Lee", "It was the worst storm in years"),
    quote("Port authority", "repairs will cost millions", undefined, "reported"),
    quote("Extra Person", "not shown"),
  ];
  const embed = briefingEmbed(article(), summary, quotes, "short");

  it("links the headline to the article", () => {
    expect(embed.title).toBe("Harbour reopens after storm");
    expect(embed.url).toBe("https://news.example/harbour");
  });

  it("names the source and the date", () => {
    expect(embed.author?.name).toBe("Coast Gazette · 14 Mar 2026");
  });

  it("lists the summary as one bullet per sentence", () => {
    expect(embed.description?.split("\n")).toEqual([
      "• The harbour reopened on Friday.",
      "• Ferries resume on Monday.",
    ]);
  });

  it("shows up to three key quotes with speaker and role", () => {
    expect(embed.fields?.map((f) => f.name)).toEqual(["Ana Ruiz, harbour master", "Tom Lee", "Port authority"]);
    expect(embed.fields?.[0]?.value).toBe("“We are open for business”");
    expect(embed.fields?.[2]?.value).toBe("(reported) repairs will cost millions");
  });

  it("puts the article id in the footer", () => {
    expect(embed.footer?.text).toContain("harbour-reopens");
  });

  it("leaves out the link and byline when the article has none", () => {
    const bare = briefingEmbed(
      article({ url: undefined, source: undefined, publishedAt: undefined }),
      summary,
      [],
      "standard",
    );
    expect(bare.url).toBeUndefined();
    expect(bare.author).toBeUndefined();
    expect(bare.fields).toEqual([]);
  });

  it("escapes markdown so article text cannot disguise a link", () => {
    const hostile = briefingEmbed(article(), [sentence("Click [here](https://evil.example) **now**", 0)], [], "short");
    expect(hostile.description).toContain("\\[here\\](https://evil.example)");
    expect(hostile.description).toContain("\\*\\*now\\*\\*");
  });
});

describe("escapeMarkdown", () => {
  it("neutralises mentions, formatting and line breaks in article text", () => {
    expect(escapeMarkdown("Hi <@123456789012345678>\n# **Heading**")).toBe(
      "Hi \\<@123456789012345678\\> # \\*\\*Heading\\*\\*",
    );
  });

  it("takes linear time on a huge paragraph", () => {
    const started = performance.now();
    escapeMarkdown("word *x* ".repeat(20_000));
    // A guard against quadratic escaping (discord.js's escapeMarkdown took about a second on a
    // quarter of this), not a speed claim: linear escaping takes a few milliseconds here.
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe("headlinesEmbed", () => {
  it("numbers the headlines and gives each one its id", () => {
    const embed = headlinesEmbed(
      [article(), article({ id: "second", title: "Second story", url: undefined })],
      "storm",
    );
    const lines = embed.description?.split("\n").filter((l) => /^\d+\./.test(l));
    expect(lines).toHaveLength(2);
    expect(lines?.[0]).toContain("[Harbour reopens after storm](https://news.example/harbour)");
    expect(embed.description).toContain("`second`");
    expect(embed.title).toContain("storm");
  });

  it("keeps a link whole when the article's URL holds brackets or spaces", () => {
    const embed = headlinesEmbed([article({ url: "https://news.example/a_(b) c" })], undefined);
    expect(embed.description).toContain("(https://news.example/a_%28b%29%20c)");
  });
});

describe("formatDate", () => {
  it("formats full and date-only ISO values in UTC, and passes other text through", () => {
    expect(formatDate("2025-10-26")).toBe("26 Oct 2025");
    expect(formatDate("2025-10-26T23:30:00-05:00")).toBe("27 Oct 2025");
    expect(formatDate("last Tuesday")).toBe("last Tuesday");
    expect(formatDate(undefined)).toBeUndefined();
  });
});

describe("paginate", () => {
  const lines = Array.from({ length: 120 }, (_, i) =>
    articleQuoteLine(quote(`Speaker ${i}`, `quote number ${i} `.repeat(8))),
  );

  it("keeps every message within Discord's limits", () => {
    for (const message of paginate("Who said what", lines)) {
      expect(messageErrors(message)).toEqual([]);
      expect((message.embeds ?? []).reduce((sum, e) => sum + embedLength(e), 0)).toBeLessThanOrEqual(
        LIMITS.embed.total,
      );
    }
  });

  it("splits a long list across several embeds and stops at the message cap, counting what is left out", () => {
    const messages = paginate("Who said what", lines, 2);
    expect(messages).toHaveLength(2);
    const embeds = messages.flatMap((m) => m.embeds ?? []);
    expect(embeds.length).toBeGreaterThan(2);
    const shown = embeds.reduce((n, e) => n + (e.description?.split("\n\n").length ?? 0), 0);
    expect(embeds.at(-1)?.footer?.text).toBe(`…and ${lines.length - shown} more not shown`);
    expect(embeds[0]?.title).toBe("Who said what");
  });

  it("fits a short list into one embed without a footer", () => {
    const messages = paginate("Few", lines.slice(0, 3));
    expect(messages).toHaveLength(1);
    expect(messages[0]?.embeds).toHaveLength(1);
    expect(messages[0]?.embeds?.[0]?.footer).toBeUndefined();
  });

  it("cuts a single enormous quote rather than overflowing an embed", () => {
    const [message] = paginate("Huge", [speakerQuoteLine(quote("A", "word ".repeat(5000)), article())]);
    expect(message && messageErrors(message)).toEqual([]);
    expect(fitMessage(message ?? {}).embeds[0]?.description?.length).toBeLessThan(1100);
  });
});
