// Atomic file writes for everything the feeds write (the feed list, stored articles): the bytes go
// to a temporary file in the same folder, which is then renamed over the target. A rename within
// one filesystem is atomic, so a reader (the corpus refresh, a person's editor) sees either the old
// file or the whole new one, never half of it, even if the process dies mid-write.
import { randomBytes } from "node:crypto";
import { open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** Writes `data` to `path` atomically. The temporary file is removed again if anything fails. */
export async function writeFileAtomic(path: string, data: string): Promise<void> {
  // A dot-prefixed name with a non-article extension, so a folder scan never picks up the temp file.
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    const handle = await open(temp, "wx");
    try {
      await handle.writeFile(data, "utf8");
      // Without the flush, a power cut after the rename can leave a renamed but empty file.
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
