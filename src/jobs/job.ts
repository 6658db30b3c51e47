// The jobs module's one interface, "run this every X, once", and the part both schedulers share:
// one run of a job at a time per process, with each run's outcome in the structured log. The
// node-cron scheduler (one process) and the pg-boss one (processes sharing Postgres) implement it.
import type { Logger } from "../log.js";

/** Which tick a run belongs to: the cron slot (ISO time), or "now-…" for a run asked for by hand. */
export interface Tick {
  slot: string;
}

export interface Job<R> {
  /** Unique per scheduler; lower-case letters, digits and dashes (it names a pg-boss queue). */
  name: string;
  /** A node-cron expression: 5 fields, or 6 with seconds first. */
  cron: string;
  /** `signal` aborts when the scheduler stops: a long run should wind down rather than be waited for. */
  run(tick: Tick, signal: AbortSignal): Promise<R>;
  /** Fields for the log line after a run. */
  summary?(result: R): Record<string, unknown>;
  /** How long a run may take before another process may take it over (pg-boss); the scheduler's default (JOBS_EXPIRE_SECONDS) otherwise. */
  expireInSeconds?: number;
}

export interface JobHandle<R> {
  /** Runs the job now, in this process; null when a run is already in progress here. Errors propagate. */
  runNow(): Promise<R | null>;
}

/** Work split per item (one feed, say): each item handed over is handled once, here or on any process. */
export interface ItemQueue<T, R> {
  /**
   * Hands `items` over for `tick`. Here (node-cron) they are handled before it resolves, and their
   * results are returned; on pg-boss they are queued for whichever process is free, and it returns
   * null. Handing the same item over twice for one tick handles it once.
   */
  dispatch(items: readonly T[], tick: Tick): Promise<R[] | null>;
}

/**
 * Handles items and returns their results in order. Here (node-cron) it gets all of a tick's items
 * in one call, so it can share one pool and one deadline over them; on pg-boss, one at a time.
 */
export type ItemHandler<T, R> = (items: readonly T[], signal: AbortSignal) => Promise<R[]>;

export interface ItemQueueOptions<T> {
  /** Identifies an item within a tick (a feed's URL). */
  key(item: T): string;
  /** Items handled at once per process, on pg-boss. */
  concurrency: number;
  expireInSeconds?: number;
}

export interface Scheduler {
  readonly kind: "cron" | "pg-boss";
  /** Registers a recurring job: each tick of `job.cron` runs it once (once in the cluster, on pg-boss). */
  every<R>(job: Job<R>): JobHandle<R>;
  items<T, R>(name: string, handle: ItemHandler<T, R>, options: ItemQueueOptions<T>): ItemQueue<T, R>;
  /** Starts ticking (and, on pg-boss, working); register every job first. */
  start(): Promise<void>;
  /** Stops ticking and waits for the runs in progress here. */
  stop(): Promise<void>;
}

/** A job's runs in this process: never two at once, each logged with its outcome. */
export class Runs<R> {
  private running: Promise<R> | undefined;
  private readonly log: Logger;

  constructor(
    private readonly job: Job<R>,
    log: Logger,
    private readonly signal: AbortSignal,
  ) {
    this.log = log.child({ job: job.name });
  }

  /** The run's result, or null when one is already in progress (logged) or the scheduler stopped. Errors propagate, logged. */
  async run(tick: Tick): Promise<R | null> {
    if (this.signal.aborted) return null;
    if (this.running) {
      this.log.warn({ slot: tick.slot }, "Job skipped: the previous run is still going");
      return null;
    }
    const started = Date.now();
    this.running = this.job.run(tick, this.signal);
    try {
      const result = await this.running;
      this.log.info({ slot: tick.slot, ms: Date.now() - started, ...this.job.summary?.(result) }, "Job done");
      return result;
    } catch (err) {
      this.log.error({ err, slot: tick.slot }, "Job failed");
      throw err;
    } finally {
      this.running = undefined;
    }
  }

  /** Resolves once no run is in progress. */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }
}

export function manualTick(): Tick {
  return { slot: `now-${new Date().toISOString()}` };
}

/** `items` without repeats of a key, first one kept. */
export function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(key(item)) && Boolean(seen.add(key(item))));
}
