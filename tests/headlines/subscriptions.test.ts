import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { SubscriptionStore } from "../../src/headlines/subscriptions.js";
import { createLogger } from "../../src/log.js";
import { Store } from "../../src/store.js";
import { BACKENDS } from "../support/stores.js";

const GUILD = "100000000000000001";
const OTHER_GUILD = "100000000000000002";
const A = "200000000000000001";
const B = "200000000000000002";
const C = "200000000000000003";
const T0 = new Date("2026-11-28T12:00:00Z");
const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

function open(url = `memory://subscriptions-${randomUUID()}`) {
  return { url, subscriptions: new SubscriptionStore(new Store(url, createLogger("silent"))) };
}

describe("subscription store", () => {
  it("updates the topic and re-enables a failed subscription when subscribed again, keeping its history", async () => {
    const { subscriptions } = open();
    await subscriptions.subscribe({ guildId: GUILD, channelId: A, topic: "rail", now: T0 });
    await subscriptions.recordPost(A, { at: later(5), articleId: "rail-strike" });
    await subscriptions.markFailed(A, "missing-permissions", { at: later(10), detail: "50013" });

    const { subscription, previous } = await subscriptions.subscribe({
      guildId: GUILD,
      channelId: A,
      topic: " budget ",
      now: later(20),
    });

    expect(previous).toMatchObject({ state: "missing-permissions", topic: "rail" });
    expect(subscription).toEqual({
      guildId: GUILD,
      channelId: A,
      topic: "budget",
      since: later(20).toISOString(),
      createdAt: T0.toISOString(),
      state: "active",
      lastPost: { at: later(5).toISOString(), articleId: "rail-strike" },
    });
    expect(await subscriptions.get(A)).toEqual(subscription);
  });

  it("drops the topic when subscribed again without one", async () => {
    const { subscriptions } = open();
    await subscriptions.subscribe({ guildId: GUILD, channelId: A, topic: "rail", now: T0 });
    await subscriptions.subscribe({ guildId: GUILD, channelId: A, now: later(1) });
    expect((await subscriptions.get(A))?.topic).toBeUndefined();
  });

  it("lists a guild's subscriptions only, and keeps them across a restart", async () => {
    const first = open();
    await first.subscriptions.subscribe({ guildId: GUILD, channelId: B, now: T0 });
    await first.subscriptions.subscribe({ guildId: OTHER_GUILD, channelId: C, now: T0 });
    await first.subscriptions.subscribe({ guildId: GUILD, channelId: A, now: T0 });

    const restarted = open(first.url);
    expect((await restarted.subscriptions.list(GUILD)).map((s) => s.channelId)).toEqual([A, B]);
    expect(await restarted.subscriptions.list()).toHaveLength(3);
  });

  it("lets a guild unsubscribe only its own channels", async () => {
    const { subscriptions } = open();
    await subscriptions.subscribe({ guildId: GUILD, channelId: A, now: T0 });

    expect(await subscriptions.unsubscribe(OTHER_GUILD, A)).toBeUndefined();
    expect(await subscriptions.get(A)).toBeDefined();
    expect(await subscriptions.unsubscribe(GUILD, A)).toMatchObject({ channelId: A });
    expect(await subscriptions.get(A)).toBeUndefined();
  });

  it("does not bring back an unsubscribed channel when a post finishes afterwards", async () => {
    const { subscriptions } = open();
    await subscriptions.subscribe({ guildId: GUILD, channelId: A, now: T0 });
    await Promise.all([
      subscriptions.unsubscribe(GUILD, A),
      subscriptions.recordPost(A, { at: later(1), articleId: "x" }),
    ]);
    expect(await subscriptions.get(A)).toBeUndefined();
  });

  it("ignores a failure from before the admin subscribed again", async () => {
    const { subscriptions } = open();
    const { subscription: old } = await subscriptions.subscribe({ guildId: GUILD, channelId: A, now: T0 });
    await subscriptions.subscribe({ guildId: GUILD, channelId: A, now: later(1) });

    const marked = await subscriptions.markFailed(A, "missing-channel", { at: later(2), detail: "404" }, old.since);

    expect(marked).toBe(false);
    expect(await subscriptions.get(A)).toMatchObject({ state: "active" });
  });

  it("keeps a server's subscriptions, stopped, when the bot leaves it", async () => {
    const { subscriptions } = open();
    await subscriptions.subscribe({ guildId: GUILD, channelId: A, now: T0 });
    await subscriptions.subscribe({ guildId: GUILD, channelId: B, now: T0 });
    await subscriptions.subscribe({ guildId: OTHER_GUILD, channelId: C, now: T0 });

    expect(await subscriptions.markGuildGone(GUILD, later(1))).toBe(2);

    expect((await subscriptions.list(GUILD)).map((s) => s.state)).toEqual([
      "missing-permissions",
      "missing-permissions",
    ]);
    expect(await subscriptions.get(C)).toMatchObject({ state: "active" });
  });
});

describe.each(BACKENDS)("subscriptions shared by two processes on the $name store", (backend) => {
  it("keeps both a /subscribe's topic and a post recorded at the same moment by another process", async () => {
    const url = await backend.freshUrl();
    const [commands, poster] = [new Store(url, createLogger("silent")), new Store(url, createLogger("silent"))];
    const [viaCommand, viaPoster] = [new SubscriptionStore(commands), new SubscriptionStore(poster)];
    const channels = Array.from({ length: 20 }, (_, i) => `2000000000000001${String(i).padStart(2, "0")}`);
    for (const channelId of channels) await viaCommand.subscribe({ guildId: GUILD, channelId, now: T0 });

    await Promise.all(
      channels.flatMap((channelId) => [
        viaCommand.subscribe({ guildId: GUILD, channelId, topic: "harbour", now: later(1) }),
        viaPoster.recordPost(channelId, { at: later(1), articleId: "storm" }),
      ]),
    );

    for (const channelId of channels) {
      expect(await viaPoster.get(channelId)).toMatchObject({ topic: "harbour", lastPost: { articleId: "storm" } });
    }
    await commands.close();
    await poster.close();
  });

  it("starts a subscription at the database's time, whatever the subscribing host's clock says", async () => {
    const store = new Store(await backend.freshUrl(), createLogger("silent"));
    const subscriptions = new SubscriptionStore(store);
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      // A host whose clock runs a year ahead.
      vi.setSystemTime(Date.now() + 365 * 86_400_000);
      await subscriptions.subscribe({ guildId: GUILD, channelId: A });
    } finally {
      vi.useRealTimers();
    }
    const { since, createdAt } = (await subscriptions.get(A))!;
    expect(since).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(Math.abs(Date.parse(since) - Date.now())).toBeLessThan(60_000);
    expect(createdAt).toBe(since);
    await store.close();
  });
});

describe("subscriptions written before the subscriptions table", () => {
  it("keeps every field of a subscription a store held as a keyv record", async () => {
    const url = `sqlite://${join(mkdtempSync(join(tmpdir(), "nb-subs-")), "s.sqlite")}`;
    const old = new Store(url, createLogger("silent"));
    const stored = {
      guildId: GUILD,
      channelId: A,
      topic: "rail",
      since: later(1).toISOString(),
      createdAt: T0.toISOString(),
      subscribedBy: "300000000000000001",
      state: "missing-channel",
      failure: { at: later(2).toISOString(), detail: "10003" },
      lastPost: { at: later(3).toISOString(), articleId: "rail-strike" },
    };
    await old.collection("subscriptions", z.unknown()).set(A, stored);
    await old.close();

    const store = new Store(url, createLogger("silent"));
    expect(await new SubscriptionStore(store).list()).toEqual([stored]);
    await store.close();
  });
});
