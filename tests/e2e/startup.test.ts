// Start-up and registration against the fake Discord: a wrong or missing token stops the bot with
// a message naming DISCORD_TOKEN (and never logs it), an unreachable API names DISCORD_API_URL;
// the application id is optional for the bot; deploy-commands sends one bulk PUT.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { commands } from "../../commands/index.js";
import { startBot } from "../../src/bot.js";
import { ConfigError, requireDiscord } from "../../src/config.js";
import { StartupError } from "../../src/discord/connection.js";
import { deployCommands } from "../../src/discord/deploy.js";
import { StoreError } from "../../src/store-error.js";
import { captureLog } from "../support/capture-log.js";
import { FakeDiscord, noIdentifyThrottle } from "../support/fake-discord.js";
import { articlesDir, botConfig } from "./helpers.js";

/** An address nothing listens on: a port that was free a moment ago. */
async function closedApiUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/api`;
}

describe("starting the bot", () => {
  let fake: FakeDiscord;
  let dir: string;

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    dir = await articlesDir();
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.clearRequests());

  it("refuses a token Discord rejects before loading the corpus, names DISCORD_TOKEN, and never logs the token", async () => {
    const logs = captureLog("trace");
    const wrong = "wrong-token-value-1234";
    const start = startBot(botConfig(fake, dir, { DISCORD_TOKEN: wrong }), {
      log: logs.log,
      client: { ws: noIdentifyThrottle },
    });
    await expect(start).rejects.toThrow(ConfigError);
    await expect(start).rejects.toThrow(/DISCORD_TOKEN/);
    // One request, refused, and nothing slow before it: no corpus load, no login attempt.
    expect(fake.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(["GET /users/@me 401"]);
    expect(logs.text()).not.toContain("Corpus loaded");
    expect(logs.text()).not.toContain(wrong);
  });

  it("names DISCORD_API_URL when nothing answers there, without a stack trace in the message", async () => {
    const apiUrl = await closedApiUrl();
    const start = startBot(botConfig(fake, dir, { DISCORD_API_URL: apiUrl }), {
      log: captureLog().log,
      client: { ws: noIdentifyThrottle },
    });
    await expect(start).rejects.toThrow(StartupError);
    await expect(start).rejects.toThrow(`Cannot reach Discord at DISCORD_API_URL=${apiUrl} (ECONNREFUSED)`);
    await expect(start).rejects.not.toThrow(/\n\s+at /);
  });

  it("refuses a token the gateway rejects at IDENTIFY", async () => {
    fake.rejectIdentify = true;
    try {
      const start = startBot(botConfig(fake, dir), { log: captureLog().log, client: { ws: noIdentifyThrottle } });
      await expect(start).rejects.toThrow(/DISCORD_TOKEN: rejected/);
    } finally {
      fake.rejectIdentify = false;
    }
  });

  it("names what to set when the token is missing, before contacting Discord", async () => {
    await expect(startBot(botConfig(fake, dir, { DISCORD_TOKEN: "" }), { log: captureLog().log })).rejects.toThrow(
      /DISCORD_TOKEN: required/,
    );
    expect(fake.requests).toEqual([]);
  });

  it("stops on a store file that is not a SQLite database, naming the file and what to do, before contacting Discord", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "newsbrief-store-")), "newsbrief.sqlite");
    await writeFile(file, "A spreadsheet saved over the store by mistake.\n".repeat(100));
    const start = startBot(botConfig(fake, dir, { STORE_URL: `sqlite://${file}` }), {
      log: captureLog().log,
      client: { ws: noIdentifyThrottle },
    });
    await expect(start).rejects.toThrow(StoreError);
    await expect(start).rejects.toThrow(`${file} (STORE_URL): SQLITE_NOTADB`);
    await expect(start).rejects.toThrow(/restore it from a backup, or move it aside/);
    expect(fake.requests).toEqual([]);
  });

  it("needs no application id to run: Discord gives it at login", async () => {
    const bot = await startBot(botConfig(fake, dir, { DISCORD_CLIENT_ID: "" }), {
      log: captureLog().log,
      client: { ws: noIdentifyThrottle },
    });
    try {
      expect(bot.client!.application.id).toBe(fake.applicationId);
      const reply = await fake.reply(fake.sendCommand("headlines", {}));
      expect(reply.embeds?.length).toBeGreaterThan(0);
    } finally {
      await bot.stop();
    }
  });

  it("stops cleanly, and a second stop is harmless", async () => {
    const bot = await startBot(botConfig(fake, dir), { log: captureLog().log, client: { ws: noIdentifyThrottle } });
    await bot.stop();
    await bot.stop();
    expect(bot.client!.isReady()).toBe(false);
  });
});

describe("deploying commands", () => {
  let fake: FakeDiscord;

  beforeAll(async () => {
    fake = await FakeDiscord.start();
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.clearRequests());

  const target = (env: Record<string, string>) => requireDiscord(botConfig(fake, "unused", env), ["token", "clientId"]);

  it("registers the whole command list in one PUT to the configured guild", async () => {
    const guildId = fake.guilds[0]?.id ?? "";
    const deployed = await deployCommands(
      target({ DISCORD_GUILD_ID: guildId }),
      commands.map((c) => c.data),
    );
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `PUT /applications/${fake.applicationId}/guilds/${guildId}/commands`,
    ]);
    expect(deployed.map((c) => c.name)).toEqual(commands.map((c) => c.data.name));
    expect(deployed.map((c) => c.name)).toEqual(expect.arrayContaining(["brief", "quotes", "headlines"]));
    expect(
      fake.commands
        .get(guildId)
        ?.find((c) => c.name === "brief")
        ?.options?.map((o) => o.name),
    ).toEqual(["article", "length"]);
  });

  it("names DISCORD_TOKEN when Discord refuses the token (401)", async () => {
    const deploy = deployCommands(
      target({ DISCORD_TOKEN: "not-the-token" }),
      commands.map((c) => c.data),
    );
    await expect(deploy).rejects.toThrow(ConfigError);
    await expect(deploy).rejects.toThrow(/DISCORD_TOKEN: rejected by Discord/);
  });

  it("names DISCORD_API_URL when nothing answers there", async () => {
    const deploy = deployCommands(
      target({ DISCORD_API_URL: await closedApiUrl() }),
      commands.map((c) => c.data),
    );
    await expect(deploy).rejects.toThrow(StartupError);
    await expect(deploy).rejects.toThrow(/DISCORD_API_URL=.*ECONNREFUSED/);
  });

  it("registers globally when no guild is configured", async () => {
    await deployCommands(
      target({}),
      commands.map((c) => c.data),
    );
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `PUT /applications/${fake.applicationId}/commands`,
    ]);
    expect(fake.requests[0]?.auth).toBe(`Bot ${fake.token}`);
  });
});
