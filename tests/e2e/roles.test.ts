// ROLES end to end, on Postgres (split roles need it): a worker-only process posts headlines over
// REST to every shard's servers without a gateway connection, and still stops at a channel that
// refuses it; a gateway-only process answers commands but runs no scheduled job at all.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OverwriteType, PermissionFlagsBits } from "discord-api-types/v10";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { startBot, type Bot } from "../../src/bot.js";
import { loadConfig } from "../../src/config.js";
import { SubscriptionStore } from "../../src/headlines/subscriptions.js";
import { jobsSchema } from "../../src/jobs/index.js";
import { createLogger } from "../../src/log.js";
import { Store } from "../../src/store.js";
import {
  FakeDiscord,
  noIdentifyThrottle,
  snowflake,
  snowflakeOnShard,
  type FakeGuild,
} from "../support/fake-discord.js";
import { BACKENDS } from "../support/stores.js";

const ADMIN = PermissionFlagsBits.ManageGuild | PermissionFlagsBits.SendMessages;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A server on shard `shard` of two, with the given channels. */
function guildOnShard(shard: number, name: string, channels: FakeGuild["channels"]): FakeGuild {
  return { id: snowflakeOnShard(shard, 2), name, channels };
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.each(BACKENDS.filter((b) => b.name === "postgres"))("roles on $name", (backend) => {
  async function setUp(guilds: (botId: string) => FakeGuild[]) {
    const applicationId = snowflake();
    const fake = await FakeDiscord.start({ applicationId, guilds: guilds(applicationId) });
    const dir = await mkdtemp(join(tmpdir(), "newsbrief-roles-"));
    const storeUrl = await backend.freshUrl();
    const store = new Store(storeUrl, createLogger("silent"));
    cleanups.push(async () => {
      await store.close();
      await fake.close();
      await rm(dir, { recursive: true, force: true });
    });
    return {
      fake,
      storeUrl,
      subscriptions: new SubscriptionStore(store),
      async start(env: Record<string, string>): Promise<Bot> {
        const config = loadConfig({
          DISCORD_TOKEN: fake.token,
          DISCORD_API_URL: fake.apiBase,
          ARTICLES_DIR: dir,
          STORE_URL: storeUrl,
          SHARD_COUNT: "2",
          LOG_LEVEL: "silent",
          ...env,
        });
        const bot = await startBot(config, { log: createLogger("silent"), client: { ws: noIdentifyThrottle } });
        cleanups.push(() => bot.stop());
        return bot;
      },
      article: (id: string, title: string) =>
        writeFile(
          join(dir, `${id}.json`),
          JSON.stringify({
            id,
            title,
            body: `${title} was reported on Friday. Officials said more would follow.`,
            publishedAt: new Date().toISOString(),
          }),
        ),
      posts: (channelId: string) =>
        fake.requests.filter((r) => r.method === "POST" && r.path === `/channels/${channelId}/messages`),
    };
  }

  it("posts to every shard's servers over REST from a worker that never connects to the gateway", async () => {
    const env = await setUp(() => [
      guildOnShard(0, "Harbour", [{ id: snowflake(), name: "news" }]),
      guildOnShard(1, "Valley", [{ id: snowflake(), name: "news" }]),
    ]);
    const channels = env.fake.guilds.map((g) => ({ guildId: g.id, channelId: g.channels[0]!.id }));
    for (const c of channels) await env.subscriptions.subscribe({ ...c, now: new Date(Date.now() - 60_000) });
    const bot = await env.start({ ROLES: "worker", SHARDS: "0", HEADLINES_CRON: "0 0 1 1 *" });
    await env.article("ferry", "Ferry service resumes");

    const report = await bot.jobs!.headlines.tick();

    expect(env.fake.gatewayStats.connections).toBe(0);
    expect(bot.client).toBeUndefined();
    expect(report?.posted.map((p) => p.channelId).sort()).toEqual(channels.map((c) => c.channelId).sort());
    expect(env.fake.channelMessages.map((m) => m.embeds[0]?.title)).toEqual([
      "Ferry service resumes",
      "Ferry service resumes",
    ]);
  });

  it("stops posting from a worker to channels that answer 403 or 404, with no gateway cache to warn it", async () => {
    const env = await setUp((botId) => [
      guildOnShard(0, "Harbour", [
        {
          id: snowflake(),
          name: "locked",
          permissionOverwrites: [
            { id: botId, type: OverwriteType.Member, allow: "0", deny: String(PermissionFlagsBits.SendMessages) },
          ],
        },
        { id: snowflake(), name: "deleted" },
      ]),
    ]);
    const guild = env.fake.guilds[0]!;
    const [locked, deleted] = guild.channels.map((c) => c.id) as [string, string];
    for (const channelId of [locked, deleted])
      await env.subscriptions.subscribe({ guildId: guild.id, channelId, now: new Date(Date.now() - 60_000) });
    guild.channels.splice(1, 1);
    const bot = await env.start({ ROLES: "worker", HEADLINES_CRON: "0 0 1 1 *" });
    await env.article("ferry", "Ferry service resumes");

    await bot.jobs!.headlines.tick();
    await env.article("bridge", "Bridge reopens");
    await bot.jobs!.headlines.tick();

    expect(env.fake.gatewayStats.connections).toBe(0);
    expect((await env.subscriptions.get(locked))?.state).toBe("missing-permissions");
    expect((await env.subscriptions.get(deleted))?.state).toBe("missing-channel");
    expect(env.posts(locked).map((r) => r.status)).toEqual([403]);
    expect(env.posts(deleted).map((r) => r.status)).toEqual([404]);
  });

  it("answers commands from a gateway-only process, which runs and queues no scheduled job", async () => {
    const env = await setUp(() => [guildOnShard(0, "Harbour", [{ id: snowflake(), name: "news" }])]);
    const guild = env.fake.guilds[0]!;
    const channelId = guild.channels[0]!.id;
    // Due every second: a process that ran jobs would post within the wait below.
    const bot = await env.start({ ROLES: "gateway", SHARD_COUNT: "1", HEADLINES_CRON: "* * * * * *" });
    const sent = env.fake.sendCommand("subscribe", { channel: channelId }, { channelId, memberPermissions: ADMIN });
    expect((await env.fake.reply(sent)).content).toContain("Subscribed");
    await env.article("ferry", "Ferry service resumes");
    await sleep(2_500);

    expect(bot.client?.isReady()).toBe(true);
    expect(bot.jobs).toBeUndefined();
    expect(env.posts(channelId)).toEqual([]);
    const db = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await db.connect();
    try {
      const { rows } = await db.query("SELECT 1 FROM information_schema.schemata WHERE schema_name = $1", [
        jobsSchema(env.storeUrl),
      ]);
      expect(rows).toEqual([]);
    } finally {
      await db.end();
    }
  });
});

describe("the job queue's schema", () => {
  it("sits beside a store kept in its own schema, so bots sharing a database never take each other's ticks", () => {
    expect(jobsSchema("postgres://u@db:5432/news")).toBe("pgboss");
    expect(jobsSchema("postgres://u@db:5432/news?options=-c%20search_path%3Dbrief_a")).toBe("brief_a_pgboss");
    expect(jobsSchema("postgres://u@db/news?options=-c+search_path%3DBrief_B%2Cpublic")).toBe("brief_b_pgboss");
  });
});
