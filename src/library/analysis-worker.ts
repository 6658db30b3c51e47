// A worker thread of the analysis pool: analyses the articles its parent sends, one at a time.
import { parentPort } from "node:worker_threads";
import type { AnalysisInput } from "../analysis/types.js";
import { toRecord } from "./analysis-record.js";
import { analyze } from "./briefing.js";
import { errorMessage } from "../errors.js";

parentPort?.on("message", ({ id, input }: { id: number; input: AnalysisInput }) => {
  try {
    parentPort?.postMessage({ id, record: toRecord(analyze(input), input.paragraphs) });
  } catch (error) {
    parentPort?.postMessage({ id, error: errorMessage(error) });
  }
});
