// The headline module's discord.js side: the poster adapter (headline → fitted embed → POST with
// a nonce, Discord errors → post outcomes through the one shared mapping), the permission check
// /subscribe makes before accepting a channel, the shard's guild filter, and the channelDelete /
// guildDelete listeners that turn lost channels and servers into subscription states.
import {
  DiscordAPIError,
  Events,
  HTTPError,
  PermissionFlagsBits,
  Routes,
  type APIMessage,
  type Channel,
  type Client,
  type Guild,
  type GuildBasedChannel,
  type GuildMember,
  type RESTPostAPIChannelMessageJSONBody,
} from "discord.js";
import { fitMessage } from "../discord/limits.js";
import { discordOutcome } from "../discord/outcomes.js";
import { headlineEmbed } from "../discord/render.js";
import type { Logger } from "../log.js";
import type { Headline } from "../library/headline.js";
import type { HeadlinePoster, PostOutcome } from "./poster.js";
import type { SubscriptionStore } from "./subscriptions.js";
import { errorMessage } from "../errors.js";

/** What the bot needs in a channel to post a headline: without Embed Links the embed is dropped. */
const POST_PERMISSIONS = [
  ["View Channel", PermissionFlagsBits.ViewChannel],
  ["Send Messages", PermissionFlagsBits.SendMessages],
  ["Embed Links", PermissionFlagsBits.EmbedLinks],
] as const;

/** The permissions `me` (the bot's member) lacks to post headlines in `channel`, by name; empty when none. */
export function missingPostPermissions(channel: GuildBasedChannel, me: GuildMember): string[] {
  const granted = channel.permissionsFor(me);
  return POST_PERMISSIONS.filter(([, flag]) => !granted.has(flag, true)).map(([name]) => name);
}

export class DiscordHeadlinePoster implements HeadlinePoster {
  constructor(private readonly client: Client) {}

  async post(channelId: string, headline: Headline, nonce: string): Promise<PostOutcome> {
    // Known from the gateway cache: a channel the bot can no longer post to is not asked at all,
    // since every refused request counts towards Discord's invalid-request ban.
    const cached = this.client.channels.cache.get(channelId);
    const channel = cached && !cached.isDMBased() ? cached : undefined;
    const me = channel?.guild.members.me;
    const missing = channel && me ? missingPostPermissions(channel, me) : [];
    if (missing.length > 0) return { status: "missing-permissions", detail: `missing ${missing.join(", ")}` };

    const fitted = fitMessage({ embeds: [headlineEmbed(headline)] });
    const body: RESTPostAPIChannelMessageJSONBody = {
      embeds: fitted.embeds,
      allowed_mentions: fitted.allowedMentions,
      nonce,
      enforce_nonce: true,
    };
    try {
      const message = (await this.client.rest.post(Routes.channelMessages(channelId), { body })) as APIMessage;
      return { status: "sent", messageId: message.id };
    } catch (error) {
      const outcome = discordOutcome(error);
      const detail = describe(error);
      if (outcome === "missing-permissions" || outcome === "missing-channel" || outcome === "bad-format")
        return { status: outcome, detail };
      // 429 and 5xx, and anything unrecognised (a network failure): discord.js already retried
      // with the same nonce, so nothing was posted; a later tick tries again.
      return { status: "retry-later", detail };
    }
  }
}

function describe(error: unknown): string {
  if (error instanceof DiscordAPIError) return `${error.status} ${error.code}: ${error.message}`;
  if (error instanceof HTTPError) return `${error.status} ${error.message}`;
  return errorMessage(error);
}

/** Is this process connected to the guild? With several shards, each serves only its own. */
export function servesGuild(client: Client): (guildId: string) => boolean {
  return (guildId) => client.guilds.cache.get(guildId)?.available === true;
}

/**
 * Marks subscriptions when Discord says their channel or server is gone: a deleted channel is a
 * missing channel; leaving or being removed from a server stops its subscriptions. Neither deletes
 * them, so a server that re-adds the bot finds its configuration listed. Returns the remover.
 */
export function watchSubscriptionTargets(
  client: Client,
  subscriptions: SubscriptionStore,
  log: Logger,
  now: () => Date = () => new Date(),
): () => void {
  const onChannelDelete = (channel: Channel): void => {
    subscriptions
      .markFailed(channel.id, "missing-channel", { at: now(), detail: "the channel was deleted" })
      .then((marked) => marked && log.info({ channelId: channel.id }, "Subscribed channel deleted"))
      .catch((err: unknown) => log.error({ err, channelId: channel.id }, "Could not mark a deleted channel"));
  };
  const onGuildDelete = (guild: Guild): void => {
    subscriptions
      .markGuildGone(guild.id, now())
      .then((marked) => marked > 0 && log.info({ guildId: guild.id, marked }, "Left a server with subscriptions"))
      .catch((err: unknown) => log.error({ err, guildId: guild.id }, "Could not mark a left server's subscriptions"));
  };
  client.on(Events.ChannelDelete, onChannelDelete);
  client.on(Events.GuildDelete, onGuildDelete);
  return () => {
    client.off(Events.ChannelDelete, onChannelDelete);
    client.off(Events.GuildDelete, onGuildDelete);
  };
}
