// Discord's size limits, and the one place that applies them. Every payload the bot sends (reply,
// edit, follow-up, channel post, autocomplete answer) passes through fitMessage or fitChoices, so
// no article text, however long or hostile, can make Discord reject a reply or ping anyone.
import type { APIApplicationCommandOptionChoice, APIEmbed, APIEmbedField } from "discord.js";

export const LIMITS = {
  content: 2000,
  embedsPerMessage: 10,
  embed: {
    title: 256,
    description: 4096,
    fields: 25,
    fieldName: 256,
    fieldValue: 1024,
    footer: 2048,
    author: 256,
    /** Title, description, field names and values, footer and author name, summed over a message's embeds. */
    total: 6000,
  },
  autocomplete: { choices: 25, nameMax: 100, valueMax: 100 },
} as const;

const ELLIPSIS = "…";
/** Discord rejects an empty field name or value; a zero-width space is the conventional blank. */
const BLANK = "\u200b";

/**
 * Cuts `text` to at most `max` UTF-16 units, ending in "…" when cut. Discord counts characters;
 * UTF-16 units are never fewer, so a fitted string is always within the limit. A surrogate pair
 * is never split.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return "";
  let cut = max - ELLIPSIS.length;
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return text.slice(0, cut).trimEnd() + ELLIPSIS;
}

/** The characters of an embed that count towards the 6000 total. */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0)
  );
}

function fitField(field: APIEmbedField): APIEmbedField {
  return {
    ...field,
    name: truncate(field.name, LIMITS.embed.fieldName) || BLANK,
    value: truncate(field.value, LIMITS.embed.fieldValue) || BLANK,
  };
}

/** One embed within every per-field bound. */
export function fitEmbed(embed: APIEmbed): APIEmbed {
  const fitted: APIEmbed = { ...embed };
  if (embed.title !== undefined) fitted.title = truncate(embed.title, LIMITS.embed.title);
  if (embed.description !== undefined) fitted.description = truncate(embed.description, LIMITS.embed.description);
  if (embed.footer) fitted.footer = { ...embed.footer, text: truncate(embed.footer.text, LIMITS.embed.footer) };
  if (embed.author) fitted.author = { ...embed.author, name: truncate(embed.author.name, LIMITS.embed.author) };
  if (embed.fields) fitted.fields = embed.fields.slice(0, LIMITS.embed.fields).map(fitField);
  return fitted;
}

/**
 * Shrinks an embed to at most `budget` counted characters: fields go from the end first, then the
 * description is cut, then footer and author go, then the title is cut. Undefined when nothing fits.
 */
function shrinkEmbed(embed: APIEmbed, budget: number): APIEmbed | undefined {
  const shrunk: APIEmbed = { ...embed, fields: [...(embed.fields ?? [])] };
  while (embedLength(shrunk) > budget && shrunk.fields && shrunk.fields.length > 0) shrunk.fields.pop();
  if (shrunk.fields?.length === 0) delete shrunk.fields;
  const excess = () => embedLength(shrunk) - budget;
  if (excess() > 0 && shrunk.description) {
    shrunk.description = truncate(shrunk.description, Math.max(0, shrunk.description.length - excess()));
    if (!shrunk.description) delete shrunk.description;
  }
  if (excess() > 0 && shrunk.footer) delete shrunk.footer;
  if (excess() > 0 && shrunk.author) delete shrunk.author;
  if (excess() > 0 && shrunk.title) shrunk.title = truncate(shrunk.title, Math.max(0, shrunk.title.length - excess()));
  const empty = !shrunk.title && !shrunk.description && !shrunk.fields && !shrunk.footer && !shrunk.author;
  return excess() > 0 || empty ? undefined : shrunk;
}

export interface OutgoingMessage {
  content?: string;
  embeds?: APIEmbed[];
}

/** What every send, edit and follow-up carries: fitted content and embeds, and no mentions at all. */
export interface FittedMessage {
  content?: string;
  embeds: APIEmbed[];
  allowedMentions: { parse: [] };
}

/**
 * Applies every message limit: content, per-embed bounds, embed count and the 6000 total (later
 * embeds are shrunk or dropped first). A message left with nothing to show gets a placeholder,
 * because Discord rejects empty messages.
 */
export function fitMessage(message: OutgoingMessage): FittedMessage {
  const embeds: APIEmbed[] = [];
  let budget = LIMITS.embed.total;
  for (const embed of (message.embeds ?? []).slice(0, LIMITS.embedsPerMessage)) {
    const fitted = fitEmbed(embed);
    const kept = embedLength(fitted) <= budget ? fitted : shrinkEmbed(fitted, budget);
    if (!kept) break;
    embeds.push(kept);
    budget -= embedLength(kept);
  }
  const content = message.content === undefined ? undefined : truncate(message.content, LIMITS.content);
  return {
    ...(content || embeds.length === 0 ? { content: content || ELLIPSIS } : {}),
    embeds,
    allowedMentions: { parse: [] },
  };
}

export type StringChoice = APIApplicationCommandOptionChoice<string>;

/**
 * At most 25 choices with names of 1–100 characters. A value longer than 100 cannot be cut
 * (it is an id the command looks up), so such a choice is dropped rather than sent broken.
 */
export function fitChoices(choices: readonly StringChoice[]): StringChoice[] {
  return choices
    .filter((c) => c.value.length > 0 && c.value.length <= LIMITS.autocomplete.valueMax)
    .slice(0, LIMITS.autocomplete.choices)
    .map((c) => ({
      name: truncate(c.name.trim(), LIMITS.autocomplete.nameMax) || truncate(c.value, LIMITS.autocomplete.nameMax),
      value: c.value,
    }));
}
