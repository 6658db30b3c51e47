// The file manifest: what each article file held when it was last read (its parsed Article and
// its search terms), keyed by path and checked against the file's size and mtime. A restart over
// thousands of unchanged files then reads these records instead of re-reading and re-cleaning
// every file, which is what keeps a warm start within seconds.
import { z } from "zod";
import { articleSchema, type Article } from "../articles/article.js";
import type { Collection, Store } from "../store.js";
import type { IndexedTerms } from "./search.js";

/** Bump when loading or cleaning changes its output, so remembered articles are re-read. */
const LOADER_VERSION = "4";

const recordSchema = z.object({
  size: z.number(),
  mtimeMs: z.number(),
  article: articleSchema.omit({ firstSeenAt: true }),
  index: z.object({ terms: z.array(z.tuple([z.string(), z.number()])), titleWords: z.array(z.string()) }),
});
type ManifestRecord = z.infer<typeof recordSchema>;

export interface RememberedFile {
  article: Omit<Article, "firstSeenAt">;
  index: IndexedTerms;
}

export class FileManifest {
  private readonly records: Collection<ManifestRecord>;

  constructor(store: Store) {
    this.records = store.collection("file-manifest", recordSchema);
  }

  /** For each file, what it held if it is unchanged since it was remembered. */
  async recall(files: readonly { path: string; size: number; mtimeMs: number }[]): Promise<(RememberedFile | undefined)[]> {
    const records = await this.records.getMany(files.map((f) => key(f.path)));
    return records.map((r, i) => (r && r.size === files[i]!.size && r.mtimeMs === files[i]!.mtimeMs ? r : undefined));
  }

  remember(file: { path: string; size: number; mtimeMs: number }, remembered: RememberedFile): Promise<void> {
    const { firstSeenAt: _unused, ...article } = remembered.article as Article;
    return this.records.set(key(file.path), { size: file.size, mtimeMs: file.mtimeMs, article, index: remembered.index });
  }

  forget(path: string): Promise<void> {
    return this.records.delete(key(path));
  }
}

function key(path: string): string {
  return `v${LOADER_VERSION}:${path}`;
}
