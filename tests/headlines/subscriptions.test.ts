import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SubscriptionStore } from "../../src/headlines/subscriptions.js";
import { createLogger } from "../../src/log.js";
import { Store } from "../../src/store.js";

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

    const { subscription, previous } = await subscriptions.subscribe({ guildId: GUILD, channelId: A, topic: " budget ", now: later(20) });

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
    await Promise.all([subscriptions.unsubscribe(GUILD, A), subscriptions.recordPost(A, { at: later(1), articleId: "x" })]);
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

    expect((await subscriptions.list(GUILD)).map((s) => s.state)).toEqual(["missing-permissions", "missing-permissions"]);
    expect(await subscriptions.get(C)).toMatchObject({ state: "active" });
  });
});
