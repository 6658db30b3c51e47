// File-system errors in words a user can act on: which file or folder, what is wrong with it, and
// what to do, instead of Node's "ENOENT: no such file or directory, scandir …".
import { stat } from "node:fs/promises";
import { errorMessage } from "../errors.js";

/** What an errno means for a path the user named. */
function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT") return "does not exist";
  if (code === "EACCES" || code === "EPERM") return "cannot be read (permission denied)";
  if (code === "ENOTDIR") return "is not a folder";
  if (code === "EISDIR") return "is a folder, not a file";
  return `cannot be read (${code ?? errorMessage(error)})`;
}

/** An Error naming `path` and the fix, for a failure to open something the user pointed at. */
export function fsProblem(error: unknown, what: string, path: string, fix: string): Error {
  return new Error(`${what} "${path}" ${reason(error)}. ${fix}`);
}

/** Fails with a clear message unless `dir` is a folder that can be listed. */
export async function requireFolder(dir: string, fix: string): Promise<void> {
  try {
    const info = await stat(dir);
    if (!info.isDirectory()) throw Object.assign(new Error("not a folder"), { code: "ENOTDIR" });
  } catch (error) {
    throw fsProblem(error, "The articles folder", dir, fix);
  }
}
