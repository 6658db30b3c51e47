// What a user asked for → one article, or why not. An id picks that article and nothing picks the
// newest; search words pick a match only when it matches well, else the closest titles come back as
// suggestions. /brief, /quotes and the CLI all answer through this.
import type { Article } from "../articles/article.js";
import { contentStems } from "../analysis/text.js";
import { looksLikeId, type Corpus, type CorpusEntry } from "./corpus.js";

/** How many of the best-ranked results are checked for a good match, and offered as suggestions. */
const CANDIDATES = 5;
export const SUGGESTIONS = 3;

export type ArticleLookup =
  | { kind: "found"; entry: CorpusEntry }
  /** The corpus holds no articles at all. */
  | { kind: "empty" }
  /** An id that no article has, or search words no article contains. */
  | { kind: "none"; wanted: string; asId: boolean }
  /** Search words that the best results contain too few of; the closest titles, best first. */
  | { kind: "weak"; wanted: string; suggestions: CorpusEntry[] };

type LookupCorpus = Pick<Corpus, "size" | "newest" | "get" | "search">;

/**
 * The newest article with no value, an exact id, else the best of a search's first CANDIDATES
 * that matches well. A value shaped like an id ("us-china-talks") that is not one finds nothing,
 * rather than some other article that happens to share its words.
 */
export async function lookUpArticle(corpus: LookupCorpus, value: string | undefined): Promise<ArticleLookup> {
  if (corpus.size === 0) return { kind: "empty" };
  const wanted = value?.trim() ?? "";
  const exact = wanted ? await corpus.get(wanted) : (await corpus.newest(1))[0];
  if (exact) return { kind: "found", entry: exact };
  if (!wanted || looksLikeId(wanted)) return { kind: "none", wanted, asId: true };
  // One search serves both the pick and the suggestions.
  const candidates = await corpus.search(wanted, CANDIDATES);
  if (candidates.length === 0) return { kind: "none", wanted, asId: false };
  const good = candidates.find((c) => matchesWell(wanted, c.article));
  return good
    ? { kind: "found", entry: good }
    : { kind: "weak", wanted, suggestions: candidates.slice(0, SUGGESTIONS) };
}

/**
 * A match is good when the article contains all of the query's content words, or all but a third
 * of them for longer queries ("cricket world" needs both words; four words need three). The rule
 * reads the article, not the search's scores, so it holds whatever ranks the candidates.
 */
export function matchesWell(query: string, article: Pick<Article, "title" | "topics" | "paragraphs">): boolean {
  const wanted = new Set(contentStems(query));
  if (wanted.size === 0) return false;
  const allowedMissing = Math.floor(wanted.size / 3);
  const missing = new Set(wanted);
  const see = (text: string) => {
    for (const stem of contentStems(text)) missing.delete(stem);
    return missing.size <= allowedMissing;
  };
  // Title and topics first; the body (the long part) only while words are still missing.
  if (see([article.title, ...(article.topics ?? [])].join("\n"))) return true;
  return article.paragraphs.some((p) => see(p.text));
}
