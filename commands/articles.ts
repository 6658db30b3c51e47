// The article option shared by /brief and /quotes: autocomplete over titles (value = article id)
// and the lookup that turns the submitted value back into an article. The value is checked again
// (src/library/lookup.ts) because a user can submit free text instead of picking a suggestion.
import { ApplicationCommandOptionType } from "discord.js";
import { LIMITS, truncate, type StringChoice } from "../src/discord/limits.js";
import { escapeMarkdown } from "../src/discord/render.js";
import type { Corpus, CorpusEntry } from "../src/library/corpus.js";
import { lookUpArticle } from "../src/library/lookup.js";

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
  return (await corpus.suggest(typed, LIMITS.autocomplete.choices)).map(({ id, title }) => ({
    name: title,
    value: id,
  }));
}

export type Lookup = { entry: CorpusEntry } | { problem: string };

/** An id picks that article, other text is a search, nothing picks the newest; a weak match is refused with the closest titles. */
export async function findArticle(corpus: Corpus, value: string | undefined): Promise<Lookup> {
  const found = await lookUpArticle(corpus, value);
  switch (found.kind) {
    case "found":
      return { entry: found.entry };
    case "empty":
      return { problem: EMPTY_CORPUS };
    case "none":
      return {
        problem: `No stored article ${found.asId ? "has the id" : "matches"} “${shown(found.wanted)}”. Pick one of the suggestions, or see /headlines.`,
      };
    case "weak": {
      const closest = found.suggestions.map(
        ({ article }) => `• ${escapeMarkdown(truncate(article.title, 100))} (\`${article.id}\`)`,
      );
      return {
        problem: [
          `Nothing stored matches “${shown(found.wanted)}” well. The closest articles:`,
          ...closest,
          "Pick one of the suggestions as you type, or try other words.",
        ].join("\n"),
      };
    }
  }
}

function shown(wanted: string): string {
  return escapeMarkdown(truncate(wanted, 100));
}
