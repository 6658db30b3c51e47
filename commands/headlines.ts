// /headlines [topic] [count]: the newest stored headlines, optionally only those about a topic.
import { ApplicationCommandOptionType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from "discord.js";
import { escapeMarkdown, headlinesEmbed } from "../src/discord/render.js";
import { notice, reply, type OptionsOf, type Reply } from "../src/discord/router.js";
import { EMPTY_CORPUS } from "./articles.js";
import type { CommandContext } from "./context.js";

const MAX_COUNT = 10;
const DEFAULT_COUNT = 5;

export const data = {
  name: "headlines",
  description: "The newest stored headlines",
  options: [
    { type: ApplicationCommandOptionType.String, name: "topic", description: "Only headlines about these words" },
    {
      type: ApplicationCommandOptionType.Integer,
      name: "count",
      description: `How many (1–${MAX_COUNT}, ${DEFAULT_COUNT} if left out)`,
      min_value: 1,
      max_value: MAX_COUNT,
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export async function execute(
  { topic, count = DEFAULT_COUNT }: OptionsOf<typeof data>,
  { corpus }: CommandContext,
): Promise<Reply> {
  if (corpus.size === 0) return notice(EMPTY_CORPUS);
  const wanted = topic?.trim() || undefined;
  // Discord enforces the range for the client; the value is clamped again as the guide advises.
  const entries = await corpus.newest(Math.min(MAX_COUNT, Math.max(1, Math.trunc(count))), wanted);
  if (entries.length === 0) return notice(`No stored headlines are about “${escapeMarkdown(wanted ?? "")}”.`);
  return reply({
    embeds: [
      headlinesEmbed(
        entries.map((e) => e.article),
        wanted,
      ),
    ],
  });
}
