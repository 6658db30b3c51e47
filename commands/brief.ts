// /brief [article] [length]: an article's summary as bullet points, with up to three key quotes.
import { ApplicationCommandOptionType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from "discord.js";
import { briefingEmbed } from "../src/discord/render.js";
import { notice, reply, type Focused, type OptionsOf, type Reply } from "../src/discord/router.js";
import type { StringChoice } from "../src/discord/limits.js";
import { articleChoices, articleOption, findArticle } from "./articles.js";
import type { CommandContext } from "./context.js";

export const data = {
  name: "brief",
  description: "Brief a stored article: key points and who said what",
  options: [
    articleOption,
    {
      type: ApplicationCommandOptionType.String,
      name: "length",
      description: "How long the summary is (standard if left out)",
      choices: [
        { name: "short", value: "short" },
        { name: "standard", value: "standard" },
        { name: "long", value: "long" },
      ],
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export async function execute(
  { article, length = "standard" }: OptionsOf<typeof data>,
  { corpus }: CommandContext,
): Promise<Reply> {
  const found = await findArticle(corpus, article);
  if ("problem" in found) return notice(found.problem);
  const { article: a, briefing } = found.entry;
  return reply({ embeds: [briefingEmbed(a, briefing.summary[length], briefing.keyQuotes, length)] });
}

export function autocomplete(focused: Focused, { corpus }: CommandContext): Promise<StringChoice[]> {
  return articleChoices(corpus, focused.value);
}
