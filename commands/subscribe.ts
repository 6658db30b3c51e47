// /subscribe [channel] [topic]: post new headlines to a channel on the schedule (admins only).
// Subscribing a channel again changes its topic and re-enables it after a failure; either way
// only articles the bot sees from now on are posted, so the channel is never flooded.
import {
  ApplicationCommandOptionType,
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
  type ChatInputCommandInteraction,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import { escapeMarkdown } from "../src/discord/render.js";
import { notice, type OptionsOf, type Reply } from "../src/discord/router.js";
import { missingPostPermissions } from "../src/headlines/discord.js";
import type { CommandContext } from "./context.js";
import { stateLabel } from "./subscriptions.js";

const TOPIC_MAX = 100;

export const data = {
  name: "subscribe",
  description: "Post new headlines to a channel as they arrive",
  default_member_permissions: String(PermissionFlagsBits.ManageGuild),
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: ApplicationCommandOptionType.Channel,
      name: "channel",
      description: "Where to post (this channel if left out)",
      channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
    },
    {
      type: ApplicationCommandOptionType.String,
      name: "topic",
      description: "Only articles matching all of these words (every article if left out)",
      max_length: TOPIC_MAX,
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** Every answer is a private notice, so a deferral must be private too (see Command.ephemeral). */
export const ephemeral = true;

export async function execute(
  { channel, topic }: OptionsOf<typeof data>,
  { subscriptions, corpus, schedule }: CommandContext,
  interaction: ChatInputCommandInteraction,
): Promise<Reply> {
  if (!interaction.inCachedGuild()) return notice("Headline subscriptions are set up inside a server.");
  const channelId = channel ?? interaction.channelId;
  const target = interaction.guild.channels.cache.get(channelId);
  if (!target?.isTextBased() || target.isVoiceBased() || target.isThread()) {
    return notice("Headlines can be posted to text and announcement channels only.");
  }
  // Without the bot's own member (not cached, and Discord would not give it) the check is skipped:
  // a post refused later still becomes a "missing permissions" state, never a crash.
  const me = interaction.guild.members.me ?? (await interaction.guild.members.fetchMe().catch(() => undefined));
  const missing = me ? missingPostPermissions(target, me) : [];
  if (missing.length > 0) {
    return notice(
      `I cannot post in <#${channelId}>: I am missing ${missing.map((m) => `**${m}**`).join(", ")} there. Grant ${missing.length > 1 ? "them" : "it"} and run /subscribe again.`,
    );
  }

  const wanted = topic?.trim() || undefined;
  const { subscription, previous } = await subscriptions.subscribe({
    guildId: interaction.guildId,
    channelId,
    ...(wanted ? { topic: wanted } : {}),
    by: interaction.user.id,
  });
  const what = subscription.topic ? `headlines about **${escapeMarkdown(subscription.topic)}**` : "every new headline";
  const lines = [
    previous
      ? `Updated <#${channelId}>: it now gets ${what}${previous.state === "active" ? "" : ` (re-enabled; it was ${stateLabel(previous.state)})`}.`
      : `Subscribed <#${channelId}> to ${what}.`,
    `Articles are checked on the schedule \`${schedule.cron}\`, with at most ${schedule.perTick} posts per check; only articles that arrive from now on are posted.`,
  ];
  if (subscription.topic && (await corpus.newest(1, subscription.topic)).length === 0) {
    lines.push("No stored article matches this topic yet, so posts will start when one does.");
  }
  return notice(lines.join("\n"));
}
