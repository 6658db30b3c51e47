// /unsubscribe [channel]: stop a channel's headlines and forget its subscription (admins only).
// The option is text with autocomplete over the server's subscriptions rather than a channel
// picker, because the subscription most in need of removal is often one whose channel was
// deleted, and Discord's picker cannot offer a deleted channel.
import {
  ApplicationCommandOptionType,
  InteractionContextType,
  PermissionFlagsBits,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import type { StringChoice } from "../src/discord/limits.js";
import { escapeMarkdown } from "../src/discord/render.js";
import { notice, type Focused, type OptionsOf, type Reply } from "../src/discord/router.js";
import type { Subscription } from "../src/headlines/subscriptions.js";
import type { CommandContext } from "./context.js";

export const data = {
  name: "unsubscribe",
  description: "Stop posting headlines to a channel",
  default_member_permissions: String(PermissionFlagsBits.ManageGuild),
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: "channel",
      description: "A subscribed channel (this channel if left out)",
      autocomplete: true,
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** Every answer is a private notice, so a deferral must be private too (see Command.ephemeral). */
export const ephemeral = true;

type GuildInteraction = Pick<ChatInputCommandInteraction | AutocompleteInteraction, "guild">;

/** "#name", or a note that the channel no longer exists. */
function channelName(s: Subscription, interaction: GuildInteraction): string {
  const channel = interaction.guild?.channels.cache.get(s.channelId);
  return channel ? `#${channel.name}` : `deleted channel ${s.channelId}`;
}

/** The subscription the submitted text names: a picked id, a <#mention>, or a channel name. */
function pick(found: readonly Subscription[], typed: string, interaction: GuildInteraction): Subscription | undefined {
  const text = typed.trim();
  const id = /^<#(\d+)>$/.exec(text)?.[1] ?? text;
  const name = text.replace(/^#/, "").toLowerCase();
  return (
    found.find((s) => s.channelId === id) ??
    found.find((s) => interaction.guild?.channels.cache.get(s.channelId)?.name.toLowerCase() === name)
  );
}

export async function execute(
  { channel }: OptionsOf<typeof data>,
  { subscriptions }: CommandContext,
  interaction: ChatInputCommandInteraction,
): Promise<Reply> {
  if (!interaction.guildId) return notice("Headline subscriptions belong to a server; run this inside one.");
  const found = await subscriptions.list(interaction.guildId);
  const target =
    channel === undefined
      ? found.find((s) => s.channelId === interaction.channelId)
      : pick(found, channel, interaction);
  if (!target) {
    const asked = channel === undefined ? "This channel" : `“${escapeMarkdown(channel)}”`;
    return notice(`${asked} has no headline subscription here. /subscriptions lists the ones that exist.`);
  }
  const removed = await subscriptions.unsubscribe(interaction.guildId, target.channelId);
  return notice(
    removed
      ? `<#${target.channelId}> will get no more headlines.`
      : `<#${target.channelId}> had already been unsubscribed.`,
  );
}

export async function autocomplete(
  focused: Focused,
  { subscriptions }: CommandContext,
  interaction: AutocompleteInteraction,
): Promise<StringChoice[]> {
  if (!interaction.guildId) return [];
  const typed = focused.value.trim().replace(/^#/, "").toLowerCase();
  return (await subscriptions.list(interaction.guildId))
    .map((s) => ({ name: `${channelName(s, interaction)}${s.topic ? ` · ${s.topic}` : ""}`, value: s.channelId }))
    .filter((c) => c.name.toLowerCase().includes(typed) || c.value === typed);
}
