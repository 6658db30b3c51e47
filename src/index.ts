// The bot's composition root (`npm start`): config → bot (store, corpus, Discord client) → wait
// for a signal. Configuration problems, including a token Discord rejects, end the process with
// a message naming what to set; nothing that happens later is allowed to crash it.
import { startBot } from "./bot.js";
import { ConfigError, loadConfig, loadDotEnv } from "./config.js";
import { StartupError } from "./discord/connection.js";
import { createLogger } from "./log.js";
import { StoreError } from "./store-error.js";

async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  // A failed REST call must never take the bot down; discord.js can reject outside any handler.
  process.on("unhandledRejection", (err) => log.error({ err }, "Unhandled promise rejection"));
  const bot = await startBot(config, { log });
  const shutdown = (signal: NodeJS.Signals) => {
    log.info({ signal }, "Shutting down");
    bot.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, "Shutdown failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

main().catch((err: unknown) => {
  process.stderr.write(`${startFailure(err)}\n`);
  process.exit(1);
});

/** Config, connection and store errors explain themselves (what is wrong, what to do); a stack would bury that. */
function startFailure(err: unknown): string {
  if (err instanceof ConfigError || err instanceof StartupError) return err.message;
  if (err instanceof StoreError) return `newsbrief failed to start: ${err.message}`;
  return `newsbrief failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`;
}
