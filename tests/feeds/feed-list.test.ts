import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addFeed, FeedListError, readFeedList, removeFeed } from "../../src/feeds/feed-list.js";

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "newsbrief-feedlist-"));
  file = join(dir, "nested", "feeds.json");
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the feed list", () => {
  it("is empty before anything was added", async () => {
    expect(await readFeedList(file)).toEqual({ feeds: [] });
  });

  it("adds feeds, updates one added again under another spelling, keeping the topic it was not given, and removes it", async () => {
    expect(await addFeed(file, { url: "https://News.Example/rss", name: "News", topic: "harbour ferries" })).toBe(
      "added",
    );
    expect(await addFeed(file, { url: "https://other.example/atom.xml" })).toBe("added");
    expect(await addFeed(file, { url: "https://news.example/rss", name: "News Daily" })).toBe("updated");
    expect((await readFeedList(file)).feeds).toEqual([
      { url: "https://news.example/rss", name: "News Daily", topic: "harbour ferries" },
      { url: "https://other.example/atom.xml" },
    ]);
    expect(await addFeed(file, { url: "https://news.example/rss", topic: "ferries" })).toBe("updated");
    expect((await readFeedList(file)).feeds[0]).toEqual({
      url: "https://news.example/rss",
      name: "News Daily",
      topic: "ferries",
    });

    expect(await removeFeed(file, "https://NEWS.example/rss")).toBe(true);
    expect(await removeFeed(file, "https://news.example/rss")).toBe(false);
    expect((await readFeedList(file)).feeds.map((f) => f.url)).toEqual(["https://other.example/atom.xml"]);
  });

  it("writes pretty JSON and leaves no temporary file beside it", async () => {
    await addFeed(file, { url: "https://news.example/rss" });
    expect(await readFile(file, "utf8")).toBe(
      '{\n  "feeds": [\n    {\n      "url": "https://news.example/rss"\n    }\n  ]\n}\n',
    );
    expect(await readdir(join(dir, "nested"))).toEqual(["feeds.json"]);
  });

  it("reports every problem in a hand-edited file with its place", async () => {
    const path = join(dir, "feeds.json");
    await writeFile(path, JSON.stringify({ feeds: [{ url: "ftp://x.example/f" }, { name: "" }] }));
    const error = await readFeedList(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FeedListError);
    const message = (error as Error).message;
    expect(message).toContain("feeds.0.url: an http:// or https:// URL");
    expect(message).toContain("feeds.1.url");
    expect(message).toContain("feeds.1.name");
  });

  it("reports a URL that does not parse as a problem of the file, not as a crash", async () => {
    const path = join(dir, "feeds.json");
    await writeFile(path, JSON.stringify({ feeds: [{ url: "news.example/rss" }, { url: "https://a.example/" }] }));
    const error = await readFeedList(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FeedListError);
    expect((error as Error).message).toContain("feeds.0.url: an http:// or https:// URL");
  });

  it("refuses a feed listed twice under two spellings", async () => {
    const path = join(dir, "feeds.json");
    await writeFile(path, JSON.stringify({ feeds: [{ url: "https://a.example/" }, { url: "https://A.example" }] }));
    await expect(readFeedList(path)).rejects.toThrow("feeds.1.url: listed twice: https://A.example");
  });

  it("says when the file is not JSON at all", async () => {
    const path = join(dir, "broken.json");
    await writeFile(path, "{ feeds: [");
    await expect(readFeedList(path)).rejects.toThrow(/broken\.json is not valid JSON/);
  });
});
