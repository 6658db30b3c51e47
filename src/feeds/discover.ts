// Feed discovery for a listed URL that turned out to be a web page: the feeds the page advertises
// with <link rel="alternate" type="application/rss+xml|atom+xml">, so that the failure can say
// which URL to list instead. Only runs on that failure path, so a DOM per call is affordable.
import { JSDOM, VirtualConsole } from "jsdom";

const FEED_TYPES = new Set([
  "application/rss+xml",
  "application/atom+xml",
  "application/rdf+xml",
  "application/feed+json",
]);

/** Absolute URLs of the feeds an HTML page links to, in page order. */
export function advertisedFeeds(html: string, pageUrl: string): string[] {
  const dom = new JSDOM(html, { url: pageUrl, virtualConsole: new VirtualConsole() });
  try {
    const links = Array.from(dom.window.document.querySelectorAll("link[rel~='alternate'][href]"));
    const urls = links
      .filter((link) => FEED_TYPES.has((link.getAttribute("type") ?? "").trim().toLowerCase()))
      .map((link) => (link as HTMLLinkElement).href)
      .filter((href) => /^https?:/.test(href));
    return [...new Set(urls)];
  } finally {
    dom.window.close();
  }
}
