// Where article analyses run. A cold start over thousands of articles is CPU-bound analysis, so the
// corpus hands it to a pool of worker threads, one per spare core, while the main thread keeps
// reading files and answering. Analysis is pure, so a worker's result is the in-process result.
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { AnalysisInput } from "../analysis/types.js";
import { toRecord, type AnalysisRecord } from "./analysis-record.js";
import { analyze } from "./briefing.js";

/** Analyses articles, answering with records (open them with `fromRecord` and the same paragraphs). */
export interface Analyzer {
  analyze(input: AnalysisInput): Promise<AnalysisRecord>;
  close(): Promise<void>;
}

export const inProcessAnalyzer: Analyzer = {
  analyze: async (input) => toRecord(analyze(input), input.paragraphs),
  close: async () => undefined,
};

const WORKER_FILE = fileURLToPath(new URL("./analysis-worker.js", import.meta.url));

interface Pending {
  resolve(record: AnalysisRecord): void;
  reject(error: Error): void;
}

/** Idle workers are stopped after this long: each holds its own language model and heap. */
const IDLE_MS = 2_000;

/**
 * A pool of analysis workers; `size` defaults to one per core. Workers start on first use (a run
 * that finds everything cached never pays for them) and stop once the pool has been idle for
 * IDLE_MS, so a bot that has finished its cold start does not keep their memory.
 */
export class WorkerAnalyzer implements Analyzer {
  private workers: { worker: Worker; busy: number; dead: boolean }[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly size = availableParallelism(),
    private readonly workerFile = WORKER_FILE,
  ) {}

  private start(): void {
    this.workers = Array.from({ length: Math.max(1, this.size) }, () => {
      const worker = new Worker(this.workerFile);
      // An idle pool must not keep a CLI run alive; in-flight work holds its own reference.
      worker.unref();
      const slot = { worker, busy: 0, dead: false };
      worker.on("message", ({ id, record, error }: { id: number; record?: AnalysisRecord; error?: string }) => {
        slot.busy -= 1;
        if (slot.busy === 0) worker.unref();
        const job = this.pending.get(id);
        this.pending.delete(id);
        // Counted after the delete, and any earlier timer replaced: a late answer to a job that
        // failAll already rejected must not start a timer that terminates workers mid-job.
        if (this.pending.size === 0) {
          clearTimeout(this.idleTimer);
          this.idleTimer = setTimeout(() => void this.stopWorkers(), IDLE_MS).unref();
        }
        if (error !== undefined || !record) job?.reject(new Error(`analysis failed: ${error ?? "no result"}`));
        else job?.resolve(record);
      });
      // Analysis errors are answered as messages; these are the worker itself dying (out of memory,
      // or exiting while still in the pool). Its callers fall back to analysing in-process, and it
      // gets no more work.
      const died = (error: Error) => {
        if (slot.dead || !this.workers.includes(slot)) return;
        slot.dead = true;
        this.failAll(error);
      };
      worker.on("error", died);
      worker.on("exit", (code) => died(new Error(`analysis worker exited with code ${code}`)));
      return slot;
    });
  }

  analyze(input: AnalysisInput): Promise<AnalysisRecord> {
    clearTimeout(this.idleTimer);
    if (this.workers.length === 0) this.start();
    const alive = this.workers.filter((w) => !w.dead);
    if (alive.length === 0) return inProcessAnalyzer.analyze(input);
    const slot = alive.reduce((a, b) => (b.busy < a.busy ? b : a));
    const id = this.nextId++;
    return new Promise<AnalysisRecord>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      slot.busy += 1;
      slot.worker.ref();
      // Only what the analysis reads is sent: the structured clone of a whole Article costs more.
      slot.worker.postMessage({ id, input: { title: input.title, paragraphs: input.paragraphs, headings: input.headings } });
    });
  }

  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    await this.stopWorkers();
    this.failAll(new Error("analysis pool closed"));
  }

  private async stopWorkers(): Promise<void> {
    const stopping = this.workers;
    this.workers = [];
    await Promise.all(stopping.map(({ worker }) => worker.terminate()));
  }

  private failAll(error: Error): void {
    for (const job of this.pending.values()) job.reject(error);
    this.pending.clear();
  }
}

/**
 * A worker pool when the compiled worker is there (the built package), else in-process analysis
 * (vitest runs the TypeScript sources, which a worker thread cannot load on Node 20).
 */
export function defaultAnalyzer(): Analyzer {
  return existsSync(WORKER_FILE) && availableParallelism() > 1 ? new WorkerAnalyzer() : inProcessAnalyzer;
}
