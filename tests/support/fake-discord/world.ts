// The fake Discord's world: the bot user, guilds with channels, roles and permission overwrites,
// and the gateway payloads (READY, GUILD_CREATE, INTERACTION_CREATE) built from them. Field
// choices follow /work/shared/notes/discord.md §3: the bold fields there are the ones discord.js
// needs, the rest keep the payloads valid against discord-api-types.
import {
  ChannelType,
  type ApplicationFlags,
  type GuildMemberFlags,
  type GuildSystemChannelFlags,
  type RoleFlags,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildVerificationLevel,
  type InteractionType,
  Locale,
  PermissionFlagsBits,
  type APIApplicationCommandInteractionDataOption,
  type APIChatInputApplicationCommandInteractionData,
  type APIGuildMember,
  type APIInteraction,
  type APIOverwrite,
  type APIRole,
  type APITextChannel,
  type APIUser,
  type GatewayGuildCreateDispatchData,
  type GatewayReadyDispatchData,
} from "discord-api-types/v10";

/** Flag fields are bit sets typed as enums; an empty set is 0, which no enum member names. */
const NO_FLAGS = 0;
const DISCORD_EPOCH = 1_420_070_400_000n;
let increment = 0n;

/** A 17–19 digit snowflake carrying the current time, as @discordjs/rest and discord.js expect. */
export function snowflake(): string {
  increment = (increment + 1n) % 4096n;
  return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | increment).toString();
}

export interface FakeChannel {
  id: string;
  name: string;
  /** Overwrites on @everyone (id = guild id) or the bot (id = bot user id); decide what the bot may do here. */
  permissionOverwrites?: APIOverwrite[];
}

export interface FakeGuild {
  id: string;
  name: string;
  channels: FakeChannel[];
  /** The @everyone role's permissions, which the bot has unless an overwrite says otherwise. */
  everyonePermissions?: bigint;
}

export const DEFAULT_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.ReadMessageHistory;

export function defaultGuilds(): FakeGuild[] {
  return [
    {
      id: snowflake(),
      name: "Newsroom",
      channels: [
        { id: snowflake(), name: "general" },
        { id: snowflake(), name: "headlines" },
      ],
    },
  ];
}

export function user(id: string, username: string, bot = false): APIUser {
  return { id, username, discriminator: "0", global_name: username, avatar: null, bot };
}

/** The bot's permissions in a channel: @everyone's, then the @everyone overwrite, then the bot's own. */
export function channelPermissions(guild: FakeGuild, channel: FakeChannel, botId: string): bigint {
  let permissions = guild.everyonePermissions ?? DEFAULT_PERMISSIONS;
  for (const targetId of [guild.id, botId]) {
    const overwrite = channel.permissionOverwrites?.find((o) => o.id === targetId);
    if (overwrite) permissions = (permissions & ~BigInt(overwrite.deny)) | BigInt(overwrite.allow);
  }
  return permissions;
}

export function readyPayload(
  bot: APIUser,
  applicationId: string,
  guilds: FakeGuild[],
  sessionId: string,
  gatewayUrl: string,
  shard: readonly [number, number],
): GatewayReadyDispatchData {
  return {
    v: 10,
    user: { ...bot, verified: true, mfa_enabled: false },
    guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
    session_id: sessionId,
    resume_gateway_url: gatewayUrl,
    shard: [shard[0], shard[1]],
    application: { id: applicationId, flags: NO_FLAGS as ApplicationFlags, flags_new: "0" },
  };
}

function everyoneRole(guild: FakeGuild): APIRole {
  return {
    id: guild.id,
    name: "@everyone",
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    position: 0,
    permissions: String(guild.everyonePermissions ?? DEFAULT_PERMISSIONS),
    managed: false,
    mentionable: false,
    flags: NO_FLAGS as RoleFlags,
  };
}

export function member(u: APIUser, joinedAt: string): APIGuildMember {
  return { user: u, roles: [], joined_at: joinedAt, deaf: false, mute: false, flags: NO_FLAGS as GuildMemberFlags };
}

export function textChannel(guild: FakeGuild, channel: FakeChannel, position: number): APITextChannel {
  return {
    id: channel.id,
    type: ChannelType.GuildText,
    guild_id: guild.id,
    name: channel.name,
    position,
    permission_overwrites: channel.permissionOverwrites ?? [],
    nsfw: false,
    parent_id: null,
    topic: null,
    last_message_id: null,
    rate_limit_per_user: 0,
  };
}

export function guildCreatePayload(
  guild: FakeGuild,
  bot: APIUser,
  ownerId: string,
  withBotMember = true,
): GatewayGuildCreateDispatchData {
  const joinedAt = new Date().toISOString();
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: GuildVerificationLevel.None,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.Disabled,
    roles: [everyoneRole(guild)],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: GuildMFALevel.None,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: NO_FLAGS as GuildSystemChannelFlags,
    rules_channel_id: null,
    vanity_url_code: null,
    premium_tier: GuildPremiumTier.None,
    preferred_locale: Locale.EnglishUS,
    public_updates_channel_id: null,
    nsfw_level: GuildNSFWLevel.Default,
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
    joined_at: joinedAt,
    large: false,
    unavailable: false,
    member_count: 2,
    members: withBotMember ? [member(bot, joinedAt)] : [],
    channels: guild.channels.map((c, i) => textChannel(guild, c, i)),
    threads: [],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

export interface InteractionTarget {
  guild: FakeGuild;
  channel: FakeChannel;
  user: APIUser;
  /** The invoking member's permissions (e.g. to exercise Manage Server commands). */
  memberPermissions: bigint;
}

export type OptionValue = string | number | boolean;

/** An option's type from its value: discord.js reads values, the fake only needs the type to match. */
function toOption(name: string, value: OptionValue, focused: boolean): APIApplicationCommandInteractionDataOption {
  const base = { name, ...(focused ? { focused: true } : {}) };
  if (typeof value === "string") return { ...base, type: 3, value };
  if (typeof value === "boolean") return { ...base, type: 5, value };
  return { ...base, type: Number.isInteger(value) ? 4 : 10, value };
}

export function interactionPayload(options: {
  type: InteractionType.ApplicationCommand | InteractionType.ApplicationCommandAutocomplete;
  id: string;
  token: string;
  applicationId: string;
  commandId: string;
  name: string;
  values: Record<string, OptionValue | undefined>;
  focused?: string;
  target: InteractionTarget;
  botPermissions: bigint;
}): APIInteraction {
  const { target } = options;
  const data: APIChatInputApplicationCommandInteractionData = {
    id: options.commandId,
    name: options.name,
    type: 1,
    options: Object.entries(options.values).flatMap(([name, value]) =>
      value === undefined ? [] : [toOption(name, value, name === options.focused)],
    ),
  };
  return {
    id: options.id,
    application_id: options.applicationId,
    type: options.type,
    token: options.token,
    version: 1,
    data,
    guild_id: target.guild.id,
    guild: { id: target.guild.id, features: [], locale: Locale.EnglishUS },
    channel: textChannel(target.guild, target.channel, 0),
    channel_id: target.channel.id,
    member: { ...member(target.user, new Date().toISOString()), permissions: String(target.memberPermissions) },
    app_permissions: String(options.botPermissions),
    locale: Locale.EnglishUS,
    guild_locale: Locale.EnglishUS,
    entitlements: [],
    authorizing_integration_owners: { 0: target.guild.id },
    context: 0,
    attachment_size_limit: 8 * 1024 * 1024,
    // One builder serves both interaction types; TypeScript cannot pick the union member from a
    // `type` that is itself a union, though each member's shape is exactly this.
  } as APIInteraction;
}
