// A process for the jobs tests to kill: it runs a pg-boss scheduler whose job prints its tick's slot
// and then never finishes, as a worker that hangs or dies mid-job would.
// Usage: node jobs-child.js DATABASE_URL SCHEMA JOB_NAME
import { createLogger } from "../../src/log.js";
import { PgBossScheduler } from "../../src/jobs/pg-boss.js";

const [url, schema, name] = process.argv.slice(2);
if (!url || !schema || !name) throw new Error("usage: jobs-child DATABASE_URL SCHEMA JOB_NAME");
const scheduler = new PgBossScheduler(url, createLogger("silent"), {
  schema,
  pollingIntervalSeconds: 0.5,
  maintenanceIntervalSeconds: 1,
});
scheduler.every({
  name,
  cron: "* * * * * *",
  expireInSeconds: 2,
  run: (tick) => {
    process.stdout.write(`started ${tick.slot}\n`);
    return new Promise<never>(() => {});
  },
});
await scheduler.start();
