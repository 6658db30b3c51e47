// The single-process scheduler: node-cron ticks in this process, one run of a job at a time, and
// per-item work handled here. It is what a SQLite store gets, where one process does everything.
import cron, { type ScheduledTask } from "node-cron";
import type { Logger } from "../log.js";
import {
  manualTick,
  Runs,
  uniqueBy,
  type ItemHandler,
  type ItemQueue,
  type ItemQueueOptions,
  type Job,
  type JobHandle,
  type Scheduler,
} from "./job.js";

export class CronScheduler implements Scheduler {
  readonly kind = "cron";
  private readonly jobs: Array<{ job: Job<unknown>; runs: Runs<unknown> }> = [];
  private readonly tasks: ScheduledTask[] = [];
  private readonly stopping = new AbortController();

  constructor(private readonly log: Logger) {}

  every<R>(job: Job<R>): JobHandle<R> {
    const runs = new Runs(job, this.log, this.stopping.signal);
    this.jobs.push({ job: job as Job<unknown>, runs: runs as Runs<unknown> });
    return { runNow: () => runs.run(manualTick()) };
  }

  items<T, R>(_name: string, handle: ItemHandler<T, R>, options: ItemQueueOptions<T>): ItemQueue<T, R> {
    return { dispatch: (items) => handle(uniqueBy(items, options.key), this.stopping.signal) };
  }

  async start(): Promise<void> {
    for (const { job, runs } of this.jobs) {
      const log = this.log.child({ job: job.name });
      const task = cron.schedule(
        job.cron,
        (context) => runs.run({ slot: context.date.toISOString() }).catch(() => undefined),
        {
          name: job.name,
          // node-cron logs to the console by default; its messages belong in the structured log.
          logger: {
            info: (message) => log.debug(message),
            warn: (message) => log.warn(message),
            error: (message) => log.error(message instanceof Error ? { err: message } : {}, String(message)),
            debug: (message) => log.debug(String(message)),
          },
        },
      );
      this.tasks.push(task);
    }
  }

  /** Stops the ticks, aborts the runs in progress and waits for them to wind down. */
  async stop(): Promise<void> {
    await Promise.all(this.tasks.splice(0).map((task) => task.destroy()));
    this.stopping.abort(new Error("the bot is shutting down"));
    await Promise.all(this.jobs.map(({ runs }) => runs.idle()));
  }
}
