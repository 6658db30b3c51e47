// The jobs module's factory: the scheduler a store implies. Processes that share a Postgres store
// coordinate their jobs through it (pg-boss); any other store belongs to one process (node-cron).
import type { Logger } from "../log.js";
import { CronScheduler } from "./cron.js";
import { PgBossScheduler } from "./pg-boss.js";
import type { Scheduler } from "./job.js";

export type { ItemQueue, Job, JobHandle, Scheduler, Tick } from "./job.js";

export function createScheduler(storeUrl: string, log: Logger): Scheduler {
  return /^postgres(ql)?:\/\//.test(storeUrl) ? new PgBossScheduler(storeUrl, log) : new CronScheduler(log);
}
