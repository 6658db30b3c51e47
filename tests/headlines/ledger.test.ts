import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Ledger, type Claim } from "../../src/headlines/ledger.js";
import { createLogger } from "../../src/log.js";
import { Store } from "../../src/store.js";
import type { Db } from "../../src/store/db.js";
import { BACKENDS } from "../support/stores.js";

const DAY = 86_400_000;
const HOUR = 3_600_000;
const CHANNEL = "200000000000000001";
const log = createLogger("silent");

describe("the headline ledger", () => {
  it("keeps posted entries well past the age limit, then prunes them so it does not grow for ever", async () => {
    let clock = new Date("2026-01-01T00:00:00Z");
    const store = new Store(`sqlite://${join(mkdtempSync(join(tmpdir(), "nb-ledger-")), "s.sqlite")}`, log);
    const ledger = new Ledger(store, 3, () => clock);
    const claim = await ledger.claim(CHANNEL, "storm");
    if (claim.action !== "send") throw new Error("expected to send");
    await ledger.confirm(CHANNEL, "storm", claim.nonce, "m1");

    clock = new Date(clock.getTime() + 20 * DAY);
    await ledger.prune();
    expect(await ledger.claim(CHANNEL, "storm")).toEqual({ action: "skip", reason: "sent" });

    clock = new Date(clock.getTime() + 20 * DAY);
    await ledger.prune();
    expect(await ledger.get(CHANNEL, "storm")).toBeUndefined();
    await store.close();
  });

  it("reaches the disk with each entry before a headline is sent, so a power failure cannot undo a pending entry", async () => {
    const store = new ConnectionStore(`sqlite://${join(mkdtempSync(join(tmpdir(), "nb-ledger-")), "s.sqlite")}`, log);
    await new Ledger(store, 3).claim(CHANNEL, "storm");

    // SQLite's synchronous levels: 1 NORMAL (may lose the last commits on power loss), 2 FULL.
    expect(await store.synchronous()).toBe(2);
    await store.close();
  });
});

describe("a store written before the ledger table", () => {
  it("keeps its posted and pending keyv ledger entries, so an upgrade reposts nothing", async () => {
    const url = `sqlite://${join(mkdtempSync(join(tmpdir(), "nb-ledger-")), "s.sqlite")}`;
    const old = new Store(url, log);
    const records = old.collection("headline-ledger", z.record(z.string(), z.unknown()));
    const at = new Date().toISOString();
    await records.set(`${CHANNEL}:storm`, { state: "sent", nonce: "n-storm", at, messageId: "m1" }, 40 * DAY);
    await records.set(`${CHANNEL}:ferry`, { state: "pending", nonce: "n-ferry", at });
    await old.close();

    const store = new Store(url, log);
    const ledger = new Ledger(store, 3);
    expect(await ledger.claim(CHANNEL, "storm")).toEqual({ action: "skip", reason: "sent" });
    expect(await ledger.claim(CHANNEL, "ferry")).toEqual({ action: "send", nonce: "n-ferry", claimed: false });
    expect(await store.collection("headline-ledger", z.unknown()).get(`${CHANNEL}:storm`)).toBeUndefined();
    await store.close();
  });
});

describe.each(BACKENDS)("the headline ledger on the $name store", (backend) => {
  it("gives exactly one of 1,000 concurrent claims across two processes the claim, and every sender its nonce", async () => {
    const url = await backend.freshUrl();
    // Migrated before the race, as a running deployment's store is.
    const store = new Store(url, log);
    await new Ledger(store, 3).get(CHANNEL, "storm");
    await store.close();

    const claims = (await Promise.all([claimIn(url, 500), claimIn(url, 500)])).flat();

    expect(claims).toHaveLength(1_000);
    const winners = claims.filter((c) => c.action === "send" && c.claimed);
    expect(winners).toHaveLength(1);
    const nonces = new Set(claims.flatMap((c) => (c.action === "send" ? [c.nonce] : [])));
    expect(nonces).toEqual(new Set([winners[0]!.action === "send" ? winners[0]!.nonce : ""]));
  }, 60_000);

  it("judges a pending entry's age by the store's clock, not by a host clock that runs ahead", async () => {
    const url = await backend.freshUrl();
    const first = new Store(url, log);
    const second = new Store(url, log);
    const claim = await new Ledger(first, 3).claim(CHANNEL, "storm");
    if (claim.action !== "send") throw new Error("expected to send");

    // The second host's clock is an hour ahead; the entry is seconds old by the database's.
    const skewed = new Date(Date.now() + HOUR);
    const realNow = Date.now;
    Date.now = () => skewed.getTime();
    try {
      expect(await new Ledger(second, 3).claim(CHANNEL, "storm")).toEqual({
        action: "send",
        nonce: claim.nonce,
        claimed: false,
      });
    } finally {
      Date.now = realNow;
    }
    await first.close();
    await second.close();
  });

  it("leaves another sender's claim alone when a refused send releases its own", async () => {
    const url = await backend.freshUrl();
    const store = new Store(url, log);
    const ledger = new Ledger(store, 3);
    const claim = await ledger.claim(CHANNEL, "storm");
    if (claim.action !== "send") throw new Error("expected to send");

    await ledger.release(CHANNEL, "storm", "another-nonce");
    expect(await ledger.get(CHANNEL, "storm")).toMatchObject({ state: "pending", nonce: claim.nonce });
    await ledger.release(CHANNEL, "storm", claim.nonce);
    expect(await ledger.get(CHANNEL, "storm")).toBeUndefined();
    await store.close();
  });
});

/** `count` concurrent claims of CHANNEL/storm in a child process on the store at `url`. */
function claimIn(url: string, count: number): Promise<Claim[]> {
  const child = spawn(
    process.execPath,
    [
      fileURLToPath(new URL("../../dist/tests/support/ledger-child.js", import.meta.url)),
      url,
      CHANNEL,
      "storm",
      String(count),
    ],
    {
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stdin.end("go\n");
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0
        ? resolve(
            out
              .trim()
              .split("\n")
              .map((line) => JSON.parse(line) as Claim),
          )
        : reject(new Error(`ledger child exited with ${code}`)),
    );
  });
}

/** A SQLite store that can ask its SQL connection for its settings. */
class ConnectionStore extends Store {
  private db: Db | undefined;

  async synchronous(): Promise<unknown> {
    const [row] = (await this.db?.all<{ synchronous: unknown }>("PRAGMA synchronous")) ?? [];
    return row?.synchronous;
  }

  protected override async sqlConnection(table: string): Promise<Db> {
    this.db = await super.sqlConnection(table);
    return this.db;
  }
}
