import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeFileAtomic } from "../../src/feeds/atomic-write.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "newsbrief-atomic-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("atomic writes", () => {
  it("replaces an existing file whole", async () => {
    const path = join(dir, "a.json");
    await writeFile(path, "old");
    await writeFileAtomic(path, "new contents");
    expect(await readFile(path, "utf8")).toBe("new contents");
    expect(await readdir(dir)).toEqual(["a.json"]);
  });

  it("leaves neither a partial target nor its temporary file when the final rename fails", async () => {
    // A non-empty folder where the file should go makes rename() fail after the data was written.
    const path = join(dir, "taken.json");
    await mkdir(path);
    await writeFile(join(path, "keep"), "x");
    await expect(writeFileAtomic(path, "data")).rejects.toThrow();
    expect(await readdir(dir)).toEqual(["taken.json"]);
  });
});
