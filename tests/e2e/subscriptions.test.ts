// Headline subscriptions end to end: the real bot (discord.js, router, commands, corpus, schedule)
// against the fake Discord, with a real SQLite store and articles folder in a temp directory.
// Ticks are driven through bot.jobs.headlines.tick() instead of waiting for cron.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OverwriteType, PermissionFlagsBits } from "discord-api-types/v10";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startBot, type Bot } from "../../src/bot.js";
import { BACKENDS, type Backend } from "../support/stores.js";
import { loadConfig } from "../../src/config.js";
import { Ledger } from "../../src/headlines/ledger.js";
import { SubscriptionStore } from "../../src/headlines/subscriptions.js";
import { createLogger } from "../../src/log.js";
import { Store } from "../../src/store.js";
import { FailingStore } from "../support/failing-store.js";
import {
  FakeDiscord,
  noIdentifyThrottle,
  snowflake,
  type FakeGuild,
  type OptionValue,
  type RecordedRequest,
} from "../support/fake-discord.js";

const ADMIN = PermissionFlagsBits.ManageGuild | PermissionFlagsBits.SendMessages;

interface PostBody {
  embeds?: Array<{
    title?: string;
    url?: string;
    description?: string;
    author?: { name: string };
    thumbnail?: { url: string };
    timestamp?: string;
  }>;
  allowed_mentions?: { parse?: string[] };
  nonce?: string;
  enforce_nonce?: boolean;
}

/** A fake Discord, an articles folder and a SQLite file; `start()` is one bot process on them. */
async function setUp(
  backend: Backend,
  guilds?: (botId: string) => FakeGuild[],
  fakeOptions: { omitBotMember?: boolean } = {},
) {
  const dir = await mkdtemp(join(tmpdir(), "newsbrief-subscriptions-"));
  const articles = join(dir, "articles");
  await mkdir(articles);
  const applicationId = snowflake();
  const storeUrl = backend.name === "sqlite" ? `sqlite://${join(dir, "store.sqlite")}` : await backend.freshUrl();
  const fake = await FakeDiscord.start({
    applicationId,
    ...fakeOptions,
    ...(guilds ? { guilds: guilds(applicationId) } : {}),
  });
  const config = loadConfig({
    DISCORD_TOKEN: fake.token,
    DISCORD_CLIENT_ID: applicationId,
    DISCORD_API_URL: fake.apiBase,
    ARTICLES_DIR: articles,
    STORE_URL: storeUrl,
    // Never due while a test runs: the tests tick by hand.
    HEADLINES_CRON: "0 0 1 1 *",
    LOG_LEVEL: "silent",
  });
  const bots: Bot[] = [];
  const guild = fake.guilds[0]!;
  const [general, headlines] = guild.channels;
  const env = {
    fake,
    guild,
    general: general!.id,
    headlines: headlines!.id,
    /** `store`: one on this SQLite file that fails on demand (see failingStore) instead of a plain one. */
    async start(store?: Store): Promise<Bot> {
      const bot = await startBot(config, {
        log: createLogger("silent"),
        client: { ws: noIdentifyThrottle },
        ...(store ? { store } : {}),
      });
      bots.push(bot);
      return bot;
    },
    async article(
      id: string,
      fields: { title: string; body?: string; topic?: string; publishedAt?: string; url?: string; image?: string },
    ): Promise<void> {
      const body =
        fields.body ??
        `${fields.title} was reported on Friday. Officials said more details would follow. Residents were told to stay informed.`;
      await writeFile(
        join(articles, `${id}.json`),
        JSON.stringify({
          id,
          title: fields.title,
          body,
          source: "Test Wire",
          url: fields.url ?? `https://news.example/${id}`,
          image: fields.image,
          publishedAt: fields.publishedAt ?? new Date().toISOString(),
        }),
      );
    },
    /** Runs a slash command as an admin in `channelId` and returns the reply's text and embeds as one string. */
    async command(
      name: string,
      values: Record<string, OptionValue | undefined> = {},
      channelId = general!.id,
    ): Promise<string> {
      const sent = fake.sendCommand(name, values, { channelId, memberPermissions: ADMIN });
      const message = await fake.reply(sent);
      return [message.content, ...message.embeds.map((e) => `${e.title ?? ""}\n${e.description ?? ""}`)].join("\n");
    },
    failingStore: () => new FailingStore(storeUrl, createLogger("silent")),
    posts(channelId: string): RecordedRequest[] {
      return fake.requests.filter((r) => r.method === "POST" && r.path === `/channels/${channelId}/messages`);
    },
    /** Claims a headline in the ledger as another process sharing the store would; returns the nonce. */
    async claim(channelId: string, articleId: string): Promise<string> {
      const store = new Store(storeUrl, createLogger("silent"));
      try {
        const claim = await new Ledger(store, 3).claim(channelId, articleId);
        if (claim.action !== "send") throw new Error(`no claim: ${claim.reason}`);
        return claim.nonce;
      } finally {
        await store.close();
      }
    },
    /** The stored subscription, read as another process sharing the store would. */
    async stored(channelId: string) {
      const store = new Store(storeUrl, createLogger("silent"));
      try {
        return await new SubscriptionStore(store).get(channelId);
      } finally {
        await store.close();
      }
    },
    titles(channelId: string): string[] {
      return env
        .posts(channelId)
        .filter((r) => r.status === 200)
        .map((r) => (r.body as PostBody).embeds?.[0]?.title ?? "");
    },
    async close(): Promise<void> {
      for (const bot of bots) await bot.stop();
      await fake.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return env;
}

type Env = Awaited<ReturnType<typeof setUp>>;
let env: Env | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

describe.each(BACKENDS)("headline subscriptions end to end on the $name store", (backend) => {
  it("posts a new article once, without pinging anyone and without backfilling the stored ones", async () => {
    env = await setUp(backend);
    await env.article("old-news", { title: "Harbour reopens after repairs" });
    const bot = await env.start();
    expect(await bot.corpus.get("old-news")).toBeDefined();
    expect(await env.command("subscribe", { channel: env.headlines })).toContain("Subscribed");

    await env.article("storm", { title: "@everyone Storm closes the harbour" });
    const report = await bot.jobs!.headlines.tick();
    await bot.jobs!.headlines.tick();

    expect(report?.posted).toEqual([{ channelId: env.headlines, articleId: "storm" }]);
    expect(env.titles(env.headlines)).toEqual(["@everyone Storm closes the harbour"]);
    const body = env.posts(env.headlines)[0]?.body as PostBody;
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.enforce_nonce).toBe(true);
    expect(body.nonce).toMatch(/^.{1,25}$/);
    expect(body.embeds?.[0]).toMatchObject({
      url: "https://news.example/storm",
      author: { name: expect.stringContaining("Test Wire") },
    });
    expect(body.embeds?.[0]?.description).toContain("reported on Friday");
  });

  it("shows the article's picture as the post's thumbnail, timestamped with its publication time", async () => {
    env = await setUp(backend);
    const bot = await env.start();
    await env.command("subscribe", { channel: env.headlines });

    const published = new Date(Date.now() - 3_600_000).toISOString();
    await env.article("storm", {
      title: "Storm closes the harbour",
      image: "https://pictures.example/storm.jpg",
      publishedAt: published,
    });
    await env.article("calm", { title: "Calm returns to the harbour", publishedAt: published });
    await bot.jobs!.headlines.tick();

    const posted = env
      .posts(env.headlines)
      .filter((r) => r.status === 200)
      .map((r) => (r.body as PostBody).embeds?.[0]);
    expect(posted.find((e) => e?.title === "Storm closes the harbour")).toMatchObject({
      thumbnail: { url: "https://pictures.example/storm.jpg" },
      timestamp: published,
    });
    expect(posted.find((e) => e?.title === "Calm returns to the harbour")?.thumbnail).toBeUndefined();
  });

  it("subscribes and posts even when Discord never gives the bot its own member", async () => {
    env = await setUp(backend, undefined, { omitBotMember: true });
    const bot = await env.start();
    expect(await env.command("subscribe", { channel: env.headlines })).toContain("Subscribed");

    await env.article("storm", { title: "Storm closes the harbour" });
    await bot.jobs!.headlines.tick();

    expect(env.titles(env.headlines)).toEqual(["Storm closes the harbour"]);
  });

  it("posts only articles matching the topic", async () => {
    env = await setUp(backend);
    const bot = await env.start();
    await env.command("subscribe", { topic: "harbour" });

    await env.article("harbour-storm", { title: "Storm closes the harbour" });
    await env.article("budget", { title: "Council passes the budget" });
    await bot.jobs!.headlines.tick();

    expect(env.titles(env.general)).toEqual(["Storm closes the harbour"]);
  });

  it("fits an over-long headline within Discord's limits instead of failing as bad format", async () => {
    env = await setUp(backend);
    const bot = await env.start();
    await env.command("subscribe");

    await env.article("long", {
      title: `Storm ${"very ".repeat(80)}long headline`,
      body: `${"A long sentence about the storm and its damage. ".repeat(150)}`,
    });
    const report = await bot.jobs!.headlines.tick();

    expect((await bot.corpus.get("long"))?.article.title.length).toBeGreaterThan(256);
    expect(report?.posted).toHaveLength(1);
    const embed = (env.posts(env.general)[0]!.body as PostBody).embeds?.[0];
    expect(embed?.title?.length).toBeLessThanOrEqual(256);
    expect(embed?.title).toMatch(/^Storm very/);
  });

  it("posts an article whose file links to ftp: without the link, instead of failing as bad format", async () => {
    env = await setUp(backend);
    const bot = await env.start();
    await env.command("subscribe");

    await env.article("ferry", { title: "Ferry timetable changes", url: "ftp://files.news.example/ferry.txt" });
    const report = await bot.jobs!.headlines.tick();

    expect(report?.posted).toEqual([{ channelId: env.general, articleId: "ferry" }]);
    expect(env.titles(env.general)).toEqual(["Ferry timetable changes"]);
    expect((env.posts(env.general)[0]!.body as PostBody).embeds?.[0]).not.toHaveProperty("url");
    expect(await env.command("subscriptions")).toContain("active");
  });

  it("settles a send cut short by a crash with its nonce, so the channel gets the headline once", async () => {
    env = await setUp(backend);
    const first = await env.start();
    await env.command("subscribe", { channel: env.headlines });
    await first.stop();
    await env.article("storm", { title: "Storm closes the harbour" });
    // The crash: the claim was recorded and Discord made the message, but the confirmation was never written.
    const nonce = await env.claim(env.headlines, "storm");
    const landed = await fetch(`${env.fake.apiBase}/v10/channels/${env.headlines}/messages`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bot ${env.fake.token}` },
      body: JSON.stringify({ embeds: [{ title: "Storm closes the harbour" }], nonce, enforce_nonce: true }),
    });
    const { id } = (await landed.json()) as { id: string };

    const second = await env.start();
    const report = await second.jobs!.headlines.tick();

    expect(report?.posted).toEqual([{ channelId: env.headlines, articleId: "storm" }]);
    const channel = env.headlines;
    expect(env.fake.channelMessages.filter((m) => m.channel_id === channel).map((m) => m.id)).toEqual([id]);
    expect((env.posts(env.headlines).at(-1)!.body as PostBody).nonce).toBe(nonce);
  });

  it("neither reposts nor forgets the subscription after a restart", async () => {
    env = await setUp(backend);
    const first = await env.start();
    await env.command("subscribe", { channel: env.headlines, topic: "storm" });
    await env.article("storm", { title: "Storm closes the harbour" });
    await first.jobs!.headlines.tick();
    await first.stop();

    const second = await env.start();
    await second.jobs!.headlines.tick();
    const listing = await env.command("subscriptions");

    expect(env.titles(env.headlines)).toEqual(["Storm closes the harbour"]);
    expect(listing).toContain(`<#${env.headlines}>`);
    expect(listing).toContain("storm");
    expect(listing).toContain("active");
  });

  it("stops posting after a 403, shows missing permissions, and resumes when an admin subscribes again", async () => {
    env = await setUp(backend);
    const bot = await env.start();
    await env.command("subscribe", { channel: env.headlines });
    env.fake.fail({ method: "POST", path: `/channels/${env.headlines}/messages`, status: 403, code: 50013, times: 1 });
    await env.article("one", { title: "First headline" });
    await bot.jobs!.headlines.tick();

    await env.article("two", { title: "Second headline" });
    await bot.jobs!.headlines.tick();
    const listing = await env.command("subscriptions");

    expect(env.posts(env.headlines)).toHaveLength(1);
    expect(listing).toContain("missing permissions");
    expect(listing).toContain("50013");

    expect(await env.command("subscribe", { channel: env.headlines })).toContain("re-enabled");
    await env.article("three", { title: "Third headline" });
    await bot.jobs!.headlines.tick();
    expect(env.titles(env.headlines)).toEqual(["Third headline"]);
    expect(await env.command("subscriptions")).not.toContain("missing permissions");
  });

  it("leaves the subscription active through a Discord outage and posts on the next tick", async () => {
    env = await setUp(backend);
    const bot = await env.start();
    await env.command("subscribe", { channel: env.headlines });
    env.fake.fail({ method: "POST", path: `/channels/${env.headlines}/messages`, status: 503 });
    await env.article("one", { title: "First headline" });

    const during = await bot.jobs!.headlines.tick();
    const attempts = env.posts(env.headlines);
    env.fake.clearFaults();
    await bot.jobs!.headlines.tick();

    expect(during?.deferred).toEqual([env.headlines]);
    // discord.js retries a 5xx by itself; every retry must carry the same nonce, or Discord could not dedupe it.
    expect(attempts.length).toBeGreaterThan(1);
    expect(new Set(attempts.map((r) => (r.body as PostBody).nonce)).size).toBe(1);
    expect(env.titles(env.headlines)).toEqual(["First headline"]);
    expect(await env.command("subscriptions")).toContain("active");
  });

  it("shows a channel Discord no longer knows as missing, and forgets it on /unsubscribe", async () => {
    env = await setUp(backend);
    const bot = await env.start();
    await env.command("subscribe", { channel: env.headlines });
    env.fake.fail({ method: "POST", path: `/channels/${env.headlines}/messages`, status: 404, code: 10003 });
    await env.article("one", { title: "First headline" });
    await bot.jobs!.headlines.tick();
    await env.article("two", { title: "Second headline" });
    await bot.jobs!.headlines.tick();

    expect(env.posts(env.headlines)).toHaveLength(1);
    expect(await env.command("subscriptions")).toContain("missing channel");

    expect(await env.command("unsubscribe", { channel: env.headlines })).toContain("no more headlines");
    expect(await env.command("subscriptions")).toContain("No channel here gets headlines");
  });

  it("refuses a channel where the bot cannot embed links, naming the missing permission", async () => {
    env = await setUp(backend, (botId) => [
      {
        id: snowflake(),
        name: "Newsroom",
        channels: [
          { id: snowflake(), name: "general" },
          {
            id: snowflake(),
            name: "headlines",
            permissionOverwrites: [
              { id: botId, type: OverwriteType.Member, allow: "0", deny: String(PermissionFlagsBits.EmbedLinks) },
            ],
          },
        ],
      },
    ]);
    await env.start();

    const answer = await env.command("subscribe", { channel: env.headlines });

    expect(answer).toContain("Embed Links");
    expect(answer).not.toContain("Send Messages");
    expect(await env.command("subscriptions")).toContain("No channel here gets headlines");
  });

  it("marks a deleted channel as missing as soon as Discord says so, and posts nothing there", async () => {
    env = await setUp(backend);
    const bot = await env.start();
    await env.command("subscribe", { channel: env.headlines });

    env.fake.deleteChannel(env.headlines);
    await vi.waitFor(async () => expect((await env?.stored(env.headlines))?.state).toBe("missing-channel"));
    await env.article("one", { title: "First headline" });
    await bot.jobs!.headlines.tick();

    expect(env.posts(env.headlines)).toEqual([]);
    expect(await env.command("subscriptions")).toContain("missing channel");

    // Discord's channel picker cannot offer a deleted channel; /unsubscribe's autocomplete can.
    const choices = await env.fake.choices(
      env.fake.sendAutocomplete("unsubscribe", { channel: "" }, "channel", { memberPermissions: ADMIN }),
    );
    expect(choices).toEqual([{ name: `deleted channel ${env.headlines}`, value: env.headlines }]);
    expect(await env.command("unsubscribe", { channel: env.headlines })).toContain("no more headlines");
    expect(await env.stored(env.headlines)).toBeUndefined();
  });

  it("keeps a server's subscriptions, stopped, when the bot is removed from it", async () => {
    env = await setUp(backend);
    const bot = await env.start();
    await env.command("subscribe", { channel: env.headlines, topic: "storm" });

    env.fake.removeFromGuild(env.guild.id);
    await vi.waitFor(async () => expect((await env?.stored(env.headlines))?.state).toBe("missing-permissions"));
    await env.article("storm", { title: "Storm closes the harbour" });
    await bot.jobs!.headlines.tick();

    expect(env.posts(env.headlines)).toEqual([]);
    expect(await env.stored(env.headlines)).toMatchObject({
      topic: "storm",
      failure: { detail: "the bot is no longer in this server" },
    });
  });
});

/** The failing-store tests wrap a SQLite file: a real full disk or I/O error is a file-backed failure. */
const SQLITE = BACKENDS.find((b) => b.name === "sqlite")!;

describe("headline subscriptions on a failing store", () => {
  it("posts nothing while the ledger cannot be written, and each headline once after it recovers", async () => {
    env = await setUp(SQLITE);
    const store = env.failingStore();
    const bot = await env.start(store);
    await env.command("subscribe", { channel: env.headlines });
    await env.article("storm", { title: "Storm closes the harbour" });

    store.fail("writes", ["headline-ledger"]);
    for (let tick = 0; tick < 5; tick++) await bot.jobs!.headlines.tick();
    expect(env.posts(env.headlines)).toEqual([]);

    store.recover();
    await bot.jobs!.headlines.tick();
    await bot.jobs!.headlines.tick();
    expect(env.titles(env.headlines)).toEqual(["Storm closes the harbour"]);
  });

  it("posts nothing while the whole disk is full, and what arrived meanwhile once it has room again", async () => {
    env = await setUp(SQLITE);
    const store = env.failingStore();
    const bot = await env.start(store);
    await env.command("subscribe", { channel: env.headlines });

    store.fail("writes");
    await env.article("storm", { title: "Storm closes the harbour" });
    for (let tick = 0; tick < 5; tick++) await bot.jobs!.headlines.tick().catch(() => null);
    expect(env.posts(env.headlines)).toEqual([]);

    store.recover();
    await bot.jobs!.headlines.tick();
    await bot.jobs!.headlines.tick();
    expect(env.titles(env.headlines)).toEqual(["Storm closes the harbour"]);
  });

  it("tells the admin privately that /subscribe failed, and a restart shows the old subscription unchanged", async () => {
    env = await setUp(SQLITE);
    const store = env.failingStore();
    const bot = await env.start(store);
    await env.command("subscribe", { channel: env.headlines, topic: "harbour" });

    store.fail("writes");
    const answer = await env.fake.reply(
      env.fake.sendCommand(
        "subscribe",
        { channel: env.headlines, topic: "flood" },
        { channelId: env.general, memberPermissions: ADMIN },
      ),
    );
    expect(answer.ephemeral).toBe(true);
    expect(answer.content).toContain("Nothing was changed");
    expect(answer.content).not.toMatch(/Updated|Subscribed/);

    await bot.stop();
    await env.start();
    expect(await env.stored(env.headlines)).toMatchObject({ topic: "harbour", state: "active" });
  });

  it("tells the admin privately that /unsubscribe failed, and the channel stays subscribed", async () => {
    env = await setUp(SQLITE);
    const store = env.failingStore();
    await env.start(store);
    await env.command("subscribe", { channel: env.headlines });

    store.fail("writes");
    const answer = await env.fake.reply(
      env.fake.sendCommand(
        "unsubscribe",
        { channel: env.headlines },
        { channelId: env.general, memberPermissions: ADMIN },
      ),
    );
    expect(answer.ephemeral).toBe(true);
    expect(answer.content).toContain("Nothing was changed");
    expect(answer.content).not.toContain("no more headlines");
    expect(await env.stored(env.headlines)).toMatchObject({ state: "active" });
  });
});
