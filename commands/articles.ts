// The article option shared by /brief and /quotes: autocomplete over titles (value = article id)
// and the lookup that turns the submitted value back into an article. The value is checked again
// here because a user can submit free text instead of picking a suggestion.
import { articleIdSchema } from "../src/articles/article.js";
import { LIMITS, truncate, type StringChoice } from "../src/discord/limits.js";
import { escape } from "../src/discord/render.js";
import type { Corpus, CorpusEntry } from "../src/library/corpus.js";

export const EMPTY_CORPUS = "No articles are stored yet, so there is nothing to show.";

/** Newest articles while nothing is typed, ranked title/body matches after. */
export function articleChoices(corpus: Corpus, typed: string): StringChoice[] {
  const entries = typed.trim() ? corpus.search(typed, LIMITS.autocomplete.choices) : corpus.newest(LIMITS.autocomplete.choices);
  return entries.map(({ article }) => ({ name: article.title, value: article.id }));
}

/**
 * A slug such as "us-china-talks" is meant as an id, so an unknown one is reported rather than
 * searched for (which would brief some other article); a word or phrase is a search.
 */
function looksLikeId(value: string): boolean {
  return /[-_.]/.test(value) && articleIdSchema.safeParse(value).success;
}

export type Lookup = { entry: CorpusEntry } | { problem: string };

/** An id picks that article, other text is a search, nothing picks the newest. */
export function findArticle(corpus: Corpus, value: string | undefined): Lookup {
  const wanted = value?.trim() ?? "";
  const isId = looksLikeId(wanted);
  const entry = !wanted ? corpus.newest(1)[0] : (corpus.get(wanted) ?? (isId ? undefined : corpus.search(wanted, 1)[0]));
  if (entry) return { entry };
  if (corpus.size === 0) return { problem: EMPTY_CORPUS };
  const shown = escape(truncate(wanted, 100));
  return { problem: `No stored article ${isId ? "has the id" : "matches"} “${shown}”. Pick one of the suggestions, or see /headlines.` };
}
