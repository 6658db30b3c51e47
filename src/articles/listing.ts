// Which files of an articles folder are articles: the folder walked a page at a time, so that no
// listing of a large folder is ever held whole, and the check that a stored path is still one of
// them, so that removed files are found without a listing.
import { type Dirent, lstatSync, type Stats } from "node:fs";
import { opendir } from "node:fs/promises";
import { join, posix } from "node:path";
import { isReportedLink } from "./links.js";
import { isArticleName } from "./load.js";

export interface ArticleFile {
  /** Relative to the root, with "/" separators. */
  path: string;
  size: number;
  mtimeMs: number;
}

/**
 * Directory entries sorted and handled together, and article files per page handed on. Small
 * enough that a page's objects rarely outlive a young-generation collection, so that a long walk
 * does not leave the old generation larger than it found it.
 */
export const LIST_PAGE = 500;

/** Files stat'ed between two yields to the event loop. */
const STATS_PER_TURN = 500;

/**
 * The article files under `root`, recursively, in pages of at most `pageSize`. Dotfiles and
 * dot-folders are skipped. Symbolic links are never followed; those named like articles or leading
 * to folders are listed, so that loading them reports why they are skipped. The order is the
 * path order within each page of a directory's entries (`pageSize` of them, as the directory
 * lists them): a folder whose directories hold at most `pageSize` entries each comes in full path
 * order. Files that vanish while the walk goes on are left out.
 */
export async function* articleFilePages(root: string, pageSize = LIST_PAGE): AsyncGenerator<ArticleFile[]> {
  const paths: string[] = [];
  for await (const found of articlePaths(root, "", pageSize)) {
    paths.push(...found);
    while (paths.length >= pageSize) yield await statPage(root, paths.splice(0, pageSize));
  }
  if (paths.length > 0) yield await statPage(root, paths);
}

/** How many article files are under `root`, by name alone: a cheap pass for a progress total. */
export async function countArticleFiles(root: string): Promise<number> {
  let count = 0;
  for await (const found of articlePaths(root, "", LIST_PAGE)) count += found.length;
  return count;
}

/**
 * Those of `paths` (stored paths, relative to `root`) that the walk would no longer list: gone, no
 * longer a file or a reported link, or now under a symbolic link or something else than a folder.
 */
export async function unlistedPaths(root: string, paths: readonly string[]): Promise<string[]> {
  // A missing or unreadable root is an error, as it is for the walk, never a folder whose files are all gone.
  await (await opendir(root)).close();
  const folders = new Map<string, boolean>();
  const isFolder = (relDir: string): boolean => {
    let known = folders.get(relDir);
    if (known === undefined) {
      const info = lstatOrGone(join(root, relDir));
      known = info?.isDirectory() === true && (!relDir.includes("/") || isFolder(posix.dirname(relDir)));
      folders.set(relDir, known);
    }
    return known;
  };
  const gone: string[] = [];
  for (const [i, path] of paths.entries()) {
    if (i > 0 && i % STATS_PER_TURN === 0) await nextTurn();
    const relDir = posix.dirname(path);
    const info = relDir === "." || isFolder(relDir) ? lstatOrGone(join(root, path)) : undefined;
    if (!info || !(await isListed(join(root, path), posix.basename(path), info))) gone.push(path);
  }
  return gone;
}

/** Whether the walk lists an entry of this kind: an article file, or a link it reports. */
async function isListed(fullPath: string, name: string, kind: Dirent | Stats): Promise<boolean> {
  const articleName = isArticleName(name);
  return (kind.isFile() && articleName) || (kind.isSymbolicLink() && (await isReportedLink(fullPath, articleName)));
}

/**
 * The article paths under `root/relDir`, a batch at a time: each page of the directory's entries
 * in path order, with the files of its subfolders in their place.
 */
async function* articlePaths(root: string, relDir: string, pageSize: number): AsyncGenerator<string[]> {
  let dir: AsyncIterable<Dirent>;
  try {
    dir = await opendir(join(root, relDir));
  } catch (error) {
    // A subfolder removed during the walk has no files left to list; a missing root is an error.
    if (relDir !== "" && isGone(error)) return;
    throw error;
  }
  let page: Dirent[] = [];
  for await (const entry of dir) {
    if (entry.name.startsWith(".")) continue;
    page.push(entry);
    if (page.length < pageSize) continue;
    yield* pagePaths(root, relDir, page, pageSize);
    page = [];
  }
  yield* pagePaths(root, relDir, page, pageSize);
}

async function* pagePaths(root: string, relDir: string, page: Dirent[], pageSize: number): AsyncGenerator<string[]> {
  // A folder sorts as its name with a "/", so its files take the place their full paths sort to.
  const key = (entry: Dirent) => (entry.isDirectory() ? `${entry.name}/` : entry.name);
  page.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  let files: string[] = [];
  for (const entry of page) {
    const relPath = relDir === "" ? entry.name : `${relDir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (files.length > 0) yield files;
      files = [];
      yield* articlePaths(root, relPath, pageSize);
    } else if (await isListed(join(root, relPath), entry.name, entry)) files.push(relPath);
  }
  if (files.length > 0) yield files;
}

/**
 * Sizes and modification times of a page of paths. Synchronous stats, a few milliseconds' worth per
 * turn of the event loop: a promise per file costs four times as much, seconds at 100,000 files.
 */
async function statPage(root: string, paths: readonly string[]): Promise<ArticleFile[]> {
  const files: ArticleFile[] = [];
  for (const [i, path] of paths.entries()) {
    if (i > 0 && i % STATS_PER_TURN === 0) await nextTurn();
    const info = lstatOrGone(join(root, path));
    if (info) files.push({ path, size: info.size, mtimeMs: info.mtimeMs });
  }
  return files;
}

function lstatOrGone(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    if (isGone(error)) return undefined;
    throw error;
  }
}

function isGone(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
