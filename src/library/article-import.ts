// One new or changed file in, the article with its search text and analysis out, ready to store:
// the whole per-file work of an import, run on a worker of the analysis pool (or in this thread for
// a handful of files), so that the refresh's own thread only decides duplicates and writes.
import type { Article } from "../articles/article.js";
import { loadArticleFile } from "../articles/load.js";
import { searchText, type SearchText } from "../analysis/search-terms.js";
import { speakerMentions } from "../analysis/speaker-names.js";
import { errorMessage } from "../errors.js";
import type { ArticleHead, StoredAnalysis } from "../store/corpus-store.js";
import { toRecord } from "./analysis-record.js";
import { analysisInput, analyze } from "./briefing.js";

/** A file to import; plain data, as it crosses to a worker thread. */
export interface ImportJob {
  /** The articles folder. */
  root: string;
  /** The file, relative to `root`. */
  path: string;
  /** Files larger than this are refused before they are read. */
  maxBytes: number;
  /** When the refresh saw the file (ISO 8601); also the latest date the article can have. */
  firstSeenAt: string;
}

export type ImportedFile =
  | { ok: false; reason: string }
  | {
      ok: true;
      article: ArticleHead;
      /** The Article as JSON but for firstSeenAt, which the store decides: see `articleDoc`. */
      docWithoutFirstSeen: string;
      search: SearchText;
      analysis: StoredAnalysis | { error: string };
    };

/**
 * Reads, cleans and analyses one file. Never throws for bad content: a file or analysis that fails
 * says why. `blocking` reads the file with blocking calls, as a worker thread can afford to.
 */
export async function importFile(job: ImportJob, blocking = false): Promise<ImportedFile> {
  const { root, path, maxBytes, firstSeenAt } = job;
  const loaded = await loadArticleFile(root, path, { maxBytes, firstSeenAt, blocking });
  if (!loaded.ok) return { ok: false, reason: loaded.reason };
  const { article } = loaded;
  const search = searchText(
    article.title,
    article.paragraphs.map((p) => p.text),
    article.topics,
  );
  // The document crosses back to the refresh's thread as one string, copied whole, rather than as
  // the article's object graph, cloned field by field only to be serialised again there.
  const { firstSeenAt: _, ...rest } = article;
  const { id, title, hash, publishedAt } = article;
  return {
    ok: true,
    article: { id, path, title, hash, firstSeenAt, ...(publishedAt === undefined ? {} : { publishedAt }) },
    docWithoutFirstSeen: JSON.stringify(rest),
    search,
    analysis: analyseForStore(article),
  };
}

/** The Article's JSON: the document of an import with the first-seen time the store recorded. */
export function articleDoc(docWithoutFirstSeen: string, firstSeenAt: string): string {
  return `${docWithoutFirstSeen.slice(0, -1)},"firstSeenAt":${JSON.stringify(firstSeenAt)}}`;
}

function analyseForStore(article: Article): StoredAnalysis | { error: string } {
  try {
    const analysis = analyze(analysisInput(article));
    return {
      record: JSON.stringify(toRecord(analysis, article.paragraphs)),
      quotes: analysis.quotes.length,
      mentions: speakerMentions(analysis.quotes),
    };
  } catch (error) {
    return { error: errorMessage(error) };
  }
}
