import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, requireDiscord } from "../src/config.js";

/** The ConfigError that loading `env` throws. */
function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("the configuration loaded without an error");
}

describe("configuration", () => {
  it("starts from documented defaults when nothing is set", () => {
    const config = loadConfig({});
    expect(config.articlesDir).toBe("data/articles");
    expect(config.storeUrl).toBe("sqlite://data/newsbrief.sqlite");
    expect(config.headlines).toEqual({ cron: "*/15 * * * *", maxAgeDays: 3, perTick: 5 });
    expect(config.jobs).toEqual({ expireSeconds: 900 });
  });

  it("names every bad variable in one error", () => {
    const error = configError({
      HEADLINES_CRON: "every day",
      HEADLINES_PER_TICK: "-2",
      LOG_LEVEL: "loud",
      DISCORD_CLIENT_ID: "abc",
    });
    for (const name of ["HEADLINES_CRON", "HEADLINES_PER_TICK", "LOG_LEVEL", "DISCORD_CLIENT_ID"])
      expect(error.message).toContain(name);
    expect(error.problems).toHaveLength(4);
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

  it("accepts exactly the store URLs the store opens, and names the accepted forms otherwise", () => {
    for (const url of [
      "sqlite://data/x.sqlite",
      "sqlite://:memory:",
      "postgres://bot@db.internal/newsbrief",
      "postgresql://db/newsbrief",
      "memory://",
      "memory://test",
    ]) {
      expect(loadConfig({ STORE_URL: url }).storeUrl).toBe(url);
    }
    for (const url of [
      "redis://cache:6379",
      "rediss://cache",
      "sqlite://",
      "postgres://",
      "mongodb://db/x",
      "file:///tmp/x.sqlite",
    ]) {
      expect(() => loadConfig({ STORE_URL: url })).toThrow(
        /STORE_URL: one of sqlite:\/\/PATH[\s\S]*postgres:\/\/[\s\S]*memory:\/\//,
      );
    }
  });

  it("accepts only an http(s) Discord API URL", () => {
    expect(loadConfig({ DISCORD_API_URL: "https://proxy.example/api" }).discord.apiUrl).toBe(
      "https://proxy.example/api",
    );
    for (const url of ["ftp://proxy.example/api", "javascript:alert(1)", "ws://127.0.0.1:8080/api", "file:///api"]) {
      expect(() => loadConfig({ DISCORD_API_URL: url })).toThrow(/DISCORD_API_URL: an http\(s\) URL/);
    }
  });

  it("reads counts as plain decimal digits only", () => {
    expect(
      loadConfig({ HEADLINES_PER_TICK: "16", HEADLINES_MAX_AGE_DAYS: " 7 ", ARTICLE_MAX_BYTES: "65536" }),
    ).toMatchObject({
      headlines: { perTick: 16, maxAgeDays: 7 },
      articleMaxBytes: 65536,
    });
    for (const value of ["0x10", "1e1", "+5", "5.0", "0b11", "1_0", "Infinity"]) {
      expect(() => loadConfig({ HEADLINES_PER_TICK: value }), value).toThrow(
        /HEADLINES_PER_TICK: a whole number in decimal digits/,
      );
    }
  });

  it("takes an empty count from a copied .env.example as its default", () => {
    expect(loadConfig({ HEADLINES_PER_TICK: "", HEADLINES_MAX_AGE_DAYS: " " }).headlines).toMatchObject({
      perTick: 5,
      maxAgeDays: 3,
    });
  });

  it("bounds every count", () => {
    expect(loadConfig({ HEADLINES_PER_TICK: "50", HEADLINES_MAX_AGE_DAYS: "365" }).headlines).toMatchObject({
      perTick: 50,
      maxAgeDays: 365,
    });
    const cases = {
      HEADLINES_PER_TICK: ["0", "51"],
      HEADLINES_MAX_AGE_DAYS: ["0", "366"],
      ARTICLE_MAX_BYTES: ["1023", "16777217"],
      JOBS_EXPIRE_SECONDS: ["4", "86401"],
    };
    for (const [name, values] of Object.entries(cases)) {
      for (const value of values)
        expect(() => loadConfig({ [name]: value }), `${name}=${value}`).toThrow(new RegExp(`${name}: at (least|most)`));
    }
  });

  it("lists store, API URL and count errors together in one message", () => {
    const error = configError({
      STORE_URL: "redis://x",
      DISCORD_API_URL: "ftp://x",
      HEADLINES_PER_TICK: "0x10",
      HEADLINES_MAX_AGE_DAYS: "1000",
    });
    expect(error.message).toMatch(/^Config validation failed:/);
    expect(error.problems.map((p) => p.split(":")[0]).sort()).toEqual([
      "DISCORD_API_URL",
      "HEADLINES_MAX_AGE_DAYS",
      "HEADLINES_PER_TICK",
      "STORE_URL",
    ]);
  });

  it("says exactly what to set when the bot has no token", () => {
    expect(() => requireDiscord(loadConfig({}), ["token", "clientId"])).toThrow(
      /DISCORD_TOKEN[\s\S]*DISCORD_CLIENT_ID/,
    );
    expect(() => requireDiscord(loadConfig({ DISCORD_CLIENT_ID: "123456789012345678" }), ["token"])).toThrow(
      /DISCORD_TOKEN/,
    );
    const ok = requireDiscord(loadConfig({ DISCORD_TOKEN: "t", DISCORD_CLIENT_ID: "123456789012345678" }), [
      "token",
      "clientId",
    ]);
    expect(ok.token).toBe("t");
    expect(requireDiscord(loadConfig({ DISCORD_TOKEN: "t" }), ["token"]).clientId).toBeUndefined();
  });

  describe("shards and roles", () => {
    const PG = "postgres://bot@db/newsbrief";

    it("runs every shard and both roles in one process by default", () => {
      const config = loadConfig({});
      expect(config.shards).toEqual({ count: 1, ids: [0] });
      expect(config.roles).toEqual({ gateway: true, worker: true });
      expect(loadConfig({ STORE_URL: PG, SHARD_COUNT: "3" }).shards).toEqual({ count: 3, ids: [0, 1, 2] });
    });

    it("reads SHARDS as a list, a range, or both", () => {
      const shards = (SHARDS: string) => loadConfig({ STORE_URL: PG, SHARD_COUNT: "8", SHARDS }).shards.ids;
      expect(shards("0,2")).toEqual([0, 2]);
      expect(shards("0-3")).toEqual([0, 1, 2, 3]);
      expect(shards(" 4-5,7 ")).toEqual([4, 5, 7]);
      expect(shards("6")).toEqual([6]);
    });

    it("rejects shard lists discord.js could not use, naming SHARDS", () => {
      const bad = {
        "[0,1]": /list .* or a range/,
        "0,,1": /list .* or a range/,
        "3-1": /runs backwards/,
        "0,0": /listed twice/,
        "2": /shard 2 does not exist with SHARD_COUNT=2/,
      };
      for (const [SHARDS, message] of Object.entries(bad)) {
        const error = configError({ STORE_URL: PG, SHARD_COUNT: "2", SHARDS });
        expect(error.problems.join("\n"), SHARDS).toMatch(/^SHARDS: /);
        expect(error.message, SHARDS).toMatch(message);
      }
      expect(configError({ STORE_URL: PG, SHARDS: "0" }).message).toMatch(/SHARDS: needs SHARD_COUNT/);
      expect(configError({ STORE_URL: PG, SHARD_COUNT: "0" }).message).toMatch(/SHARD_COUNT: at least 1/);
    });

    it("reads ROLES as a comma list of gateway and worker", () => {
      expect(loadConfig({ STORE_URL: PG, ROLES: "gateway" }).roles).toEqual({ gateway: true, worker: false });
      expect(loadConfig({ STORE_URL: PG, ROLES: "worker" }).roles).toEqual({ gateway: false, worker: true });
      expect(loadConfig({ ROLES: "worker, gateway" }).roles).toEqual({ gateway: true, worker: true });
      expect(configError({ STORE_URL: PG, ROLES: "poster" }).message).toMatch(/ROLES: gateway, worker, or both/);
    });

    it("stops a SQLite or memory store from being shared by several processes, and says to use Postgres", () => {
      for (const STORE_URL of ["sqlite://data/x.sqlite", "memory://x"]) {
        const error = configError({ STORE_URL, SHARD_COUNT: "2", SHARDS: "0", ROLES: "gateway" });
        expect(error.problems.map((p) => p.split(":")[0]).sort()).toEqual(["ROLES", "SHARD_COUNT"]);
        for (const problem of error.problems) expect(problem).toMatch(/use a postgres:\/\/ STORE_URL/);
      }
      expect(() => loadConfig({ SHARD_COUNT: "1", ROLES: "gateway,worker" })).not.toThrow();
    });
  });
});
