import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pino } from "pino";
import { afterAll, describe, expect, it } from "vitest";
import type { Analyzer } from "../../src/library/analysis-pool.js";
import { importFile } from "../../src/library/article-import.js";
import { Corpus } from "../../src/library/corpus.js";
import { analyze } from "../../src/library/briefing.js";
import { CorpusStore } from "../../src/store/corpus-store.js";
import { openDb } from "../../src/store/db.js";
import { StoredFirstSeen } from "../../src/library/first-seen.js";
import { Store } from "../../src/store.js";
import { StoreError } from "../../src/store-error.js";
import { openTestCorpus, type TestCorpusOptions } from "../support/corpus.js";
import { FailingStore } from "../support/failing-store.js";
import { BACKENDS } from "../support/stores.js";

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
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

/** Counts the files it is asked to import (read and analyse). */
function countingAnalyzer(): Analyzer & { calls: number } {
  const analyzer = {
    calls: 0,
    importFile: async (job: Parameters<Analyzer["importFile"]>[0]) => {
      analyzer.calls += 1;
      return importFile(job);
    },
    close: async () => undefined,
  };
  return analyzer;
}

describe.each(BACKENDS)("the corpus on the $name store", (backend) => {
  const stores: CorpusStore[] = [];
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close().catch(() => undefined)));
  });
  const open = async (dir: string, extra: Partial<TestCorpusOptions> = {}) => {
    const { corpus, store } = await openTestCorpus({
      dir,
      maxBytes: 100_000,
      log,
      url: extra.url ?? (await backend.freshUrl()),
      ...extra,
    });
    stores.push(store);
    return corpus;
  };

  it("loads every good file and reports each bad one with its reason", async () => {
    const dir = folder({
      "a.json": article("Bridge reopens after repairs", "2026-03-01"),
      "b.json": article("Library extends opening hours", "2026-03-02"),
      "no-title.json": JSON.stringify({ body: "Text without a title." }),
      "empty.txt": "",
      "binary.txt": Buffer.from([0, 1, 2, 3, 0, 255]),
      // Bytes 1–255 over and over: binary without a single NUL.
      "noise.txt": Buffer.from(Array.from({ length: 4000 }, (_, i) => ((i * 37) % 255) + 1)),
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
    const corpus = await open(
      folder({
        "old.json": article("Old story here", "2025-01-01"),
        "new.json": article("New story here", "2026-01-01"),
      }),
    );
    expect((await corpus.newest(2)).map((e) => e.article.id)).toEqual(["new", "old"]);
    expect(await corpus.newest(1)).toHaveLength(1);
  });

  it("matches topic filters on an article's own topic words as well as its text", async () => {
    const tagged = JSON.stringify({
      title: "Pilots agree new rota",
      body: "The rota starts in winter. Pilots voted on Monday.",
      topics: ["maritime"],
    });
    const corpus = await open(
      folder({ "tagged.json": tagged, "plain.json": article("Museum wins award", "2026-02-02") }),
    );
    expect((await corpus.newest(5, "maritime")).map((e) => e.article.id)).toEqual(["tagged"]);
  });

  it("loads two files with the same content once", async () => {
    const text = article("Same story twice", "2026-01-01");
    const corpus = await open(folder({ "one.json": text, "two.json": text }));
    expect(corpus.size).toBe(1);
    expect(corpus.skipped[0]?.reason).toMatch(/same content/);
  });

  it("picks up added, changed and removed files, and leaves unchanged ones alone", async () => {
    const dir = folder({
      "keep.json": article("Keep this story", "2026-01-01"),
      "change.json": article("Change this story", "2026-01-02"),
      "drop.json": article("Drop this story", "2026-01-03"),
    });
    const corpus = await open(dir);
    writeFileSync(
      join(dir, "change.json"),
      article("Changed story headline", "2026-01-02", "A new sentence was added."),
    );
    utimesSync(join(dir, "change.json"), new Date(), new Date(Date.now() + 5_000));
    rmSync(join(dir, "drop.json"));
    writeFileSync(join(dir, "add.json"), article("Added story arrives", "2026-01-04"));
    const report = await corpus.refresh();
    expect(report).toMatchObject({ added: ["add"], changed: ["change"], removed: ["drop"], skipped: [] });
    expect((await corpus.get("change"))?.article.title).toBe("Changed story headline");
    expect(await corpus.get("drop")).toBeUndefined();
    expect((await corpus.search("added", 5))[0]?.article.id).toBe("add");
    expect(await corpus.search("drop", 5)).toEqual([]);
  });

  it("finds added, changed, removed and skipped files across pages, comparing a page at a time", async () => {
    const names = ["a.json", "b.json", "c/d.json", "c/e.json", "f.json", "g.json", "h.json"];
    const files: Record<string, string> = { "bad.json": JSON.stringify({ body: "No title here." }) };
    for (const [n, name] of names.entries()) files[name] = article(`Harbour story ${name}`, "2026-01-01", `Note ${n}.`);
    const dir = folder(files);
    const url = await backend.freshUrl();
    await open(dir, { url, pageSize: 2 });

    writeFileSync(join(dir, "c/e.json"), article("Harbour story edited", "2026-01-02"));
    utimesSync(join(dir, "c/e.json"), new Date(), new Date(Date.now() + 5_000));
    rmSync(join(dir, "b.json"));
    rmSync(join(dir, "g.json"));
    writeFileSync(join(dir, "c/ca.json"), article("Ferry story arrives", "2026-01-03"));
    writeFileSync(join(dir, "i.json"), article("Museum story arrives", "2026-01-04"));
    // A new copy that comes before the stored original in path order: the stored article stays.
    writeFileSync(join(dir, "0-copy.json"), files["h.json"]!);
    const store = await CorpusStore.open(url);
    stores.push(store);
    const library = await store.library(resolve(dir));
    const asked: number[] = [];
    const filesToCheck = library.filesToCheck.bind(library);
    library.filesToCheck = (found, version) => {
      asked.push(found.length);
      return filesToCheck(found, version);
    };
    const corpus = await Corpus.open({ dir, library, maxBytes: 100_000, log, pageSize: 2 });
    const report = corpus.lastRefresh;

    expect([...report.added].sort()).toEqual(["c-ca", "i"]);
    expect(report.changed).toEqual(["c-e"]);
    expect([...report.removed].sort()).toEqual(["b", "g"]);
    expect([...report.skipped].sort((x, y) => x.path.localeCompare(y.path))).toEqual([
      { path: "0-copy.json", reason: "same content as h.json" },
      { path: "bad.json", reason: expect.any(String) },
    ]);
    expect(corpus.size).toBe(7);
    expect((await corpus.get("c-e"))?.article.title).toBe("Harbour story edited");
    expect(Math.max(...asked)).toBeLessThanOrEqual(2);
  });

  it("imports a moved file under its new path in the refresh that finds it moved", async () => {
    const dir = folder({
      "a.json": article("Harbour crane returns", "2026-01-01"),
      "b.json": article("Ferry timetable changes", "2026-01-02"),
    });
    const url = await backend.freshUrl();
    await open(dir, { url });
    // In path order the new path comes first, while the old one is still stored.
    mkdirSync(join(dir, "0-moved"));
    renameSync(join(dir, "b.json"), join(dir, "0-moved/b.json"));
    const corpus = await open(dir, { url, pageSize: 2 });
    expect(corpus.lastRefresh).toMatchObject({ added: ["0-moved-b"], removed: ["b"], skipped: [] });
    expect((await corpus.get("0-moved-b"))?.article.title).toBe("Ferry timetable changes");
    expect(corpus.size).toBe(2);
  });

  it("looks for removed files on disk only when the walk met fewer stored files than the store holds", async () => {
    const dir = folder({
      "a.json": article("Harbour crane returns", "2026-01-01"),
      "b.json": article("Ferry timetable changes", "2026-01-02"),
      "bad.json": JSON.stringify({ body: "No title here." }),
    });
    const url = await backend.freshUrl();
    await open(dir, { url });
    const refreshWith = async () => {
      const store = await CorpusStore.open(url);
      stores.push(store);
      const library = await store.library(resolve(dir));
      let pagesAsked = 0;
      const storedPaths = library.filePaths.bind(library);
      library.filePaths = (after, limit) => {
        pagesAsked += 1;
        return storedPaths(after, limit);
      };
      const corpus = await Corpus.open({ dir, library, maxBytes: 100_000, log, pageSize: 2 });
      return { report: corpus.lastRefresh, pagesAsked };
    };
    writeFileSync(join(dir, "c.json"), article("Museum story arrives", "2026-01-04"));
    const unchanged = await refreshWith();
    expect(unchanged.report).toMatchObject({ added: ["c"], removed: [] });
    expect(unchanged.pagesAsked).toBe(0);

    rmSync(join(dir, "bad.json"));
    rmSync(join(dir, "a.json"));
    const removed = await refreshWith();
    expect(removed.report).toMatchObject({ added: [], removed: ["a"], skipped: [] });
    expect(removed.pagesAsked).toBeGreaterThan(0);
  });

  it("imports a file that arrives while a large refresh is under way, in that refresh", async () => {
    const files: Record<string, string> = { "z/early.json": article("Early tram story", "2026-01-01") };
    for (let n = 0; n < 130; n++)
      files[`a/story-${n}.json`] = article(`Harbour report number ${n}`, "2026-03-01", `Ticket ${n} was issued.`);
    const dir = folder(files);
    const analyzer: Analyzer = {
      importFile: async (job) => {
        // The first batch is being imported: the walk has not yet reached the folder "z".
        if (!existsSync(join(dir, "z/late.json")))
          writeFileSync(join(dir, "z/late.json"), article("Late tram story", "2026-01-02"));
        return importFile(job);
      },
      close: async () => undefined,
    };
    const corpus = await open(dir, { analyzer, pageSize: 10 });
    expect(corpus.lastRefresh.added).toContain("z-late");
    expect(corpus.size).toBe(132);
  });

  it("reports progress over the whole folder, a page at a time, even when nothing needs importing", async () => {
    const files: Record<string, string> = {};
    for (let n = 0; n < 5; n++) files[`p-${n}.json`] = article(`Pier story ${n}`, "2026-01-01", `Note ${n}.`);
    const dir = folder(files);
    const url = await backend.freshUrl();
    await open(dir, { url });
    const calls: [number, number][] = [];
    await open(dir, { url, pageSize: 2, onProgress: (done, total) => calls.push([done, total]) });
    expect(calls.length).toBeGreaterThan(1);
    expect(calls.at(-1)).toEqual([5, 5]);
    for (const [i, [done, total]] of calls.entries()) {
      expect(total).toBe(5);
      expect(done).toBeGreaterThanOrEqual(calls[i - 1]?.[0] ?? 0);
    }
  });

  it("loads a file that lost an id conflict once the other file is gone", async () => {
    const dir = folder({
      "story.json": article("First story with the id", "2026-01-01"),
      "story.txt": "Second story with the id\n\nIt was written on Monday. It says other things entirely.\n",
    });
    const corpus = await open(dir);
    expect(corpus.size).toBe(1);
    expect(corpus.skipped).toHaveLength(1);
    const loser = corpus.skipped[0]!.path;
    rmSync(join(dir, loser === "story.json" ? "story.txt" : "story.json"));
    const report = await corpus.refresh();
    expect(report.skipped).toEqual([]);
    expect((await corpus.get("story"))?.article.path).toBe(loser);
  });

  it("builds a briefing for every article", async () => {
    const corpus = await open(folder({ "a.json": article("Ferry service resumes", "2026-02-01") }));
    const { briefing, article: a } = (await corpus.get("a"))!;
    expect(briefing.summary.short.length).toBeGreaterThan(0);
    expect(briefing.summary.long.length).toBeGreaterThanOrEqual(briefing.summary.short.length);
    const body = a.paragraphs.map((p) => p.text).join("\n");
    for (const s of briefing.summary.long) expect(body).toContain(s.text);
    expect(briefing.quotes.length).toBeGreaterThan(0);
    for (const q of briefing.quotes) {
      expect(body).toContain(q.sentence);
      expect(q.sentence).toContain(q.text);
    }
  });

  it("does not read or analyse unchanged files again after a restart, and keeps first-seen dates and briefings", async () => {
    // Enough articles that they are sent to the analyzer rather than analysed in-process.
    const files: Record<string, string> = { "a.json": article("Ferry service resumes", "2026-02-01") };
    for (let n = 0; n < 40; n++)
      files[`s-${n}.json`] = article(`Museum wins award ${n}`, "2026-02-02", `Prize ${n} was given.`);
    const dir = folder(files);
    const url = await backend.freshUrl();
    const keyvUrl = `sqlite://${join(mkdtempSync(join(tmpdir(), "nb-keyv-")), "k.sqlite")}`;
    const boot = async (now: Date, analyzer: Analyzer) => {
      const keyv = new Store(keyvUrl, log);
      const corpus = await open(dir, {
        url,
        analyzer,
        firstSeen: new StoredFirstSeen(keyv, () => now),
        now: () => now,
      });
      await keyv.close();
      return corpus;
    };
    const firstAnalyzer = countingAnalyzer();
    const first = await boot(new Date("2026-02-03T00:00:00Z"), firstAnalyzer);
    expect(firstAnalyzer.calls).toBe(41);
    const secondAnalyzer = countingAnalyzer();
    const second = await boot(new Date("2026-02-09T00:00:00Z"), secondAnalyzer);
    expect(secondAnalyzer.calls).toBe(0);
    expect(second.lastRefresh).toMatchObject({ added: [], changed: [], removed: [] });
    expect((await second.get("a"))?.article.firstSeenAt).toBe("2026-02-03T00:00:00.000Z");
    expect((await second.get("a"))?.briefing).toEqual((await first.get("a"))?.briefing);

    // Edited, it is imported again and keeps the time it was first seen.
    writeFileSync(join(dir, "a.json"), article("Ferry service resumes at dawn", "2026-02-01"));
    const third = await boot(new Date("2026-02-10T00:00:00Z"), countingAnalyzer());
    expect(third.lastRefresh.changed).toEqual(["a"]);
    expect((await third.get("a"))?.article).toMatchObject({
      title: "Ferry service resumes at dawn",
      firstSeenAt: "2026-02-03T00:00:00.000Z",
    });
  });

  it("reads and analyses stored files again, once, after the loader or analysis version changed", async () => {
    const files: Record<string, string> = {};
    for (let n = 0; n < 40; n++) files[`v-${n}.json`] = article(`Ferry timetable ${n}`, "2026-02-02");
    const dir = folder(files);
    const url = await backend.freshUrl();
    await open(dir, { url });
    const db = await openDb(url);
    await db.run("UPDATE files SET version = 'loader 1, analysis 1'");
    await db.close();
    const upgraded = countingAnalyzer();
    const second = await open(dir, { url, analyzer: upgraded });
    expect(upgraded.calls).toBe(40);
    expect(second.lastRefresh.changed).toHaveLength(40);
    const again = countingAnalyzer();
    await open(dir, { url, analyzer: again });
    expect(again.calls).toBe(0);
  });

  it("loads an article that arrived while the store could not write its first-seen date, once the store recovers", async () => {
    const dir = folder({ "a.json": article("Ferry service resumes", "2026-02-01") });
    const keyv = new FailingStore(`memory://corpus-outage-${Date.now()}`, log);
    const corpus = await open(dir, { firstSeen: new StoredFirstSeen(keyv) });

    keyv.fail("writes", ["first-seen"]);
    writeFileSync(join(dir, "b.json"), article("Museum wins award", "2026-02-02"));
    await expect(corpus.refresh()).rejects.toThrow(StoreError);
    keyv.recover();
    const report = await corpus.refresh();

    expect(report.added).toEqual(["b"]);
    expect((await corpus.newest(5)).map((e) => e.article.id)).toEqual(["b", "a"]);
  });

  it("does not re-read a file whose size and modification time are unchanged after a restart", async () => {
    const dir = folder({ "a.json": article("Original headline text", "2026-02-01") });
    const url = await backend.freshUrl();
    const path = join(dir, "a.json");
    const mtime = new Date("2026-02-01T12:00:00Z");
    utimesSync(path, mtime, mtime);
    await open(dir, { url });
    writeFileSync(path, article("Replaced headline text", "2026-02-01"));
    utimesSync(path, mtime, mtime);
    const second = await open(dir, { url });
    expect((await second.get("a"))?.article.title).toBe("Original headline text");
    expect((await second.search("original", 1))[0]?.article.id).toBe("a");

    utimesSync(path, mtime, new Date(mtime.getTime() + 10_000));
    const third = await open(dir, { url });
    expect((await third.get("a"))?.article.title).toBe("Replaced headline text");
  });

  it("analyses a folder of several batches on a pool, and skips with the reason, never retrying, what the pool fails", async () => {
    const files: Record<string, string> = {};
    for (let n = 0; n < 300; n++)
      files[`story-${n}.json`] = article(`Harbour report number ${n}`, "2026-03-01", `Ticket ${n} was issued.`);
    // The same content again, two batches later: still recognised as a copy.
    files["zz-copy.json"] = files["story-3.json"]!;
    const dir = folder(files);
    const analysed: string[] = [];
    const flaky: Analyzer = {
      importFile: async (job) => {
        analysed.push(job.path);
        if (job.path.endsWith("7.json")) throw new Error("its worker exited with code 1");
        await new Promise((resolve) => setTimeout(resolve, 0));
        return importFile(job);
      },
      close: async () => undefined,
    };
    const failing = Object.keys(files).filter((f) => /7\.json$/.test(f));
    const url = await backend.freshUrl();
    const corpus = await open(dir, { url, analyzer: flaky });
    expect(corpus.size).toBe(300 - failing.length);
    expect(await corpus.get("story-7")).toBeUndefined();
    expect(corpus.skipped).toEqual(
      expect.arrayContaining([
        { path: "zz-copy.json", reason: "same content as story-3.json" },
        { path: "story-7.json", reason: "import failed: its worker exited with code 1" },
      ]),
    );
    expect(corpus.skipped).toHaveLength(1 + failing.length);
    // Each failed article went to the pool once and was not analysed again anywhere.
    for (const path of failing) expect(analysed.filter((p) => p === path)).toHaveLength(1);
    const analyses = analysed.length;
    for (const n of [0, 150, 299]) {
      const { article: a, briefing } = (await corpus.get(`story-${n}`))!;
      expect(briefing.quotes).toEqual(
        analyze({ title: a.title, paragraphs: a.paragraphs, headings: a.headings }).quotes,
      );
    }
    await corpus.refresh();
    expect(analysed).toHaveLength(analyses);
    expect(corpus.lastRefresh.skipped).toContainEqual({
      path: "story-7.json",
      reason: "import failed: its worker exited with code 1",
    });

    const restarted = await open(dir, { url, analyzer: flaky });
    expect(restarted.size).toBe(300 - failing.length);
    expect(analysed).toHaveLength(analyses);
  });

  it("deletes feed articles past the retention age, file and rows, and never a file placed by hand", async () => {
    const dir = folder({
      "feeds/old-feed.json": article("Old feed story", "2026-01-01"),
      "hand-placed.json": article("Hand placed story", "2026-01-01"),
    });
    const url = await backend.freshUrl();
    const retention = { folder: "feeds", days: 30 };
    await open(dir, { url, retention, now: () => new Date("2026-02-01T00:00:00Z") });
    writeFileSync(join(dir, "feeds", "new-feed.json"), article("New feed story", "2026-02-20"));
    const later = await open(dir, { url, retention, now: () => new Date("2026-03-05T00:00:00Z") });
    expect(later.lastRefresh.expired).toEqual(["feeds-old-feed"]);
    expect(existsSync(join(dir, "feeds", "old-feed.json"))).toBe(false);
    expect(existsSync(join(dir, "hand-placed.json"))).toBe(true);
    expect(await later.get("feeds-old-feed")).toBeUndefined();
    expect((await later.search("old feed story", 5)).map((e) => e.article.id)).not.toContain("feeds-old-feed");
    expect((await later.newest(5)).map((e) => e.article.id).sort()).toEqual(["feeds-new-feed", "hand-placed"]);
  });
});

describe("the corpus's store writes", () => {
  it("fail the load with the store's error", async () => {
    const dir = folder({ "a.json": article("Pier report", "2026-03-01") });
    const { corpus, store } = await openTestCorpus({ dir, maxBytes: 100_000, log });
    await store.close();
    writeFileSync(join(dir, "b.json"), article("Another pier report", "2026-03-02"));
    await expect(corpus.refresh()).rejects.toThrow(/SQLITE_MISUSE|closed/i);
  });
});
