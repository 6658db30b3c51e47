// The pg-boss scheduler against a real Postgres (TEST_DATABASE_URL; the file gets its own schema):
// several schedulers ticking the same cron run each tick once, per-item work handed over twice is
// handled once, and a run whose process died is taken over by another process.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, describe, expect, it, vi } from "vitest";
import { jobId, PgBossScheduler } from "../../src/jobs/pg-boss.js";
import { createLogger } from "../../src/log.js";

const url = process.env.TEST_DATABASE_URL?.trim();
const schema = `jobs_${randomUUID().replace(/-/g, "")}`;
const log = createLogger("silent");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("a tick's job id", () => {
  it("is the same in every process for one job and cron slot, and differs across slots, jobs and items", () => {
    const id = jobId("headlines", "2026-12-06T22:15:00.000Z");
    expect(id).toBe(jobId("headlines", "2026-12-06T22:15:00.000Z"));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    const others = [
      jobId("headlines", "2026-12-06T22:30:00.000Z"),
      jobId("feeds", "2026-12-06T22:15:00.000Z"),
      jobId("headlines", "2026-12-06T22:15:00.000Z", "https://news.example/feed"),
      jobId("headlines2026-12-06T22:15:00.000Z"),
    ];
    expect(new Set([id, ...others]).size).toBe(5);
  });
});

// Without TEST_DATABASE_URL there is no Postgres to run against, and the list is empty.
describe.each(url ? [url] : [])("jobs on pg-boss", (db) => {
  const scheduler = () =>
    new PgBossScheduler(db, log, { schema, pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 });

  afterAll(async () => {
    const client = new pg.Client({ connectionString: db });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });

  it("runs each tick once in the cluster when two schedulers tick the same cron", async () => {
    const runs: Array<{ slot: string; by: string }> = [];
    const make = (by: string) => {
      const s = scheduler();
      s.every({
        name: "every-second",
        cron: "* * * * * *",
        run: async (tick) => {
          runs.push({ slot: tick.slot, by });
          await sleep(100);
        },
      });
      return s;
    };
    const [a, b] = [make("a"), make("b")];
    await a.start();
    await b.start();
    await sleep(4_500);
    await Promise.all([a.stop(), b.stop()]);

    const slots = runs.map((r) => r.slot);
    expect(slots.length).toBeGreaterThanOrEqual(2);
    expect(new Set(slots).size).toBe(slots.length);
  }, 30_000);

  it("handles each item of a tick once, though a second process hands the same items over after they ran", async () => {
    const handled: string[] = [];
    const make = () => {
      const s = scheduler();
      const queue = s.items<string, number>("per-feed", async (feeds) => feeds.map((feed) => handled.push(feed)), {
        key: (feed) => feed,
        concurrency: 2,
      });
      return { s, queue };
    };
    const [a, b] = [make(), make()];
    await a.s.start();
    await b.s.start();
    const feeds = Array.from({ length: 20 }, (_, i) => `https://feeds.example/${i}.xml`);
    const tick = { slot: "2026-12-06T21:00:00.000Z" };
    expect(await a.queue.dispatch(feeds, tick)).toBeNull();
    await vi.waitFor(() => expect(handled).toHaveLength(20), { timeout: 10_000 });
    // A process whose clock runs late ticks the same slot once the items have run.
    await b.queue.dispatch(feeds, tick);
    await sleep(1_500);
    await Promise.all([a.s.stop(), b.s.stop()]);
    expect(handled.sort()).toEqual([...feeds].sort());
  }, 30_000);

  it("hands a worker its next item as soon as it finishes one, not a polling interval later", async () => {
    const handled: string[] = [];
    const s = new PgBossScheduler(db, log, { schema, pollingIntervalSeconds: 3, maintenanceIntervalSeconds: 1 });
    const queue = s.items<string, number>("back-to-back", async (items) => items.map((item) => handled.push(item)), {
      key: (item) => item,
      concurrency: 1,
    });
    await s.start();
    try {
      await queue.dispatch(
        Array.from({ length: 6 }, (_, i) => `item-${i}`),
        { slot: "2026-12-06T22:00:00.000Z" },
      );
      // One worker polling every 3 s would need 15 s for six items if it slept after each.
      await vi.waitFor(() => expect(handled).toHaveLength(6), { timeout: 8_000, interval: 100 });
    } finally {
      await s.stop();
    }
  }, 30_000);

  it("lets another process take over a run whose process died mid-job", async () => {
    const child = spawn(
      process.execPath,
      [fileURLToPath(new URL("../../dist/tests/support/jobs-child.js", import.meta.url)), db, schema, "takeover"],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    const started = await new Promise<string>((resolve, reject) => {
      child.once("exit", (code) => reject(new Error(`the child exited (${code}) before its job started`)));
      createInterface({ input: child.stdout }).once("line", (line) => resolve(line.replace(/^started /, "")));
    });
    child.removeAllListeners("exit");
    child.kill("SIGKILL");

    const survivor = scheduler();
    const runs: string[] = [];
    survivor.every({
      name: "takeover",
      cron: "* * * * * *",
      expireInSeconds: 2,
      run: async (tick) => void runs.push(tick.slot),
    });
    await survivor.start();
    try {
      await vi.waitFor(() => expect(runs).toContain(started), { timeout: 20_000, interval: 200 });
    } finally {
      await survivor.stop();
    }
    expect(runs.filter((slot) => slot === started)).toHaveLength(1);
  }, 40_000);
});
