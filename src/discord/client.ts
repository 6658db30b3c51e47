// The discord.js client as this bot uses it: the Guilds intent only (slash commands need nothing
// more), mentions off for everything it sends, and the REST base overridable so that tests run
// the real client against a fake Discord (DISCORD_API_URL).
import { Client, Events, GatewayIntentBits, type ClientOptions } from "discord.js";

/**
 * Below Discord's 50 a second: discord.js counts its window from when it sends, Discord from when
 * requests arrive, and at exactly 50 a burst the network delayed unevenly draws 429s.
 */
const GLOBAL_REQUESTS_PER_SECOND = 45;

/** Test-only knobs; production passes none. */
export type ClientOverrides = Pick<ClientOptions, "ws" | "waitGuildTimeout">;

/**
 * `shards` is config.shards: passed explicitly, so discord.js never parses the SHARDS variable
 * itself (it expects JSON there, and config accepts "0,2" and "0-3").
 */
export function createClient(
  apiUrl: string | undefined,
  overrides: ClientOverrides = {},
  shards?: { count: number; ids: number[] },
): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    ...(shards ? { shards: shards.ids, shardCount: shards.count } : {}),
    allowedMentions: { parse: [] },
    rest: {
      // Only when set: discord.js spreads `rest` over its defaults, so `api: undefined` would erase the real URL.
      ...(apiUrl ? { api: apiUrl } : {}),
      globalRequestsPerSecond: GLOBAL_REQUESTS_PER_SECOND,
    },
    ...overrides,
  });
}

/** Logs in and resolves once the client is ready (guilds cached), or rejects as login does. */
export async function connect(client: Client, token: string): Promise<void> {
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(token);
  await ready;
}
