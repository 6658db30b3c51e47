import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { articleFilePages } from "../../src/articles/listing.js";
import { articleFilePagesOffThread } from "../../src/articles/listing-thread.js";

// Worker threads on Node 20 run JavaScript only, so the walk's worker is tested compiled, as
// `npm install` builds it (the prepare script); vitest itself runs the TypeScript sources.
const COMPILED_WORKER = join(import.meta.dirname, "../../dist/src/articles/listing-worker.js");

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

function folder(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "nb-walk-thread-"));
  roots.push(root);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(root, name, ".."), { recursive: true });
    writeFileSync(join(root, name), content);
  }
  return root;
}

const stories = (names: readonly string[]) =>
  Object.fromEntries(names.map((name, i) => [name, `Story ${i} kept in ${name}.`.repeat(i + 1)]));

async function collect(pages: AsyncIterable<unknown[]>): Promise<unknown[][]> {
  const all: unknown[][] = [];
  for await (const page of pages) all.push(page);
  return all;
}

describe("walking an articles folder on a worker thread", () => {
  const names = ["a-b.txt", "a.json", "a/x.txt", "b.txt", "c.txt", "c/d/e.md", "c/d/f.md", "notes.docx", ".hidden.txt"];

  it("hands on the same pages, sizes and times as a walk in this thread", async () => {
    const root = folder(stories(names));
    const here = await collect(articleFilePages(root, 2));
    const there = await collect(articleFilePagesOffThread(root, 2, COMPILED_WORKER));
    expect(here.flat()).toHaveLength(7);
    expect(there).toEqual(here);
  });

  it("walks at most a page ahead: files removed after the first page are handed on only from the next", async () => {
    const root = folder(stories(names));
    const pages = articleFilePagesOffThread(root, 2, COMPILED_WORKER);
    const first = ((await pages.next()).value ?? []) as { path: string }[];
    const handed = new Set(first.map((f) => f.path));
    await delay(300); // time enough for a worker that runs ahead to walk the whole folder
    for (const name of names) if (!handed.has(name)) rmSync(join(root, name));
    const rest = (await collect(pages)).flat() as { path: string }[];
    expect(first).toHaveLength(2);
    expect(rest.length).toBeLessThanOrEqual(2);
  });

  it("fails with the errno code and path when the folder is missing, as a walk in this thread does", async () => {
    const root = join(folder({}), "missing");
    const failure = await collect(articleFilePagesOffThread(root, 2, COMPILED_WORKER)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).toMatchObject({ code: "ENOENT", path: root });
  });

  it.each([
    ["throws as it starts", "throw new Error('walker broke');", /walker broke/],
    ["exits without an answer", "process.exit(0);", /stopped before its end/],
  ])("fails, rather than waiting for ever, when the worker %s", async (_case, source, reason) => {
    const root = folder(stories(["a.txt"]));
    const broken = join(root, "broken-worker.mjs");
    writeFileSync(broken, source);
    await expect(collect(articleFilePagesOffThread(root, 2, broken))).rejects.toThrow(reason);
  });
});
