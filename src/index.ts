// The bot's composition root (`npm start`): config → bot (store, corpus, Discord client) → wait
// for a signal. Configuration problems, including a token Discord rejects, end the process with
// a message naming what to set; nothing that happens later is allowed to crash it.
import { startBot } from "./bot.js";
import { ConfigError, loadConfig, loadDotEnv } from "./config.js";
import { StartupError } from "./discord/connection.js";
import { createLogger } from "./log.js";

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
  // A known cause is a message naming the fix; only the unexpected gets a stack trace.
  const known = err instanceof ConfigError || err instanceof StartupError;
  process.stderr.write(known ? `${err.message}\n` : `newsbrief failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
