// The folder walk of a refresh, run on a worker thread when the compiled worker is there. A walk
// of 100,000 files allocates hundreds of megabytes of short-lived objects; on the bot's own thread
// that churn grows V8's young generation to its maximum and keeps it there after start-up.
import { existsSync } from "node:fs";
import { on } from "node:events";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { type ArticleFile, articleFilePages, LIST_PAGE } from "./listing.js";

const WORKER_FILE = fileURLToPath(new URL("./listing-worker.js", import.meta.url));

type Reply =
  | { page: ArticleFile[] }
  | { done: true }
  | { error: { message: string; code?: string; path?: string; syscall?: string } };

/**
 * The pages of `articleFilePages(root, pageSize)`, walked on a worker thread from `workerFile`
 * (in this thread when there is none: vitest runs the TypeScript sources, which a worker cannot
 * load on Node 20). The worker walks the next page while this one is used, and no further. A walk
 * error is thrown here with its errno code and path; the worker stops when the pages are done
 * or abandoned.
 */
export async function* articleFilePagesOffThread(
  root: string,
  pageSize = LIST_PAGE,
  workerFile = WORKER_FILE,
): AsyncGenerator<ArticleFile[]> {
  if (!existsSync(workerFile)) {
    yield* articleFilePages(root, pageSize);
    return;
  }
  const worker = new Worker(workerFile, { workerData: { root, pageSize } });
  // Rejects on the worker's 'error' event (an uncaught failure, or running out of memory).
  const replies = on(worker, "message", { close: ["exit"] }) as AsyncIterableIterator<[Reply]>;
  try {
    worker.postMessage("next");
    for await (const [reply] of replies) {
      if ("error" in reply) throw Object.assign(new Error(reply.error.message), reply.error);
      if ("done" in reply) return;
      worker.postMessage("next");
      yield reply.page;
    }
    throw new Error(`the walk of ${root} stopped before its end`);
  } finally {
    await worker.terminate();
  }
}
