import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Ledger, NONCE_WINDOW_MS } from "../../src/headlines/ledger.js";
import { SubscriptionStore } from "../../src/headlines/subscriptions.js";
import { HeadlineTicker } from "../../src/headlines/tick.js";
import { createLogger, type Logger } from "../../src/log.js";
import { Store } from "../../src/store.js";
import { captureLog } from "../support/capture-log.js";
import { FailingStore } from "../support/failing-store.js";
import { TestLibrary } from "./library.js";
import { RecordingPoster } from "./recording-poster.js";

const GUILD = "100000000000000001";
const OTHER_GUILD = "100000000000000002";
const CHANNEL = "200000000000000001";
const SECOND_CHANNEL = "200000000000000002";
const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * One shared store URL, clock, library and "Discord"; open() is one bot process on them, with a
 * store that fails on demand when the test asks for one.
 */
function world(settings: { perTick?: number; maxAgeDays?: number; log?: Logger } = {}) {
  const url = `memory://tick-${randomUUID()}`;
  let clock = new Date("2026-11-28T12:00:00Z");
  const now = () => clock;
  const log = settings.log ?? createLogger(process.env.TEST_LOG ?? "silent");
  const library = new TestLibrary(now);
  const poster = new RecordingPoster(now);
  const open = <S extends Store = Store>(
    servesGuild: (id: string) => boolean = () => true,
    store: S = new Store(url, log) as S,
  ) => {
    const subscriptions = new SubscriptionStore(store);
    // The ledger judges ages by the store's clock; here the test's clock stands in for it.
    const ledger = new Ledger(store, settings.maxAgeDays ?? 3, now);
    const ticker = new HeadlineTicker({
      library,
      subscriptions,
      ledger,
      poster,
      servesGuild,
      maxAgeDays: settings.maxAgeDays ?? 3,
      perTick: settings.perTick ?? 5,
      log,
      now,
    });
    const subscribe = (channelId = CHANNEL, topic?: string, guildId = GUILD) =>
      subscriptions.subscribe({ guildId, channelId, ...(topic ? { topic } : {}), now: now() });
    return { store, subscriptions, ledger, ticker, subscribe };
  };
  return {
    library,
    poster,
    open,
    failingStore: () => new FailingStore(url, log),
    now,
    advance(ms: number) {
      clock = new Date(clock.getTime() + ms);
    },
  };
}

describe("headline tick", () => {
  it("posts an article that appears after subscribing exactly once", async () => {
    const w = world();
    const bot = w.open();
    await bot.subscribe();
    w.advance(MINUTE);
    w.library.add({ id: "storm", title: "Storm reaches the coast", url: "https://example.com/storm", source: "Wire" });

    const first = await bot.ticker.run();
    w.advance(15 * MINUTE);
    await bot.ticker.run();

    expect(first?.posted).toEqual([{ channelId: CHANNEL, articleId: "storm" }]);
    expect(w.poster.in(CHANNEL)).toEqual(["storm"]);
    expect(w.poster.messages[0]?.headline).toMatchObject({
      title: "Storm reaches the coast",
      url: "https://example.com/storm",
      source: "Wire",
      summary: "Storm reaches the coast. More.",
    });
    expect((await bot.subscriptions.get(CHANNEL))?.lastPost?.articleId).toBe("storm");
  });

  it("stops posting to channels unsubscribed while the tick is still working through others", async () => {
    const w = world();
    const bot = w.open();
    const channels = Array.from({ length: 8 }, (_, i) => `2000000000000001${String(i).padStart(2, "0")}`);
    for (const channel of channels) await bot.subscribe(channel);
    w.advance(MINUTE);
    w.library.add({ id: "storm", title: "Storm warning" });
    // The admin removes every subscription as soon as the first headline goes out.
    const post = w.poster.post.bind(w.poster);
    w.poster.post = async (channelId, headline, nonce) => {
      const outcome = await post(channelId, headline, nonce);
      for (const channel of channels) await bot.subscriptions.unsubscribe(GUILD, channel);
      return outcome;
    };

    await bot.ticker.run();
    const reached = new Set(w.poster.messages.map((m) => m.channelId));
    expect(reached.size).toBeGreaterThan(0);
    expect(reached.size).toBeLessThan(channels.length);
  });

  it("does not backfill what the bot had already seen when the subscription was made", async () => {
    const w = world();
    const bot = w.open();
    w.library.add({ id: "old-1", title: "Old one" }, { id: "old-2", title: "Old two" });
    await w.library.refresh();
    w.advance(MINUTE);
    await bot.subscribe();
    w.advance(MINUTE);
    w.library.add({ id: "fresh", title: "Fresh one" });

    await bot.ticker.run();

    expect(w.poster.in(CHANNEL)).toEqual(["fresh"]);
  });

  it("does not backfill when a subscription is changed or re-enabled either", async () => {
    const w = world();
    const bot = w.open();
    await bot.subscribe(CHANNEL, "budget");
    w.advance(MINUTE);
    w.library.add({ id: "rail", title: "Rail strike ends" });
    await bot.ticker.run();
    w.advance(MINUTE);
    await bot.subscribe(CHANNEL, "rail");
    w.advance(MINUTE);

    await bot.ticker.run();

    expect(w.poster.messages).toEqual([]);
  });

  it("posts only articles matching every word of the topic", async () => {
    const w = world();
    const bot = w.open();
    await bot.subscribe(CHANNEL, "rail strike");
    await bot.subscribe(SECOND_CHANNEL);
    w.advance(MINUTE);
    w.library.add(
      { id: "strike", title: "Rail strike ends after talks" },
      { id: "rail-only", title: "Rail fares rise" },
      { id: "other", title: "Budget passes" },
    );

    await bot.ticker.run();

    expect(w.poster.in(CHANNEL)).toEqual(["strike"]);
    expect(w.poster.in(SECOND_CHANNEL).sort()).toEqual(["other", "rail-only", "strike"]);
  });

  it("skips articles published longer ago than the age limit, and judges undated ones by first sight", async () => {
    const w = world({ maxAgeDays: 3 });
    const bot = w.open();
    await bot.subscribe();
    w.advance(MINUTE);
    const daysAgo = (days: number) => new Date(w.now().getTime() - days * DAY).toISOString();
    w.library.add(
      { id: "stale", title: "Stale", publishedAt: daysAgo(4) },
      { id: "recent", title: "Recent", publishedAt: daysAgo(2) },
      { id: "undated", title: "Undated" },
    );
    await bot.ticker.run();
    expect(w.poster.in(CHANNEL).sort()).toEqual(["recent", "undated"]);

    w.library.add({ id: "undated-late", title: "Undated late" });
    await w.library.refresh();
    w.advance(4 * DAY);
    await bot.ticker.run();
    expect(w.poster.in(CHANNEL)).not.toContain("undated-late");
  });

  it("posts at most the per-tick cap to a channel, oldest first, and the rest on later ticks", async () => {
    const w = world({ perTick: 2 });
    const bot = w.open();
    await bot.subscribe();
    w.advance(MINUTE);
    const published = (minute: number) => new Date(Date.parse("2026-11-28T10:00:00Z") + minute * MINUTE).toISOString();
    w.library.add(
      { id: "c", title: "C", publishedAt: published(3) },
      { id: "a", title: "A", publishedAt: published(1) },
      { id: "e", title: "E", publishedAt: published(5) },
      { id: "b", title: "B", publishedAt: published(2) },
      { id: "d", title: "D", publishedAt: published(4) },
    );

    const counts: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      counts.push((await bot.ticker.run())?.posted.length ?? -1);
      w.advance(15 * MINUTE);
    }

    expect(counts).toEqual([2, 2, 1, 0]);
    expect(w.poster.in(CHANNEL)).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("does not repost after a restart, and the subscription survives it", async () => {
    const w = world();
    const before = w.open();
    await before.subscribe(CHANNEL, "storm");
    w.advance(MINUTE);
    w.library.add({ id: "storm", title: "Storm warning" });
    await before.ticker.run();
    await before.store.close();

    const after = w.open();
    w.advance(15 * MINUTE);
    await after.ticker.run();

    expect(w.poster.calls.map((c) => c.articleId)).toEqual(["storm"]);
    expect(await after.subscriptions.get(CHANNEL)).toMatchObject({ topic: "storm", state: "active" });
  });

  /** A bot process that dies right after Discord created the "storm" post, before recording it. */
  async function crashAfterSend() {
    const w = world();
    const crashed = w.open();
    await crashed.subscribe();
    w.advance(MINUTE);
    w.library.add({ id: "storm", title: "Storm warning" });
    w.poster.fail(CHANNEL, "crash-after-send");
    await crashed.ticker.run();
    return { w, crashed };
  }

  it("settles a send interrupted by a crash with the same nonce, so the article lands once", async () => {
    const { w, crashed } = await crashAfterSend();
    expect(await crashed.ledger.get(CHANNEL, "storm")).toMatchObject({ state: "pending" });

    const restarted = w.open();
    w.advance(NONCE_WINDOW_MS / 2);
    await restarted.ticker.run();

    expect(w.poster.calls).toHaveLength(2);
    expect(w.poster.calls[1]?.nonce).toBe(w.poster.calls[0]?.nonce);
    expect(w.poster.in(CHANNEL)).toEqual(["storm"]);
    expect(await restarted.ledger.get(CHANNEL, "storm")).toMatchObject({
      state: "sent",
      messageId: w.poster.messages[0]?.id,
    });
  });

  it("never resends a crash-interrupted send once Discord's nonce memory may have lapsed", async () => {
    const { w } = await crashAfterSend();

    const restarted = w.open();
    w.advance(NONCE_WINDOW_MS + MINUTE);
    const report = await restarted.ticker.run();
    w.advance(15 * MINUTE);
    await restarted.ticker.run();

    expect(report?.unconfirmed).toEqual([{ channelId: CHANNEL, articleId: "storm" }]);
    expect(w.poster.calls).toHaveLength(1);
    expect(await restarted.ledger.get(CHANNEL, "storm")).toMatchObject({ state: "unconfirmed" });
  });

  it.each([
    ["missing-permissions", "50013 Missing Permissions"],
    ["missing-channel", "10003 Unknown Channel"],
    ["bad-format", "50035 Invalid Form Body"],
  ] as const)(
    "turns a %s answer into a state, stops posting there at once, and keeps the subscription",
    async (state, detail) => {
      const w = world();
      const bot = w.open();
      await bot.subscribe();
      await bot.subscribe(SECOND_CHANNEL);
      w.advance(MINUTE);
      w.library.add({ id: "one", title: "One" }, { id: "two", title: "Two" });
      w.poster.fail(CHANNEL, { status: state, detail });

      const report = await bot.ticker.run();
      w.advance(15 * MINUTE);
      w.library.add({ id: "three", title: "Three" });
      await bot.ticker.run();

      expect(report?.failed).toEqual([{ channelId: CHANNEL, state }]);
      expect(w.poster.calls.filter((c) => c.channelId === CHANNEL)).toHaveLength(1);
      expect(w.poster.in(SECOND_CHANNEL)).toEqual(["one", "two", "three"]);
      const stored = await bot.subscriptions.get(CHANNEL);
      expect(stored).toMatchObject({ state, failure: { detail } });
      expect(await bot.ledger.get(CHANNEL, "one")).toBeUndefined();
    },
  );

  it("posts again after an admin re-subscribes a failed channel, without the backlog", async () => {
    const w = world();
    const bot = w.open();
    await bot.subscribe();
    w.advance(MINUTE);
    w.library.add({ id: "one", title: "One" });
    w.poster.fail(CHANNEL, { status: "missing-permissions", detail: "50013" });
    await bot.ticker.run();
    w.advance(MINUTE);
    w.library.add({ id: "two", title: "Two" });
    await bot.ticker.run();

    await bot.subscribe();
    w.advance(MINUTE);
    w.library.add({ id: "three", title: "Three" });
    await bot.ticker.run();

    expect(await bot.subscriptions.get(CHANNEL)).toMatchObject({ state: "active" });
    expect((await bot.subscriptions.get(CHANNEL))?.failure).toBeUndefined();
    expect(w.poster.in(CHANNEL)).toEqual(["three"]);
  });

  it("leaves a rate-limited channel active and posts on a later tick", async () => {
    const w = world();
    const bot = w.open();
    await bot.subscribe();
    w.advance(MINUTE);
    w.library.add({ id: "one", title: "One" }, { id: "two", title: "Two" });
    w.poster.fail(CHANNEL, { status: "retry-later", detail: "429" });

    const first = await bot.ticker.run();
    w.advance(15 * MINUTE);
    await bot.ticker.run();

    expect(first?.deferred).toEqual([CHANNEL]);
    expect(first?.posted).toEqual([]);
    expect(await bot.subscriptions.get(CHANNEL)).toMatchObject({ state: "active" });
    expect(w.poster.in(CHANNEL)).toEqual(["one", "two"]);
  });

  it("posts only to the guilds this shard serves, so shards sharing a store never double-post", async () => {
    const w = world();
    const shard0 = w.open((id) => id === GUILD);
    const shard1 = w.open((id) => id === OTHER_GUILD);
    await shard0.subscribe(CHANNEL, undefined, GUILD);
    await shard1.subscribe(SECOND_CHANNEL, undefined, OTHER_GUILD);
    w.advance(MINUTE);
    w.library.add({ id: "one", title: "One" });

    const [a, b] = await Promise.all([shard0.ticker.run(), shard1.ticker.run()]);

    expect(a?.posted).toEqual([{ channelId: CHANNEL, articleId: "one" }]);
    expect(b?.posted).toEqual([{ channelId: SECOND_CHANNEL, articleId: "one" }]);
    expect(w.poster.calls).toHaveLength(2);
  });

  it("does not start a tick while another is running", async () => {
    const w = world();
    const bot = w.open();
    await bot.subscribe();
    w.advance(MINUTE);
    w.library.add({ id: "one", title: "One" });

    const [first, second] = await Promise.all([bot.ticker.run(), bot.ticker.run()]);
    const third = await bot.ticker.run();

    expect(first?.posted).toHaveLength(1);
    expect(second).toBeNull();
    expect(third).not.toBeNull();
    expect(w.library.refreshes).toBe(2);
    expect(w.poster.calls).toHaveLength(1);
  });
});

describe("headline tick on a failing store", () => {
  /** A subscribed channel and three articles that arrived after it, on a store that can fail. */
  async function subscribedWithNews(channels = [CHANNEL]) {
    const logs = captureLog();
    const w = world({ log: logs.log });
    const store = w.failingStore();
    const bot = w.open(undefined, store);
    for (const channel of channels) await bot.subscribe(channel);
    w.advance(MINUTE);
    w.library.add(
      { id: "storm", title: "Storm reaches the coast" },
      { id: "ferry", title: "Ferries cancelled" },
      { id: "power", title: "Power restored" },
    );
    const failures = () => logs.records.filter((r) => r.level === 50);
    return { w, store, bot, failures };
  }

  it("posts nothing while the ledger cannot be written, however many ticks run", async () => {
    const { w, store, bot } = await subscribedWithNews();
    store.fail("writes");
    for (let tick = 0; tick < 4; tick++) {
      const report = await bot.ticker.run();
      expect(report?.storeFailed).toEqual([CHANNEL]);
      w.advance(15 * MINUTE);
    }
    expect(w.poster.calls).toEqual([]);
    expect(w.poster.in(CHANNEL)).toEqual([]);
  });

  it("posts nothing while the ledger cannot be read", async () => {
    const { w, store, bot } = await subscribedWithNews();
    store.fail("reads", ["headline-ledger"]);
    for (let tick = 0; tick < 3; tick++) {
      const report = await bot.ticker.run();
      expect(report?.storeFailed).toEqual([CHANNEL]);
      w.advance(15 * MINUTE);
    }
    expect(w.poster.calls).toEqual([]);
  });

  it("logs a store failure once per tick, not once per article or channel", async () => {
    const { w, store, bot, failures } = await subscribedWithNews([CHANNEL, SECOND_CHANNEL]);
    store.fail("writes");
    await bot.ticker.run();
    expect(failures()).toHaveLength(1);
    expect(failures()[0]).toMatchObject({
      msg: expect.stringContaining("the store failed"),
      channels: 2,
      err: { code: "SQLITE_FULL" },
    });
    w.advance(15 * MINUTE);
    await bot.ticker.run();
    expect(failures()).toHaveLength(2);
  });

  it("resumes posting by itself when the store recovers, each article once", async () => {
    const { w, store, bot, failures } = await subscribedWithNews();
    store.fail("writes");
    await bot.ticker.run();
    w.advance(15 * MINUTE);
    store.recover();
    const report = await bot.ticker.run();
    w.advance(15 * MINUTE);
    await bot.ticker.run();

    expect(report?.storeFailed).toEqual([]);
    expect(w.poster.in(CHANNEL).sort()).toEqual(["ferry", "power", "storm"]);
    expect(failures()).toHaveLength(1);
  });

  it("does not repost a headline whose confirmation could not be recorded", async () => {
    const { w, store, bot } = await subscribedWithNews();
    // The pending entry is written, the message is sent, then the disk fills before "sent" is.
    const post = w.poster.post.bind(w.poster);
    w.poster.post = async (...args) => {
      const outcome = await post(...args);
      store.fail("writes");
      return outcome;
    };
    await bot.ticker.run();
    w.poster.post = post;
    store.recover();
    for (let tick = 0; tick < 3; tick++) {
      w.advance(15 * MINUTE);
      await bot.ticker.run();
    }
    expect(w.poster.in(CHANNEL).sort()).toEqual(["ferry", "power", "storm"]);
  });
});
