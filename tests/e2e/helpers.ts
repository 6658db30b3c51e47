// Starting the bot for end-to-end tests exactly as production does (startBot over a Config parsed
// from an environment), against the fake Discord, with a temporary articles folder.
import { cp, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startBot, type Bot, type BotOptions } from "../../src/bot.js";
import { loadConfig, type Config } from "../../src/config.js";
import { captureLog, type CapturedLog } from "../support/capture-log.js";
import { noIdentifyThrottle, type FakeDiscord, type RecordedRequest } from "../support/fake-discord.js";

const FIXTURES = new URL("../fixtures/discord/", import.meta.url);
/** The stored sample page, as a real scraped article among the invented fixtures. */
const SAMPLE = new URL("../../data/articles/us-china-talks-rare-earths.txt", import.meta.url);

let stores = 0;

/** A temporary articles folder: the fixture articles and the sample (unless `empty`) plus extra files. */
export async function articlesDir(options: { empty?: boolean; extra?: Record<string, string> } = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "newsbrief-e2e-"));
  if (!options.empty) {
    await cp(FIXTURES, dir, { recursive: true });
    await cp(SAMPLE, join(dir, "us-china-talks-rare-earths.txt"));
  }
  for (const [name, content] of Object.entries(options.extra ?? {})) await writeFile(join(dir, name), content);
  return dir;
}

export function botConfig(fake: FakeDiscord, dir: string, env: Record<string, string> = {}): Config {
  stores += 1;
  return loadConfig({
    DISCORD_TOKEN: fake.token,
    DISCORD_CLIENT_ID: fake.applicationId,
    DISCORD_API_URL: fake.apiBase,
    ARTICLES_DIR: dir,
    STORE_URL: `memory://e2e-${process.pid}-${stores}`,
    LOG_LEVEL: "debug",
    ...env,
  });
}

export async function startTestBot(
  fake: FakeDiscord,
  dir: string,
  options: Omit<BotOptions, "log" | "client"> = {},
  env: Record<string, string> = {},
): Promise<{ bot: Bot; logs: CapturedLog }> {
  const logs = captureLog();
  const bot = await startBot(botConfig(fake, dir, env), {
    ...options,
    log: logs.log,
    client: { ws: noIdentifyThrottle },
  });
  return { bot, logs };
}

/** Requests that carry a message Discord would render (replies, edits, follow-ups, posts). */
export function messageBodies(requests: readonly RecordedRequest[]): Record<string, unknown>[] {
  return requests.flatMap((r) => {
    const body = r.body as ({ type?: number; data?: Record<string, unknown> } & Record<string, unknown>) | undefined;
    if (!body || r.method === "GET" || r.method === "DELETE") return [];
    if (r.path.endsWith("/callback")) return body.type === 4 ? [body.data ?? {}] : [];
    if (r.path.startsWith("/webhooks/") || /^\/channels\/\d+\/messages$/.test(r.path)) return [body];
    return [];
  });
}
