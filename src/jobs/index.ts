// The jobs module's factory: the scheduler a store implies. Processes that share a Postgres store
// coordinate their jobs through it (pg-boss); any other store belongs to one process (node-cron).
import type { Logger } from "../log.js";
import { CronScheduler } from "./cron.js";
import { PgBossScheduler } from "./pg-boss.js";
import type { Scheduler } from "./job.js";

export type { ItemQueue, Job, JobHandle, Scheduler, Tick } from "./job.js";

/** `expireSeconds`: how long a run may take on pg-boss before another process takes it over. */
export function createScheduler(storeUrl: string, log: Logger, options: { expireSeconds: number }): Scheduler {
  return /^postgres(ql)?:\/\//.test(storeUrl)
    ? new PgBossScheduler(storeUrl, log, { schema: jobsSchema(storeUrl), expireInSeconds: options.expireSeconds })
    : new CronScheduler(log);
}

/**
 * The schema of the store's job queue: "pgboss", or "<schema>_pgboss" when STORE_URL keeps the store
 * in a schema of its own (`?options=-c search_path=<schema>`). The jobs carry no store, so two bots
 * sharing a database in separate schemas must not share a queue, or one would run the other's ticks.
 */
export function jobsSchema(storeUrl: string): string {
  const options = new URL(storeUrl).searchParams.get("options") ?? "";
  const schema = /(?:^|\s)-c\s*search_path=([A-Za-z_][A-Za-z0-9_]*)/.exec(options)?.[1];
  return schema ? `${schema.toLowerCase()}_pgboss` : "pgboss";
}
