import { describe, expect, it } from "vitest";
import type { FetchReport } from "../../src/feeds/run.js";
import { startFeedSchedule } from "../../src/feeds/schedule.js";
import { createLogger } from "../../src/log.js";

const EMPTY: FetchReport = { feeds: [], newArticles: 0, attempted: 0, failed: 0 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the feed schedule", () => {
  it("never runs two ticks at once, hands each report on, and waits for a running tick when stopped", async () => {
    let running = 0;
    let most = 0;
    let finished = 0;
    const reports: FetchReport[] = [];
    const schedule = startFeedSchedule({
      cron: "* * * * * *",
      log: createLogger("silent"),
      run: async () => {
        running++;
        most = Math.max(most, running);
        await sleep(1_600);
        running--;
        finished++;
        return EMPTY;
      },
      onReport: (report) => {
        reports.push(report);
      },
    });
    await sleep(3_500);
    await schedule.stop();
    expect(most).toBe(1);
    expect(finished).toBeGreaterThanOrEqual(1);
    expect(running).toBe(0);
    expect(reports).toHaveLength(finished);
  });

  it("skips a tick asked for by hand while one is running", async () => {
    let release = () => {};
    const schedule = startFeedSchedule({
      cron: "0 0 1 1 *",
      log: createLogger("silent"),
      run: () => new Promise<FetchReport>((resolve) => (release = () => resolve(EMPTY))),
    });
    const first = schedule.tick();
    expect(await schedule.tick()).toBeNull();
    release();
    expect(await first).toEqual(EMPTY);
    await schedule.stop();
  });

  it("keeps ticking after a tick throws", async () => {
    let calls = 0;
    const schedule = startFeedSchedule({
      cron: "* * * * * *",
      log: createLogger("silent"),
      run: async () => {
        calls++;
        throw new Error("disk full");
      },
    });
    await sleep(2_300);
    await schedule.stop();
    expect(calls).toBeGreaterThanOrEqual(2);
  });
});
