// Configuration: the one reader of process.env. A zod schema turns the environment into a
// typed Config, and any bad value stops start-up with one message naming every bad variable.
import { existsSync } from "node:fs";
import { z } from "zod";
import cron from "node-cron";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const snowflake = z.string().regex(/^\d{17,20}$/, "a Discord id: 17–20 digits");
const optionalText = (schema: z.ZodString) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());
/**
 * A count written in plain decimal digits, between `min` and `max`. Read digit by digit rather
 * than with Number(), which would take "0x10" as 16, "1e3" as 1000 and "" as 0. An empty value
 * (a line copied from .env.example without its number) means the default.
 */
const count = (fallback: number, min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z
      .string()
      .trim()
      .regex(/^[0-9]+$/, `a whole number in decimal digits, from ${min} to ${max}`)
      .transform(Number)
      .pipe(z.number().min(min, `at least ${min}`).max(max, `at most ${max}`))
      .default(fallback),
  );
const cronExpression = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine((v) => cron.validate(v), "a cron expression with 5 fields, or 6 with seconds first");

// The stores src/store.ts opens: a SQLite file (a non-empty path, or ":memory:"), Postgres, or a
// process-local memory:// store for throwaway runs and tests.
const STORE_URL_FORMS = [/^sqlite:\/\/\S/, /^postgres(ql)?:\/\/\S/, /^memory:\/\//];
const STORE_URL_ACCEPTED = "one of sqlite://PATH (a non-empty path), postgres://… or postgresql://…, or memory://NAME";
const isPostgres = (url: string) => /^postgres(ql)?:\/\//.test(url);

/** Discord allows up to this many shards a bot; well beyond any deployment of this bot. */
const MAX_SHARD_COUNT = 4096;
const ROLES = ["gateway", "worker"] as const;
type Role = (typeof ROLES)[number];

/**
 * SHARDS as a list ("0,2"), a range ("0-3") or both ("0-1,4"). discord.js would read the variable
 * itself as JSON, so the bot always hands it the parsed list instead (src/discord/client.ts).
 */
const shardList = z
  .string()
  .trim()
  .regex(/^\d+(-\d+)?(,\d+(-\d+)?)*$/, 'shard ids as a list ("0,2") or a range ("0-3")')
  .transform((v, ctx) => {
    const ids = v.split(",").flatMap((part) => {
      const [from, to = from] = part.split("-").map(Number) as [number, number?];
      if (to < from) ctx.addIssue({ code: "custom", message: `the range ${part} runs backwards` });
      return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
    });
    const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
    if (twice.length > 0) ctx.addIssue({ code: "custom", message: `shard ${twice[0]} is listed twice` });
    return ids;
  });
const roleList = z
  .string()
  .regex(/^\s*(gateway|worker)\s*(,\s*(gateway|worker)\s*)*$/, "gateway, worker, or both comma-separated")
  .transform((v) => v.split(",").map((role) => role.trim() as Role));

/** Everything the process can be configured with. Each field documents its variable. */
const schema = z.object({
  DISCORD_TOKEN: optionalText(z.string()),
  DISCORD_CLIENT_ID: optionalText(snowflake),
  DISCORD_GUILD_ID: optionalText(snowflake),
  DISCORD_API_URL: optionalText(
    z.string().url({ protocol: /^https?$/, error: "an http(s) URL such as http://127.0.0.1:8080/api" }),
  ),
  ARTICLES_DIR: z.string().min(1).default("data/articles"),
  STORE_URL: z
    .string()
    .default("sqlite://data/newsbrief.sqlite")
    .refine((v) => STORE_URL_FORMS.some((form) => form.test(v)), STORE_URL_ACCEPTED),
  HEADLINES_CRON: cronExpression("*/15 * * * *"),
  HEADLINES_MAX_AGE_DAYS: count(3, 1, 365),
  HEADLINES_PER_TICK: count(5, 1, 50),
  FEEDS_FILE: z.string().min(1).default("data/feeds.json"),
  FEEDS_CRON: cronExpression("*/10 * * * *"),
  FEEDS_CONTACT: optionalText(z.string()),
  FEEDS_DEADLINE_SECONDS: count(60, 1, 3600),
  ARTICLE_MAX_BYTES: count(2 * 1024 * 1024, 1024, 16 * 1024 * 1024),
  ARTICLES_RETENTION_DAYS: count(30, 1, 3650),
  SHARD_COUNT: count(1, 1, MAX_SHARD_COUNT),
  SHARDS: optionalText(z.string()).pipe(shardList.optional()),
  ROLES: optionalText(z.string()).pipe(roleList.optional()),
  JOBS_EXPIRE_SECONDS: count(15 * 60, 5, 24 * 3600),
  LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
});

export interface Config {
  discord: { token?: string; clientId?: string; guildId?: string; apiUrl?: string };
  articlesDir: string;
  storeUrl: string;
  headlines: { cron: string; maxAgeDays: number; perTick: number };
  /** deadlineSeconds: the most one feed run may take; what it did not finish is fetched next time. */
  feeds: { file: string; cron: string; contact?: string; deadlineSeconds: number };
  articleMaxBytes: number;
  /** Feed-fetched articles are deleted (file and rows) this many days after they were first seen. */
  articlesRetentionDays: number;
  /** The gateway shards this process connects (`ids`) out of the bot's total (`count`). */
  shards: { count: number; ids: number[] };
  /** gateway: connect to the gateway and answer commands; worker: run the scheduled jobs. */
  roles: Record<Role, boolean>;
  /** Over Postgres: how long one run of a job may take before another process takes it over (its own died). */
  jobs: { expireSeconds: number };
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
      parsed.error.issues.map(
        (issue) => `${issue.path.join(".")}: ${issue.message} (got ${JSON.stringify(env[String(issue.path[0])])})`,
      ),
    );
  }
  const e = parsed.data;
  const problems = deploymentProblems(env, e);
  if (problems.length > 0) throw new ConfigError(problems);
  const roles = e.ROLES ?? ROLES;
  return {
    discord: {
      token: e.DISCORD_TOKEN,
      clientId: e.DISCORD_CLIENT_ID,
      guildId: e.DISCORD_GUILD_ID,
      apiUrl: e.DISCORD_API_URL,
    },
    articlesDir: e.ARTICLES_DIR,
    storeUrl: e.STORE_URL,
    headlines: { cron: e.HEADLINES_CRON, maxAgeDays: e.HEADLINES_MAX_AGE_DAYS, perTick: e.HEADLINES_PER_TICK },
    feeds: {
      file: e.FEEDS_FILE,
      cron: e.FEEDS_CRON,
      contact: e.FEEDS_CONTACT,
      deadlineSeconds: e.FEEDS_DEADLINE_SECONDS,
    },
    articleMaxBytes: e.ARTICLE_MAX_BYTES,
    articlesRetentionDays: e.ARTICLES_RETENTION_DAYS,
    shards: { count: e.SHARD_COUNT, ids: e.SHARDS ?? Array.from({ length: e.SHARD_COUNT }, (_, i) => i) },
    roles: { gateway: roles.includes("gateway"), worker: roles.includes("worker") },
    jobs: { expireSeconds: e.JOBS_EXPIRE_SECONDS },
    logLevel: e.LOG_LEVEL,
  };
}

/** Rules across variables: shard ids within the count, and several processes only over Postgres. */
function deploymentProblems(env: Record<string, string | undefined>, e: z.infer<typeof schema>): string[] {
  const problems: string[] = [];
  const got = (name: string) => `(got ${JSON.stringify(env[name])})`;
  const outside = e.SHARDS?.filter((id) => id >= e.SHARD_COUNT) ?? [];
  if (e.SHARDS && !env.SHARD_COUNT?.trim()) {
    problems.push(`SHARDS: needs SHARD_COUNT, the number of shards over all processes ${got("SHARDS")}`);
  } else if (outside.length > 0) {
    problems.push(
      `SHARDS: shard ${outside[0]} does not exist with SHARD_COUNT=${e.SHARD_COUNT} (ids run from 0 to ${e.SHARD_COUNT - 1}) ${got("SHARDS")}`,
    );
  }
  if (!isPostgres(e.STORE_URL)) {
    // SQLite (and memory://) belong to one process, so one process must hold every shard and role.
    const scheme = e.STORE_URL.split(":")[0];
    if (e.SHARD_COUNT > 1)
      problems.push(
        `SHARD_COUNT: more than one shard means several processes; use a postgres:// STORE_URL, ${scheme}:// is for one process ${got("SHARD_COUNT")}`,
      );
    if (e.ROLES && ROLES.some((role) => !e.ROLES?.includes(role))) {
      problems.push(
        `ROLES: gateway-only and worker-only processes share their work through Postgres; use a postgres:// STORE_URL, ${scheme}:// is for one process ${got("ROLES")}`,
      );
    }
  }
  return problems;
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
export function requireDiscord<K extends DiscordSetting>(
  config: Config,
  needed: readonly K[],
): Config["discord"] & { [P in K]: string } {
  const missing = needed.filter((key) => !config.discord[key]).map((key) => DISCORD_REQUIREMENTS[key]);
  if (missing.length > 0) throw new ConfigError(missing);
  return config.discord as Config["discord"] & { [P in K]: string };
}
