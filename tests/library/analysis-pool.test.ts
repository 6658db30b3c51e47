import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { WorkerAnalyzer } from "../../src/library/analysis-pool.js";
import { importFile, type ImportJob } from "../../src/library/article-import.js";
import { openTestCorpus } from "../support/corpus.js";

// Worker threads on Node 20 run JavaScript only, so the pool is tested with the compiled worker
// that `npm install` builds (the prepare script); vitest itself runs the TypeScript sources.
const COMPILED_WORKER = join(import.meta.dirname, "../../dist/src/library/analysis-worker.js");
const COMPILED_IMPORT = join(import.meta.dirname, "../../dist/src/library/article-import.js");

function story(title: string): string {
  return JSON.stringify({
    title,
    body: [
      "The harbour board approved night ferries on Tuesday after a two-hour debate.",
      "“We have waited ten years for this,” said Councillor Ada Brook, who chairs the transport committee.",
      "Brook said the first crossings would run in March. Operators told the board that fares would stay the same.",
      "Critics warned that the plan would add noise for residents near the terminal.",
    ].join("\n\n"),
  });
}

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "nb-pool-"));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

const job = (root: string, path: string): ImportJob => ({
  root,
  path,
  maxBytes: 100_000,
  firstSeenAt: "2026-03-01T00:00:00.000Z",
});

/**
 * A stand-in worker: `before` runs before each file, then `answer` (an expression) is its result.
 * By default the result is the real import.
 */
function workerThat(before: string, answer = "await importFile(input)"): string {
  const file = join(mkdtempSync(join(tmpdir(), "nb-worker-")), "worker.mjs");
  writeFileSync(
    file,
    `import { parentPort } from "node:worker_threads";
${answer.includes("importFile") ? `import { importFile } from ${JSON.stringify(COMPILED_IMPORT)};` : ""}
let queue = Promise.resolve();
parentPort.on("message", ({ id, input }) => {
  queue = queue.then(async () => {
    ${before}
    parentPort.postMessage({ id, result: ${answer} });
  });
});
`,
  );
  return file;
}

/**
 * Never finishes "hang.json"; allocates without end on "hog.json"; answers the others at once,
 * without the real import, so the time limit is spent on the misbehaviour alone.
 */
const misbehavingWorker = () =>
  workerThat(
    `if (input.path === "hang.json") for (;;);
    if (input.path === "hog.json") { const kept = []; for (;;) kept.push(new Array(1000000).fill(kept.length)); }`,
    "{ ok: false, reason: 'answered ' + input.path }",
  );

let pool: WorkerAnalyzer | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe("the analysis pool", () => {
  it("imports a file on a worker thread as it would in this one", async () => {
    expect(existsSync(COMPILED_WORKER), "dist/ is missing: run npm run build").toBe(true);
    const dir = folder({ "ferries.json": story("Harbour board approves night ferries") });
    pool = new WorkerAnalyzer(2, COMPILED_WORKER);
    const results = await Promise.all([1, 2, 3].map(() => pool!.importFile(job(dir, "ferries.json"))));
    const here = await importFile(job(dir, "ferries.json"));
    for (const r of results) expect(r).toEqual(here);
    expect(here.ok && !("error" in here.analysis) && here.analysis.quotes).toBeGreaterThan(0);
  });

  it("reads the file on the worker and reports one it cannot load with the reason, then imports the next", async () => {
    const dir = folder({ "broken.json": "{ not json", "big.json": story("x".repeat(200_000)), "ok.json": story("Ok") });
    pool = new WorkerAnalyzer(1, COMPILED_WORKER);
    const [broken, big, ok] = await Promise.all(
      ["broken.json", "big.json", "ok.json"].map((path) => pool!.importFile(job(dir, path))),
    );
    expect(broken).toEqual({ ok: false, reason: expect.stringMatching(/JSON/) });
    expect(big).toEqual({ ok: false, reason: "larger than 97.7 KB limit" });
    expect(ok).toMatchObject({ ok: true, article: { id: "ok", path: "ok.json", title: "Ok" } });
  });

  it("rejects pending work when it is closed instead of leaving callers waiting", async () => {
    pool = new WorkerAnalyzer(1, COMPILED_WORKER);
    const pending = pool.importFile(job(folder({ "a.json": story("A") }), "a.json"));
    await pool.close();
    await expect(pending).rejects.toThrow(/closed/);
  });

  it.each([
    {
      failure: "overruns the time limit",
      file: "hang.json",
      limits: { timeoutMs: 2_000, heapMb: 64 },
      reason: /^Error: took longer than 2 s$/,
    },
    {
      failure: "runs out of memory",
      file: "hog.json",
      limits: { timeoutMs: 60_000, heapMb: 32 },
      reason: /^Error: ran out of memory \(limit 32 MB\)$/,
    },
  ])(
    "rejects a file whose import $failure and still imports the one queued behind it, in this process",
    async ({ file, limits, reason }) => {
      const dir = folder({ [file]: story("Trouble"), "next.json": story("Next") });
      pool = new WorkerAnalyzer(1, misbehavingWorker(), limits);
      const [failed, next] = await Promise.allSettled([
        pool.importFile(job(dir, file)),
        pool.importFile(job(dir, "next.json")),
      ]);
      expect(failed.status === "rejected" && String(failed.reason)).toMatch(reason);
      expect(next).toEqual({ status: "fulfilled", value: { ok: false, reason: "answered next.json" } });
    },
  );
});

describe("a refresh on the pool", () => {
  it("skips only the file whose worker crashed while reading it, and loads the rest with the reasons of bad files", async () => {
    const files: Record<string, string> = { "crash.json": story("Crash"), "broken.json": "{ not json" };
    // Enough files that the refresh hands them to the pool rather than importing them in-process.
    for (let n = 0; n < 40; n++) files[`story-${n}.json`] = story(`Harbour report number ${n}`);
    const dir = folder(files);
    pool = new WorkerAnalyzer(2, workerThat(`if (input.path === "crash.json") process.exit(3);`));
    const { corpus, store } = await openTestCorpus({
      dir,
      maxBytes: 100_000,
      log: pino({ level: "silent" }),
      analyzer: pool,
    });
    expect(corpus.size).toBe(40);
    expect(corpus.skipped).toEqual(
      expect.arrayContaining([
        { path: "crash.json", reason: "import failed: its worker exited with code 3" },
        { path: "broken.json", reason: expect.stringMatching(/JSON/) },
      ]),
    );
    expect(corpus.skipped).toHaveLength(2);
    expect((await corpus.get("story-39"))?.briefing.quotes.length).toBeGreaterThan(0);
    await store.close();
  });
});
