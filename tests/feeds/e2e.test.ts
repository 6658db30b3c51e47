// From a new feed item to a headline post: the real bot against the fake Discord, a feed served
// by the test feed server, one feed tick (the bot's own feed schedule)
// and then headline ticks. Ticks are driven by hand; the cron expressions are never due.
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { PermissionFlagsBits } from "discord-api-types/v10";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startBot, type Bot } from "../../src/bot.js";
import { loadConfig } from "../../src/config.js";
import { addFeed } from "../../src/feeds/feed-list.js";
import { createLogger } from "../../src/log.js";
import { FakeDiscord, noIdentifyThrottle, snowflake } from "../support/fake-discord.js";
import { rssDocument, startFeedServer, type FeedServer } from "./support/feed-server.js";

const NEVER = "0 0 1 1 *";
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(): Promise<{
  bot: Bot;
  fake: FakeDiscord;
  server: FeedServer;
  channelId: string;
  feedsFile: string;
}> {
  const dir = await mkdtemp(join(tmpdir(), "newsbrief-feeds-e2e-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, "articles"));
  const server = await startFeedServer();
  cleanups.push(() => server.close());
  const applicationId = snowflake();
  const fake = await FakeDiscord.start({ applicationId });
  cleanups.push(() => fake.close());
  const config = loadConfig({
    DISCORD_TOKEN: fake.token,
    DISCORD_CLIENT_ID: applicationId,
    DISCORD_API_URL: fake.apiBase,
    ARTICLES_DIR: join(dir, "articles"),
    STORE_URL: `memory://feeds-e2e-${process.pid}-${Date.now()}`,
    FEEDS_FILE: join(dir, "feeds.json"),
    FEEDS_CRON: NEVER,
    HEADLINES_CRON: NEVER,
    LOG_LEVEL: "silent",
  });
  const bot = await startBot(config, { log: createLogger("silent"), client: { ws: noIdentifyThrottle } });
  cleanups.push(() => bot.stop());
  await addFeed(config.feeds.file, { url: `${server.base}/fresh.xml` });
  const channelId = fake.guilds[0]?.channels[1]?.id as string;
  return { bot, fake, server, channelId, feedsFile: config.feeds.file };
}

describe("feeds end to end", () => {
  it("turns a new feed item into exactly one post in a subscribed channel", async () => {
    const { bot, fake, server, channelId } = await setUp();
    const subscribe = fake.sendCommand(
      "subscribe",
      { channel: channelId },
      { memberPermissions: PermissionFlagsBits.ManageGuild | PermissionFlagsBits.SendMessages },
    );
    expect((await fake.reply(subscribe)).content).toContain("Subscribed");

    const fetched = await bot.jobs!.feeds.tick();
    expect(fetched?.newArticles).toBe(1);
    await bot.jobs!.headlines.tick();
    // A second round: the feed serves the same item again, and nothing is posted twice.
    expect((await bot.jobs!.feeds.tick())?.newArticles).toBe(0);
    await bot.jobs!.headlines.tick();

    const posts = fake.requests.filter(
      (r) => r.method === "POST" && r.path === `/channels/${channelId}/messages` && r.status === 200,
    );
    expect(posts).toHaveLength(1);
    const embed = (
      posts[0]!.body as {
        embeds?: Array<{ title?: string; url?: string; description?: string; thumbnail?: { url: string } }>;
      }
    ).embeds?.[0];
    expect(embed).toMatchObject({
      title: "Harbour pilots agree a new rota for winter storms",
      url: `${server.base}/news/pilot-rota`,
    });
    // The item's media:content picture, carried through the stored article to the post.
    expect(embed?.thumbnail).toEqual({ url: `${server.base}/pictures/pilot-boat.jpg` });
    expect(embed?.description).toMatch(/pilot/i);
  });

  it("stops within seconds while a feed's pages never answer", async () => {
    const { bot, server, feedsFile } = await setUp();
    const items = Array.from({ length: 6 }, (_, n) => ({
      title: `Stalled story ${n}`,
      link: `${server.base}/never?story=${n}`,
      description: `<p>Teaser ${n}.</p>`,
    }));
    server.serve("/stalled.xml", "application/rss+xml", rssDocument("Stalled Post", items));
    await addFeed(feedsFile, { url: `${server.base}/stalled.xml` });
    const tick = bot.jobs!.feeds.tick();
    await vi.waitFor(() => expect(server.requests.some((r) => r.path === "/never")).toBe(true), { timeout: 5_000 });
    const started = performance.now();
    await bot.stop();
    // What SIGTERM runs: well inside Docker's 10 s, where waiting out the page timeouts took minutes.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect((await tick)?.feeds.map((f) => f.outcome)).toContain("stopped");
  }, 40_000);
});
