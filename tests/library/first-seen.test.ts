import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { StoredFirstSeen } from "../../src/library/first-seen.js";
import { createLogger } from "../../src/log.js";
import { Store } from "../../src/store.js";
import { BACKENDS } from "../support/stores.js";

const HOUR = 3_600_000;
const log = createLogger("silent");

describe.each(BACKENDS)("first-seen times on the $name store", (backend) => {
  it("come from the store's clock, not from a host clock that runs an hour ahead", async () => {
    const store = new Store(await backend.freshUrl(), log);
    const before = Date.now();
    const [seen] = await new StoredFirstSeen(store).firstSeen(["storm"], new Date(before + HOUR));
    await store.close();

    expect(Date.parse(seen!)).toBeGreaterThanOrEqual(before - 5_000);
    expect(Date.parse(seen!)).toBeLessThanOrEqual(Date.now() + 5_000);
  });

  it("are the same for two processes that import the same articles at the same moment", async () => {
    const url = await backend.freshUrl();
    const [one, two] = [new Store(url, log), new Store(url, log)];
    const ids = Array.from({ length: 300 }, (_, i) => `article-${i}`);
    // Each host's clock says something else; the stored times must not.
    const [a, b] = await Promise.all([
      new StoredFirstSeen(one).firstSeen(ids, new Date(Date.now() - HOUR)),
      new StoredFirstSeen(two).firstSeen([...ids].reverse(), new Date(Date.now() + HOUR)),
    ]);
    await one.close();
    await two.close();

    expect(b.reverse()).toEqual(a);
  });
});

describe("first-seen times written before the first_seen table", () => {
  it("keeps the time a store held as a keyv record, so an upgrade makes no old article new", async () => {
    const url = `sqlite://${join(mkdtempSync(join(tmpdir(), "nb-seen-")), "s.sqlite")}`;
    const old = new Store(url, log);
    await old.collection("first-seen", z.string()).set("storm", "2026-02-03T00:00:00.000Z");
    await old.close();

    const store = new Store(url, log);
    expect(await new StoredFirstSeen(store).firstSeen(["storm"], new Date())).toEqual(["2026-02-03T00:00:00.000Z"]);
    await store.close();
  });
});
