// The article option shared by /brief and /quotes: autocomplete over titles (value = article id)
// and the lookup that turns the submitted value back into an article. The value is checked again
// by the corpus because a user can submit free text instead of picking a suggestion.
import { ApplicationCommandOptionType } from "discord.js";
import { LIMITS, truncate, type StringChoice } from "../src/discord/limits.js";
import { escape } from "../src/discord/render.js";
import { looksLikeId, type Corpus, type CorpusEntry } from "../src/library/corpus.js";

/** The `article` option of /brief and /quotes: the same wording and autocomplete in both. */
export const articleOption = {
  type: ApplicationCommandOptionType.String,
  name: "article",
  description: "Start typing a headline (the newest article if left out)",
  autocomplete: true,
} as const;

export const EMPTY_CORPUS = "No articles are stored yet, so there is nothing to show.";

/** Newest articles while nothing is typed, ranked title/body matches after. */
export async function articleChoices(corpus: Corpus, typed: string): Promise<StringChoice[]> {
  return (await corpus.suggest(typed, LIMITS.autocomplete.choices)).map(({ id, title }) => ({ name: title, value: id }));
}

export type Lookup = { entry: CorpusEntry } | { problem: string };

/** An id picks that article, other text is a search, nothing picks the newest. */
export async function findArticle(corpus: Corpus, value: string | undefined): Promise<Lookup> {
  const entry = await corpus.find(value);
  if (entry) return { entry };
  if (corpus.size === 0) return { problem: EMPTY_CORPUS };
  const wanted = value?.trim() ?? "";
  const shown = escape(truncate(wanted, 100));
  return { problem: `No stored article ${looksLikeId(wanted) ? "has the id" : "matches"} “${shown}”. Pick one of the suggestions, or see /headlines.` };
}
