// /quotes [article] [speaker]: who said what in one article, or everything one speaker said
// across the stored articles, newest first. Long lists are paginated across embeds and messages.
import { ApplicationCommandOptionType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from "discord.js";
import { LIMITS, type StringChoice } from "../src/discord/limits.js";
import { articleQuoteLine, escapeMarkdown, paginate, speakerQuoteLine } from "../src/discord/render.js";
import { notice, reply, type Focused, type OptionsOf, type Reply } from "../src/discord/router.js";
import { articleChoices, articleOption, EMPTY_CORPUS, findArticle } from "./articles.js";
import type { CommandContext } from "./context.js";

export const data = {
  name: "quotes",
  description: "Who said what in an article, or everything one person said",
  options: [
    articleOption,
    {
      type: ApplicationCommandOptionType.String,
      name: "speaker",
      description: "Start typing a name: their quotes across all articles",
      autocomplete: true,
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export function execute({ article, speaker }: OptionsOf<typeof data>, ctx: CommandContext): Promise<Reply> {
  return speaker?.trim() ? bySpeaker(speaker.trim(), article, ctx) : inArticle(article, ctx);
}

async function inArticle(value: string | undefined, { corpus }: CommandContext): Promise<Reply> {
  const found = await findArticle(corpus, value);
  if ("problem" in found) return notice(found.problem);
  const { article, briefing } = found.entry;
  const [first, ...rest] = paginate(`Who said what: ${article.title}`, briefing.quotes.map(articleQuoteLine));
  return first ? reply(first, ...rest) : notice(`No quotes were found in “${escapeMarkdown(article.title)}”.`);
}

/** With an article as well, only what the speaker said there. */
async function bySpeaker(
  speaker: string,
  articleValue: string | undefined,
  { corpus }: CommandContext,
): Promise<Reply> {
  if (corpus.size === 0) return notice(EMPTY_CORPUS);
  let quotes = await corpus.speakers.quotesBy(speaker);
  if (articleValue?.trim()) {
    const found = await findArticle(corpus, articleValue);
    if ("problem" in found) return notice(found.problem);
    quotes = quotes.filter((q) => q.articleId === found.entry.article.id);
  }
  const lines = quotes.map(({ quote, article }) => speakerQuoteLine(quote, article));
  const name = (await corpus.speakers.name(speaker)) ?? speaker;
  const [first, ...rest] = paginate(`What ${name} said`, lines);
  return first
    ? reply(first, ...rest)
    : notice(`No stored quotes by “${escapeMarkdown(name)}”${articleValue?.trim() ? " in that article" : ""}.`);
}

export async function autocomplete(focused: Focused, { corpus }: CommandContext): Promise<StringChoice[]> {
  if (focused.name === "article") return articleChoices(corpus, focused.value);
  return (await corpus.speakers.lookup(focused.value, LIMITS.autocomplete.choices)).map((s) => ({
    name: `${s.name}${s.roles[0] ? `, ${s.roles[0]}` : ""} (${s.quoteCount} quote${s.quoteCount === 1 ? "" : "s"})`,
    value: s.key,
  }));
}
