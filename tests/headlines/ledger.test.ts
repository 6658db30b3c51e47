import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type KeyvSqlite from "@keyv/sqlite";
import type { KeyvStoreAdapter } from "keyv";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Ledger } from "../../src/headlines/ledger.js";
import { createLogger } from "../../src/log.js";
import { SubscriptionStore } from "../../src/headlines/subscriptions.js";
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

  it("reaches the disk with each entry before a headline is sent, so a power failure cannot undo a pending entry", async () => {
    const store = new ConnectionsStore(`sqlite://${join(mkdtempSync(join(tmpdir(), "nb-ledger-")), "s.sqlite")}`, createLogger("silent"));
    const ledger = new Ledger(store, 3);
    await new SubscriptionStore(store).get(CHANNEL);
    await ledger.claim(CHANNEL, "storm", new Date());

    // SQLite's synchronous levels: 1 NORMAL (may lose the last commits on power loss), 2 FULL.
    expect(await store.synchronous("headline-ledger")).toBe(2);
    expect(await store.synchronous("subscriptions")).toBe(1);
    await store.close();
  });
});

/** A SQLite store that can ask each namespace's connection for its settings. */
class ConnectionsStore extends Store {
  private readonly connections = new Map<string, KeyvSqlite>();

  async synchronous(namespace: string): Promise<unknown> {
    const rows = (await this.connections.get(namespace)?.query("PRAGMA synchronous")) as Array<{ synchronous: unknown }>;
    return rows[0]?.synchronous;
  }

  protected override adapter(namespace: string): KeyvStoreAdapter | Map<unknown, unknown> {
    const sqlite = super.adapter(namespace) as KeyvSqlite;
    this.connections.set(namespace, sqlite);
    return sqlite;
  }
}
