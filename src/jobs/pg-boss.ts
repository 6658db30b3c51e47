// The scheduler for processes sharing Postgres, on pg-boss. Every process ticks the same crons;
// each tick becomes one pg-boss job whose id is derived from (job, cron slot), so the first
// process to insert it wins and the others' inserts are no-ops: each tick runs once in the
// cluster, on whichever process's worker fetches it. A run that outlives its expiry (its process
// died) is failed by pg-boss's maintenance and retried by another process. pg-boss's own
// schedule() was not used: it ticks at most once a minute, and HEADLINES_CRON may name seconds.
import { createHash } from "node:crypto";
import PgBoss from "pg-boss";
import cron, { type ScheduledTask } from "node-cron";
import type { Logger } from "../log.js";
import {
  manualTick,
  Runs,
  type ItemHandler,
  type ItemQueue,
  type ItemQueueOptions,
  type Job,
  type JobHandle,
  type Scheduler,
  type Tick,
} from "./job.js";

export interface PgBossSchedulerOptions {
  /** The Postgres schema pg-boss keeps its tables in; "pgboss" by default. */
  schema?: string;
  /** How often an idle worker asks for jobs; 2 s by default. */
  pollingIntervalSeconds?: number;
  /** How often expired runs are looked for (by one process at a time); 60 s by default. */
  maintenanceIntervalSeconds?: number;
  /** Retries of a failed or expired run; 2 by default. */
  retryLimit?: number;
  /** How long a run may take before another process may take it over, for jobs that set none; 15 minutes by default. */
  expireInSeconds?: number;
}

/** A tick's job as stored: the slot, and for per-item queues the item. */
interface Payload {
  slot: string;
  item?: unknown;
}

const DEFAULT_EXPIRE_SECONDS = 15 * 60;

export class PgBossScheduler implements Scheduler {
  readonly kind = "pg-boss";
  private readonly boss: PgBoss;
  private readonly queues: Array<{
    name: string;
    expireInSeconds: number;
    concurrency: number;
    work: (payload: Payload) => Promise<unknown>;
  }> = [];
  private readonly crons: Array<{ name: string; cron: string }> = [];
  private readonly tasks: ScheduledTask[] = [];
  private readonly idle: Array<() => Promise<void>> = [];
  private readonly stopping = new AbortController();
  private readonly defaultExpiry: number;

  constructor(
    url: string,
    private readonly log: Logger,
    private readonly options: PgBossSchedulerOptions = {},
  ) {
    this.defaultExpiry = options.expireInSeconds ?? DEFAULT_EXPIRE_SECONDS;
    this.boss = new PgBoss({
      connectionString: url,
      schema: options.schema ?? "pgboss",
      max: 4,
      // Ticks come from node-cron in every process (see the header), not from pg-boss's cron.
      schedule: false,
      supervise: true,
      // Expired runs are looked for well within their expiry, so a dead process's run is taken over soon after.
      maintenanceIntervalSeconds:
        options.maintenanceIntervalSeconds ?? Math.max(1, Math.min(60, Math.floor(this.defaultExpiry / 4))),
    });
    this.boss.on("error", (err) => this.log.error({ err }, "pg-boss error"));
  }

  every<R>(job: Job<R>): JobHandle<R> {
    const runs = new Runs(job, this.log, this.stopping.signal);
    this.idle.push(() => runs.idle());
    this.crons.push({ name: job.name, cron: job.cron });
    this.queues.push({
      name: job.name,
      expireInSeconds: job.expireInSeconds ?? this.defaultExpiry,
      concurrency: 1,
      work: async (payload) => {
        // A run here by hand is in progress
        // (or this process is stopping): fail this one, so pg-boss retries it, here or elsewhere.
        if ((await runs.run({ slot: payload.slot })) === null)
          throw new Error(`${job.name} is already running in this process, or it is stopping`);
      },
    });
    return { runNow: () => runs.run(manualTick()) };
  }

  items<T, R>(name: string, handle: ItemHandler<T, R>, options: ItemQueueOptions<T>): ItemQueue<T, R> {
    const log = this.log.child({ job: name });
    this.queues.push({
      name,
      expireInSeconds: options.expireInSeconds ?? this.defaultExpiry,
      concurrency: options.concurrency,
      work: async (payload) => {
        try {
          await handle([payload.item as T], this.stopping.signal);
        } catch (err) {
          log.error({ err, slot: payload.slot }, "Job item failed");
          throw err;
        }
      },
    });
    return {
      dispatch: async (items, tick) => {
        // The key is also the singleton key: one run of an item (one feed) waits and one runs at most.
        await this.boss.insert(
          items.map((item) => {
            const key = options.key(item);
            return { name, id: jobId(name, tick.slot, key), singletonKey: key, data: { slot: tick.slot, item } };
          }),
        );
        return null;
      },
    };
  }

  async start(): Promise<void> {
    await this.boss.start();
    for (const queue of this.queues) {
      // stately: at most one run waiting and one running per queue and item, whatever the ticks.
      // createQueue leaves an existing queue as it is; updateQueue applies today's settings to it.
      const settings = {
        name: queue.name,
        policy: "stately",
        retryLimit: this.options.retryLimit ?? 2,
        expireInSeconds: queue.expireInSeconds,
      } as const;
      await retryDeadlocks(() => this.boss.createQueue(queue.name, settings));
      await retryDeadlocks(() => this.boss.updateQueue(queue.name, settings));
      const pollingIntervalSeconds = this.options.pollingIntervalSeconds ?? 2;
      // One worker per concurrent item: pg-boss hands each worker one job at a time.
      for (let i = 0; i < queue.concurrency; i++) {
        let worker: string | undefined;
        worker = await this.boss.work<Payload>(queue.name, { batchSize: 1, pollingIntervalSeconds }, async ([job]) => {
          try {
            if (job) await queue.work(job.data);
          } finally {
            // A worker that just handled a job asks for the next one at once; left alone, pg-boss
            // would wait out the polling interval after every job, a few feeds a second at most.
            if (worker) this.boss.notifyWorker(worker);
          }
        });
      }
    }
    for (const { name, cron: expression } of this.crons) {
      this.tasks.push(
        cron.schedule(expression, (context) => this.enqueue(name, { slot: context.date.toISOString() }), { name }),
      );
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.tasks.splice(0).map((task) => task.destroy()));
    this.stopping.abort(new Error("the bot is shutting down"));
    // graceful: wait for this process's runs in progress to wind down, then close the pool.
    await this.boss.stop({ graceful: true, wait: true, timeout: 30_000 });
    await Promise.all(this.idle.map((idle) => idle()));
  }

  private async enqueue(name: string, tick: Tick): Promise<void> {
    try {
      await this.boss.send(name, { slot: tick.slot }, { id: jobId(name, tick.slot) });
    } catch (err) {
      this.log.error({ err, job: name, slot: tick.slot }, "Cannot queue the tick");
    }
  }
}

/** Postgres's code for a transaction it aborted to break a deadlock: retrying it is safe. */
const DEADLOCK = "40P01";

/**
 * Runs `work` again when Postgres aborts it as a deadlock victim. Processes starting together
 * create the same queues at once, and pg-boss's create_queue attaches a partition to its job
 * table, which deadlocks between them; the retry finds the queue created by the winner.
 */
async function retryDeadlocks<T>(work: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (attempt >= attempts || (err as { code?: unknown }).code !== DEADLOCK) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 200 * attempt));
    }
  }
}

/** A UUID fixed by its parts, so every process inserting the same tick (or tick and item) inserts one job. */
export function jobId(...parts: string[]): string {
  const hex = createHash("sha256").update(parts.join("\u0000")).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
