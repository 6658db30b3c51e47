import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadArticleFile } from "../../src/articles/load.js";
import type { FeedEntry } from "../../src/feeds/feed-list.js";
import { userAgent } from "../../src/feeds/fetch.js";
import { FEED_ARTICLES_SUBDIR } from "../../src/feeds/ingest.js";
import { fetchFeeds, type FetchFeedsOptions } from "../../src/feeds/run.js";
import { FeedStates } from "../../src/feeds/state.js";
import { createLogger } from "../../src/log.js";
import { Store } from "../../src/store.js";
import { startFeedServer, type FeedServer } from "./support/feed-server.js";

let server: FeedServer;
let dir: string;
let store: Store;
let states: FeedStates;
let storeCount = 0;
const log = createLogger("silent");

beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "newsbrief-feeds-"));
  store = new Store(`memory://feeds-fetch-${++storeCount}`, log);
  states = new FeedStates(store);
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

function options(feeds: FeedEntry[], extra: Partial<FetchFeedsOptions> = {}): FetchFeedsOptions {
  return {
    feeds,
    states,
    articlesDir: dir,
    http: { userAgent: userAgent("ops@newsbrief.example"), timeoutMs: 5_000, maxBytes: 256 * 1024 },
    pageMaxBytes: 256 * 1024,
    concurrency: 2,
    backoff: { baseMs: 60_000, maxMs: 3_600_000 },
    log,
    ...extra,
  };
}

const feed = (path: string, extra: Partial<FeedEntry> = {}): FeedEntry => ({ url: `${server.base}${path}`, ...extra });

async function storedFiles(): Promise<string[]> {
  return (await readdir(join(dir, FEED_ARTICLES_SUBDIR))).sort();
}

async function storedJson(): Promise<Array<Record<string, unknown>>> {
  const files = await storedFiles();
  return Promise.all(
    files.map(
      async (f) => JSON.parse(await readFile(join(dir, FEED_ARTICLES_SUBDIR, f), "utf8")) as Record<string, unknown>,
    ),
  );
}

describe("fetching an RSS 2.0 feed", () => {
  it("stores content:encoded stories, fetches linked pages for teasers, and marks a summary-only fallback partial", async () => {
    const report = await fetchFeeds(options([feed("/rss2.xml", { topic: "harbour" })]));
    const [result] = report.feeds;
    expect(result?.outcome).toBe("new");
    expect(result?.articles).toHaveLength(3);
    const articles = await storedJson();
    const byTitle = new Map(articles.map((a) => [a.title, a]));

    const ferry = byTitle.get("Ferry operator adds night crossings to Gullwing Island");
    expect(ferry?.body).toMatch(/^The Tallow Bay ferry company will run three night crossings/);
    expect(String(ferry?.body).split("\n\n")).toHaveLength(5);
    expect(ferry).toMatchObject({
      url: `${server.base}/news/ferry-night-crossings`,
      author: "Mirela Voss",
      source: "Harbor Ledger",
      publishedAt: "2026-11-23T07:15:00.000Z",
      topics: ["harbour"],
    });
    expect(ferry?.partial).toBeUndefined();

    const strike = byTitle.get("Dockworkers vote to end two-day strike at the container terminal");
    expect(strike?.body).toContain("312 members voted in favour");
    expect(strike?.body).not.toMatch(/Subscribe|All rights reserved/);
    expect(strike).toMatchObject({ author: "Tomas Reyne", url: `${server.base}/pages/dock-strike.html` });
    // No picture in the feed: the linked page's og:image is stored instead.
    expect(strike?.image).toBe(`${server.base}/pictures/terminal-cranes.jpg`);
    expect(ferry?.image).toBeUndefined();

    const museum = byTitle.get("Lighthouse museum to close for roof repairs");
    expect(museum).toMatchObject({ partial: true, body: expect.stringContaining("copper roof is replaced") });

    expect(result?.skipped).toEqual([{ item: "Tide tables for December", reason: "item has no link and no content" }]);
  });

  it("writes files the article loader accepts, with the feed's metadata", async () => {
    await fetchFeeds(options([feed("/rss2.xml")]));
    const [first] = await storedFiles();
    const loaded = await loadArticleFile(join(dir, FEED_ARTICLES_SUBDIR), first as string, {
      maxBytes: 1_000_000,
      firstSeenAt: new Date().toISOString(),
    });
    expect(loaded.ok).toBe(true);
    if (loaded.ok) expect(loaded.article.source).toBe("Harbor Ledger");
  });

  it("sends an honest User-Agent naming the bot and the contact", async () => {
    const before = server.requests.length;
    await fetchFeeds(options([feed("/rss2.xml")]));
    const agents = new Set(server.requests.slice(before).map((r) => r.headers["user-agent"]));
    expect([...agents]).toEqual(["newsbrief/0.1 (+ops@newsbrief.example)"]);
  });

  it("stores nothing new when the same items come again, even after the state is lost", async () => {
    await fetchFeeds(options([feed("/rss2.xml")]));
    const first = await storedFiles();
    const again = await fetchFeeds(options([feed("/rss2.xml")]));
    expect(again.feeds[0]).toMatchObject({ outcome: "unchanged", articles: [] });

    await states.delete(feed("/rss2.xml").url);
    const afterLoss = await fetchFeeds(options([feed("/rss2.xml")]));
    expect(afterLoss.newArticles).toBe(0);
    expect(await storedFiles()).toEqual(first);
  });

  it("names the articles' source after the list's name when it has one", async () => {
    await fetchFeeds(options([feed("/rss2.xml", { name: "Ledger (test)" })]));
    expect(new Set((await storedJson()).map((a) => a.source))).toEqual(new Set(["Ledger (test)"]));
  });
});

describe("fetching other formats", () => {
  it("reads Atom: xhtml content, relative alternate links and the feed-level author", async () => {
    const report = await fetchFeeds(options([feed("/atom.xml")]));
    expect(report.feeds[0]?.articles).toHaveLength(2);
    const byTitle = new Map((await storedJson()).map((a) => [a.title, a]));
    const path = byTitle.get("Council approves a cycle path along the old rail line");
    expect(path?.body).toContain("nineteen councillors voted for the plan");
    expect(path?.partial).toBeUndefined();
    expect(path).toMatchObject({
      author: "Courier Desk",
      source: "Fenmark Courier",
      publishedAt: "2026-11-25T17:05:00.000Z",
    });
    const marsh = byTitle.get("Salt marsh restoration doubles the count of nesting avocets");
    expect(marsh).toMatchObject({
      url: `${server.base}/pages/salt-marsh.html`,
      author: "Pieter Okafor",
      publishedAt: "2026-11-26T08:00:00.000Z",
    });
    expect(marsh?.body).toContain("64 nesting pairs of avocets");
  });

  it("reads RSS 1.0 (RDF) with escaped content:encoded and dc: fields", async () => {
    await fetchFeeds(options([feed("/rss1.rdf")]));
    const quarry = (await storedJson()).find((a) => String(a.title).startsWith("Quarry"));
    expect(quarry).toMatchObject({
      title: "Quarry expansion goes to a public hearing in February",
      author: "Jonas Feldhaus",
      source: "Upland Gazette",
      publishedAt: "2026-11-27T13:20:00.000Z",
    });
    expect(quarry?.body).toContain(
      "“We are not against the quarry; we are against it coming three hundred metres closer to the school,” said Edda Lunn",
    );
    expect(quarry?.partial).toBeUndefined();
  });

  it("fetches the linked page when content:encoded holds only a teaser", async () => {
    const before = server.requests.length;
    await fetchFeeds(options([feed("/rss1.rdf")]));
    expect(server.requests.slice(before).map((r) => r.path)).toEqual(["/rss1.rdf", "/pages/hill-market.html"]);
    const market = (await storedJson()).find((a) => String(a.title).startsWith("Marrowby"));
    expect(market?.body).toMatch(/^The livestock market at Marrowby will move from Tuesdays to Saturdays/);
    expect(String(market?.body).split("\n\n")).toHaveLength(4);
    expect(market?.body).not.toContain("Farming");
  });

  it("decodes an ISO-8859-1 feed by its XML declaration even when the header claims UTF-8", async () => {
    const report = await fetchFeeds(options([feed("/latin1-wrong-header.xml")]));
    expect(report.feeds[0]?.outcome).toBe("new");
    const [cafe] = await storedJson();
    expect(cafe?.title).toBe("Le café du port rouvre après trois ans de travaux");
    expect(cafe?.body).toContain("« Nous avons gardé le comptoir en zinc et les banquettes »");
    expect(cafe?.body).toContain("Zürich");
  });
});

describe("conditional GET", () => {
  it("sends the ETag back, and a 304 stores nothing", async () => {
    const url = feed("/etag/rss2.xml");
    const first = await fetchFeeds(options([url]));
    expect(first.newArticles).toBe(3);
    const files = await storedFiles();

    const before = server.requests.length;
    const second = await fetchFeeds(options([url]));
    const sent = server.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.headers["if-none-match"]).toBe('"v1"');
    expect(sent[0]?.headers["if-modified-since"]).toBe("Tue, 24 Nov 2026 17:00:00 GMT");
    expect(second.feeds[0]?.outcome).toBe("not-modified");
    expect(await storedFiles()).toEqual(files);
    expect((await states.get(url.url)).lastResult?.outcome).toBe("not-modified");
  });
});

/** The address of a server that has just been closed, so that connecting is refused. */
async function closedPortBase(): Promise<string> {
  const gone = await startFeedServer();
  await gone.close();
  return gone.base;
}

describe("failures", () => {
  const cases: Array<[string, string, RegExp]> = [
    ["a 404", "/status/404", /^HTTP 404/],
    ["a 403", "/status/403", /^HTTP 403/],
    ["a 500", "/status/500", /^HTTP 500/],
    ["a timeout", "/slow.xml", /^timed out after 300 ms$/],
    [
      "an HTML page, naming the feed it links to",
      "/feed-is-html",
      /^the response is an HTML page, not a feed; the page links to a feed at http:\/\/127\.0\.0\.1:\d+\/rss2\.xml$/,
    ],
    ["broken XML", "/broken.xml", /^broken XML at line \d+, column \d+: /],
    ["an unsupported encoding", "/klingon.xml", /unsupported character encoding "x-klingon-9"/],
    ["a response over the size limit", "/huge.xml", /larger than the 262144-byte limit/],
    ["a refused connection", "closed-port", /^network error: ECONNREFUSED$/],
  ];
  it.each(cases)("records %s as the feed's last result and backs off", async (_name, path, reason) => {
    const entry = path === "closed-port" ? { url: `${await closedPortBase()}/feed.xml` } : feed(path);
    const now = new Date("2026-11-28T12:00:00Z");
    // Only the slow endpoint needs the short timeout; the rest answer at once.
    const timeoutMs = path === "/slow.xml" ? 300 : 5_000;
    const report = await fetchFeeds(
      options([entry], { now: () => now, http: { userAgent: "newsbrief/0.1", timeoutMs, maxBytes: 256 * 1024 } }),
    );
    expect(report.feeds[0]).toMatchObject({ outcome: "failed", message: expect.stringMatching(reason) });
    expect(report).toMatchObject({ attempted: 1, failed: 1 });
    const state = await states.get(entry.url);
    expect(state).toMatchObject({
      failures: 1,
      backoffUntil: "2026-11-28T12:01:00.000Z",
      lastResult: { outcome: "failed" },
    });
    expect(state.lastResult?.message).toMatch(reason);
  });

  it("skips an item whose page fails and that has no summary, and tries it again next time", async () => {
    const entry = feed("/page-failures.xml");
    const first = await fetchFeeds(options([entry]));
    expect(first.feeds[0]?.skipped).toEqual([
      {
        item: "A story whose page is down and which has no summary",
        reason: "linked page unavailable (HTTP 500 Internal Server Error) and the item has no summary",
      },
    ]);
    expect(first.feeds[0]?.articles).toMatchObject([{ title: "A story whose link is not a web page", partial: true }]);
    expect(first.feeds[0]?.message).toBe("1 new article (1 partial), 1 item skipped");

    const before = server.requests.length;
    const second = await fetchFeeds(options([entry]));
    expect(second.feeds[0]?.skipped).toHaveLength(1);
    expect(server.requests.slice(before).map((r) => r.path)).toEqual(["/page-failures.xml", "/status/500"]);
  });

  it("keeps fetching the other feeds when one fails, and leaves no temporary files", async () => {
    const report = await fetchFeeds(
      options([feed("/status/404"), feed("/rss2.xml"), feed("/broken.xml"), feed("/atom.xml")]),
    );
    expect(report.feeds.map((f) => f.outcome)).toEqual(["failed", "new", "failed", "new"]);
    expect(report.newArticles).toBe(5);
    expect((await readdir(join(dir, FEED_ARTICLES_SUBDIR))).filter((f) => !f.endsWith(".json"))).toEqual([]);
  });

  it("doubles the backoff with each failure, honours Retry-After, and skips the feed until it ends", async () => {
    let now = new Date("2026-11-28T12:00:00Z");
    const broken = feed("/status/404");
    await fetchFeeds(options([broken], { now: () => now }));
    now = new Date("2026-11-28T12:01:00Z");
    await fetchFeeds(options([broken], { now: () => now }));
    expect((await states.get(broken.url)).backoffUntil).toBe("2026-11-28T12:03:00.000Z");

    const before = server.requests.length;
    now = new Date("2026-11-28T12:02:00Z");
    const waiting = await fetchFeeds(options([broken], { now: () => now }));
    expect(server.requests.length).toBe(before);
    expect(waiting).toMatchObject({ attempted: 0, failed: 0, feeds: [{ outcome: "backing-off" }] });
    expect(waiting.feeds[0]?.message).toContain("HTTP 404");

    const forced = await fetchFeeds(options([broken], { now: () => now, force: true }));
    expect(forced.feeds[0]?.outcome).toBe("failed");
    expect((await states.get(broken.url)).failures).toBe(3);

    const unavailable = feed("/status/503");
    await fetchFeeds(options([unavailable], { now: () => now }));
    expect((await states.get(unavailable.url)).backoffUntil).toBe("2026-11-28T13:02:00.000Z");
  });

  it("clears failures after a success", async () => {
    const entry = feed("/etag/rss2.xml");
    await states.set(entry.url, { failures: 4, backoffUntil: "2000-01-01T00:00:00.000Z", seen: [] });
    await fetchFeeds(options([entry]));
    const state = await states.get(entry.url);
    expect(state.failures).toBe(0);
    expect(state.backoffUntil).toBeUndefined();
  });
});

describe("limits", () => {
  it("has at most `concurrency` feeds in flight", async () => {
    // A server of its own, so that no other test's requests count.
    const probe = await startFeedServer();
    try {
      const feeds = Array.from({ length: 6 }, (_, i) => ({ url: `${probe.base}/slow-ok.xml?n=${i}` }));
      const report = await fetchFeeds(options(feeds, { concurrency: 2 }));
      expect(report.attempted).toBe(6);
      expect(probe.maxInFlight()).toBe(2);
    } finally {
      await probe.close();
    }
  });
});
