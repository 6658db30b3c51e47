// The bot end to end: started through startBot as in production, talking to the fake Discord
// over real HTTP and WebSocket, answering every command and option from fixture articles.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GatewayIntentBits, type APIEmbed } from "discord.js";
import type { Bot } from "../../src/bot.js";
import type { CapturedLog } from "../support/capture-log.js";
import { FakeDiscord, type StoredMessage } from "../support/fake-discord.js";
import { BACKENDS } from "../support/stores.js";
import { articlesDir, messageBodies, startTestBot } from "./helpers.js";

const embedOf = (m: StoredMessage): APIEmbed => {
  const embed = m.embeds[0];
  if (!embed) throw new Error(`message has no embed: ${m.content}`);
  return embed;
};
const bullets = (embed: APIEmbed) => (embed.description ?? "").split("\n").filter((l) => l.startsWith("• "));

/** An article far beyond every Discord limit, full of markdown and would-be mentions. */
function hugeArticle(): string {
  const paragraphs = Array.from({ length: 160 }, (_, i) => {
    const name = `Speaker${String.fromCharCode(65 + (i % 26))} Longname${i % 7}`;
    return `"Paragraph ${i} says @everyone should read <@123456789012345678> and **this** [link](https://evil.example) ${"very ".repeat(40)}long remark number ${i}," said ${name}, the ${"deputy ".repeat(10)}minister. The ministry added that figure ${i} was ${"unusually ".repeat(30)}high.`;
  });
  return JSON.stringify({
    id: "huge-report",
    title: `An extraordinarily long headline ${"that keeps going ".repeat(30)}`,
    url: "https://news.example/huge",
    source: `Gazette ${"of record ".repeat(40)}`,
    publishedAt: "2020-01-01T00:00:00Z",
    body: paragraphs.join("\n\n"),
  });
}

/** A saved page whose lead image is declared by Open Graph, relative to its canonical URL. */
const FERRY_PAGE = `<!doctype html><html><head><title>Ferry returns to the island route</title>
<link rel="canonical" href="https://news.example/ferry-returns">
<meta property="og:image" content="/pictures/ferry.jpg">
<meta property="article:published_time" content="2019-05-02T07:15:00Z">
<meta property="og:site_name" content="Island Post">
</head><body><article><h1>Ferry returns to the island route</h1>
<p>The island ferry made its first crossing in three weeks on Thursday, after engineers replaced a damaged propeller shaft.</p>
<p>"Everyone on the island has been waiting for this boat," said Tove Lind, who runs the harbour café. She said deliveries had been coming in by fishing boat.</p>
<p>The operator said the timetable would return to normal on Monday, with six crossings a day.</p>
</article></body></html>`;

/** An article whose `image` is not a web address: it must never reach an embed. */
const SCRIPT_PICTURE = JSON.stringify({
  id: "script-picture",
  title: "Bridge inspection finds no damage",
  image: "javascript:alert(1)",
  publishedAt: "2019-04-01",
  body: "Inspectors found no damage to the river bridge after last week's floods.\n\nThe bridge will stay open to traffic, the council said on Tuesday.",
});

describe.each(BACKENDS)("the bot against a fake Discord, on the $name store", (backend) => {
  let fake: FakeDiscord;
  let bot: Bot;
  let logs: CapturedLog;

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    const env: Record<string, string> = backend.name === "sqlite" ? {} : { STORE_URL: await backend.freshUrl() };
    const extra = {
      "huge-report.json": hugeArticle(),
      "ferry-returns.html": FERRY_PAGE,
      "script-picture.json": SCRIPT_PICTURE,
    };
    ({ bot, logs } = await startTestBot(fake, await articlesDir({ extra }), {}, env));
  });
  afterAll(async () => {
    await bot.stop();
    await fake.close();
  });
  beforeEach(() => fake.clearFaults());

  it("logs in through /gateway/bot with its token and caches the guild", async () => {
    const gateway = await fake.waitForRequest((r) => r.path === "/gateway/bot");
    expect(gateway.auth).toBe(`Bot ${fake.token}`);
    expect(bot.client!.guilds.cache.map((g) => g.name)).toEqual(fake.guilds.map((g) => g.name));
    expect(bot.client!.user.id).toBe(fake.applicationId);
    expect(fake.gatewayStats.identifies).toBe(1);
    expect(fake.gatewayStats.intents).toBe(GatewayIntentBits.Guilds);
  });

  describe("/brief", () => {
    it("briefs the newest article when no article is given", async () => {
      const embed = embedOf(await fake.reply(fake.sendCommand("brief")));
      expect(embed.title).toBe((await bot.corpus.newest(1))[0]?.article.title);
      expect(embed.title).toBe("Council passes budget with new money for flood defences");
    });

    it.each(["short", "standard", "long"] as const)("gives the %s summary as bullet points", async (length) => {
      const entry = await bot.corpus.get("harbour-reopens");
      const embed = embedOf(await fake.reply(fake.sendCommand("brief", { article: "harbour-reopens", length })));
      expect(bullets(embed)).toHaveLength(entry?.briefing.summary[length].length ?? -1);
      expect(embed.footer?.text).toContain("harbour-reopens");
      expect(embed.footer?.text).toContain(length);
    });

    it("links the headline, names source and date, and shows key quotes with speakers and roles", async () => {
      const embed = embedOf(await fake.reply(fake.sendCommand("brief", { article: "harbour-reopens" })));
      expect(embed).toMatchObject({
        title: "Harbour reopens as storm damage is cleared",
        url: "https://news.example/harbour-reopens",
      });
      expect(embed.author?.name).toBe("Coast Gazette · 14 Mar 2026");
      expect(embed.fields?.length).toBeGreaterThan(0);
      expect(embed.fields?.length).toBeLessThanOrEqual(3);
      const speakers = (await bot.corpus.get("harbour-reopens"))?.briefing.keyQuotes.map((q) => q.speaker) ?? [];
      expect(embed.fields?.map((f) => f.name.split(",")[0])).toEqual(speakers.slice(0, 3));
    });

    it("shows the page's lead image and dates the embed by the publication time", async () => {
      const sent = fake.sendCommand("brief", { article: "ferry-returns" });
      const embed = embedOf(await fake.reply(sent));
      expect(embed.image).toEqual({ url: "https://news.example/pictures/ferry.jpg" });
      expect(embed.timestamp).toBe("2019-05-02T07:15:00.000Z");
      expect(fake.requests.filter((r) => r.path.includes(sent.token)).every((r) => r.status < 400)).toBe(true);
    });

    it("shows no picture that is not a web address, and no time of day for a date-only article", async () => {
      const embed = embedOf(await fake.reply(fake.sendCommand("brief", { article: "script-picture" })));
      expect(embed.title).toBe("Bridge inspection finds no damage");
      expect(embed.image).toBeUndefined();
      expect(embed.timestamp).toBeUndefined();
    });

    it("treats free text as a search", async () => {
      const embed = embedOf(await fake.reply(fake.sendCommand("brief", { article: "library customs house" })));
      expect(embed.title).toBe("New library opens in the old customs house");
    });

    it("says privately when nothing matches well, with the closest titles as suggestions", async () => {
      // "harbour" is in a stored article, "cricket" in none: half the words is not a match.
      const message = await fake.reply(fake.sendCommand("brief", { article: "cricket harbour" }));
      expect(message.ephemeral).toBe(true);
      expect(message.embeds).toEqual([]);
      expect(message.content).toContain("Nothing stored matches “cricket harbour” well.");
      expect(message.content).toContain("• Harbour reopens as storm damage is cleared (`harbour-reopens`)");
    });

    it("says privately that an unknown article id does not exist", async () => {
      const message = await fake.reply(fake.sendCommand("brief", { article: "no-such-article" }));
      expect(message.ephemeral).toBe(true);
      expect(message.content).toContain("no-such-article");
    });

    it("suggests articles by title while the user types, with ids as values", async () => {
      const choices = await fake.choices(fake.sendAutocomplete("brief", { article: "harb" }, "article"));
      expect(choices[0]).toEqual({ name: "Harbour reopens as storm damage is cleared", value: "harbour-reopens" });
    });

    it("suggests the newest articles before anything is typed", async () => {
      const choices = await fake.choices(fake.sendAutocomplete("brief", { article: "" }, "article"));
      expect(choices.map((c) => c.value)).toEqual((await bot.corpus.newest(25)).map((e) => e.article.id));
    });
  });

  describe("/quotes", () => {
    it("lists who said what in one article", async () => {
      const message = await fake.reply(fake.sendCommand("quotes", { article: "council-budget-vote" }));
      const text = message.embeds.map((e) => e.description).join("\n");
      expect(message.embeds[0]?.title).toContain("Council passes budget");
      for (const quote of (await bot.corpus.get("council-budget-vote"))?.briefing.quotes ?? [])
        expect(text).toContain(quote.speaker);
      expect(text).toContain("Karl Voss");
    });

    it("says privately when an article has no quotes", async () => {
      const message = await fake.reply(fake.sendCommand("quotes", { article: "tide-tables" }));
      expect(message).toMatchObject({
        ephemeral: true,
        content: expect.stringContaining("Tide tables for the week ahead"),
      });
    });

    it("suggests speakers by name, with their key as the value", async () => {
      const choices = await fake.choices(fake.sendAutocomplete("quotes", { speaker: "Ines" }, "speaker"));
      expect(choices[0]?.name).toContain("Ines Baptiste");
      expect(choices[0]?.value).toBe((await bot.corpus.speakers.lookup("Ines", 1))[0]?.key);
    });

    it("gathers everything a speaker said across articles, newest first", async () => {
      const [speaker] = await bot.corpus.speakers.lookup("Ines Baptiste", 1);
      const message = await fake.reply(fake.sendCommand("quotes", { speaker: speaker?.key ?? "" }));
      const text = message.embeds.map((e) => e.description).join("\n\n");
      expect(message.embeds[0]?.title).toBe("What Ines Baptiste said");
      const council = text.indexOf("`council-budget-vote`");
      const harbour = text.indexOf("`harbour-reopens`");
      expect(council).toBeGreaterThan(-1);
      expect(harbour).toBeGreaterThan(council);
    });

    it("narrows a speaker's quotes to one article when both are given", async () => {
      const [speaker] = await bot.corpus.speakers.lookup("Ines Baptiste", 1);
      const message = await fake.reply(
        fake.sendCommand("quotes", { speaker: speaker?.key ?? "", article: "harbour-reopens" }),
      );
      const text = message.embeds.map((e) => e.description).join("\n\n");
      expect(text).toContain("`harbour-reopens`");
      expect(text).not.toContain("`council-budget-vote`");
    });

    it("says privately when a speaker has no stored quotes", async () => {
      const message = await fake.reply(fake.sendCommand("quotes", { speaker: "Nobody Atall" }));
      expect(message).toMatchObject({ ephemeral: true, content: expect.stringContaining("Nobody Atall") });
    });
  });

  describe("/headlines", () => {
    /** One entry per headline: its numbered line and the byline under it. */
    const headlineLines = (m: StoredMessage) => (embedOf(m).description ?? "").split(/\n(?=\d+\. )/);

    it("lists the five newest headlines by default, newest first", async () => {
      const lines = headlineLines(await fake.reply(fake.sendCommand("headlines")));
      const newest = await bot.corpus.newest(5);
      expect(lines).toHaveLength(Math.min(5, bot.corpus.size));
      lines.forEach((line, i) => {
        expect(line).toContain(`\`${newest[i]?.article.id}\``);
      });
    });

    it.each([1, 2, 10])("lists %i headlines when asked", async (count) => {
      const lines = headlineLines(await fake.reply(fake.sendCommand("headlines", { count })));
      expect(lines).toHaveLength(Math.min(count, bot.corpus.size));
    });

    it("keeps to a topic", async () => {
      const message = await fake.reply(fake.sendCommand("headlines", { topic: "flood defences" }));
      expect(embedOf(message).description).toContain("`council-budget-vote`");
      expect(embedOf(message).description).not.toContain("`library-opens`");
    });

    it("says privately when nothing matches the topic", async () => {
      const message = await fake.reply(fake.sendCommand("headlines", { topic: "zebra migration" }));
      expect(message).toMatchObject({ ephemeral: true, content: expect.stringContaining("zebra migration") });
    });
  });

  describe("limits and safety", () => {
    it("briefs an article beyond every Discord limit in a reply Discord accepts", async () => {
      const sent = fake.sendCommand("brief", { article: "huge-report", length: "long" });
      const embed = embedOf(await fake.reply(sent));
      expect(embed.title?.length).toBeLessThanOrEqual(256);
      expect(fake.requests.filter((r) => r.path.includes(sent.token)).every((r) => r.status < 400)).toBe(true);
    });

    it("pages a long quote list across embeds and follow-ups, all accepted", async () => {
      const sent = fake.sendCommand("quotes", { article: "huge-report" });
      await fake.followUp(sent);
      const record = fake.interaction(sent);
      const messages = [record.original, ...record.followUps].filter((m): m is StoredMessage => m !== undefined);
      expect(messages.flatMap((m) => m.embeds).length).toBeGreaterThan(2);
      expect(fake.requests.filter((r) => r.path.includes(sent.token)).every((r) => r.status < 400)).toBe(true);
    });

    it("never sends a message that could mention anyone", () => {
      const bodies = messageBodies(fake.requests);
      expect(bodies.length).toBeGreaterThan(10);
      for (const body of bodies) expect(body.allowed_mentions).toEqual({ parse: [] });
    });
  });

  describe("failures", () => {
    it("keeps running when Discord fails a reply, logs it with context, and answers the next command", async () => {
      fake.fail({ method: "POST", path: "/interactions/:id/:token/callback", status: 500, times: 8 });
      const failed = fake.sendCommand("headlines");
      const record = await logs.waitFor((r) => r.msg === "Command failed" && r.outcome === "retry-later", 5_000);
      expect(record).toMatchObject({ command: "headlines", guildId: fake.guilds[0]?.id, userId: expect.any(String) });
      expect(fake.interaction(failed).original).toBeUndefined();
      fake.clearFaults();
      expect(embedOf(await fake.reply(fake.sendCommand("headlines", { count: 1 }))).title).toBe("Latest headlines");
    });

    it("resumes after a dropped gateway and answers a command sent during the outage", async () => {
      const resumed = fake.gatewayStats.resumes;
      fake.dropGateway(4000);
      const sent = fake.sendCommand("brief", { article: "harbour-reopens" });
      expect(embedOf(await fake.reply(sent, 5_000)).title).toBe("Harbour reopens as storm damage is cleared");
      expect(fake.gatewayStats.resumes).toBe(resumed + 1);
    });

    it("identifies again after the connection is reset and keeps answering", async () => {
      const identifies = fake.gatewayStats.identifies;
      fake.dropGateway(1000);
      await fake.waitFor(() => (fake.gatewayStats.identifies > identifies ? true : undefined), 5_000);
      expect(embedOf(await fake.reply(fake.sendCommand("headlines", { count: 1 }))).title).toBe("Latest headlines");
    });
  });
});

describe("the bot with deferral forced", () => {
  let fake: FakeDiscord;
  let bot: Bot;

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    ({ bot } = await startTestBot(fake, await articlesDir(), { deferAfterMs: 0 }));
  });
  afterAll(async () => {
    await bot.stop();
    await fake.close();
  });

  it("defers, then edits the briefing in", async () => {
    const sent = fake.sendCommand("brief", { article: "harbour-reopens", length: "short" });
    const message = await fake.reply(sent);
    expect(fake.interaction(sent).acknowledgement).toBe(5);
    expect(embedOf(message).title).toBe("Harbour reopens as storm damage is cleared");
    const edit = await fake.waitForRequest((r) => r.method === "PATCH" && r.path.includes(sent.token));
    expect((edit.body as { allowed_mentions: unknown }).allowed_mentions).toEqual({ parse: [] });
  });

  it("keeps an unknown-article answer private after a public deferral", async () => {
    const sent = fake.sendCommand("brief", { article: "missing-one" });
    const followUp = await fake.followUp(sent);
    expect(followUp.ephemeral).toBe(true);
    expect(fake.interaction(sent).originalDeleted).toBe(true);
  });
});

describe("the bot with no articles", () => {
  let fake: FakeDiscord;
  let bot: Bot;

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    ({ bot } = await startTestBot(fake, await articlesDir({ empty: true })));
  });
  afterAll(async () => {
    await bot.stop();
    await fake.close();
  });

  it.each([
    ["brief", {}],
    ["quotes", {}],
    ["quotes", { speaker: "Ines Baptiste" }],
    ["headlines", {}],
  ] as const)("answers /%s privately that nothing is stored yet", async (name, options) => {
    const message = await fake.reply(fake.sendCommand(name, options));
    expect(message).toMatchObject({ ephemeral: true, content: expect.stringContaining("No articles are stored yet") });
  });

  it("offers no suggestions", async () => {
    expect(await fake.choices(fake.sendAutocomplete("brief", { article: "any" }, "article"))).toEqual([]);
  });
});
