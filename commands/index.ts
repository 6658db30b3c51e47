// The one list of slash commands. The bot's router and the deploy script both take it from here,
// so what is deployed and what is answered can never drift apart.
import type { Command } from "../src/discord/router.js";
import * as brief from "./brief.js";
import type { CommandContext } from "./context.js";
import * as headlines from "./headlines.js";
import * as quotes from "./quotes.js";
import * as subscribe from "./subscribe.js";
import * as subscriptions from "./subscriptions.js";
import * as unsubscribe from "./unsubscribe.js";

export type { CommandContext } from "./context.js";

export const commands: readonly Command<CommandContext>[] = [
  brief,
  quotes,
  headlines,
  subscribe,
  unsubscribe,
  subscriptions,
];
