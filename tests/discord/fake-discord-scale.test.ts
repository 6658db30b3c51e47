// The fake Discord's scale-out abilities, tested against the real discord.js client where one is
// involved: shard routing of guilds and interactions, holding a request, and Discord's rate limits
// (so that "0 responses over the rate limit" from a benchmark means what it says).
import { afterEach, describe, expect, it, vi } from "vitest";
import { WebSocket } from "ws";
import { Events, Routes, type Client, type Interaction } from "discord.js";
import { connect, createClient } from "../../src/discord/client.js";
import {
  DISCORD_GLOBAL_PER_SECOND,
  FakeDiscord,
  noIdentifyThrottle,
  shardOf,
  snowflake,
  snowflakeOnShard,
  type FakeGuild,
} from "../support/fake-discord.js";

const guildOn = (shard: number, count: number, name: string): FakeGuild => ({
  id: snowflakeOnShard(shard, count),
  name,
  channels: [{ id: snowflake(), name: "news" }],
});

let cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function startFake(options: Parameters<typeof FakeDiscord.start>[0]): Promise<FakeDiscord> {
  const fake = await FakeDiscord.start(options);
  cleanup.push(() => fake.close());
  return fake;
}

async function connectShards(fake: FakeDiscord, ids: number[], count: number): Promise<Client> {
  const client = createClient(fake.apiBase, { ws: noIdentifyThrottle }, { ids, count });
  cleanup.push(() => client.destroy());
  await connect(client, fake.token);
  return client;
}

/** A bot-authenticated REST call straight to the fake, outside any client-side rate limiting. */
function post(fake: FakeDiscord, channelId: string, content: string): Promise<Response> {
  return fetch(`${fake.apiBase}/v10/channels/${channelId}/messages`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bot ${fake.token}` },
    body: JSON.stringify({ content }),
  });
}

describe("the fake Discord's shards", () => {
  it("makes guild ids that land on the chosen shard by (guild_id >> 22) % shard_count", () => {
    for (const count of [1, 2, 3, 16]) {
      for (let shard = 0; shard < count; shard++) expect(shardOf(snowflakeOnShard(shard, count), count)).toBe(shard);
    }
    expect(shardOf("175928847299117063", 2)).toBe(Number((175928847299117063n >> 22n) % 2n));
  });

  it("gives each identified shard only its own guilds, and routes interactions to the shard of their guild", async () => {
    const zero = guildOn(0, 2, "Zero");
    const one = guildOn(1, 2, "One");
    const fake = await startFake({ guilds: [zero, one] });
    const first = await connectShards(fake, [0], 2);
    const second = await connectShards(fake, [1], 2);

    expect([...first.guilds.cache.keys()]).toEqual([zero.id]);
    expect([...second.guilds.cache.keys()]).toEqual([one.id]);
    expect(fake.gatewayStats.shards).toEqual([
      [0, 2],
      [1, 2],
    ]);

    const seen: Array<[string, string | null]> = [];
    const record = (who: string) => (interaction: Interaction) => void seen.push([who, interaction.guildId]);
    first.on(Events.InteractionCreate, record("first"));
    second.on(Events.InteractionCreate, record("second"));
    fake.sendCommand("brief", {}, { guildId: one.id });
    fake.sendCommand("brief", {}, { guildId: zero.id });
    await vi.waitFor(() => expect(seen).toHaveLength(2));
    expect(seen.sort()).toEqual([
      ["first", zero.id],
      ["second", one.id],
    ]);
  });

  it("serves every guild to one client holding all shards, and refuses a shard outside the count", async () => {
    const guilds = [guildOn(0, 2, "Zero"), guildOn(1, 2, "One")];
    const fake = await startFake({ guilds });
    const both = await connectShards(fake, [0, 1], 2);
    expect([...both.guilds.cache.keys()].sort()).toEqual(guilds.map((g) => g.id).sort());

    const socket = new WebSocket(fake.gatewayUrl);
    const closed = new Promise<number>((resolve) => socket.on("close", (code) => resolve(code)));
    socket.on("open", () =>
      socket.send(JSON.stringify({ op: 2, d: { token: fake.token, intents: 1, properties: {}, shard: [2, 2] } })),
    );
    expect(await closed).toBe(4010);
  });
});

describe("the fake Discord's holds", () => {
  it("keeps a channel post waiting until the test releases it, then creates the message", async () => {
    const guild = guildOn(0, 1, "G");
    const channelId = guild.channels[0]!.id;
    const fake = await startFake({ guilds: [guild] });
    const hold = fake.hold({ method: "POST", path: "/channels/:id/messages" });

    const sending = post(fake, channelId, "held");
    const arrived = await hold.arrived;
    expect(arrived.body).toMatchObject({ content: "held" });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fake.channelMessages).toHaveLength(0);

    hold.release();
    expect((await sending).status).toBe(200);
    expect(fake.channelMessages.map((m) => m.content)).toEqual(["held"]);
    // Only the next matching request was held.
    expect((await post(fake, channelId, "free")).status).toBe(200);
  });

  it("drops a held post: the sender's connection is cut and no message exists", async () => {
    const guild = guildOn(0, 1, "G");
    const fake = await startFake({ guilds: [guild] });
    const hold = fake.hold({ method: "POST", path: /^\/channels\/\d+\/messages$/ });
    const sending = post(fake, guild.channels[0]!.id, "lost");
    await hold.arrived;
    hold.drop();
    await expect(sending).rejects.toThrow();
    expect(fake.channelMessages).toHaveLength(0);
    expect(fake.requests.at(-1)).toMatchObject({ held: "drop", status: 0 });
  });

  it("creates the held message even when the sender is gone before the release", async () => {
    const guild = guildOn(0, 1, "G");
    const fake = await startFake({ guilds: [guild] });
    const hold = fake.hold({ method: "POST", path: "/channels/:id/messages" });
    const abort = new AbortController();
    const sending = fetch(`${fake.apiBase}/v10/channels/${guild.channels[0]!.id}/messages`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bot ${fake.token}` },
      body: JSON.stringify({ content: "orphan" }),
      signal: abort.signal,
    });
    await hold.arrived;
    abort.abort();
    await expect(sending).rejects.toThrow();
    hold.release();
    await fake.waitFor(() => fake.channelMessages[0]);
    expect(fake.channelMessages.map((m) => m.content)).toEqual(["orphan"]);
  });
});

describe("the fake Discord's rate limits", () => {
  it("answers a bot request over the global limit with a 429, Discord's headers and body, and counts it", async () => {
    const guild = guildOn(0, 1, "G");
    // A few requests stand in for Discord's 50 a second, so the burst surely fits in one second.
    const fake = await startFake({ guilds: [guild], rateLimits: { globalPerSecond: 5 } });
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, i) => post(fake, guild.channels[0]!.id, `m${i}`)),
    );
    const limited = responses.filter((r) => r.status === 429);
    expect(limited).toHaveLength(1);
    const [refused] = limited;
    expect(refused!.headers.get("X-RateLimit-Global")).toBe("true");
    expect(refused!.headers.get("X-RateLimit-Scope")).toBe("global");
    expect(Number(refused!.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    const body = (await refused!.json()) as { message: string; retry_after: number; global: boolean };
    expect(body).toMatchObject({ message: "You are being rate limited.", global: true });
    expect(body.retry_after).toBeGreaterThan(0);
    expect(body.retry_after).toBeLessThanOrEqual(1);
    expect(fake.rateLimited).toEqual({ global: 1, user: 0 });
    expect(fake.channelMessages).toHaveLength(5);
    expect(fake.requests.filter((r) => r.rateLimited === "global")).toHaveLength(1);
  });

  it("exempts interaction callbacks from the global limit, as Discord does", async () => {
    const guild = guildOn(0, 1, "G");
    const fake = await startFake({ guilds: [guild], rateLimits: { globalPerSecond: 1 } });
    const client = await connectShards(fake, [0], 1);
    expect(client.isReady()).toBe(true);
    const statuses = await Promise.all(
      [1, 2, 3].map(async () => {
        const sent = fake.sendCommand("any");
        const res = await fetch(`${fake.apiBase}/v10/interactions/${sent.id}/${sent.token}/callback`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ type: 4, data: { content: "ok" } }),
        });
        return res.status;
      }),
    );
    expect(statuses).toEqual([204, 204, 204]);
    expect(fake.rateLimited.global).toBe(0);
  });

  it("limits a route per channel with X-RateLimit headers, and answers a 6th post with a per-route 429", async () => {
    const guild: FakeGuild = {
      id: snowflake(),
      name: "G",
      channels: [
        { id: snowflake(), name: "a" },
        { id: snowflake(), name: "b" },
      ],
    };
    const [a, b] = guild.channels.map((c) => c.id) as [string, string];
    const fake = await startFake({
      guilds: [guild],
      rateLimits: {
        routes: [{ method: "POST", path: "/channels/:id/messages", limit: 5, windowMs: 5_000, bucket: "posts" }],
      },
    });

    const first = await post(fake, a, "1");
    expect(
      Object.fromEntries(["Limit", "Remaining", "Bucket"].map((h) => [h, first.headers.get(`X-RateLimit-${h}`)])),
    ).toEqual({ Limit: "5", Remaining: "4", Bucket: "posts" });
    expect(Number(first.headers.get("X-RateLimit-Reset-After"))).toBeGreaterThan(4);
    expect(Number(first.headers.get("X-RateLimit-Reset")) * 1000).toBeGreaterThan(Date.now());
    for (const n of [2, 3, 4, 5]) expect((await post(fake, a, String(n))).status).toBe(200);

    const sixth = await post(fake, a, "6");
    expect(sixth.status).toBe(429);
    expect(sixth.headers.get("X-RateLimit-Scope")).toBe("user");
    expect(sixth.headers.get("X-RateLimit-Remaining")).toBe("0");
    expect(sixth.headers.get("X-RateLimit-Global")).toBeNull();
    expect(await sixth.json()).toMatchObject({ message: "You are being rate limited.", global: false });
    // Another channel is another bucket.
    expect((await post(fake, b, "other")).status).toBe(200);
    expect(fake.rateLimited).toEqual({ global: 0, user: 1 });
  });

  it("gets no 429 from discord.js, which paces itself by the headers and its own global limit", async () => {
    const guild = guildOn(0, 1, "G");
    const channelId = guild.channels[0]!.id;
    const fake = await startFake({
      guilds: [guild],
      rateLimits: {
        globalPerSecond: DISCORD_GLOBAL_PER_SECOND,
        routes: [{ method: "POST", path: "/channels/:id/messages", limit: 3, windowMs: 400 }],
      },
    });
    const client = await connectShards(fake, [0], 1);
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        client.rest.post(Routes.channelMessages(channelId), { body: { content: `m${i}` } }),
      ),
    );
    expect(fake.channelMessages).toHaveLength(8);
    expect(fake.rateLimited).toEqual({ global: 0, user: 0 });
  });
});
