// Lead images: every format reads the article's picture where publishers put it, and only a web
// (http or https) address is ever kept.
import { describe, expect, it } from "vitest";
import { parseHtml } from "../../src/articles/formats/html.js";
import { parseJson } from "../../src/articles/formats/json.js";
import { parseMarkdown } from "../../src/articles/formats/md.js";

const NOT_AFTER = "2026-12-31T00:00:00Z";
const BODY =
  "The night train to the coast returns in May. Tickets go on sale next week.\n\nThe operator said demand had doubled.";

function page(head: string): string {
  return `<!doctype html><html><head><title>Night train returns</title>${head}</head><body><article>
    <p>The night train to the coast returns in May, the operator said on Monday. Tickets go on sale next week.</p>
    <p>"Demand has doubled since the line closed," said Pia Marx, who leads the operator's planning team.</p>
  </article></body></html>`;
}
const html = (head: string) => parseHtml({ text: page(head), stem: "night-train", notAfter: NOT_AFTER });
const json = (fields: Record<string, unknown>) =>
  parseJson({
    text: JSON.stringify({ title: "Night train returns", body: BODY, ...fields }),
    stem: "t",
    notAfter: NOT_AFTER,
  });

describe("lead images", () => {
  it("reads og:image from a saved page, resolving a relative one against the page's address", () => {
    expect(html('<meta property="og:image" content="https://cdn.example/train.jpg">').image).toBe(
      "https://cdn.example/train.jpg",
    );
    const relative = html(
      '<link rel="canonical" href="https://rail.example/news/night-train"><meta property="og:image" content="../img/train.png">',
    );
    expect(relative.image).toBe("https://rail.example/img/train.png");
  });

  it("falls back to twitter:image, and keeps none that is not a web address", () => {
    expect(html('<meta name="twitter:image" content="https://cdn.example/card.jpg">').image).toBe(
      "https://cdn.example/card.jpg",
    );
    expect(html('<meta property="og:image" content="javascript:alert(1)">')).not.toHaveProperty("image");
    expect(html('<meta property="og:image" content="data:image/png;base64,AAAA">')).not.toHaveProperty("image");
    expect(html("")).not.toHaveProperty("image");
  });

  it("reads an image field from .json, as a URL or an object with a url, and drops other schemes", () => {
    expect(json({ image: "https://cdn.example/train.jpg" }).image).toBe("https://cdn.example/train.jpg");
    expect(json({ image: { url: "http://cdn.example/train.jpg", width: 1200 } }).image).toBe(
      "http://cdn.example/train.jpg",
    );
    expect(json({ image: "file:///etc/passwd" })).not.toHaveProperty("image");
    expect(json({ image: "train.jpg" })).not.toHaveProperty("image");
    expect(json({ image: 42 })).not.toHaveProperty("image");
  });

  it("reads an image field from Markdown front matter", () => {
    const text = `---\ntitle: Night train returns\nimage: https://cdn.example/train.webp\n---\n${BODY}\n`;
    expect(parseMarkdown({ text, stem: "t", notAfter: NOT_AFTER }).image).toBe("https://cdn.example/train.webp");
  });

  it("leaves out an image address too long for an embed", () => {
    expect(json({ image: `https://cdn.example/${"a".repeat(2100)}.jpg` })).not.toHaveProperty("image");
  });
});
