import { describe, expect, it } from "vitest";
import { articleIdSchema } from "../../src/articles/article.js";
import { articleIdFor, itemKey, keyHash, keyHashOfFile, normalizeUrl } from "../../src/feeds/item-key.js";

describe("normalizing item URLs", () => {
  it("removes utm_*, fbclid and gclid but keeps parameters that pick the story", () => {
    expect(
      normalizeUrl("https://News.Example/story?id=42&utm_source=rss&UTM_Campaign=x&fbclid=abc&gclid=def#comments"),
    ).toBe("https://news.example/story?id=42");
  });

  it("leaves no bare question mark behind", () => {
    expect(normalizeUrl("https://news.example/story?utm_medium=feed")).toBe("https://news.example/story");
  });
});

describe("item keys", () => {
  it("prefers the guid, then the normalized link, then title and date", () => {
    expect(itemKey({ guid: "g-1", link: "https://news.example/a" })).toBe("guid:g-1");
    expect(itemKey({ link: "https://news.example/a?utm_source=x" })).toBe(itemKey({ link: "https://news.example/a" }));
    expect(itemKey({ title: " Storm Warning ", publishedAt: "2026-11-28T00:00:00.000Z" })).toBe(
      "title:storm warning|2026-11-28T00:00:00.000Z",
    );
    expect(itemKey({ summaryHtml: "<p>text only</p>" })).toBeUndefined();
  });
});

describe("article ids", () => {
  it("are valid article ids, readable, and end in the key's hash", () => {
    const id = articleIdFor("Ça va? Zürich’s “new” tram — line 7!", "guid:x");
    expect(articleIdSchema.safeParse(id).success).toBe(true);
    expect(id).toBe(`ca-va-zurich-s-new-tram-line-7-${keyHash("guid:x")}`);
    expect(keyHashOfFile(`${id}.json`)).toBe(keyHash("guid:x"));
  });

  it("stay valid for titles without letters and for very long titles", () => {
    expect(articleIdFor("!!!", "guid:y")).toBe(`feed-item-${keyHash("guid:y")}`);
    const long = articleIdFor("word ".repeat(80), "guid:z");
    expect(long.length).toBeLessThanOrEqual(100);
    expect(articleIdSchema.safeParse(long).success).toBe(true);
  });
});
