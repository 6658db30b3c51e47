// Where imported files are read, cleaned and analysed. A cold start over thousands of articles is
// CPU-bound, so the corpus hands each file to a pool of worker threads, one per core, and its own
// thread only stores the results and answers. The work is pure but for reading the file, so a
// worker's result is the in-process result.
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { importFile, type ImportedFile, type ImportJob } from "./article-import.js";

/** Imports files: each comes back as an article with its search text and analysis, or a reason. */
export interface Analyzer {
  importFile(job: ImportJob): Promise<ImportedFile>;
  close(): Promise<void>;
}

export const inProcessAnalyzer: Analyzer = {
  importFile: (job) => importFile(job),
  close: async () => undefined,
};

const WORKER_FILE = fileURLToPath(new URL("./analysis-worker.js", import.meta.url));

/** What one file may cost on a worker before the worker is stopped and the file skipped. */
export interface AnalysisLimits {
  /** Wall time of one file, read and analysed; generous, since a 2 MB article analyses in about a second. */
  timeoutMs: number;
  /** A worker's heap: an analysis that needs more kills only its worker, never this process. */
  heapMb: number;
}

const DEFAULT_LIMITS: AnalysisLimits = { timeoutMs: 30_000, heapMb: 512 };

interface Job {
  id: number;
  input: ImportJob;
  resolve(result: ImportedFile): void;
  reject(error: Error): void;
}

/** A worker and the jobs sent to it, in order: it answers them one at a time, the first is running. */
interface Slot {
  worker: Worker;
  queue: Job[];
  /** Runs out when the running job has taken longer than the limit. */
  clock?: NodeJS.Timeout;
  /** Stopped, by the pool or by a failure: its late messages and exit are ignored. */
  gone: boolean;
}

/** Idle workers are stopped after this long: each holds its own language model and heap. */
const IDLE_MS = 2_000;

/**
 * A pool of import workers; `size` defaults to one per core. Workers start on first use (a run
 * that finds everything cached never pays for them) and stop once the pool has been idle for
 * IDLE_MS, so a bot that has finished its cold start does not keep their memory. A file whose
 * import kills its worker (out of memory) or overruns the time limit is rejected with the
 * reason, and the worker is replaced; the files queued behind it go to the other workers.
 * Nothing is ever retried in this thread: the file that broke a worker would break it too.
 */
export class WorkerAnalyzer implements Analyzer {
  private slots: Slot[] = [];
  private nextId = 0;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly size = availableParallelism(),
    private readonly workerFile = WORKER_FILE,
    private readonly limits: AnalysisLimits = DEFAULT_LIMITS,
  ) {}

  importFile(input: ImportJob): Promise<ImportedFile> {
    clearTimeout(this.idleTimer);
    return new Promise<ImportedFile>((resolve, reject) => this.dispatch({ id: this.nextId++, input, resolve, reject }));
  }

  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    const jobs = this.slots.flatMap((slot) => slot.queue);
    await this.stopWorkers();
    for (const job of jobs) job.reject(new Error("analysis pool closed"));
  }

  private dispatch(job: Job): void {
    while (this.slots.length < Math.max(1, this.size)) this.slots.push(this.spawn());
    const slot = this.slots.reduce((a, b) => (b.queue.length < a.queue.length ? b : a));
    slot.queue.push(job);
    slot.worker.ref();
    slot.worker.postMessage({ id: job.id, input: job.input });
    if (slot.queue.length === 1) this.startClock(slot);
  }

  private spawn(): Slot {
    const worker = new Worker(this.workerFile, { resourceLimits: { maxOldGenerationSizeMb: this.limits.heapMb } });
    // An idle pool must not keep a CLI run alive; in-flight work holds its own reference.
    worker.unref();
    const slot: Slot = { worker, queue: [], gone: false };
    worker.on("message", ({ id, result, error }: { id: number; result?: ImportedFile; error?: string }) => {
      if (slot.gone) return;
      clearTimeout(slot.clock);
      const job = slot.queue.shift();
      if (slot.queue.length > 0) this.startClock(slot);
      else {
        worker.unref();
        this.stopWhenIdle();
      }
      if (job?.id !== id) return;
      if (error !== undefined || !result) job.reject(new Error(error ?? "the worker gave no result"));
      else job.resolve(result);
    });
    worker.on("error", (error: Error & { code?: string }) =>
      this.lost(
        slot,
        error.code === "ERR_WORKER_OUT_OF_MEMORY"
          ? `ran out of memory (limit ${this.limits.heapMb} MB)`
          : error.message,
      ),
    );
    worker.on("exit", (code) => this.lost(slot, `its worker exited with code ${code}`));
    return slot;
  }

  private startClock(slot: Slot): void {
    const seconds = this.limits.timeoutMs / 1000;
    slot.clock = setTimeout(() => this.lost(slot, `took longer than ${seconds} s`), this.limits.timeoutMs);
    slot.clock.unref();
  }

  /** A worker failed: its running file is rejected with `reason`, the rest go to other workers. */
  private lost(slot: Slot, reason: string): void {
    if (slot.gone) return;
    slot.gone = true;
    clearTimeout(slot.clock);
    this.slots = this.slots.filter((s) => s !== slot);
    void slot.worker.terminate();
    const [running, ...waiting] = slot.queue;
    slot.queue = [];
    running?.reject(new Error(reason));
    for (const job of waiting) this.dispatch(job);
    this.stopWhenIdle();
  }

  private stopWhenIdle(): void {
    if (this.slots.some((slot) => slot.queue.length > 0)) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => void this.stopWorkers(), IDLE_MS).unref();
  }

  private async stopWorkers(): Promise<void> {
    const stopping = this.slots;
    this.slots = [];
    for (const slot of stopping) {
      slot.gone = true;
      clearTimeout(slot.clock);
      slot.queue = [];
    }
    await Promise.all(stopping.map(({ worker }) => worker.terminate()));
  }
}

/**
 * A worker pool when the compiled worker is there (the built package), else in-process imports
 * (vitest runs the TypeScript sources, which a worker thread cannot load on Node 20).
 */
export function defaultAnalyzer(): Analyzer {
  return existsSync(WORKER_FILE) && availableParallelism() > 1 ? new WorkerAnalyzer() : inProcessAnalyzer;
}
