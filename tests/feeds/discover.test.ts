import { describe, expect, it } from "vitest";
import { advertisedFeeds } from "../../src/feeds/discover.js";

describe("feed discovery on a web page", () => {
  it("finds the feeds an HTML page advertises", () => {
    const html = `<html><head>
      <link rel="alternate" type="application/rss+xml" href="/rss.xml">
      <link rel="alternate" type="application/atom+xml" href="https://news.example/atom.xml">
      <link rel="alternate" hreflang="fr" href="/fr/">
      <link rel="stylesheet" href="/site.css">
    </head><body></body></html>`;
    expect(advertisedFeeds(html, "https://news.example/section/")).toEqual([
      "https://news.example/rss.xml",
      "https://news.example/atom.xml",
    ]);
  });

  it("finds nothing on a page without feed links", () => {
    expect(advertisedFeeds("<!doctype html><title>x</title><p>No feeds here.</p>", "https://news.example/")).toEqual(
      [],
    );
  });
});
