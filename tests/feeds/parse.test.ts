import { describe, expect, it } from "vitest";
import { parseFeed, type ParsedFeed } from "../../src/feeds/parse.js";

const BASE = "https://news.example/feeds/main.xml";

function feedOf(xml: string): ParsedFeed {
  const result = parseFeed(xml, BASE);
  if (!result.ok) throw new Error(result.reason);
  return result.feed;
}

function reasonOf(xml: string): string {
  const result = parseFeed(xml, BASE);
  if (result.ok) throw new Error("parsed as a feed");
  return result.reason;
}

describe("RSS 2.0", () => {
  it("uses a permalink guid as the link when there is no <link>, but never an isPermaLink=false guid", () => {
    const feed = feedOf(`<rss version="2.0"><channel><title>T</title>
      <item><title>A</title><guid>https://news.example/a</guid></item>
      <item><title>B</title><guid isPermaLink="false">https://news.example/b</guid></item>
    </channel></rss>`);
    expect(feed.items.map((i) => i.link)).toEqual(["https://news.example/a", undefined]);
    expect(feed.items.map((i) => i.guid)).toEqual(["https://news.example/a", "https://news.example/b"]);
  });

  it("resolves relative links against the feed's address and drops non-web links", () => {
    const feed = feedOf(`<rss version="2.0"><channel><title>T</title>
      <item><title>A</title><link>../stories/a.html</link></item>
      <item><title>B</title><link>mailto:desk@news.example</link></item>
    </channel></rss>`);
    expect(feed.items.map((i) => i.link)).toEqual(["https://news.example/stories/a.html", undefined]);
  });

  it("reads the name out of an e-mail style <author> and falls back to dc:creator", () => {
    const feed = feedOf(`<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>T</title>
      <item><title>A</title><author>desk@news.example (Ana Ruiz)</author></item>
      <item><title>B</title><dc:creator>Bo Lindqvist</dc:creator></item>
      <item><title>C</title><author>desk@news.example</author></item>
    </channel></rss>`);
    expect(feed.items.map((i) => i.author)).toEqual(["Ana Ruiz", "Bo Lindqvist", "desk@news.example"]);
  });

  it("turns RFC 822 dates into ISO 8601 and ignores unreadable ones", () => {
    const feed = feedOf(`<rss version="2.0"><channel><title>T</title>
      <item><title>A</title><pubDate>Fri, 27 Nov 2026 18:30:00 +0200</pubDate></item>
      <item><title>B</title><pubDate>sometime last week</pubDate></item>
    </channel></rss>`);
    expect(feed.items.map((i) => i.publishedAt)).toEqual(["2026-11-27T16:30:00.000Z", undefined]);
  });

  it("decodes escaped HTML in descriptions and HTML entities the feed never declared", () => {
    const feed = feedOf(`<rss version="2.0"><channel><title>Caf&#233; &amp; Co&hellip;</title>
      <item><title>A&nbsp;B</title><description>&lt;p&gt;One &amp;amp; two&lt;/p&gt;</description></item>
    </channel></rss>`);
    expect(feed.title).toBe("Café & Co…");
    expect(feed.items[0]?.title).toBe("A\u00a0B");
    expect(feed.items[0]?.summaryHtml).toBe("<p>One &amp; two</p>");
  });

  it("reads a channel with a single item or none", () => {
    expect(
      feedOf(`<rss version="2.0"><channel><title>T</title><item><title>Only</title></item></channel></rss>`).items,
    ).toHaveLength(1);
    expect(feedOf(`<rss version="2.0"><channel><title>T</title></channel></rss>`).items).toEqual([]);
  });
});

describe("Atom", () => {
  it("escapes type=text content into paragraphs and unwraps CDATA in type=html", () => {
    const feed = feedOf(`<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
      <entry><id>1</id><title>A</title><content type="text">First &lt;line&gt; &amp; more.

Second block.</content></entry>
      <entry><id>2</id><title>B</title><content type="html"><![CDATA[<p>Bold <b>move</b></p>]]></content></entry>
    </feed>`);
    expect(feed.items[0]?.contentHtml).toBe("<p>First &lt;line&gt; &amp; more.</p>\n<p>Second block.</p>");
    expect(feed.items[1]?.contentHtml).toBe("<p>Bold <b>move</b></p>");
  });

  it("prefers the HTML alternate link over other relations", () => {
    const feed = feedOf(`<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
      <entry><id>1</id><title>A</title>
        <link rel="edit" href="/api/1"/>
        <link rel="alternate" type="application/json" href="/1.json"/>
        <link rel="alternate" type="text/html" href="/stories/1"/>
      </entry>
    </feed>`);
    expect(feed.items[0]?.link).toBe("https://news.example/stories/1");
  });

  it("uses <updated> when there is no <published>, and joins several authors", () => {
    const feed = feedOf(`<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
      <entry><id>1</id><title>A</title><updated>2026-11-20T10:00:00+01:00</updated>
        <author><name>Ann Oyelaran</name></author><author><name>Ben Carrow</name></author></entry>
    </feed>`);
    expect(feed.items[0]).toMatchObject({
      publishedAt: "2026-11-20T09:00:00.000Z",
      author: "Ann Oyelaran, Ben Carrow",
    });
  });
});

describe("RSS 1.0", () => {
  it("identifies items by rdf:about", () => {
    const feed =
      feedOf(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
      <channel rdf:about="https://news.example/"><title>Hill News</title></channel>
      <item rdf:about="https://news.example/1"><title>One</title><link>https://news.example/1</link></item>
    </rdf:RDF>`);
    expect(feed).toMatchObject({
      format: "rdf",
      title: "Hill News",
      items: [{ guid: "https://news.example/1", title: "One" }],
    });
  });
});

describe("documents that are not feeds", () => {
  it("recognises an HTML page, with or without a doctype, and XHTML", () => {
    expect(reasonOf("<!DOCTYPE html><html><body><p>Hi<br></body></html>")).toBe(
      "the response is an HTML page, not a feed",
    );
    expect(reasonOf("\n  <html><head></head><body></body></html>")).toBe("the response is an HTML page, not a feed");
    expect(reasonOf('<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>')).toBe(
      "the response is an HTML page, not a feed",
    );
  });

  it("says where XML breaks", () => {
    expect(reasonOf("<rss>\n<channel>\n<title>T</channel></rss>")).toMatch(
      /^broken XML at line 3, column \d+: Expected closing tag 'title'/,
    );
  });

  it("names the root of other XML documents", () => {
    expect(reasonOf('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url/></urlset>')).toBe(
      "not a feed: the document is <urlset>, not <rss>, <rdf:RDF> or <feed>",
    );
  });
});

describe("item pictures", () => {
  const MEDIA = 'xmlns:media="http://search.yahoo.com/mrss/"';

  it("reads media:thumbnail, media:content (also inside media:group) and image enclosures", () => {
    const feed = feedOf(`<rss version="2.0" ${MEDIA}><channel><title>T</title>
      <item><title>A</title><media:thumbnail url="https://img.example/a-thumb.jpg" width="144"/><media:content url="https://img.example/a.jpg" medium="image"/></item>
      <item><title>B</title><media:content url="https://img.example/b.mp4" medium="video"/><media:content url="/pics/b.jpg" type="image/jpeg"/></item>
      <item><title>C</title><media:group><media:content url="https://img.example/c.png"/></media:group></item>
      <item><title>D</title><enclosure url="https://img.example/d.mp3" type="audio/mpeg" length="1"/><enclosure url="https://img.example/d.jpg" type="image/jpeg" length="1"/></item>
      <item><title>E</title><enclosure url="https://img.example/e.mp3" type="audio/mpeg" length="1"/></item>
    </channel></rss>`);
    expect(feed.items.map((i) => i.image)).toEqual([
      "https://img.example/a-thumb.jpg",
      "https://news.example/pics/b.jpg",
      "https://img.example/c.png",
      "https://img.example/d.jpg",
      undefined,
    ]);
  });

  it("reads an Atom image enclosure link and keeps only web addresses", () => {
    const feed = feedOf(`<feed xmlns="http://www.w3.org/2005/Atom" ${MEDIA}><title>T</title>
      <entry><id>a</id><title>A</title><link href="https://news.example/a"/><link rel="enclosure" type="image/png" href="https://img.example/a.png"/></entry>
      <entry><id>b</id><title>B</title><media:thumbnail url="javascript:alert(1)"/></entry>
    </feed>`);
    expect(feed.items.map((i) => i.image)).toEqual(["https://img.example/a.png", undefined]);
  });
});
