// Two real bot processes (the built bot, SHARD_COUNT=2, one shard each) against one fake Discord,
// one Postgres store and one local feed server: every feed fetched once per tick, every headline
// posted once to every channel of both shards, through a crash mid-post, a rolling restart and a
// /subscribe racing a post. Postgres only; the headline cron ticks every second, so the tests
// wait for outcomes rather than ticks.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { rssDocument } from "../feeds/support/feed-server.js";
import { channelsOf, startCluster, world, type BotCluster } from "../support/bot-cluster.js";
import { startBotProcess } from "../support/bot-process.js";
import type { FakeGuild } from "../support/fake-discord.js";
import { BACKENDS, type Backend } from "../support/stores.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function cluster(backend: Backend, guilds: FakeGuild[], env: Record<string, string> = {}): Promise<BotCluster> {
  const c = await startCluster({ storeUrl: await backend.freshUrl(), guilds, env });
  cleanups.push(() => c.close());
  return c;
}

describe("a second process on a SQLite store", () => {
  it("is refused at start-up by the built bot, with a message that says to use Postgres", async () => {
    const dir = await mkdtemp(join(tmpdir(), "newsbrief-processes-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const bot = startBotProcess(
      "worker",
      { DISCORD_TOKEN: "unused", STORE_URL: `sqlite://${join(dir, "s.sqlite")}`, ROLES: "worker" },
      dir,
    );
    await expect(bot.ready).rejects.toThrow(/ROLES: .*use a postgres:\/\/ STORE_URL/);
  });
});

describe.each(BACKENDS.filter((b) => b.name === "postgres"))("two bot processes on $name", (backend) => {
  it("posts 20 new articles exactly once to each of 50 channels in servers on both shards", async () => {
    const c = await cluster(backend, world(5, 5));
    await Promise.all([c.start("a", 0), c.start("b", 1)]);
    const channels = channelsOf(c.fake.guilds);
    for (const { guildId, channelId } of channels)
      expect(await c.subscribe(guildId, channelId)).toContain("Subscribed");
    const titles = Array.from({ length: 20 }, (_, n) => `Harbour bulletin number ${n + 1}`);
    for (const [n, title] of titles.entries()) await c.article(`bulletin-${n + 1}`, title);

    await c.settle(channels.length * titles.length, 90_000);

    const counts = c.messageCounts();
    expect(counts.size).toBe(1_000);
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
    for (const { channelId } of channels)
      for (const title of titles) expect(counts.get(`${channelId} ${title}`)).toBe(1);
  }, 150_000);

  it("fetches each feed once in a tick that both processes schedule", async () => {
    const c = await cluster(backend, world(1, 1));
    const urls = ["harbour", "valley", "market", "weather"].map((name) => {
      c.feeds.serve(`/${name}.xml`, "application/rss+xml", rssDocument(`${name} news`, []));
      return `${c.feeds.base}/${name}.xml`;
    });
    await writeFile(join(c.dir, "feeds.json"), JSON.stringify({ feeds: urls.map((url) => ({ url })) }));
    // A tick once a minute, at a second both processes will probably be up for; if one is not, the
    // next minute's tick is the one watched.
    const second = new Date(Date.now() + 15_000).getSeconds();
    await Promise.all([
      c.start("a", 0, { FEEDS_CRON: `${second} * * * * *` }),
      c.start("b", 1, { FEEDS_CRON: `${second} * * * * *` }),
    ]);
    const tick = nextAtSecond(second, Date.now() + 1_000);
    await sleep(tick - 500 - Date.now());

    const gets = () => urls.map((url) => c.feeds.requests.filter((r) => r.path === new URL(url).pathname).length);
    const before = gets();
    await waitUntil(() => gets().every((n, i) => n > before[i]!), tick - Date.now() + 20_000);
    await sleep(3_000);

    expect(gets().map((n, i) => n - before[i]!)).toEqual([1, 1, 1, 1]);
  }, 120_000);

  it.each(["release", "drop"] as const)(
    "leaves exactly one message when the process whose post is held is killed (then Discord: %s)",
    async (decision) => {
      // A short expiry: the dead process's tick is taken over seconds later, well inside the nonce window.
      const c = await cluster(backend, world(1, 1), { JOBS_EXPIRE_SECONDS: "5" });
      const [a, b] = await Promise.all([c.start("a", 0), c.start("b", 1)]);
      const [{ guildId, channelId }] = channelsOf(c.fake.guilds) as [{ guildId: string; channelId: string }];
      expect(await c.subscribe(guildId, channelId)).toContain("Subscribed");
      const hold = c.fake.hold({ method: "POST", path: `/channels/${channelId}/messages` });
      await c.article("storm", "Storm closes the harbour");

      const held = await hold.arrived;
      const [sender, survivor] = held.via === "a" ? [a, b] : [b, a];
      await sender.kill();
      if (decision === "release") hold.release();
      else hold.drop();
      const resent = await c.fake.waitForRequest(
        (r) => r.via === survivor.name && r.method === "POST" && r.path === held.path && r.status === 200,
        30_000,
      );
      await sleep(2_000);

      expect((resent.body as { nonce?: string }).nonce).toBe((held.body as { nonce?: string }).nonce);
      expect(c.fake.channelMessages.filter((m) => m.channel_id === channelId)).toHaveLength(1);
    },
    90_000,
  );

  it("posts every article once through a rolling restart of both processes", async () => {
    const c = await cluster(backend, world(2, 3));
    await Promise.all([c.start("a", 0), c.start("b", 1)]);
    const channels = channelsOf(c.fake.guilds);
    for (const { guildId, channelId } of channels)
      expect(await c.subscribe(guildId, channelId)).toContain("Subscribed");
    let written = 0;
    const batch = async () => {
      for (let n = 0; n < 3; n++) {
        written += 1;
        await c.article(`report-${written}`, `River report number ${written}`);
      }
    };

    await batch();
    // Each process is stopped while the batch before it is being posted, and the next batch
    // arrives while it is down.
    for (const [name, shard] of [
      ["a", 0],
      ["b", 1],
    ] as const) {
      await c.fake.waitFor(
        () => (c.fake.channelMessages.length > (written - 3) * channels.length ? true : undefined),
        30_000,
      );
      const running = c.processes.find((p) => p.name === name)!;
      expect(await running.stop()).toBe(0);
      await batch();
      await c.start(name, shard);
    }
    await c.settle(written * channels.length, 60_000);

    const counts = c.messageCounts();
    expect(counts.size).toBe(written * channels.length);
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
  }, 150_000);

  it("keeps a topic set by /subscribe while another process records a post to the channel", async () => {
    const c = await cluster(backend, world(1, 1));
    await Promise.all([c.start("a", 0), c.start("b", 1)]);
    const [{ guildId, channelId }] = channelsOf(c.fake.guilds) as [{ guildId: string; channelId: string }];
    expect(await c.subscribe(guildId, channelId)).toContain("Subscribed");
    const hold = c.fake.hold({ method: "POST", path: `/channels/${channelId}/messages` });
    await c.article("storm", "Storm closes the harbour");

    await hold.arrived;
    expect(await c.subscribe(guildId, channelId, "harbour")).toMatch(/^Updated/);
    hold.release();
    await waitUntil(async () => (await c.subscriptions.get(channelId))?.lastPost !== undefined, 10_000);

    expect(await c.subscriptions.get(channelId)).toMatchObject({
      topic: "harbour",
      state: "active",
      lastPost: { articleId: "storm" },
    });
  }, 90_000);
});

/** The first time at or after `after` (ms) whose seconds are `second`, in the minute it falls in or a later one. */
function nextAtSecond(second: number, after: number): number {
  const at = new Date(after);
  at.setSeconds(second, 0);
  while (at.getTime() < after) at.setTime(at.getTime() + 60_000);
  return at.getTime();
}

/** Polls `check` every 100 ms until it holds; fails after `timeoutMs`. */
async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(100);
  }
}
