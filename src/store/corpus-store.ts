// The corpus at rest: articles with their analyses, the files they came from, the search index and
// the speaker tables, in SQLite or Postgres (STORE_URL). Every statement about them is here. A
// "library" is one articles folder, so the CLI's --dir and the bot's ARTICLES_DIR share a store
// without mixing. Readers get rows as stored; the Corpus turns them into articles and briefings.
import type { Article } from "../articles/article.js";
import type { ArticleFile } from "../articles/listing.js";
import type { SearchQuery, SearchText } from "../analysis/search-terms.js";
import { nameEnds, speakerKey, type SpeakerMention } from "../analysis/speaker-names.js";
import { insertRows, openDb, placeholders, type Db, type SqlValue } from "./db.js";
import { CANDIDATE_KEYS, migrate } from "./migrations.js";
import { indexTitles } from "./title-index.js";

export interface FileRow extends ArticleFile {
  articleId?: string;
  skipped?: string;
  /** Skipped because another file holds the same id or content: retried on every refresh. */
  conflict: boolean;
  /** The loader and analysis versions it was stored with; another version reads it again. */
  version: string;
}

/** A page of the folder compared with the store: see `Library.filesToCheck`. */
export interface FilesToCheck {
  changed: Map<string, FileRow | undefined>;
  stillSkipped: { path: string; reason: string }[];
}

/** An article's analysis as the store keeps it. */
export interface StoredAnalysis {
  /** The analysis record as JSON, read back by the Corpus. */
  record: string;
  quotes: number;
  mentions: SpeakerMention[];
}

/** What the store reads from an article for its columns; the rest is in its document. */
export type ArticleHead = Pick<Article, "id" | "path" | "hash" | "title" | "publishedAt" | "firstSeenAt">;

/** An article ready to store: its columns and document (firstSeenAt set), its analysis and index terms. */
export interface NewArticle {
  article: ArticleHead;
  /** The whole Article as JSON. */
  doc: string;
  analysis: StoredAnalysis;
  search: SearchText;
  /** Publication date where known, else first seen (ms): the order of "newest". */
  sortMs: number;
}

/** An article as stored: JSON texts the Corpus parses. */
export interface ArticleRow {
  doc: string;
  analysis: string;
}

/** An article as a search hit or autocomplete choice: its id and title. */
export interface TitleRow {
  id: string;
  title: string;
}

export interface SpeakerRow {
  identity: string;
  key: string;
  name: string;
  role: string | null;
  quotes: number;
  articles: number;
}

export interface QuoteRow {
  id: string;
  title: string;
  published_at: string | null;
  quote: string;
}

const ARTICLE_FIELDS = "a.doc, a.analysis";
/** Articles per INSERT: 14 parameters each, well under both drivers' parameter limits. */
const ARTICLES_PER_STATEMENT = 50;
/** Values per IN list: well under both drivers' parameter limits. */
const IN_CHUNK = 500;

export class CorpusStore {
  private constructor(private readonly db: Db) {}

  /** Opens the store of a STORE_URL and brings its schema up to date. */
  static async open(url: string): Promise<CorpusStore> {
    const db = await openDb(url);
    try {
      await migrate(db);
    } catch (error) {
      await db.close();
      throw error;
    }
    return new CorpusStore(db);
  }

  /** The library of one articles folder (by its absolute path), created on first use. */
  async library(root: string): Promise<Library> {
    await this.db.run("INSERT INTO libraries (root) VALUES (?) ON CONFLICT (root) DO NOTHING", [root]);
    const [row] = await this.db.all<{ id: number }>("SELECT id FROM libraries WHERE root = ?", [root]);
    if (!row) throw new Error(`store: library ${root} was not created`);
    return new Library(this.db, row.id);
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

export class Library {
  private readonly search_: SearchSql;

  constructor(
    private readonly db: Db,
    private readonly id: number,
  ) {
    this.search_ = db.dialect === "sqlite" ? sqliteSearch : postgresSearch;
  }

  /**
   * Of these files as found on disk, what a refresh must do about them. `changed`: files not stored
   * (undefined), and stored files with another size, mtime or version, or refused for a conflict,
   * each with its stored state. `stillSkipped`: unchanged files that were skipped, with the reason,
   * to report again. The comparison runs in the store, so that the rows of unchanged files (all of
   * them, in a warm start) never reach this process's heap.
   */
  async filesToCheck(found: readonly ArticleFile[], version: string): Promise<FilesToCheck> {
    const changed = new Map<string, FileRow | undefined>();
    const stillSkipped: { path: string; reason: string }[] = [];
    for (const chunk of chunks(found)) {
      const rows = await this.db.all<{
        path: string;
        changed: number;
        stored: string | null;
        size: number;
        mtime_ms: number;
        article_id: string | null;
        skipped: string | null;
        conflict: number;
        version: string;
      }>(
        `WITH ${onDisk(this.db.dialect, chunk.length)}
         SELECT * FROM (
           SELECT disk.path, f.path AS stored, f.size, f.mtime_ms, f.article_id, f.skipped, f.conflict, f.version,
             CASE WHEN f.path IS NULL OR f.size <> disk.size OR f.mtime_ms <> disk.mtime_ms OR f.version <> ? OR f.conflict <> 0
               THEN 1 ELSE 0 END AS changed
           FROM disk LEFT JOIN files f ON f.library_id = ? AND f.path = disk.path
         ) c WHERE c.changed = 1 OR c.skipped IS NOT NULL`,
        [...onDiskArgs(this.db.dialect, chunk), version, this.id],
      );
      for (const r of rows) {
        if (Number(r.changed) === 0) {
          stillSkipped.push({ path: r.path, reason: r.skipped ?? "" });
          continue;
        }
        changed.set(
          r.path,
          r.stored === null
            ? undefined
            : {
                path: r.path,
                size: Number(r.size),
                mtimeMs: Number(r.mtime_ms),
                ...(r.article_id === null ? {} : { articleId: r.article_id }),
                ...(r.skipped === null ? {} : { skipped: r.skipped }),
                conflict: Number(r.conflict) === 1,
                version: r.version,
              },
        );
      }
    }
    return { changed, stillSkipped };
  }

  /**
   * Paths of stored files, a page at a time in the store's order: the page after `after` ("" for
   * the first, as no path is empty). An empty page is the end.
   */
  async filePaths(after: string, limit: number): Promise<string[]> {
    const rows = await this.db.all<{ path: string }>(
      "SELECT path FROM files WHERE library_id = ? AND path > ? ORDER BY path LIMIT ?",
      [this.id, after, limit],
    );
    return rows.map((row) => row.path);
  }

  /** How many files of this library have a row: stored, skipped or refused. */
  async fileCount(): Promise<number> {
    const [row] = await this.db.all<{ n: number }>(
      "SELECT CAST(count(*) AS INTEGER) AS n FROM files WHERE library_id = ?",
      [this.id],
    );
    return Number(row?.n ?? 0);
  }

  /** Forgets these files and the articles loaded from them; returns the ids of those articles. */
  forgetFiles(paths: readonly string[]): Promise<string[]> {
    if (paths.length === 0) return Promise.resolve([]);
    return this.db.transaction(async (tx) => {
      const removed: string[] = [];
      for (const chunk of chunks(paths)) {
        const rows = await tx.all<{ pk: number; id: string }>(
          `SELECT pk, id FROM articles WHERE library_id = ? AND path IN (${placeholders(chunk.length)})`,
          [this.id, ...chunk],
        );
        await this.deleteArticles(
          tx,
          rows.map((r) => Number(r.pk)),
        );
        removed.push(...rows.map((r) => r.id));
        await tx.run(`DELETE FROM files WHERE library_id = ? AND path IN (${placeholders(chunk.length)})`, [
          this.id,
          ...chunk,
        ]);
      }
      return removed;
    });
  }

  /** Where each of these ids and content hashes is already stored: id → path, "#hash" → path. */
  async claimed(ids: readonly string[], hashes: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (const chunk of chunks(ids)) {
      const rows = await this.db.all<{ id: string; path: string }>(
        `SELECT id, path FROM articles WHERE library_id = ? AND id IN (${placeholders(chunk.length)})`,
        [this.id, ...chunk],
      );
      for (const r of rows) found.set(r.id, r.path);
    }
    for (const chunk of chunks(hashes)) {
      const rows = await this.db.all<{ hash: string; path: string }>(
        `SELECT hash, path FROM articles WHERE library_id = ? AND hash IN (${placeholders(chunk.length)})`,
        [this.id, ...chunk],
      );
      for (const r of rows) found.set(`#${r.hash}`, r.path);
    }
    return found;
  }

  /**
   * Stores a batch: its articles with their index terms and speakers, and the state of its files.
   * Returns the ids stored. An article whose id another process stored meanwhile (two processes
   * importing one folder) is left to it, with its file's row: the stored one stays as it is.
   */
  add(articles: readonly NewArticle[], files: readonly FileRow[]): Promise<Set<string>> {
    return this.db.transaction(async (tx) => {
      // One multi-row statement per chunk of articles: a round trip per article would dominate an import over Postgres.
      const stored: { pk: number; entry: NewArticle }[] = [];
      const tuple = `(${placeholders(11)})`;
      for (let at = 0; at < articles.length; at += ARTICLES_PER_STATEMENT) {
        const chunk = articles.slice(at, at + ARTICLES_PER_STATEMENT);
        const rows = await tx.all<{ pk: number; id: string }>(
          `INSERT INTO articles (library_id, id, path, hash, title, published_at, sort_ms, first_seen_ms, doc, analysis, quote_count)
           VALUES ${chunk.map(() => tuple).join(", ")} ON CONFLICT (library_id, id) DO NOTHING RETURNING pk, id`,
          chunk.flatMap(({ article, doc, analysis, sortMs }) => [
            this.id,
            article.id,
            article.path,
            article.hash,
            article.title,
            article.publishedAt ?? null,
            sortMs,
            Date.parse(article.firstSeenAt),
            doc,
            analysis.record,
            analysis.quotes,
          ]),
        );
        const pks = new Map(rows.map((r) => [r.id, Number(r.pk)]));
        for (const entry of chunk) {
          const pk = pks.get(entry.article.id);
          if (pk !== undefined) stored.push({ pk, entry });
        }
      }
      const ids = new Set(stored.map(({ entry }) => entry.article.id));
      const lost = new Set(articles.map((a) => a.article.id).filter((id) => !ids.has(id)));
      await this.search_.index(
        tx,
        this.id,
        stored.map(({ pk, entry }) => ({ pk, id: entry.article.id, text: entry.search })),
      );
      await this.addSpeakers(tx, stored);
      await insertRows(
        tx,
        "INSERT INTO files (library_id, path, size, mtime_ms, article_id, skipped, conflict, version)",
        files
          .filter((f) => f.articleId === undefined || !lost.has(f.articleId))
          .map((f) => [
            this.id,
            f.path,
            f.size,
            f.mtimeMs,
            f.articleId ?? null,
            f.skipped ?? null,
            f.conflict ? 1 : 0,
            f.version,
          ]),
        "ON CONFLICT (library_id, path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms, article_id = excluded.article_id, skipped = excluded.skipped, conflict = excluded.conflict, version = excluded.version",
      );
      return ids;
    });
  }

  /**
   * Refreshes the planner's statistics after a large import. Without them Postgres reads every
   * article's search vector to filter a search (measured: 138 ms instead of 15 ms at 5,000 articles)
   * until autovacuum gets round to it.
   */
  async updateStatistics(): Promise<void> {
    await this.db.run(
      this.db.dialect === "postgres"
        ? "ANALYZE articles, article_search, speaker_mentions, speakers, speaker_terms, speaker_words"
        : "PRAGMA optimize",
    );
  }

  async count(): Promise<number> {
    const [row] = await this.db.all<{ n: number }>(
      "SELECT CAST(count(*) AS INTEGER) AS n FROM articles WHERE library_id = ?",
      [this.id],
    );
    return Number(row?.n ?? 0);
  }

  /** Quotes over all articles, and distinct speaker identities. */
  async totals(): Promise<{ quotes: number; speakers: number }> {
    const [q] = await this.db.all<{ n: number | null }>(
      "SELECT CAST(sum(quote_count) AS INTEGER) AS n FROM articles WHERE library_id = ?",
      [this.id],
    );
    const [s] = await this.db.all<{ n: number }>(
      "SELECT CAST(count(*) AS INTEGER) AS n FROM speakers WHERE library_id = ?",
      [this.id],
    );
    return { quotes: Number(q?.n ?? 0), speakers: Number(s?.n ?? 0) };
  }

  async get(ids: readonly string[]): Promise<Map<string, ArticleRow>> {
    const found = new Map<string, ArticleRow>();
    for (const chunk of chunks(ids)) {
      const rows = await this.db.all<ArticleRow & { id: string }>(
        `SELECT a.id, ${ARTICLE_FIELDS} FROM articles a WHERE a.library_id = ? AND a.id IN (${placeholders(chunk.length)})`,
        [this.id, ...chunk],
      );
      for (const r of rows) found.set(r.id, r);
    }
    return found;
  }

  /** Newest first; with `stems`, only articles that contain all of them. */
  newest(count: number, stems: readonly string[] = []): Promise<(ArticleRow & { id: string })[]> {
    if (stems.length === 0) {
      return this.db.all(
        `SELECT a.id, ${ARTICLE_FIELDS} FROM articles a WHERE a.library_id = ? ORDER BY a.sort_ms DESC, a.id LIMIT ?`,
        [this.id, count],
      );
    }
    const { from, where, param } = this.search_.all(stems);
    return this.db.all(
      `SELECT a.id, ${ARTICLE_FIELDS} FROM ${from} WHERE ${where} AND a.library_id = ? ORDER BY a.sort_ms DESC, a.id LIMIT ?`,
      [param, this.id, count],
    );
  }

  /** Articles dated (published, else first seen) at or after `sinceMs`, oldest first; with `stems`, only those containing all. */
  since(sinceMs: number, stems: readonly string[] = []): Promise<(ArticleRow & { id: string })[]> {
    if (stems.length === 0) {
      return this.db.all(
        `SELECT a.id, ${ARTICLE_FIELDS} FROM articles a WHERE a.library_id = ? AND a.sort_ms >= ? ORDER BY a.sort_ms, a.id`,
        [this.id, sinceMs],
      );
    }
    const { from, where, param } = this.search_.all(stems);
    return this.db.all(
      `SELECT a.id, ${ARTICLE_FIELDS} FROM ${from} WHERE ${where} AND a.library_id = ? AND a.sort_ms >= ? ORDER BY a.sort_ms, a.id`,
      [param, this.id, sinceMs],
    );
  }

  /** Ids and titles ranked by relevance, best first; ties in id order. */
  async search(query: SearchQuery, limit: number): Promise<TitleRow[]> {
    if (query.stems.length === 0 && !query.typing) return [];
    const { sql, args } = this.search_.ranked(query, this.id, limit);
    return this.db.all<TitleRow>(sql, args);
  }

  /** Ids and titles of the newest articles. */
  newestTitles(count: number): Promise<TitleRow[]> {
    return this.db.all<TitleRow>(
      "SELECT id, title FROM articles WHERE library_id = ? ORDER BY sort_ms DESC, id LIMIT ?",
      [this.id, count],
    );
  }

  /** Feed-fetched articles (path under `prefix`) first seen before `beforeMs`. */
  expired(prefix: string, beforeMs: number): Promise<{ id: string; path: string }[]> {
    return this.db.all(
      "SELECT id, path FROM articles WHERE library_id = ? AND first_seen_ms < ? AND substr(path, 1, ?) = ?",
      [this.id, beforeMs, prefix.length, prefix],
    );
  }

  // Speakers: the store keeps mentions by identity; merging one-word names is the Corpus's rule.

  async speakers(identities: readonly string[]): Promise<SpeakerRow[]> {
    const out: SpeakerRow[] = [];
    for (const chunk of chunks(identities)) {
      out.push(
        ...(await this.db.all<SpeakerRow>(
          `SELECT identity, key, name, role, quotes, articles FROM speakers WHERE library_id = ? AND identity IN (${placeholders(chunk.length)})`,
          [this.id, ...chunk],
        )),
      );
    }
    return out.map(numbers);
  }

  async topSpeakers(limit: number): Promise<SpeakerRow[]> {
    return (
      await this.db.all<SpeakerRow>(
        "SELECT identity, key, name, role, quotes, articles FROM speakers WHERE library_id = ? ORDER BY quotes DESC, identity LIMIT ?",
        [this.id, limit],
      )
    ).map(numbers);
  }

  async speakerByKey(key: string): Promise<string | undefined> {
    const [row] = await this.db.all<{ identity: string }>(
      "SELECT identity FROM speakers WHERE library_id = ? AND key = ? ORDER BY quotes DESC LIMIT 1",
      [this.id, key],
    );
    return row?.identity;
  }

  /** For each word, the full name whose first or last word it is, when exactly one has it. */
  async soleOwners(words: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (const chunk of chunks([...new Set(words)])) {
      const rows = await this.db.all<{ word: string; identity: string; n: number }>(
        `SELECT word, min(identity) AS identity, CAST(count(*) AS INTEGER) AS n FROM speaker_words WHERE library_id = ? AND word IN (${placeholders(chunk.length)}) GROUP BY word`,
        [this.id, ...chunk],
      );
      for (const r of rows) if (Number(r.n) === 1) found.set(r.word, r.identity);
    }
    return found;
  }

  /** Identities with a name or name word starting with `prefix`. */
  async speakersByPrefix(prefix: string, limit: number): Promise<string[]> {
    const rows = await this.db.all<{ identity: string }>(
      "SELECT DISTINCT identity FROM speaker_terms WHERE library_id = ? AND term >= ? AND term < ? LIMIT ?",
      [this.id, prefix, `${prefix}\uffff`, limit],
    );
    return rows.map((r) => r.identity);
  }

  /** Every (name, role) these identities were quoted under, with counts, newest first, and their distinct articles. */
  async mentionTally(
    identities: readonly string[],
  ): Promise<{ names: { name: string; role: string | null; n: number }[]; articles: number }> {
    const list = placeholders(identities.length);
    const names = await this.db.all<{ name: string; role: string | null; n: number }>(
      `SELECT name, role, CAST(count(*) AS INTEGER) AS n FROM speaker_mentions WHERE library_id = ? AND identity IN (${list})
       GROUP BY name, role ORDER BY max(sort_ms) DESC, name, role`,
      [this.id, ...identities],
    );
    const [row] = await this.db.all<{ n: number }>(
      `SELECT CAST(count(DISTINCT article_pk) AS INTEGER) AS n FROM speaker_mentions WHERE library_id = ? AND identity IN (${list})`,
      [this.id, ...identities],
    );
    return { names: names.map((r) => ({ ...r, n: Number(r.n) })), articles: Number(row?.n ?? 0) };
  }

  /** These identities' quotes, newest article first, in article order. */
  quotes(identities: readonly string[], limit: number): Promise<QuoteRow[]> {
    return this.db.all<QuoteRow>(
      `SELECT a.id, a.title, a.published_at, m.quote FROM speaker_mentions m JOIN articles a ON a.pk = m.article_pk
       WHERE m.library_id = ? AND m.identity IN (${placeholders(identities.length)})
       ORDER BY m.sort_ms DESC, a.first_seen_ms DESC, a.id, m.position LIMIT ?`,
      [this.id, ...identities, limit],
    );
  }

  private async addSpeakers(tx: Db, stored: readonly { pk: number; entry: NewArticle }[]): Promise<void> {
    const mentions: SqlValue[][] = [];
    const totals = new Map<string, { name: string; role: string | null; quotes: number; articles: number }>();
    const terms = new Set<string>();
    for (const { pk, entry } of stored) {
      const inArticle = new Set<string>();
      for (const m of entry.analysis.mentions) {
        mentions.push([
          pk,
          m.position,
          this.id,
          m.identity,
          m.name,
          m.role ?? null,
          entry.sortMs,
          JSON.stringify(m.quote),
        ]);
        const total = totals.get(m.identity) ?? { name: m.name, role: null, quotes: 0, articles: 0 };
        if (!total.name.includes(" ") && m.name.includes(" ")) total.name = m.name;
        total.role ??= m.role ?? null;
        total.quotes += 1;
        if (!inArticle.has(m.identity)) total.articles += 1;
        inArticle.add(m.identity);
        totals.set(m.identity, total);
        for (const t of m.terms) terms.add(`${t}\u0000${m.identity}`);
      }
    }
    await insertRows(
      tx,
      "INSERT INTO speaker_mentions (article_pk, position, library_id, identity, name, role, sort_ms, quote)",
      mentions,
    );
    await insertRows(
      tx,
      "INSERT INTO speakers (library_id, identity, key, name, role, quotes, articles)",
      [...totals].map(([identity, t]) => [
        this.id,
        identity,
        speakerKey(identity),
        t.name,
        t.role,
        t.quotes,
        t.articles,
      ]),
      `ON CONFLICT (library_id, identity) DO UPDATE SET quotes = speakers.quotes + excluded.quotes, articles = speakers.articles + excluded.articles,
         role = COALESCE(speakers.role, excluded.role),
         name = CASE WHEN speakers.name NOT LIKE '% %' AND excluded.name LIKE '% %' THEN excluded.name ELSE speakers.name END`,
    );
    const words = [...totals.keys()].flatMap((identity) => nameEnds(identity).map((w) => [this.id, w, identity]));
    await insertRows(tx, "INSERT INTO speaker_words (library_id, word, identity)", words, "ON CONFLICT DO NOTHING");
    const termRows = [...terms].map((t) => {
      const [term, identity] = t.split("\u0000");
      return [this.id, term!, identity!];
    });
    await insertRows(tx, "INSERT INTO speaker_terms (library_id, term, identity)", termRows, "ON CONFLICT DO NOTHING");
  }

  /** Removes articles by primary key, with their index terms and their part of the speaker tables. */
  private async deleteArticles(tx: Db, pks: readonly number[]): Promise<void> {
    if (pks.length === 0) return;
    const list = placeholders(pks.length);
    const counts = await tx.all<{ identity: string; q: number; a: number }>(
      `SELECT identity, CAST(count(*) AS INTEGER) AS q, CAST(count(DISTINCT article_pk) AS INTEGER) AS a FROM speaker_mentions WHERE article_pk IN (${list}) GROUP BY identity`,
      [...pks],
    );
    for (const c of counts) {
      await tx.run(
        "UPDATE speakers SET quotes = quotes - ?, articles = articles - ? WHERE library_id = ? AND identity = ?",
        [Number(c.q), Number(c.a), this.id, c.identity],
      );
    }
    const gone = counts.map((c) => c.identity);
    for (const chunk of chunks(gone)) {
      const args = [this.id, ...chunk];
      const emptied = `identity IN (SELECT identity FROM speakers WHERE library_id = ? AND quotes <= 0 AND identity IN (${placeholders(chunk.length)}))`;
      await tx.run(`DELETE FROM speaker_words WHERE library_id = ? AND ${emptied}`, [this.id, ...args]);
      await tx.run(`DELETE FROM speaker_terms WHERE library_id = ? AND ${emptied}`, [this.id, ...args]);
      await tx.run(
        `DELETE FROM speakers WHERE library_id = ? AND quotes <= 0 AND identity IN (${placeholders(chunk.length)})`,
        args,
      );
    }
    await this.search_.unindex(tx, pks);
    await tx.run(`DELETE FROM articles WHERE pk IN (${list})`, [...pks]);
  }
}

/** What differs between FTS5 and tsvector: how terms are indexed, matched and ranked. */
interface SearchSql {
  index(tx: Db, library: number, rows: readonly IndexRow[]): Promise<void>;
  unindex(tx: Db, pks: readonly number[]): Promise<void>;
  /** FROM and WHERE (aliasing articles as `a`) matching articles that contain every stem. */
  all(stems: readonly string[]): { from: string; where: string; param: string };
  /** The statement giving ids and titles, best first, of the RANK_CANDIDATES newest matches. */
  ranked(query: SearchQuery, library: number, limit: number): { sql: string; args: SqlValue[] };
}

interface IndexRow {
  pk: number;
  id: string;
  text: SearchText;
}

/**
 * Matches ranked per search: the newest this many. A word found in most articles ("said") would
 * otherwise be scored in every one of them, so a query's cost would grow with the corpus; a user
 * typing such a word gets the best of the recent matches instead.
 */
const RANK_CANDIDATES = 2000;

/** A term as an FTS5 string: quoted, so no word is read as an operator. */
const fts = (term: string) => `"${term.replace(/"/g, '""')}"`;

const sqliteSearch: SearchSql = {
  // Title words stay in article_fts too, unsearched: they count in its document lengths, which
  // bm25 weighs stems by, so stems score as they always have.
  index: async (tx, _library, rows) => {
    await insertRows(
      tx,
      "INSERT INTO article_fts (rowid, heading, body, title_words)",
      rows.map(({ pk, text }) => [pk, text.heading, text.body, text.titleWords]),
    );
    await indexTitles(
      tx,
      rows.map(({ pk, text }) => ({ pk, titleWords: text.titleWords })),
    );
  },
  unindex: async (tx, pks) => {
    await tx.run(`DELETE FROM article_fts WHERE rowid IN (${placeholders(pks.length)})`, [...pks]);
    await tx.run(`DELETE FROM article_titles WHERE rowid IN (${placeholders(pks.length)})`, [...pks]);
  },
  all: (stems) => ({
    from: "article_fts JOIN articles a ON a.pk = article_fts.rowid",
    where: "article_fts MATCH ?",
    param: `{heading body} : (${stems.map(fts).join(" AND ")})`,
  }),
  // Stems score by bm25 in article_fts, title and topic stems three times body stems, as in the
  // original in-memory index; the word being typed scores by bm25 in article_titles; an article's
  // score is the sum. Each side takes its newest RANK_CANDIDATES matches (FTS5 walks a term's rows
  // in rowid order, so the rest are not visited), and the newest RANK_CANDIDATES of both are ranked:
  // the same articles as the newest matches of either. Their library and id (to filter and break
  // ties) come from the narrow CANDIDATE_KEYS index, which SQLite would pass over for the table's
  // own rowid lookup; only the page of results reads articles rows, for titles.
  ranked: ({ stems, typing }, library, limit) => {
    const sides: string[] = [];
    const args: SqlValue[] = [];
    if (stems.length > 0) {
      sides.push(
        `SELECT * FROM (SELECT rowid AS pk, bm25(article_fts, 3.0, 1.0, 1.0) AS score FROM article_fts WHERE article_fts MATCH ? ORDER BY rowid DESC LIMIT ${RANK_CANDIDATES})`,
      );
      args.push(`{heading body} : (${stems.map(fts).join(" OR ")})`);
    }
    if (typing) {
      sides.push(
        `SELECT * FROM (SELECT rowid AS pk, bm25(article_titles) AS score FROM article_titles WHERE article_titles MATCH ? ORDER BY rowid DESC LIMIT ${RANK_CANDIDATES})`,
      );
      args.push(`${fts(typing)}*`);
    }
    return {
      sql: `SELECT a.id, a.title FROM (
              SELECT k.pk, k.id, c.score FROM (
                SELECT pk, sum(score) AS score FROM (${sides.join(" UNION ALL ")}) GROUP BY pk ORDER BY pk DESC LIMIT ${RANK_CANDIDATES}
              ) c JOIN articles k INDEXED BY ${CANDIDATE_KEYS} ON k.pk = c.pk WHERE k.library_id = ? ORDER BY c.score, k.id LIMIT ?
            ) r JOIN articles a ON a.pk = r.pk ORDER BY r.score, r.id`,
      args: [...args, library, limit],
    };
  },
};

/** A term as a tsquery operand, limited to the given weights (A heading, B title words, D body). */
const tsTerm = (term: string, weights: string, prefix = false) =>
  `'${term.replace(/\\/g, "\\\\").replace(/'/g, "''")}':${prefix ? "*" : ""}${weights}`;
/** Weights {D, C, B, A} for ts_rank: body 1, title words 1, heading 3, as in SQLite. */
const RANK_WEIGHTS = "{0.1, 0, 0.1, 0.3}";

const postgresSearch: SearchSql = {
  index: (tx, library, rows) =>
    insertRows(
      tx,
      "INSERT INTO article_search (pk, library_id, id, search)",
      rows.map(({ pk, id, text }) => [pk, library, id, text.heading, text.titleWords, text.body]),
      "",
      "(?, ?, ?, setweight(to_tsvector('simple', ?), 'A') || setweight(to_tsvector('simple', ?), 'B') || setweight(to_tsvector('simple', ?), 'D'))",
    ),
  // The rows go with their article (ON DELETE CASCADE).
  unindex: async () => undefined,
  all: (stems) => ({
    from: "article_search s JOIN articles a ON a.pk = s.pk",
    where: "s.search @@ to_tsquery('simple', ?)",
    param: stems.map((s) => tsTerm(s, "AD")).join(" & "),
  }),
  // Candidates and their scores come from the narrow search table alone; only the page of results
  // reads the articles table, for titles.
  ranked: ({ stems, typing }, library, limit) => {
    const query = [...stems.map((s) => tsTerm(s, "AD")), ...(typing ? [tsTerm(typing, "B", true)] : [])].join(" | ");
    return {
      sql: `SELECT a.id, a.title FROM (
             SELECT c.pk, c.id, ts_rank('${RANK_WEIGHTS}', c.search, to_tsquery('simple', ?)) AS score FROM (
               SELECT s.pk, s.id, s.search FROM article_search s WHERE s.search @@ to_tsquery('simple', ?) AND s.library_id = ?
               ORDER BY s.pk DESC LIMIT ${RANK_CANDIDATES}
             ) c ORDER BY score DESC, c.id LIMIT ?
           ) r JOIN articles a ON a.pk = r.pk ORDER BY r.score DESC, r.id`,
      args: [query, query, library, limit],
    };
  },
};

/**
 * The CTE `disk (path, size, mtime_ms)` of `count` files. Postgres takes one JSON parameter: a
 * statement of 1,500 parameters costs it more to plan than to run, and it reads JavaScript's
 * shortest round-trip numbers back exactly. SQLite's JSON reader rounds a few mtimes differently,
 * which would make unchanged files look changed, so it binds each value in a row of its own.
 */
function onDisk(dialect: Db["dialect"], count: number): string {
  return dialect === "postgres"
    ? "disk AS (SELECT * FROM json_to_recordset(CAST(? AS JSON)) AS d (path TEXT, size DOUBLE PRECISION, mtime_ms DOUBLE PRECISION))"
    : `disk (path, size, mtime_ms) AS (VALUES ${Array.from({ length: count }, () => "(?, ?, ?)").join(", ")})`;
}

function onDiskArgs(dialect: Db["dialect"], files: readonly ArticleFile[]): SqlValue[] {
  return dialect === "postgres"
    ? [JSON.stringify(files.map(({ path, size, mtimeMs }) => ({ path, size, mtime_ms: mtimeMs })))]
    : files.flatMap((f) => [f.path, f.size, f.mtimeMs]);
}

function* chunks<T>(values: readonly T[]): Generator<T[]> {
  for (let at = 0; at < values.length; at += IN_CHUNK) yield values.slice(at, at + IN_CHUNK);
}

function numbers(row: SpeakerRow): SpeakerRow {
  return { ...row, quotes: Number(row.quotes), articles: Number(row.articles) };
}
