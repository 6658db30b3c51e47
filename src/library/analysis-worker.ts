// A worker thread of the analysis pool: imports the files its parent sends (read, clean, analyse),
// one at a time and in order, as the pool matches each answer to the oldest job it sent.
import { parentPort } from "node:worker_threads";
import { importFile, type ImportJob } from "./article-import.js";
import { errorMessage } from "../errors.js";

let queue: Promise<void> = Promise.resolve();

parentPort?.on("message", ({ id, input }: { id: number; input: ImportJob }) => {
  queue = queue.then(async () => {
    try {
      parentPort?.postMessage({ id, result: await importFile(input, true) });
    } catch (error) {
      parentPort?.postMessage({ id, error: errorMessage(error) });
    }
  });
});
