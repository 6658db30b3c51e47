// What search matches on, computed once per article and per query so both backends agree: the
// content stems of the title and topics (weighted above the body), the body's stems, and the
// title's plain words, which the word still being typed matches by prefix, as autocomplete needs.
// The stores index these strings with a plain whitespace tokenizer and rank them (bm25, ts_rank).
import { contentStems, tokenize } from "./text.js";

/** The shortest partial word worth prefix-matching; one letter matches half the vocabulary. */
const MIN_PREFIX = 2;

/** An article's searchable text, as space-separated terms. */
export interface SearchText {
  /** Stems of the title and topic words. */
  heading: string;
  body: string;
  /** The title's distinct lower-case words. */
  titleWords: string;
}

export function searchText(title: string, paragraphs: readonly string[], topics: readonly string[] = []): SearchText {
  return {
    heading: contentStems([title, ...topics].join("\n")).join(" "),
    body: paragraphs.map((p) => contentStems(p).join(" ")).join(" "),
    titleWords: [...new Set(tokenize(title))].join(" "),
  };
}

/** A query as the stores take it: any of `stems`, or a title word starting with `typing`. */
export interface SearchQuery {
  stems: string[];
  typing?: string;
}

export function searchQuery(query: string): SearchQuery {
  const stems = [...new Set(contentStems(query))];
  const typing = tokenize(query).at(-1);
  return typing && typing.length >= MIN_PREFIX && !/\s$/.test(query) ? { stems, typing } : { stems };
}

/** The stems an article must all contain to be about `topic`; empty means any article. */
export function topicStems(topic: string): string[] {
  return [...new Set(contentStems(topic))];
}
