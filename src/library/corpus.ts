// The Corpus: every stored article with its briefing, kept current by refresh(), and the
// in-memory indexes (search, newest, speakers) that commands and autocomplete answer from.
import { articleIdSchema, type Article } from "../articles/article.js";
import { listArticleFiles, loadArticleFile } from "../articles/load.js";
import type { Logger } from "../log.js";
import { fromRecord, toRecord, type AnalysisRecord } from "./analysis-record.js";
import { analysisInput, analyze, toBriefing, type Analysis, type Briefing } from "./briefing.js";
import { inProcessAnalyzer, type Analyzer } from "./analysis-pool.js";
import type { AnalysisCache } from "./cache.js";
import { transientFirstSeen, type FirstSeen } from "./first-seen.js";
import type { FileManifest } from "./manifest.js";
import { indexTerms, SearchIndex, type IndexedTerms } from "./search.js";
import { SpeakerIndex } from "./speaker-index.js";

export interface CorpusEntry {
  article: Article;
  briefing: Briefing;
}

export interface SkippedFile {
  path: string;
  reason: string;
}

export interface RefreshReport {
  added: string[];
  changed: string[];
  removed: string[];
  skipped: SkippedFile[];
  /** Articles whose analysis came from the cache rather than being computed. */
  cached: number;
}

export interface CorpusOptions {
  dir: string;
  maxBytes: number;
  log: Logger;
  cache?: AnalysisCache;
  firstSeen?: FirstSeen;
  /** Where analyses run (default: in this thread); the bot passes a worker pool. */
  analyzer?: Analyzer;
  /** Remembers parsed files across restarts, so unchanged files are not read again. */
  manifest?: FileManifest;
  now?: () => Date;
  /** Called as each batch of files joins the corpus, for progress bars. */
  onProgress?: (done: number, total: number) => void;
}

interface FileState {
  size: number;
  mtimeMs: number;
  /** The article loaded from the file, or undefined when the file was skipped. */
  id?: string;
  skipped?: string;
  /** Skipped because another file holds the same id or content: retried on every refresh. */
  conflict?: boolean;
}

interface ListedFile {
  path: string;
  size: number;
  mtimeMs: number;
}

interface Loaded {
  article: Article;
  index: IndexedTerms;
  /** Its analysis record: from the cache, or under way (on the pool) since the file was read. */
  record: Promise<AnalysisRecord>;
  /** Whether the analysis came from the cache, so it need not be written back. */
  cached: boolean;
}

type LoadOutcome = ({ ok: true } & Loaded) | { ok: false; reason: string };
/** What one refresh decides once for all its batches. */
interface RefreshRun {
  /** Whether it has sent analyses to the pool; its later batches then do too. */
  pooling: boolean;
}
type ReadOutcome = { ok: true; article: Article; index: IndexedTerms } | { ok: false; reason: string };

/**
 * Files handled per round: read in parallel, then cached analyses and first-seen dates fetched in
 * one store round trip each. Large enough to amortise the round trips, small enough to bound memory.
 */
const BATCH = 128;

/**
 * Fewer uncached articles than this in a batch are analysed in-process: starting threads costs
 * more. Once a refresh has used the pool, its later batches do too, so that a large load's last,
 * short batch does not load the language model into this thread as well (~55 MB kept for good).
 */
const POOL_WORTHWHILE = 32;

export class Corpus {
  private readonly entries = new Map<string, CorpusEntry>();
  private readonly files = new Map<string, FileState>();
  /** Content hash → article id, so that a copy of a loaded file is recognised at once. */
  private readonly byHash = new Map<string, string>();
  private readonly search_ = new SearchIndex();
  private byNewest: CorpusEntry[] = [];
  private speakerIndex = new SpeakerIndex([]);
  private lastReport: RefreshReport = { added: [], changed: [], removed: [], skipped: [], cached: 0 };

  private constructor(private readonly options: CorpusOptions) {}

  static async open(options: CorpusOptions): Promise<Corpus> {
    const corpus = new Corpus(options);
    await corpus.refresh();
    return corpus;
  }

  get size(): number {
    return this.entries.size;
  }

  /** What the most recent refresh (or the initial load) found. */
  get lastRefresh(): RefreshReport {
    return this.lastReport;
  }

  get speakers(): SpeakerIndex {
    return this.speakerIndex;
  }

  /** Files that could not be loaded at the last refresh, with the reason. */
  get skipped(): SkippedFile[] {
    return [...this.files].flatMap(([path, state]) => (state.skipped ? [{ path, reason: state.skipped }] : []));
  }

  get(id: string): CorpusEntry | undefined {
    return this.entries.get(id);
  }

  all(): readonly CorpusEntry[] {
    return this.byNewest;
  }

  /** Newest first: by publication date where known, else by when the corpus first saw it. */
  newest(count: number, topic?: string): CorpusEntry[] {
    if (!topic?.trim()) return this.byNewest.slice(0, count);
    const matching = new Set(this.search_.matchAll(topic));
    return this.byNewest.filter((e) => matching.has(e.article.id)).slice(0, count);
  }

  /**
   * The article a user means: the newest with no value, an exact id, else the best search match.
   * A value shaped like an id ("us-china-talks") that is not one finds nothing, rather than some
   * other article that happens to share its words.
   */
  find(value: string | undefined): CorpusEntry | undefined {
    const wanted = value?.trim() ?? "";
    if (!wanted) return this.byNewest[0];
    return this.entries.get(wanted) ?? (looksLikeId(wanted) ? undefined : this.search(wanted, 1)[0]);
  }

  search(query: string, limit: number): CorpusEntry[] {
    return this.search_
      .search(query, limit)
      .map((id) => this.entries.get(id))
      .filter((e): e is CorpusEntry => e !== undefined);
  }

  /**
   * Picks up files added, changed or removed since the last refresh. Unchanged files (same size
   * and mtime) are not read again. A file that cannot be loaded is reported and skipped.
   */
  async refresh(): Promise<RefreshReport> {
    const stale: ListedFile[] = [];
    try {
      return await this.refreshInto(stale);
    } catch (error) {
      this.retryLater(stale);
      throw error;
    }
  }

  /**
   * After a refresh failed part-way (the store could not record a first-seen date or an analysis),
   * forgets the files it was loading, so that the next refresh reads them again instead of taking
   * them as loaded: an article that arrives during a store outage is not lost when it ends.
   */
  private retryLater(stale: readonly ListedFile[]): void {
    for (const { path } of stale) {
      const id = this.files.get(path)?.id;
      if (id !== undefined) this.forget(id);
      this.files.delete(path);
    }
    this.reindex();
  }

  /** The refresh proper; `stale` receives the files it reads again, as soon as they are known. */
  private async refreshInto(stale: ListedFile[]): Promise<RefreshReport> {
    const { dir, log, onProgress } = this.options;
    const report: RefreshReport = { added: [], changed: [], removed: [], skipped: [], cached: 0 };
    const listed = await listArticleFiles(dir);
    const listedPaths = new Set(listed.map((f) => f.path));

    for (const [path, state] of this.files) {
      if (listedPaths.has(path)) continue;
      this.files.delete(path);
      if (state.id !== undefined) {
        this.forget(state.id);
        report.removed.push(state.id);
      }
      await this.options.manifest?.forget(path);
    }

    const now = this.now();
    for (const file of listed) {
      const known = this.files.get(file.path);
      const unchanged = known && !known.conflict && known.size === file.size && known.mtimeMs === file.mtimeMs;
      if (unchanged && known.skipped) report.skipped.push({ path: file.path, reason: known.skipped });
      if (!unchanged) stale.push(file);
    }
    // Previous versions leave first, so that a renamed or edited article never conflicts with itself.
    const previousIds = new Map(stale.map((file) => [file.path, this.files.get(file.path)?.id]));
    for (const id of previousIds.values()) if (id !== undefined) this.forget(id);

    const skip = (path: string, reason: string) => {
      report.skipped.push({ path, reason });
      log.warn({ path, reason }, "Skipping article file");
    };
    const run: RefreshRun = { pooling: false };
    // The next batch is read, and its analyses queued on the pool, while this one is admitted; its
    // cache writes finish during the next round. So the pool's threads always have work waiting
    // while this thread does its share (store round trips, briefings, the search index).
    let reading = awaitedLater(this.load(stale.slice(0, BATCH), now, run));
    let writing: Promise<unknown> = Promise.resolve();
    for (let at = 0; at < stale.length; at += BATCH) {
      const batch = stale.slice(at, at + BATCH);
      const loaded = await reading;
      if (at + BATCH < stale.length) reading = awaitedLater(this.load(stale.slice(at + BATCH, at + 2 * BATCH), now, run));
      const admitted = await this.admit(this.sortOut(batch, loaded, skip), now);
      // This batch's writes are marked handled before waiting for the last batch's, so that one
      // failing meanwhile is reported here, not as an unhandled rejection.
      const previous = writing;
      writing = awaitedLater(admitted.writes);
      await previous;
      report.cached += admitted.cached;
      for (const { path, reason } of admitted.failed) {
        const state = this.files.get(path);
        if (state) Object.assign(state, { id: undefined, skipped: reason });
        skip(path, reason);
      }
      for (const article of admitted.added) (previousIds.get(article.path) === article.id ? report.changed : report.added).push(article.id);
      onProgress?.(listed.length - stale.length + at + batch.length, listed.length);
    }
    await writing;
    if (listed.length === 0) onProgress?.(0, 0);

    // Every headline tick refreshes; rebuilding the order and the speaker index is needed only when
    // something came or went.
    if (report.added.length + report.changed.length + report.removed.length > 0) this.reindex();
    this.lastReport = report;
    return report;
  }

  /**
   * Records each file of a batch as it was loaded, reports (through `skip`) those that cannot
   * join, and returns the articles that can.
   */
  private sortOut(batch: readonly ListedFile[], loaded: readonly LoadOutcome[], skip: (path: string, reason: string) => void): Loaded[] {
    const accepted: Loaded[] = [];
    const claimed = new Map<string, string>();
    for (const [i, file] of batch.entries()) {
      const result = loaded[i]!;
      const state: FileState = { size: file.size, mtimeMs: file.mtimeMs };
      this.files.set(file.path, state);
      if (!result.ok) {
        state.skipped = result.reason;
      } else {
        state.skipped = this.conflict(result.article, claimed);
        state.conflict = state.skipped !== undefined;
        if (!state.conflict) {
          claimed.set(result.article.id, file.path).set(`#${result.article.hash}`, file.path);
          state.id = result.article.id;
          accepted.push(result);
        }
      }
      if (state.skipped) skip(file.path, state.skipped);
    }
    return accepted;
  }

  /**
   * Why this article cannot join the corpus (same id or same content as a loaded article, or as
   * one `claimed` earlier in the same batch: id → path, "#hash" → path), if so.
   */
  private conflict(article: Article, claimed: ReadonlyMap<string, string>): string | undefined {
    const sameId = this.entries.get(article.id)?.article.path ?? claimed.get(article.id);
    if (sameId) return `id "${article.id}" is already used by ${sameId}`;
    const sameContent = this.entries.get(this.byHash.get(article.hash) ?? "")?.article.path ?? claimed.get(`#${article.hash}`);
    return sameContent ? `same content as ${sameContent}` : undefined;
  }

  /**
   * Reads a batch of files (unchanged ones from the manifest instead of the disk) and starts the
   * analysis of each article that the cache does not hold.
   */
  private async load(batch: readonly ListedFile[], now: Date, run: RefreshRun): Promise<LoadOutcome[]> {
    const { dir, maxBytes, manifest, cache } = this.options;
    const remembered = manifest ? await manifest.recall(batch) : [];
    const read = await Promise.all(
      batch.map(async (file, i): Promise<ReadOutcome> => {
        const known = remembered[i];
        if (known) return { ok: true, article: { ...known.article, firstSeenAt: now.toISOString() }, index: known.index };
        const result = await loadArticleFile(dir, file.path, { maxBytes, firstSeenAt: now.toISOString() });
        if (!result.ok) return result;
        const index = indexTerms(result.article.title, result.article.paragraphs.map((p) => p.text), result.article.topics);
        await manifest?.remember(file, { article: result.article, index });
        return { ok: true, article: result.article, index };
      }),
    );
    const articles = read.flatMap((r) => (r.ok ? [r.article] : []));
    const cached = cache ? await cache.getMany(articles.map((a) => a.hash)) : [];
    const records = this.startAnalyses(articles, cached, run);
    let next = 0;
    return read.map((r): LoadOutcome => {
      if (!r.ok) return r;
      const at = next++;
      return { ...r, record: records[at]!, cached: cached[at] !== undefined };
    });
  }

  /** Each article's analysis record: the cached one, or one started now. */
  private startAnalyses(articles: readonly Article[], cached: readonly (AnalysisRecord | undefined)[], run: RefreshRun): Promise<AnalysisRecord>[] {
    const missing = articles.length - cached.filter((c) => c !== undefined).length;
    // A handful of new articles (a tick, a small folder) is quicker here than through the pool.
    run.pooling ||= missing >= POOL_WORTHWHILE;
    const analyzer = run.pooling ? (this.options.analyzer ?? inProcessAnalyzer) : inProcessAnalyzer;
    return articles.map((article, i) => {
      const known = cached[i];
      if (known) return Promise.resolve(known);
      const input = analysisInput(article);
      // An analysis that fails (an error, or a worker that died or overran) skips the article with
      // its reason and is never run again here: what broke a worker would break this thread too.
      // An article refused as a duplicate is never awaited.
      return awaitedLater(analyzer.analyze(input));
    });
  }

  /**
   * Adds articles with their first-seen dates and analyses. Returns the articles added, those whose
   * analysis failed (reported and skipped like an unreadable file), how many analyses came from the
   * cache, and the writes that store the others there.
   */
  private async admit(
    accepted: readonly Loaded[],
    now: Date,
  ): Promise<{ added: Article[]; failed: SkippedFile[]; cached: number; writes: Promise<unknown> }> {
    const { cache, firstSeen = transientFirstSeen } = this.options;
    const seen = await firstSeen.firstSeen(accepted.map((a) => a.article.id), now);
    const records = await Promise.allSettled(accepted.map((a) => a.record));
    const added: Article[] = [];
    const failed: SkippedFile[] = [];
    const writes: Promise<void>[] = [];
    let fromCache = 0;
    for (const [i, loaded] of accepted.entries()) {
      const article = { ...loaded.article, firstSeenAt: seen[i]! };
      const settled = records[i]!;
      const opened = settled.status === "fulfilled" ? openRecord(article, settled.value) : { error: settled.reason };
      if ("error" in opened) {
        failed.push({ path: article.path, reason: `analysis failed: ${opened.error instanceof Error ? opened.error.message : String(opened.error)}` });
        continue;
      }
      const { analysis, record } = opened;
      if (loaded.cached && settled.status === "fulfilled" && record === settled.value) fromCache++;
      else if (cache) writes.push(cache.set(article.hash, record));
      this.entries.set(article.id, { article, briefing: toBriefing(article.id, analysis) });
      this.byHash.set(article.hash, article.id);
      this.search_.add(article.id, loaded.index);
      added.push(article);
    }
    return { added, failed, cached: fromCache, writes: Promise.all(writes) };
  }

  private forget(id: string): void {
    const entry = this.entries.get(id);
    if (entry) this.byHash.delete(entry.article.hash);
    this.entries.delete(id);
    this.search_.remove(id);
  }

  private reindex(): void {
    this.byNewest = [...this.entries.values()].sort(newestFirst);
    this.speakerIndex = new SpeakerIndex(
      this.byNewest.map(({ article, briefing }) => ({
        articleId: article.id,
        publishedAt: article.publishedAt,
        firstSeenAt: article.firstSeenAt,
        quotes: briefing.quotes,
      })),
    );
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}

/**
 * The analysis a record stands for. A record that does not fit its article (a damaged store, or
 * one written before the article's extraction changed) is replaced by a fresh analysis.
 */
function openRecord(article: Article, record: AnalysisRecord): { analysis: Analysis; record: AnalysisRecord } | { error: unknown } {
  const analysis = fromRecord(record, article.paragraphs);
  if (analysis) return { analysis, record };
  try {
    const fresh = analyze(analysisInput(article));
    return { analysis: fresh, record: toRecord(fresh, article.paragraphs) };
  } catch (error) {
    return { error };
  }
}

/**
 * `promise`, marked as handled: it is awaited only after other awaits, and a rejection in between
 * must reach that await rather than crash the process as an unhandled rejection.
 */
function awaitedLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** Is this value an article id in form (a slug with a separator), rather than search words? */
export function looksLikeId(value: string): boolean {
  return /[-_.]/.test(value) && articleIdSchema.safeParse(value).success;
}

function newestFirst(a: CorpusEntry, b: CorpusEntry): number {
  const da = a.article.publishedAt ?? a.article.firstSeenAt;
  const db = b.article.publishedAt ?? b.article.firstSeenAt;
  if (da !== db) return da < db ? 1 : -1;
  return a.article.id < b.article.id ? -1 : 1;
}
