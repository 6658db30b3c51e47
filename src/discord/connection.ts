// What keeps the bot or the deploy script from talking to Discord, in words that name the fix: a
// token Discord refuses names DISCORD_TOKEN, an API that cannot be reached names DISCORD_API_URL
// (or the network). Start-up checks the token with one cheap request before any slow work.
import { DiscordAPIError, REST, Routes } from "discord.js";
import { ConfigError } from "../config.js";

/** A start-up failure whose message says what to fix; printed without a stack trace. */
export class StartupError extends Error {
  override name = "StartupError";
}

const DISCORD_API = "https://discord.com/api";
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "ECONNRESET",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_SOCKET",
]);

export const TOKEN_REJECTED =
  "DISCORD_TOKEN: rejected by Discord; set the bot token from the developer portal (Bot → Reset Token)";

/** The errno of a failed connection, looking through the wrappers (cause, AggregateError) fetch and undici add. */
function networkCode(error: unknown, depth = 0): string | undefined {
  if (depth > 3 || typeof error !== "object" || error === null) return undefined;
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === "string" && NETWORK_CODES.has(code)) return code;
  for (const inner of [cause, ...(Array.isArray(errors) ? errors : [])]) {
    const found = networkCode(inner, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** The error a user should see for a failed call to Discord: named fixes for a refused token and an unreachable API, else the error itself. */
export function explainDiscordFailure(error: unknown, apiUrl: string | undefined): unknown {
  if (error instanceof DiscordAPIError && error.status === 401) return new ConfigError([TOKEN_REJECTED]);
  const code = networkCode(error);
  if (code === undefined) return error;
  return new StartupError(
    apiUrl
      ? `Cannot reach Discord at DISCORD_API_URL=${apiUrl} (${code}). Check that the proxy or server it names is running, or unset DISCORD_API_URL to use Discord's own API.`
      : `Cannot reach Discord at ${DISCORD_API} (${code}). Check this machine's network connection and DNS.`,
  );
}

/** One GET /users/@me: a refused token or an unreachable API fails here, in about a second, before the corpus loads. */
export async function checkToken(token: string, apiUrl: string | undefined): Promise<void> {
  // One attempt: a retry would only delay the message and add to Discord's invalid-request count.
  const rest = new REST({ retries: 0, ...(apiUrl ? { api: apiUrl } : {}) }).setToken(token);
  try {
    await rest.get(Routes.user());
  } catch (error) {
    throw explainDiscordFailure(error, apiUrl);
  }
}
