import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, requireDiscord } from "../src/config.js";

describe("configuration", () => {
  it("starts from documented defaults when nothing is set", () => {
    const config = loadConfig({});
    expect(config.articlesDir).toBe("data/articles");
    expect(config.storeUrl).toBe("sqlite://data/newsbrief.sqlite");
    expect(config.headlines).toEqual({ cron: "*/15 * * * *", maxAgeDays: 3, perTick: 5 });
  });

  it("names every bad variable in one error", () => {
    let error: unknown;
    try {
      loadConfig({ HEADLINES_CRON: "every day", HEADLINES_PER_TICK: "-2", LOG_LEVEL: "loud", DISCORD_CLIENT_ID: "abc" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of ["HEADLINES_CRON", "HEADLINES_PER_TICK", "LOG_LEVEL", "DISCORD_CLIENT_ID"]) expect(message).toContain(name);
    expect((error as ConfigError).problems).toHaveLength(4);
  });

  it("accepts a six-field cron expression with seconds", () => {
    expect(loadConfig({ HEADLINES_CRON: "*/30 * * * * *" }).headlines.cron).toBe("*/30 * * * * *");
  });

  it("treats empty variables from a copied .env.example as unset", () => {
    expect(loadConfig({ DISCORD_TOKEN: "", DISCORD_GUILD_ID: " " }).discord).toEqual({
      token: undefined,
      clientId: undefined,
      guildId: undefined,
      apiUrl: undefined,
    });
  });

  it("rejects a store URL it cannot open", () => {
    expect(() => loadConfig({ STORE_URL: "data/newsbrief.sqlite" })).toThrow(/STORE_URL/);
  });

  it("says exactly what to set when the bot has no token", () => {
    expect(() => requireDiscord(loadConfig({}), ["token", "clientId"])).toThrow(/DISCORD_TOKEN[^]*DISCORD_CLIENT_ID/);
    expect(() => requireDiscord(loadConfig({ DISCORD_CLIENT_ID: "123456789012345678" }), ["token"])).toThrow(/DISCORD_TOKEN/);
    const ok = requireDiscord(loadConfig({ DISCORD_TOKEN: "t", DISCORD_CLIENT_ID: "123456789012345678" }), ["token", "clientId"]);
    expect(ok.token).toBe("t");
    expect(requireDiscord(loadConfig({ DISCORD_TOKEN: "t" }), ["token"]).clientId).toBeUndefined();
  });
});
