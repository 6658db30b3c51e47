// Symbolic links in the articles folder. They are never followed: a link may point anywhere on
// the machine, and a link to a folder above it would make the walk endless. A link that looks
// like an article or leads to a folder is reported instead, with what it points at.
import { realpath, stat } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, sep } from "node:path";

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function within(folder: string, path: string): string | undefined {
  const rel = relative(folder, path);
  return rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? undefined : rel;
}

/**
 * Whether the listing shows the link at `fullPath`, so that loading reports it: one named like an
 * article, one that leads to a folder, and one caught in a loop (whose kind cannot be known).
 */
export async function isReportedLink(fullPath: string, articleName: boolean): Promise<boolean> {
  if (articleName) return true;
  try {
    return (await stat(fullPath)).isDirectory();
  } catch (error) {
    return errorCode(error) === "ELOOP";
  }
}

/** Why the link at `root/relPath` is skipped, naming its target when that lies inside `root`. */
export async function linkReason(root: string, relPath: string): Promise<string> {
  const fullPath = join(root, relPath);
  let target: string;
  try {
    target = await realpath(fullPath);
  } catch (error) {
    const code = errorCode(error);
    if (code === "ELOOP") return "symbolic link loop";
    if (code === "ENOENT") return "broken symbolic link (its target does not exist)";
    return `symbolic link that cannot be resolved (${code ?? String(error)})`;
  }
  const inside = within(await realpath(root), target);
  if (inside === undefined) return "symbolic link to a path outside the articles folder";
  if (within(target, await realpath(dirname(fullPath))) !== undefined)
    return "symbolic link loop (it points to a folder that contains it)";
  return `symbolic link to ${inside.split(sep).join("/") || "."}; links are not followed`;
}
