// Feed ingestion throughput: a generated RSS document of 1,000 items (half carrying the whole
// story in content:encoded, half teasers whose linked page is served from memory) is decoded,
// parsed and ingested into a temporary articles folder. No network is involved, so the figure is
// the cost of parsing, extraction and the atomic writes alone.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { HttpResult } from "../src/feeds/fetch.js";
import { ingestItems } from "../src/feeds/ingest.js";
import { parseFeed } from "../src/feeds/parse.js";
import { decodeXml } from "../src/feeds/xml-encoding.js";
import { createLogger } from "../src/log.js";

const ITEMS = 1_000;
const BASE = "https://bench.newsbrief.example";

const PLACES = [
  "Tallow Bay",
  "Gullwing Island",
  "Marrowby",
  "Kettle Reach",
  "Ostry",
  "Bellmoor",
  "Vallorbe",
  "Cape Sorrel",
];
const SUBJECTS = [
  "the harbour board",
  "the district council",
  "the ferry company",
  "the wildlife trust",
  "the dockworkers' union",
  "the planning office",
];

/** A made-up story of `paragraphs` paragraphs, different for every n. */
function story(n: number, paragraphs: number): string[] {
  return Array.from({ length: paragraphs }, (_, p) => {
    const place = PLACES[(n + p) % PLACES.length] as string;
    const subject = SUBJECTS[(n * 7 + p) % SUBJECTS.length] as string;
    return (
      `In ${place}, ${subject} said on day ${(n % 28) + 1} that it would review plan number ${n * 10 + p} before the end of the season. ` +
      `"We have listened to ${200 + ((n * 13 + p) % 700)} residents and we will publish what we heard," a spokesperson for ${subject} said. ` +
      `Critics in ${place} said the review came ${p + 2} years too late, while supporters pointed to the ${(n + p) % 9} projects already finished.`
    );
  });
}

function feedDocument(): string {
  const items = Array.from({ length: ITEMS }, (_, n) => {
    const full = n % 2 === 0;
    const body = full
      ? `<content:encoded><![CDATA[${story(n, 5)
          .map((p) => `<p>${p}</p>`)
          .join("")}]]></content:encoded>`
      : `<description>${story(n, 1)[0]?.slice(0, 160)}</description>`;
    return `<item><title>Bench story ${n} from ${PLACES[n % PLACES.length]}</title><link>${BASE}/story/${n}</link><guid>${BASE}/story/${n}</guid><pubDate>Sat, 28 Nov 2026 09:00:00 GMT</pubDate>${body}</item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Bench Feed</title>${items.join("")}</channel></rss>`;
}

function page(n: number): Uint8Array {
  const paragraphs = story(n, 6)
    .map((p) => `<p>${p}</p>`)
    .join("\n");
  return Buffer.from(
    `<!doctype html><html><head><title>Bench story ${n}</title></head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav><article><h1>Bench story ${n}</h1>${paragraphs}</article><footer>Bench footer</footer></body></html>`,
  );
}

export async function benchFeeds(): Promise<{ itemsPerSecond: number }> {
  const bytes = Buffer.from(feedDocument());
  const dir = await mkdtemp(join(tmpdir(), "newsbrief-bench-feeds-"));
  const getPage = async (url: string): Promise<HttpResult> => ({
    kind: "ok",
    url,
    bytes: page(Number(url.split("/").pop())),
    contentType: "text/html; charset=utf-8",
  });
  try {
    const started = performance.now();
    const decoded = decodeXml(bytes, "application/rss+xml");
    if (!decoded.ok) throw new Error(decoded.reason);
    const parsed = parseFeed(decoded.text, `${BASE}/feed.xml`);
    if (!parsed.ok) throw new Error(parsed.reason);
    const result = await ingestItems({ url: `${BASE}/feed.xml`, source: "Bench Feed" }, parsed.feed.items, new Set(), {
      articlesDir: dir,
      getPage,
      concurrency: 4,
      log: createLogger("silent"),
      now: () => new Date(),
    });
    const seconds = (performance.now() - started) / 1000;
    if (result.stored.length !== ITEMS)
      throw new Error(
        `stored ${result.stored.length} of ${ITEMS} items: ${JSON.stringify(result.skipped.slice(0, 3))}`,
      );
    return { itemsPerSecond: ITEMS / seconds };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
