import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { articleFilePages, countArticleFiles, unlistedPaths } from "../../src/articles/listing.js";

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

function folder(files: readonly string[]): string {
  const root = mkdtempSync(join(tmpdir(), "nb-listing-"));
  roots.push(root);
  for (const name of files) {
    mkdirSync(join(root, name, ".."), { recursive: true });
    writeFileSync(join(root, name), `Story kept in ${name}.`);
  }
  return root;
}

describe("walking an articles folder", () => {
  const names = ["a-b.txt", "a.json", "a/x.txt", "b.txt", "c.txt", "c/d/e.md", "c/d/f.md", "notes.docx", ".hidden.txt"];

  it("hands the files on in pages of at most the page size, each file once", async () => {
    const root = folder(names);
    const pages: string[][] = [];
    for await (const page of articleFilePages(root, 2)) pages.push(page.map((f) => f.path));
    expect(pages.length).toBeGreaterThanOrEqual(4);
    for (const page of pages) expect(page.length).toBeLessThanOrEqual(2);
    expect(pages.flat().sort()).toEqual(["a-b.txt", "a.json", "a/x.txt", "b.txt", "c.txt", "c/d/e.md", "c/d/f.md"]);
    expect(await countArticleFiles(root)).toBe(7);
  });

  it("comes in full path order, subfolders in their place, when each folder fits in a page", async () => {
    const root = folder(names);
    const paths: string[] = [];
    for await (const page of articleFilePages(root, 8)) paths.push(...page.map((f) => f.path));
    expect(paths).toEqual(["a-b.txt", "a.json", "a/x.txt", "b.txt", "c.txt", "c/d/e.md", "c/d/f.md"]);
  });
});

describe("checking stored paths on disk", () => {
  it("names those the walk would no longer list: gone, now a folder, or under a link or a file", async () => {
    const root = folder(["keep.txt", "gone.txt", "sub/a.txt", "elsewhere/a.txt", "x/y.txt", "deep/er/z.txt"]);
    rmSync(join(root, "gone.txt"));
    rmSync(join(root, "sub"), { recursive: true });
    symlinkSync(join(root, "elsewhere"), join(root, "sub"));
    rmSync(join(root, "x"), { recursive: true });
    writeFileSync(join(root, "x"), "now a file");
    mkdirSync(join(root, "was-file.txt"));
    symlinkSync("keep.txt", join(root, "alias.txt"));
    const stored = ["alias.txt", "deep/er/z.txt", "gone.txt", "keep.txt", "sub/a.txt", "was-file.txt", "x/y.txt"];
    expect(await unlistedPaths(root, stored)).toEqual(["gone.txt", "sub/a.txt", "was-file.txt", "x/y.txt"]);
  });

  it("fails, rather than finding every file gone, when the folder itself is missing", async () => {
    const root = folder(["keep.txt"]);
    rmSync(root, { recursive: true });
    await expect(unlistedPaths(root, ["keep.txt"])).rejects.toThrow(/ENOENT/);
  });
});
