import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Ledger } from "../../src/headlines/ledger.js";
import { createLogger } from "../../src/log.js";
import { Store } from "../../src/store.js";

const DAY = 86_400_000;
const CHANNEL = "200000000000000001";

afterEach(() => {
  vi.useRealTimers();
});

describe("the headline ledger", () => {
  it("keeps posted entries well past the age limit, then prunes them so it does not grow for ever", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-01-01T00:00:00Z"));
    const store = new Store(`sqlite://${join(mkdtempSync(join(tmpdir(), "nb-ledger-")), "s.sqlite")}`, createLogger("silent"));
    const ledger = new Ledger(store, 3);
    const claim = await ledger.claim(CHANNEL, "storm", new Date());
    if (claim.action !== "send") throw new Error("expected to send");
    await ledger.confirm(CHANNEL, "storm", claim.nonce, "m1", new Date());

    vi.setSystemTime(new Date(Date.now() + 20 * DAY));
    await ledger.prune();
    expect(await ledger.claim(CHANNEL, "storm", new Date())).toEqual({ action: "skip", reason: "sent" });

    vi.setSystemTime(new Date(Date.now() + 20 * DAY));
    await ledger.prune();
    expect(await ledger.get(CHANNEL, "storm")).toBeUndefined();
    await store.close();
  });
});
