// Entry point of `npm run deploy-commands`: registers commands/index.ts with Discord, to
// DISCORD_GUILD_ID when set, globally otherwise.
import { commands } from "../commands/index.js";
import { ConfigError, loadConfig, loadDotEnv, requireDiscord } from "./config.js";
import { StartupError } from "./discord/connection.js";
import { deployCommands } from "./discord/deploy.js";
import { createLogger } from "./log.js";
import { errorMessage } from "./errors.js";

try {
  loadDotEnv();
  const config = loadConfig();
  const discord = requireDiscord(config, ["token", "clientId"]);
  const log = createLogger(config.logLevel);
  const deployed = await deployCommands(
    discord,
    commands.map((c) => c.data),
  );
  log.info(
    { scope: discord.guildId ? `guild ${discord.guildId}` : "global", commands: deployed.map((c) => c.name) },
    "Commands deployed",
  );
} catch (err) {
  if (err instanceof ConfigError || err instanceof StartupError) process.stderr.write(`${err.message}\n`);
  else process.stderr.write(`Deploying commands failed: ${errorMessage(err)}\n`);
  process.exitCode = 1;
}
