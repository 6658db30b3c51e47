// Feed content against the addresses it may make the bot reach. The publisher's server listens
// on 127.0.0.2, which these tests' rules count as public; the "internal" server on 127.0.0.1 stands
// for the bot's own network (an admin endpoint, a metadata service) and must never be asked anything.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FEED_ARTICLES_SUBDIR } from "../../src/feeds/ingest.js";
import { isPublicAddress, PUBLIC_ONLY, type AddressRules } from "../../src/feeds/guard.js";
import { fetchFeeds, type FetchFeedsOptions } from "../../src/feeds/run.js";
import { FeedStates } from "../../src/feeds/state.js";
import { createLogger } from "../../src/log.js";
import { Store } from "../../src/store.js";
import { rssDocument, startFeedServer, type FeedDocumentItem, type FeedServer } from "./support/feed-server.js";

const PUBLIC_IN_TESTS = new Set(["127.0.0.2", "127.0.0.3"]);
const rules: AddressRules = {
  resolve: PUBLIC_ONLY.resolve,
  isPublic: (a) => PUBLIC_IN_TESTS.has(a) || isPublicAddress(a),
};

let publisher: FeedServer;
let elsewhere: FeedServer;
let internal: FeedServer;
let dir: string;
let store: Store;
let storeCount = 0;
const log = createLogger("silent");

const SECRET_PAGE = `<!doctype html><html><head><title>Admin</title></head><body><article>${"<p>SECRET-TOKEN-4471 grants full access to the deployment console and every stored credential.</p>".repeat(8)}</article></body></html>`;
const STORY_PAGE = `<!doctype html><html><head><title>Tide gauge</title></head><body><article>${"<p>The new tide gauge at Kettle Reach reports the water level every minute, the harbour office said.</p>".repeat(8)}</article></body></html>`;

beforeAll(async () => {
  publisher = await startFeedServer({ host: "127.0.0.2" });
  elsewhere = await startFeedServer({ host: "127.0.0.3" });
  internal = await startFeedServer();
  internal.serve("/admin", "text/html", SECRET_PAGE);
  elsewhere.serve("/tide-gauge", "text/html", STORY_PAGE);
});
afterAll(async () => {
  await Promise.all([publisher.close(), elsewhere.close(), internal.close()]);
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "newsbrief-ssrf-"));
  store = new Store(`memory://feeds-ssrf-${++storeCount}`, log);
  internal.requests.length = 0;
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

/** Serves the items as a feed on the publisher's server and fetches it once. */
async function fetchItems(path: string, items: FeedDocumentItem[], extra: Partial<FetchFeedsOptions> = {}) {
  publisher.serve(path, "application/rss+xml", rssDocument("Kettle Reach Post", items));
  return fetchFeeds({
    feeds: [{ url: `${publisher.base}${path}` }],
    states: new FeedStates(store),
    articlesDir: dir,
    http: { userAgent: "newsbrief/0.1", timeoutMs: 3_000, maxBytes: 256 * 1024 },
    pageMaxBytes: 256 * 1024,
    concurrency: 2,
    backoff: { baseMs: 60_000, maxMs: 3_600_000 },
    rules,
    log,
    ...extra,
  });
}

async function storedJson(): Promise<Array<Record<string, unknown>>> {
  const folder = join(dir, FEED_ARTICLES_SUBDIR);
  const files = (await readdir(folder)).sort();
  return Promise.all(
    files.map(async (f) => JSON.parse(await readFile(join(folder, f), "utf8")) as Record<string, unknown>),
  );
}

describe("links in a public feed", () => {
  it("never requests another loopback port or the metadata address, and stores nothing from them, while public pages are fetched", async () => {
    const report = await fetchItems("/loopback.xml", [
      { title: "Tide gauge", link: `${elsewhere.base}/tide-gauge` },
      { title: "Console cleanup", link: `${internal.base}/admin?delete=all` },
      { title: "Cloud metadata", link: "http://169.254.169.254/latest/meta-data/" },
      {
        title: "Teaser with an internal link",
        link: `${internal.base}/admin`,
        description: "<p>A short teaser about the harbour.</p>",
      },
    ]);
    expect(internal.requests).toEqual([]);
    const [feed] = report.feeds;
    expect(feed?.skipped).toEqual([
      {
        item: "Console cleanup",
        reason: expect.stringMatching(
          /^linked page unavailable \(refused http:\/\/127\.0\.0\.1:\d+\/admin\?delete=all: 127\.0\.0\.1 is not a public address \(loopback\)/,
        ),
      },
      {
        item: "Cloud metadata",
        reason: expect.stringMatching(
          /^linked page unavailable \(refused http:\/\/169\.254\.169\.254\/latest\/meta-data\/: 169\.254\.169\.254 is not a public address \(linkLocal\)/,
        ),
      },
    ]);
    const stored = new Map((await storedJson()).map((a) => [a.title, a]));
    expect(stored.get("Tide gauge")?.body).toContain("The new tide gauge at Kettle Reach");
    expect(stored.get("Teaser with an internal link")).toMatchObject({
      partial: true,
      body: "A short teaser about the harbour.",
    });
    expect(stored.size).toBe(2);
    expect(JSON.stringify([...stored.values()])).not.toContain("SECRET-TOKEN");
  });

  it("refuses a redirect to an internal address and names it", async () => {
    const report = await fetchItems("/redirecting.xml", [
      { title: "Moved story", link: `${publisher.base}/redirect?to=${encodeURIComponent(`${internal.base}/admin`)}` },
    ]);
    expect(internal.requests).toEqual([]);
    expect(publisher.requests.map((r) => r.path)).toContain("/redirect");
    expect(report.feeds[0]?.skipped[0]?.reason).toMatch(
      /refused http:\/\/127\.0\.0\.1:\d+\/admin: 127\.0\.0\.1 is not a public address \(loopback\) and it is not on the feed's host/,
    );
  });

  it("refuses a hostname that resolves to a loopback address", async () => {
    const port = new URL(internal.base).port;
    const report = await fetchItems("/by-name.xml", [{ title: "Named host", link: `http://localhost:${port}/admin` }]);
    expect(internal.requests).toEqual([]);
    expect(report.feeds[0]?.skipped[0]?.reason).toMatch(
      /refused http:\/\/localhost:\d+\/admin: localhost resolves to (127\.0\.0\.1|::1), which is not a public address \(loopback\)/,
    );
  });

  it("refuses the feed's own host once it resolves to an internal address it was not fetched from", async () => {
    const port = new URL(publisher.base).port;
    let lookups = 0;
    // DNS rebinding: the first answer (for the feed) is public, the next (for its link) is internal.
    const rebinding: AddressRules = {
      ...rules,
      resolve: async () => [{ address: lookups++ === 0 ? "127.0.0.2" : "127.0.0.1", family: 4 }],
    };
    const report = await fetchItems("/rebinding.xml", [{ title: "Rebound", link: `http://news.test:${port}/admin` }], {
      feeds: [{ url: `http://news.test:${port}/rebinding.xml` }],
      rules: rebinding,
    });
    expect(report.feeds[0]?.skipped[0]?.reason).toMatch(
      /news\.test resolves to 127\.0\.0\.1, which is not a public address \(loopback\) and the feed's host was not reached at it/,
    );
  });
});

describe("a public feed's own redirect", () => {
  it("is refused when it points at an internal address", async () => {
    internal.serve(
      "/feed.xml",
      "application/rss+xml",
      rssDocument("Internal", [{ title: "Internal", description: "<p>Internal only.</p>" }]),
    );
    const report = await fetchItems("/unused.xml", [], {
      feeds: [{ url: `${publisher.base}/redirect?to=${encodeURIComponent(`${internal.base}/feed.xml`)}` }],
    });
    expect(internal.requests).toEqual([]);
    expect(report.feeds[0]).toMatchObject({
      outcome: "failed",
      message: expect.stringMatching(/^refused http:\/\/127\.0\.0\.1:\d+\/feed\.xml: /),
    });
  });
});

describe("links that are not http(s)", () => {
  it("keeps the item's feed text with no link, and requests nothing but the feed", async () => {
    const before = publisher.requests.length;
    const report = await fetchItems("/schemes.xml", [
      {
        title: "Script link",
        link: "javascript:alert(document.cookie)",
        guid: "item-js",
        description: "<p>Text of the script item.</p>",
      },
      {
        title: "File link",
        link: "file:///etc/passwd",
        guid: "item-file",
        description: "<p>Text of the file item.</p>",
      },
      {
        title: "Data link",
        link: "data:text/html,<p>hi</p>",
        guid: "item-data",
        description: "<p>Text of the data item.</p>",
      },
      {
        title: "Guid only",
        guid: "urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427",
        description: "<p>Text of the guid item.</p>",
      },
    ]);
    expect(publisher.requests.slice(before).map((r) => r.path)).toEqual(["/schemes.xml"]);
    expect(report.feeds[0]?.skipped).toEqual([]);
    const stored = new Map((await storedJson()).map((a) => [a.title, a]));
    for (const [title, text] of [
      ["Script link", "Text of the script item."],
      ["File link", "Text of the file item."],
      ["Data link", "Text of the data item."],
      ["Guid only", "Text of the guid item."],
    ] as const) {
      expect(stored.get(title)).toMatchObject({ body: text });
      expect(stored.get(title)?.url).toBeUndefined();
      expect(stored.get(title)?.partial).toBeUndefined();
    }
  });
});
