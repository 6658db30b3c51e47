import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { Analyzer } from "../../src/library/analysis-pool.js";
import { toRecord } from "../../src/library/analysis-record.js";
import { analyze } from "../../src/library/briefing.js";
import { StoredAnalysisCache } from "../../src/library/cache.js";
import { Corpus } from "../../src/library/corpus.js";
import { StoredFirstSeen } from "../../src/library/first-seen.js";
import { FileManifest } from "../../src/library/manifest.js";
import { Store } from "../../src/store.js";
import { StoreError } from "../../src/store-error.js";
import { FailingStore } from "../support/failing-store.js";

const log = pino({ level: "silent" });

function article(title: string, publishedAt: string, extra = ""): string {
  return JSON.stringify({
    title,
    publishedAt,
    source: "Test Wire",
    body: `${title} was confirmed on Monday by city officials. The council met for four hours to debate it.\n\n“We will not wait any longer,” Mayor Ana Duarte said. ${extra}\n\nCritics said the plan came too late for most residents.`,
  });
}

function folder(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), "nb-corpus-"));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

const open = (dir: string, extra: Partial<Parameters<typeof Corpus.open>[0]> = {}) => Corpus.open({ dir, maxBytes: 100_000, log, ...extra });

describe("the corpus", () => {
  it("loads every good file and reports each bad one with its reason", async () => {
    const dir = folder({
      "a.json": article("Bridge reopens after repairs", "2026-03-01"),
      "b.json": article("Library extends opening hours", "2026-03-02"),
      "no-title.json": JSON.stringify({ body: "Text without a title." }),
      "empty.txt": "",
      "binary.txt": Buffer.from([0, 1, 2, 3, 0, 255]),
      // Bytes 1–255 over and over: binary without a single NUL.
      "noise.txt": Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 37) % 255 + 1)),
    });
    const corpus = await open(dir);
    expect(corpus.size).toBe(2);
    expect(corpus.skipped.map((s) => s.path).sort()).toEqual(["binary.txt", "empty.txt", "no-title.json", "noise.txt"]);
    expect(corpus.skipped.find((s) => s.path === "noise.txt")?.reason).toBe("binary file, not text");
    for (const s of corpus.skipped) expect(s.reason.length).toBeGreaterThan(3);
  });

  it("reports symbolic links that leave the folder or loop as skipped, with the reason", async () => {
    const outside = folder({ "secret.json": article("Private notes kept elsewhere", "2026-03-01") });
    const dir = folder({ "a.json": article("Bridge reopens after repairs", "2026-03-01") });
    mkdirSync(join(dir, "world"));
    symlinkSync(join(outside, "secret.json"), join(dir, "secret.json"));
    symlinkSync("loop-b.json", join(dir, "loop-a.json"));
    symlinkSync("loop-a.json", join(dir, "loop-b.json"));
    symlinkSync("..", join(dir, "world", "up"));
    const corpus = await open(dir);
    expect(corpus.size).toBe(1);
    expect(corpus.skipped.sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      { path: "loop-a.json", reason: "symbolic link loop" },
      { path: "loop-b.json", reason: "symbolic link loop" },
      { path: "secret.json", reason: "symbolic link to a path outside the articles folder" },
      { path: "world/up", reason: "symbolic link loop (it points to a folder that contains it)" },
    ]);
  });

  it("lists the newest first, by publication date", async () => {
    const corpus = await open(folder({ "old.json": article("Old story here", "2025-01-01"), "new.json": article("New story here", "2026-01-01") }));
    expect(corpus.newest(2).map((e) => e.article.id)).toEqual(["new", "old"]);
    expect(corpus.newest(1)).toHaveLength(1);
  });

  it("matches topic filters on an article's own topic words as well as its text", async () => {
    const tagged = JSON.stringify({ title: "Pilots agree new rota", body: "The rota starts in winter. Pilots voted on Monday.", topics: ["maritime"] });
    const corpus = await open(folder({ "tagged.json": tagged, "plain.json": article("Museum wins award", "2026-02-02") }));
    expect(corpus.newest(5, "maritime").map((e) => e.article.id)).toEqual(["tagged"]);
  });

  it("loads two files with the same content once", async () => {
    const text = article("Same story twice", "2026-01-01");
    const corpus = await open(folder({ "one.json": text, "two.json": text }));
    expect(corpus.size).toBe(1);
    expect(corpus.skipped[0]?.reason).toMatch(/same content/);
  });

  it("picks up added, changed and removed files, and leaves unchanged ones alone", async () => {
    const dir = folder({ "keep.json": article("Keep this story", "2026-01-01"), "change.json": article("Change this story", "2026-01-02"), "drop.json": article("Drop this story", "2026-01-03") });
    const corpus = await open(dir);
    writeFileSync(join(dir, "change.json"), article("Changed story headline", "2026-01-02", "A new sentence was added."));
    utimesSync(join(dir, "change.json"), new Date(), new Date(Date.now() + 5_000));
    rmSync(join(dir, "drop.json"));
    writeFileSync(join(dir, "add.json"), article("Added story arrives", "2026-01-04"));
    const report = await corpus.refresh();
    expect(report).toMatchObject({ added: ["add"], changed: ["change"], removed: ["drop"], skipped: [] });
    expect(corpus.get("change")?.article.title).toBe("Changed story headline");
    expect(corpus.get("drop")).toBeUndefined();
    expect(corpus.search("added", 5)[0]?.article.id).toBe("add");
  });

  it("loads a file that lost an id conflict once the other file is gone", async () => {
    const dir = folder({ "story.json": article("First story with the id", "2026-01-01"), "story.txt": "Second story with the id\n\nIt was written on Monday. It says other things entirely.\n" });
    const corpus = await open(dir);
    expect(corpus.size).toBe(1);
    expect(corpus.skipped).toHaveLength(1);
    const loser = corpus.skipped[0]!.path;
    rmSync(join(dir, loser === "story.json" ? "story.txt" : "story.json"));
    const report = await corpus.refresh();
    expect(report.skipped).toEqual([]);
    expect(corpus.get("story")?.article.path).toBe(loser);
  });

  it("builds a briefing for every article", async () => {
    const corpus = await open(folder({ "a.json": article("Ferry service resumes", "2026-02-01") }));
    const briefing = corpus.get("a")!.briefing;
    expect(briefing.summary.short.length).toBeGreaterThan(0);
    expect(briefing.summary.long.length).toBeGreaterThanOrEqual(briefing.summary.short.length);
    const body = corpus.get("a")!.article.paragraphs.map((p) => p.text).join("\n");
    for (const s of briefing.summary.long) expect(body).toContain(s.text);
    expect(briefing.quotes.length).toBeGreaterThan(0);
    for (const q of briefing.quotes) {
      expect(body).toContain(q.sentence);
      expect(q.sentence).toContain(q.text);
    }
  });

  it("reads analyses from the cache after a restart and keeps first-seen dates", async () => {
    const dir = folder({ "a.json": article("Ferry service resumes", "2026-02-01"), "b.json": article("Museum wins award", "2026-02-02") });
    const url = `sqlite://${join(mkdtempSync(join(tmpdir(), "nb-cache-")), "s.sqlite")}`;
    const boot = async (now: Date) => {
      const store = new Store(url, log);
      const corpus = await Corpus.open({ dir, maxBytes: 100_000, log, cache: new StoredAnalysisCache(store), firstSeen: new StoredFirstSeen(store), manifest: new FileManifest(store), now: () => now });
      return { store, corpus };
    };
    const first = await boot(new Date("2026-02-03T00:00:00Z"));
    await first.store.close();
    const second = await boot(new Date("2026-02-09T00:00:00Z"));
    expect(second.corpus.lastRefresh.cached).toBe(2);
    const report = await second.corpus.refresh();
    expect(report.added).toEqual([]);
    expect(second.corpus.get("a")?.article.firstSeenAt).toBe("2026-02-03T00:00:00.000Z");
    expect(second.corpus.get("a")?.briefing).toEqual(first.corpus.get("a")?.briefing);
    await second.store.close();
  });

  for (const failing of ["first-seen", "analysis"]) {
    it(`loads an article that arrived while the store could not write "${failing}" once the store recovers`, async () => {
      const dir = folder({ "a.json": article("Ferry service resumes", "2026-02-01") });
      const store = new FailingStore(`memory://corpus-outage-${failing}-${Date.now()}`, log);
      const corpus = await Corpus.open({ dir, maxBytes: 100_000, log, cache: new StoredAnalysisCache(store), firstSeen: new StoredFirstSeen(store), manifest: new FileManifest(store) });

      store.fail("writes", [failing]);
      writeFileSync(join(dir, "b.json"), article("Museum wins award", "2026-02-02"));
      await expect(corpus.refresh()).rejects.toThrow(StoreError);
      store.recover();
      const report = await corpus.refresh();

      expect(report.added).toEqual(["b"]);
      expect(corpus.all().map((e) => e.article.id)).toEqual(["b", "a"]);
    });
  }

  it("does not re-read a file whose size and modification time are unchanged after a restart", async () => {
    const dir = folder({ "a.json": article("Original headline text", "2026-02-01") });
    const url = `sqlite://${join(mkdtempSync(join(tmpdir(), "nb-manifest-")), "s.sqlite")}`;
    const boot = async () => {
      const store = new Store(url, log);
      return { store, corpus: await Corpus.open({ dir, maxBytes: 100_000, log, manifest: new FileManifest(store) }) };
    };
    const path = join(dir, "a.json");
    const mtime = new Date("2026-02-01T12:00:00Z");
    utimesSync(path, mtime, mtime);
    const first = await boot();
    await first.store.close();
    writeFileSync(path, article("Replaced headline text", "2026-02-01"));
    utimesSync(path, mtime, mtime);
    const second = await boot();
    expect(second.corpus.get("a")?.article.title).toBe("Original headline text");
    expect(second.corpus.search("original", 1)[0]?.article.id).toBe("a");
    await second.store.close();

    utimesSync(path, mtime, new Date(mtime.getTime() + 10_000));
    const third = await boot();
    expect(third.corpus.get("a")?.article.title).toBe("Replaced headline text");
    await third.store.close();
  });

  it("analyses a folder of several batches on a pool, caches every result and skips, with the reason, what the pool fails", async () => {
    const files: Record<string, string> = {};
    for (let n = 0; n < 300; n++) files[`story-${n}.json`] = article(`Harbour report number ${n}`, "2026-03-01", `Ticket ${n} was issued.`);
    // The same content again, two batches later: still recognised as a copy.
    files["zz-copy.json"] = files["story-3.json"]!;
    const dir = folder(files);
    const analysed: string[] = [];
    const flaky: Analyzer = {
      analyze: async (input) => {
        analysed.push(input.title ?? "");
        if (input.title?.endsWith("7")) throw new Error("its worker exited with code 1");
        await new Promise((resolve) => setTimeout(resolve, 0));
        return toRecord(analyze(input), input.paragraphs);
      },
      close: async () => undefined,
    };
    const failing = Object.keys(files).filter((f) => /7\.json$/.test(f));
    const url = `sqlite://${join(mkdtempSync(join(tmpdir(), "nb-pool-")), "s.sqlite")}`;
    const store = new Store(url, log);
    const corpus = await Corpus.open({ dir, maxBytes: 100_000, log, analyzer: flaky, cache: new StoredAnalysisCache(store) });
    expect(corpus.size).toBe(300 - failing.length);
    expect(corpus.get("story-7")).toBeUndefined();
    expect(corpus.skipped).toEqual(
      expect.arrayContaining([
        { path: "zz-copy.json", reason: "same content as story-3.json" },
        { path: "story-7.json", reason: "analysis failed: its worker exited with code 1" },
      ]),
    );
    expect(corpus.skipped).toHaveLength(1 + failing.length);
    // Each article went to the pool once; the failed ones were not analysed again anywhere.
    expect(analysed).toHaveLength(300);
    for (const n of [0, 150, 299]) {
      const { article: a, briefing } = corpus.get(`story-${n}`)!;
      expect(briefing.quotes).toEqual(analyze({ title: a.title, paragraphs: a.paragraphs, headings: a.headings }).quotes);
    }
    await corpus.refresh();
    expect(analysed).toHaveLength(300);
    expect(corpus.lastRefresh.skipped).toContainEqual({ path: "story-7.json", reason: "analysis failed: its worker exited with code 1" });
    await store.close();

    const again = new Store(url, log);
    const restarted = await Corpus.open({ dir, maxBytes: 100_000, log, analyzer: flaky, cache: new StoredAnalysisCache(again) });
    expect(restarted.lastRefresh.cached).toBe(300 - failing.length);
    await again.close();
  });

  it("analyses an article again when its cached record no longer fits it, and replaces the record", async () => {
    const dir = folder({ "a.json": article("Ferry service resumes", "2026-02-01") });
    const url = `sqlite://${join(mkdtempSync(join(tmpdir(), "nb-damaged-")), "s.sqlite")}`;
    const first = new Store(url, log);
    const cache = new StoredAnalysisCache(first);
    const fresh = await Corpus.open({ dir, maxBytes: 100_000, log, cache });
    const { article: a, briefing } = fresh.get("a")!;
    const [record] = await cache.getMany([a.hash]);
    await cache.set(a.hash, { ...record!, ranked: record!.ranked.map((s) => ({ ...s, start: s.start + 5_000, end: s.end + 5_000 })) });
    await first.close();

    const again = new Store(url, log);
    const reopened = await Corpus.open({ dir, maxBytes: 100_000, log, cache: new StoredAnalysisCache(again) });
    expect(reopened.get("a")?.briefing).toEqual(briefing);
    expect(reopened.lastRefresh.cached).toBe(0);
    const [replaced] = await new StoredAnalysisCache(again).getMany([a.hash]);
    expect(replaced?.ranked.map((s) => s.start)).toEqual(record!.ranked.map((s) => s.start));
    await again.close();
  });

  it("fails the load with the store's error, never as an unhandled rejection, when cache writes fail", async () => {
    const files: Record<string, string> = {};
    for (let n = 0; n < 200; n++) files[`s-${n}.json`] = article(`Pier report ${n}`, "2026-03-01");
    const dir = folder(files);
    const cache = { getMany: async (hashes: readonly string[]) => hashes.map(() => undefined), set: () => Promise.reject(new Error("disk full")) };
    await expect(Corpus.open({ dir, maxBytes: 100_000, log, cache })).rejects.toThrow("disk full");
  });
});
