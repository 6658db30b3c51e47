import { describe, expect, it } from "vitest";
import { CronScheduler } from "../../src/jobs/cron.js";
import { createLogger } from "../../src/log.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the single-process scheduler", () => {
  it("never runs a job twice at once, hands each tick its cron slot, and waits for a running job when stopped", async () => {
    let running = 0;
    let most = 0;
    let finished = 0;
    const slots: string[] = [];
    const scheduler = new CronScheduler(createLogger("silent"));
    scheduler.every({
      name: "slow",
      cron: "* * * * * *",
      run: async (tick) => {
        slots.push(tick.slot);
        running++;
        most = Math.max(most, running);
        await sleep(1_600);
        running--;
        finished++;
      },
    });
    await scheduler.start();
    await sleep(3_500);
    await scheduler.stop();
    expect(most).toBe(1);
    expect(finished).toBeGreaterThanOrEqual(1);
    expect(running).toBe(0);
    expect(finished).toBe(slots.length);
    for (const slot of slots) expect(new Date(slot).getMilliseconds()).toBe(0);
  });

  it("skips a run asked for by hand while one is running", async () => {
    let release = () => {};
    const scheduler = new CronScheduler(createLogger("silent"));
    const job = scheduler.every({
      name: "held",
      cron: "0 0 1 1 *",
      run: () => new Promise<string>((resolve) => (release = () => resolve("done"))),
    });
    const first = job.runNow();
    expect(await job.runNow()).toBeNull();
    release();
    expect(await first).toBe("done");
    await scheduler.stop();
  });

  it("keeps ticking after a run throws", async () => {
    let calls = 0;
    const scheduler = new CronScheduler(createLogger("silent"));
    scheduler.every({
      name: "failing",
      cron: "* * * * * *",
      run: async () => {
        calls++;
        throw new Error("disk full");
      },
    });
    await scheduler.start();
    await sleep(2_300);
    await scheduler.stop();
    expect(calls).toBeGreaterThanOrEqual(2);
  });

  it("hands a tick's items to one call, each key once, with the signal that stopping aborts", async () => {
    const scheduler = new CronScheduler(createLogger("silent"));
    let calls = 0;
    let signal: AbortSignal | undefined;
    const queue = scheduler.items<string, string>(
      "per-item",
      async (items, stop) => {
        calls++;
        signal = stop;
        return items.map((item) => item.toUpperCase());
      },
      { key: (item) => item, concurrency: 3 },
    );
    expect(await queue.dispatch(["a", "b", "a", "c"], { slot: "s" })).toEqual(["A", "B", "C"]);
    expect(calls).toBe(1);
    expect(signal?.aborted).toBe(false);
    await scheduler.stop();
    expect(signal?.aborted).toBe(true);
  });
});
