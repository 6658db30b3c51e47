// /subscriptions: every headline subscription of the server, for anyone to see (ephemerally):
// channel, topic, whether it still posts (and if not, why and since when), and the last post.
// Answering "why did my headlines stop?" in the server itself is the point of the states.
import {
  InteractionContextType,
  type ChatInputCommandInteraction,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import { escapeMarkdown, paginate } from "../src/discord/render.js";
import { notice, type Reply } from "../src/discord/router.js";
import type { Subscription, SubscriptionState } from "../src/headlines/subscriptions.js";
import type { CommandContext } from "./context.js";

export const data = {
  name: "subscriptions",
  description: "The channels that get headlines here, and whether they still do",
  contexts: [InteractionContextType.Guild],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** Every answer is private, so a deferral must be private too (see Command.ephemeral). */
export const ephemeral = true;

const STATE_LABELS: Record<SubscriptionState, string> = {
  active: "active",
  "missing-permissions": "missing permissions",
  "missing-channel": "missing channel",
  "bad-format": "bad format",
};

const REMEDIES: Record<Exclude<SubscriptionState, "active">, string> = {
  "missing-permissions": "give me View Channel, Send Messages and Embed Links there, then /subscribe again",
  "missing-channel": "/unsubscribe it, or /subscribe another channel",
  "bad-format": "/subscribe again to retry",
};

export function stateLabel(state: SubscriptionState): string {
  return STATE_LABELS[state];
}

/** Discord shows `<t:…>` in each reader's own time zone and language. */
function when(iso: string): string {
  return `<t:${Math.floor(Date.parse(iso) / 1000)}:f>`;
}

function subscriptionLine(s: Subscription): string {
  const topic = s.topic ? `topic **${escapeMarkdown(s.topic)}**` : "every article";
  const state =
    s.state === "active"
      ? "✅ active"
      : `⚠️ **${STATE_LABELS[s.state]}**${s.failure ? ` since ${when(s.failure.at)} (${escapeMarkdown(s.failure.detail)})` : ""}: ${REMEDIES[s.state]}`;
  const last = s.lastPost ? `last post ${when(s.lastPost.at)}` : "no post yet";
  return `<#${s.channelId}> · ${topic}\n${state} · ${last}`;
}

export async function execute(
  _args: Record<string, never>,
  { subscriptions, schedule }: CommandContext,
  interaction: ChatInputCommandInteraction,
): Promise<Reply> {
  if (!interaction.guildId) return notice("Headline subscriptions belong to a server; run this inside one.");
  const found = await subscriptions.list(interaction.guildId);
  if (found.length === 0) return notice("No channel here gets headlines yet. An admin can start with /subscribe.");
  const messages = paginate(`Headline subscriptions (${found.length})`, [
    ...found.map(subscriptionLine),
    `-# Checked on the schedule \`${schedule.cron}\`, at most ${schedule.perTick} posts per channel each time.`,
  ]);
  // paginate returns at least one message for a non-empty list of lines.
  return { messages: messages as Reply["messages"], ephemeral: true };
}
