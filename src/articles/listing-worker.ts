// A worker thread that walks an articles folder for its parent: one page of article files per
// request, so that the walk's garbage (directory entries, stats, paths) lives and dies in this
// thread's heap, never in the parent's, and at most one page waits unread.
import { parentPort, workerData } from "node:worker_threads";
import { errorMessage } from "../errors.js";
import { articleFilePages } from "./listing.js";

const { root, pageSize } = workerData as { root: string; pageSize: number };
const pages = articleFilePages(root, pageSize);

parentPort?.on("message", async () => {
  try {
    const next = await pages.next();
    parentPort?.postMessage(next.done ? { done: true } : { page: next.value });
  } catch (error) {
    const { code, path, syscall } = error as NodeJS.ErrnoException;
    parentPort?.postMessage({ error: { message: errorMessage(error), code, path, syscall } });
  }
});
