// Command registration: one bulk PUT of the whole command list, to one guild (instant, for
// development) or globally (for release). Run by `npm run deploy-commands`, never on ready.
import { REST, Routes, type APIApplicationCommand } from "discord.js";
import { explainDiscordFailure } from "./connection.js";
import type { CommandDefinition } from "./router.js";

export interface DeployTarget {
  token: string;
  clientId: string;
  guildId?: string;
  apiUrl?: string;
}

export async function deployCommands(
  target: DeployTarget,
  definitions: readonly CommandDefinition[],
): Promise<APIApplicationCommand[]> {
  const rest = new REST(target.apiUrl ? { api: target.apiUrl } : {}).setToken(target.token);
  const route = target.guildId
    ? Routes.applicationGuildCommands(target.clientId, target.guildId)
    : Routes.applicationCommands(target.clientId);
  try {
    return (await rest.put(route, { body: definitions })) as APIApplicationCommand[];
  } catch (error) {
    throw explainDiscordFailure(error, target.apiUrl);
  }
}
