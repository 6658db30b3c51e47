// The Corpus: the stored articles of one folder with their briefings. refresh() imports what changed
// in the folder into the store (only new or changed files are read and analysed) and applies the
// retention of feed articles; readers query the store and keep only a bounded set of recently used
// entries in memory, so the process's memory does not grow with the corpus.
import { unlink } from "node:fs/promises";
import { join } from "node:path";
import { articleIdSchema, articleSchema, type Article } from "../articles/article.js";
import { countArticleFiles, LIST_PAGE, unlistedPaths, type ArticleFile } from "../articles/listing.js";
import { articleFilePagesOffThread } from "../articles/listing-thread.js";
import type { Logger } from "../log.js";
import type { ArticleHead, ArticleRow, FileRow, Library, NewArticle, TitleRow } from "../store/corpus-store.js";
import { analysisRecordSchema, fromRecord } from "./analysis-record.js";
import { analysisInput, analyze, ANALYSIS_VERSION, toBriefing, type Briefing } from "./briefing.js";
import { inProcessAnalyzer, type Analyzer } from "./analysis-pool.js";
import { articleDoc, type ImportedFile } from "./article-import.js";
import { transientFirstSeen, type FirstSeen } from "./first-seen.js";
import { searchQuery, topicStems } from "../analysis/search-terms.js";
import { Speakers } from "./speakers.js";
import { errorMessage } from "../errors.js";

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
  /** Feed articles deleted, file and rows, because they passed the retention age. */
  expired: string[];
  skipped: SkippedFile[];
}

export interface Retention {
  /** Articles under this folder of the articles folder (feed articles) expire; others never do. */
  folder: string;
  days: number;
}

export interface CorpusOptions {
  dir: string;
  /** The store's library of `dir`. */
  library: Library;
  maxBytes: number;
  log: Logger;
  firstSeen?: FirstSeen;
  /** Where analyses run (default: in this thread); the bot passes a worker pool. */
  analyzer?: Analyzer;
  retention?: Retention;
  now?: () => Date;
  /**
   * Called as files are found unchanged and as each batch joins the corpus, for progress bars. Given
   * it, a refresh first counts the folder's files by name for `total`, which grows if more turn up.
   */
  onProgress?: (done: number, total: number) => void;
  /** Files compared with the store at a time, found on disk and stored (default LIST_PAGE). */
  pageSize?: number;
}

interface Loaded {
  file: ArticleFile;
  /** Its import, under way (on the pool) since the batch was started. */
  imported: Promise<ImportedFile>;
}

/** What one refresh carries from one page and batch to the next. */
interface RefreshRun {
  /** Whether it has sent analyses to the pool; its later batches then do too. */
  pooling: boolean;
  /** Stored versions of changed files it forgot. */
  replaced: number;
  /** Files the walk found with a stored row, and files refused for another file's id or content. */
  known: number;
  conflicts: number;
  /** Files settled (found unchanged, or stored) and the first count of the folder's files, for progress. */
  done: number;
  total: number;
}

/** Files to read: new, changed, or skipped for a conflict that may have cleared. */
interface StaleBatch {
  files: ArticleFile[];
  /** The article each changed file held before, by path. */
  previousIds: Map<string, string>;
}

/** Files handled per round: imported in parallel, then stored in one transaction. */
const BATCH = 128;

/**
 * Fewer files than this in a batch are imported in-process: starting threads costs
 * more. Once a refresh has used the pool, its later batches do too, so that a large load's last,
 * short batch does not load the language model into this thread as well.
 */
const POOL_WORTHWHILE = 32;

/** Bump when loading or cleaning changes its output, so stored articles are read again. */
const LOADER_VERSION = "4";
/** What a stored file was made with: a file stored by other versions is read and analysed again once. */
const STORED_VERSION = `loader ${LOADER_VERSION}, analysis ${ANALYSIS_VERSION}`;

/** Changed articles (and at least a tenth of the corpus) after which the store's query statistics are refreshed. */
const STATISTICS_AFTER = 500;

/** Entries kept in memory: the briefings asked for most recently. */
const HOT_ENTRIES = 256;
const DAY_MS = 86_400_000;

export class Corpus {
  private readonly hot = new Map<string, CorpusEntry>();
  private count = 0;
  private lastReport: RefreshReport = { added: [], changed: [], removed: [], expired: [], skipped: [] };
  readonly speakers: Speakers;

  private constructor(private readonly options: CorpusOptions) {
    this.speakers = new Speakers(options.library);
  }

  static async open(options: CorpusOptions): Promise<Corpus> {
    const corpus = new Corpus(options);
    await corpus.refresh();
    return corpus;
  }

  /** How many articles the store held at the last refresh. */
  get size(): number {
    return this.count;
  }

  /** What the most recent refresh (or the initial load) found. */
  get lastRefresh(): RefreshReport {
    return this.lastReport;
  }

  /** Files that could not be loaded at the last refresh, with the reason. */
  get skipped(): SkippedFile[] {
    return this.lastReport.skipped;
  }

  async get(id: string): Promise<CorpusEntry | undefined> {
    return (await this.entries([id]))[0];
  }

  /** Quotes and speakers over the whole corpus, for reports. */
  totals(): Promise<{ quotes: number; speakers: number }> {
    return this.options.library.totals();
  }

  /** Newest first: by publication date where known, else by when the corpus first saw it. */
  async newest(count: number, topic?: string): Promise<CorpusEntry[]> {
    return this.fromRows(await this.options.library.newest(count, topicStems(topic ?? "")));
  }

  /** Articles dated (published, else first seen) at or after `since`, oldest first; optionally only those about `topic`. */
  async since(since: Date, topic?: string): Promise<CorpusEntry[]> {
    return this.fromRows(await this.options.library.since(since.getTime(), topicStems(topic ?? "")));
  }

  async search(query: string, limit: number): Promise<CorpusEntry[]> {
    return this.entries((await this.options.library.search(searchQuery(query), limit)).map((h) => h.id));
  }

  /** Ids and titles only, for autocomplete: the best matches of `typed`, or the newest when nothing is typed. */
  async suggest(typed: string, limit: number): Promise<TitleRow[]> {
    const { library } = this.options;
    return typed.trim() ? library.search(searchQuery(typed), limit) : library.newestTitles(limit);
  }

  /** The entries of these ids, in order; unknown ids are left out. */
  private async entries(ids: readonly string[]): Promise<CorpusEntry[]> {
    const missing = ids.filter((id) => !this.hot.has(id));
    const rows = missing.length > 0 ? await this.options.library.get(missing) : new Map<string, ArticleRow>();
    return ids.flatMap((id) => {
      const entry = this.hot.get(id) ?? (rows.has(id) ? this.entryOf(rows.get(id)!) : undefined);
      if (!entry) return [];
      this.remember(entry);
      return [entry];
    });
  }

  private fromRows(rows: readonly (ArticleRow & { id: string })[]): CorpusEntry[] {
    return rows.map((row) => this.hot.get(row.id) ?? this.entryOf(row));
  }

  private entryOf(row: ArticleRow): CorpusEntry {
    const article = articleSchema.parse(JSON.parse(row.doc));
    const record = analysisRecordSchema.parse(JSON.parse(row.analysis));
    const analysis = fromRecord(record, article.paragraphs) ?? analyze(analysisInput(article));
    return { article, briefing: toBriefing(article.id, analysis) };
  }

  /** Keeps an entry among the most recently used, dropping the least recently used beyond HOT_ENTRIES. */
  private remember(entry: CorpusEntry): void {
    this.hot.delete(entry.article.id);
    this.hot.set(entry.article.id, entry);
    if (this.hot.size > HOT_ENTRIES) this.hot.delete(this.hot.keys().next().value!);
  }

  /**
   * Imports files added or changed since the last refresh and drops those removed. Unchanged files
   * (same size and mtime as stored, by this version of the loader and analysis) are not read again.
   * A file that cannot be loaded is reported and skipped. Feed articles past the retention age are
   * deleted first. The folder is then walked a page at a time and what changed is imported as it is
   * found: neither the folder's listing nor the store's is ever held whole. Files gone from the
   * folder are looked for on disk only when the walk met fewer stored files than the store holds.
   */
  async refresh(): Promise<RefreshReport> {
    const { dir, library, log, onProgress } = this.options;
    const now = this.now();
    const report: RefreshReport = { added: [], changed: [], removed: [], expired: await this.expire(now), skipped: [] };
    const storedFiles = await library.fileCount();
    const run: RefreshRun = {
      pooling: false,
      replaced: 0,
      known: 0,
      conflicts: 0,
      done: 0,
      total: onProgress ? await countArticleFiles(dir) : 0,
    };
    const skip = (path: string, reason: string) => {
      report.skipped.push({ path, reason });
      log.warn({ path, reason }, "Skipping article file");
    };
    await this.importChanges(report, run, now, skip);
    if (run.known < storedFiles) {
      report.removed.push(...(await this.forgetGone()));
      // A file refused for the id or content of a file now gone (a moved file) joins in this
      // refresh, not the next: the second walk reads only files refused for a conflict.
      if (report.removed.length > 0 && run.conflicts > 0) {
        report.skipped = [];
        await this.importChanges(report, run, now, skip);
      }
    }
    onProgress?.(run.done, run.done);

    const changes =
      report.added.length + report.changed.length + report.removed.length + report.expired.length + run.replaced;
    if (changes > 0) this.hot.clear();
    const before = this.count;
    this.count = await library.count();
    if (changes >= Math.max(STATISTICS_AFTER, before / 10)) await library.updateStatistics();
    this.lastReport = report;
    return report;
  }

  /** One walk of the folder: its new and changed files read, analysed and stored, batch by batch. */
  private async importChanges(
    report: RefreshReport,
    run: RefreshRun,
    now: Date,
    skip: (path: string, reason: string) => void,
  ): Promise<void> {
    const batches = this.staleBatches(report, run);
    try {
      let batch = await batches.next();
      // The next batch is read, and its analyses queued on the pool, while this one is stored.
      let reading = batch.done ? undefined : awaitedLater(this.load(batch.value.files, now, run));
      while (!batch.done && reading) {
        const { previousIds } = batch.value;
        const loaded = await reading;
        batch = await batches.next();
        reading = batch.done ? undefined : awaitedLater(this.load(batch.value.files, now, run));
        const added = await this.admit(loaded, now, run, skip);
        for (const article of added)
          (previousIds.get(article.path) === article.id ? report.changed : report.added).push(article.id);
        this.advance(run, loaded.length);
      }
    } finally {
      await batches.return();
    }
  }

  /**
   * Forgets the stored files that the folder no longer lists (their articles are reported removed),
   * checked on disk a page of stored paths at a time; returns the ids of their articles.
   */
  private async forgetGone(): Promise<string[]> {
    const { dir, library, pageSize = LIST_PAGE } = this.options;
    const removed: string[] = [];
    for (let page = await library.filePaths("", pageSize); page.length > 0; ) {
      removed.push(...(await library.forgetFiles(await unlistedPaths(dir, page))));
      page = page.length < pageSize ? [] : await library.filePaths(page.at(-1)!, pageSize);
    }
    return removed;
  }

  /**
   * The files to read, BATCH at a time, as the walk finds them. Each page of the folder is compared
   * with the store's state of its files, in the store, which answers with the files to read (new,
   * changed or refused) and the unchanged files it once skipped. The stored versions of the
   * page's changed files are forgotten before any of them is handed on, so that an edited article
   * never conflicts with itself. Unchanged skipped files are reported again.
   */
  private async *staleBatches(report: RefreshReport, run: RefreshRun): AsyncGenerator<StaleBatch, void> {
    const { dir, library, pageSize = LIST_PAGE } = this.options;
    const stale: { file: ArticleFile; previousId?: string }[] = [];
    const take = (count: number): StaleBatch => {
      const taken = stale.splice(0, count);
      return {
        files: taken.map((s) => s.file),
        previousIds: new Map(taken.flatMap((s) => (s.previousId === undefined ? [] : [[s.file.path, s.previousId]]))),
      };
    };
    for await (const page of articleFilePagesOffThread(dir, pageSize)) {
      const { changed, stillSkipped } = await library.filesToCheck(page, STORED_VERSION);
      report.skipped.push(...stillSkipped);
      const replaced: string[] = [];
      let unchangedFiles = 0;
      for (const file of page) {
        if (!changed.has(file.path)) {
          run.known += 1;
          unchangedFiles += 1;
          continue;
        }
        const stored = changed.get(file.path);
        if (stored) {
          run.known += 1;
          replaced.push(file.path);
        }
        stale.push(stored?.articleId === undefined ? { file } : { file, previousId: stored.articleId });
      }
      await library.forgetFiles(replaced);
      run.replaced += replaced.length;
      this.advance(run, unchangedFiles);
      while (stale.length >= BATCH) yield take(BATCH);
    }
    if (stale.length > 0) yield take(stale.length);
  }

  /** Counts `settled` more files done and tells the progress bar, if any. */
  private advance(run: RefreshRun, settled: number): void {
    if (settled === 0) return;
    run.done += settled;
    this.options.onProgress?.(run.done, Math.max(run.total, run.done));
  }

  /** Deletes feed articles first seen longer ago than the retention allows: their files, then their rows. */
  private async expire(now: Date): Promise<string[]> {
    const { retention, library, dir, log } = this.options;
    if (!retention) return [];
    const prefix = `${retention.folder.replace(/\/+$/, "")}/`;
    const expired = await library.expired(prefix, now.getTime() - retention.days * DAY_MS);
    for (const { path } of expired) {
      await unlink(join(dir, path)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== "ENOENT")
          throw new Error(`cannot delete expired article file ${path}: ${error.message}`, { cause: error });
      });
    }
    await library.forgetFiles(expired.map((e) => e.path));
    if (expired.length > 0)
      log.info({ expired: expired.length, days: retention.days }, "Expired feed articles deleted");
    return expired.map((e) => e.id);
  }

  /** Starts the import (read, clean, analyse) of each file of a batch. */
  private async load(batch: readonly ArticleFile[], now: Date, run: RefreshRun): Promise<Loaded[]> {
    const { dir, maxBytes } = this.options;
    // A handful of new files (a tick, a small folder) is quicker here than through the pool.
    run.pooling ||= batch.length >= POOL_WORTHWHILE;
    const importer = run.pooling ? (this.options.analyzer ?? inProcessAnalyzer) : inProcessAnalyzer;
    const firstSeenAt = now.toISOString();
    // A file whose import fails (a worker that died or overran) is skipped with its reason and is
    // never imported again here: what broke a worker would break this thread too.
    return batch.map((file) => ({
      file,
      imported: awaitedLater(importer.importFile({ root: dir, path: file.path, maxBytes, firstSeenAt })),
    }));
  }

  /**
   * Stores a loaded batch in one transaction: the articles that can join (not a duplicate id or
   * content of a stored article or of one earlier in the batch, analysis done) and the state of
   * every file. Returns the articles added; the others are reported through `skip`.
   */
  private async admit(
    loaded: readonly Loaded[],
    now: Date,
    run: RefreshRun,
    skip: (path: string, reason: string) => void,
  ): Promise<ArticleHead[]> {
    const { library, firstSeen = transientFirstSeen } = this.options;
    const outcomes = (await Promise.allSettled(loaded.map((l) => l.imported))).map(
      (settled): ImportedFile =>
        settled.status === "fulfilled"
          ? settled.value
          : { ok: false, reason: `import failed: ${errorMessage(settled.reason)}` },
    );
    const readable = outcomes.flatMap((o) => (o.ok ? [o.article] : []));
    const claimed = await library.claimed(
      readable.map((a) => a.id),
      readable.map((a) => a.hash),
    );
    const files: FileRow[] = [];
    const accepted: { row: FileRow; imported: ImportedFile & { ok: true } }[] = [];
    for (const [i, l] of loaded.entries()) {
      const imported = outcomes[i]!;
      const row: FileRow = {
        path: l.file.path,
        size: l.file.size,
        mtimeMs: l.file.mtimeMs,
        conflict: false,
        version: STORED_VERSION,
      };
      files.push(row);
      if (!imported.ok) {
        row.skipped = imported.reason;
        continue;
      }
      const { article } = imported;
      const sameId = claimed.get(article.id);
      const sameContent = claimed.get(`#${article.hash}`);
      const conflict = sameId
        ? `id "${article.id}" is already used by ${sameId}`
        : sameContent
          ? `same content as ${sameContent}`
          : undefined;
      if (conflict) {
        Object.assign(row, { skipped: conflict, conflict: true });
        run.conflicts += 1;
        continue;
      }
      claimed.set(article.id, article.path).set(`#${article.hash}`, article.path);
      row.articleId = article.id;
      accepted.push({ row, imported });
    }

    const seen = await firstSeen.firstSeen(
      accepted.map((a) => a.imported.article.id),
      now,
    );
    const stored: NewArticle[] = [];
    for (const [i, { row, imported }] of accepted.entries()) {
      const { analysis, search } = imported;
      if ("error" in analysis) {
        Object.assign(row, { articleId: undefined, skipped: `analysis failed: ${analysis.error}` });
        continue;
      }
      const article = { ...imported.article, firstSeenAt: seen[i]! };
      const doc = articleDoc(imported.docWithoutFirstSeen, article.firstSeenAt);
      stored.push({ article, doc, analysis, search, sortMs: sortMs(article) });
    }
    const ids = await library.add(stored, files);
    for (const f of files) if (f.skipped) skip(f.path, f.skipped);
    return stored.flatMap((s) => (ids.has(s.article.id) ? [s.article] : []));
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}

/** The date an article sorts by: publication where known and readable, else first seen. */
function sortMs(article: Pick<Article, "publishedAt" | "firstSeenAt">): number {
  const published = article.publishedAt === undefined ? NaN : Date.parse(article.publishedAt);
  return Number.isNaN(published) ? Date.parse(article.firstSeenAt) : published;
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
