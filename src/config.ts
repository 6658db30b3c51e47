// Configuration: the one reader of process.env. A zod schema turns the environment into a
// typed Config, and any bad value stops start-up with one message naming every bad variable.
import { existsSync } from "node:fs";
import { z } from "zod";
import cron from "node-cron";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const snowflake = z.string().regex(/^\d{17,20}$/, "a Discord id: 17–20 digits");
const optionalText = (schema: z.ZodString) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const cronExpression = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine((v) => cron.validate(v), "a cron expression with 5 fields, or 6 with seconds first");

/** Everything the process can be configured with. Each field documents its variable. */
const schema = z.object({
  DISCORD_TOKEN: optionalText(z.string()),
  DISCORD_CLIENT_ID: optionalText(snowflake),
  DISCORD_GUILD_ID: optionalText(snowflake),
  DISCORD_API_URL: optionalText(z.string().url("an http(s) URL such as http://127.0.0.1:8080/api")),
  ARTICLES_DIR: z.string().min(1).default("data/articles"),
  STORE_URL: z
    .string()
    .default("sqlite://data/newsbrief.sqlite")
    .refine(
      (v) => /^(sqlite|redis|rediss|postgres|postgresql|memory):\/\//.test(v),
      "a keyv URL: sqlite://path, redis://…, postgres://… or memory://",
    ),
  HEADLINES_CRON: cronExpression("*/15 * * * *"),
  HEADLINES_MAX_AGE_DAYS: positiveInt(3),
  HEADLINES_PER_TICK: positiveInt(5),
  FEEDS_FILE: z.string().min(1).default("data/feeds.json"),
  FEEDS_CRON: cronExpression("*/10 * * * *"),
  FEEDS_CONTACT: optionalText(z.string()),
  ARTICLE_MAX_BYTES: positiveInt(2 * 1024 * 1024),
  ARTICLES_RETENTION_DAYS: positiveInt(30),
  LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
});

export interface Config {
  discord: { token?: string; clientId?: string; guildId?: string; apiUrl?: string };
  articlesDir: string;
  storeUrl: string;
  headlines: { cron: string; maxAgeDays: number; perTick: number };
  feeds: { file: string; cron: string; contact?: string };
  articleMaxBytes: number;
  /** Feed-fetched articles are deleted (file and rows) this many days after they were first seen. */
  articlesRetentionDays: number;
  logLevel: (typeof LOG_LEVELS)[number];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Config validation failed:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/**
 * Reads `.env` from the working directory into process.env when the file exists (variables
 * already set win), so `npm start` works from a copied .env.example without a wrapper.
 */
export function loadDotEnv(path = ".env"): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

/** Parses the environment (default: process.env). Throws ConfigError listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message} (got ${JSON.stringify(env[String(issue.path[0])])})`),
    );
  }
  const e = parsed.data;
  return {
    discord: { token: e.DISCORD_TOKEN, clientId: e.DISCORD_CLIENT_ID, guildId: e.DISCORD_GUILD_ID, apiUrl: e.DISCORD_API_URL },
    articlesDir: e.ARTICLES_DIR,
    storeUrl: e.STORE_URL,
    headlines: { cron: e.HEADLINES_CRON, maxAgeDays: e.HEADLINES_MAX_AGE_DAYS, perTick: e.HEADLINES_PER_TICK },
    feeds: { file: e.FEEDS_FILE, cron: e.FEEDS_CRON, contact: e.FEEDS_CONTACT },
    articleMaxBytes: e.ARTICLE_MAX_BYTES,
    articlesRetentionDays: e.ARTICLES_RETENTION_DAYS,
    logLevel: e.LOG_LEVEL,
  };
}

const DISCORD_REQUIREMENTS = {
  token: "DISCORD_TOKEN: required (the bot token from the Discord developer portal)",
  clientId: "DISCORD_CLIENT_ID: required (the application id)",
} as const;

type DiscordSetting = keyof typeof DISCORD_REQUIREMENTS;

/**
 * The Discord settings a program needs, or a ConfigError naming exactly what to set. The bot
 * needs only the token (Discord tells it its application id at login); deploying commands also
 * needs the application id; the CLI needs neither.
 */
export function requireDiscord<K extends DiscordSetting>(config: Config, needed: readonly K[]): Config["discord"] & { [P in K]: string } {
  const missing = needed.filter((key) => !config.discord[key]).map((key) => DISCORD_REQUIREMENTS[key]);
  if (missing.length > 0) throw new ConfigError(missing);
  return config.discord as Config["discord"] & { [P in K]: string };
}
