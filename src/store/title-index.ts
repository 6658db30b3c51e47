// SQLite's index of title words (article_titles, FTS5), which autocomplete matches by prefix: one
// prefix index per length a typed word is likely to reach, so a typed prefix is one doclist read
// newest first rather than a merge of every word that starts with it.
import { searchText } from "../analysis/search-terms.js";
import { insertRows, type Db } from "./db.js";

/** Prefix lengths indexed; a longer prefix is expanded over title words alone, which few share. */
const PREFIXES = "2 3 4 5 6 7 8 9 10 11 12";

/** Contentless, like article_fts: rowid is articles.pk and nothing but the index is kept. */
export const CREATE_TITLE_INDEX = `CREATE VIRTUAL TABLE article_titles USING fts5(words, content='', contentless_delete=1, tokenize='unicode61', prefix='${PREFIXES}')`;

/** Articles read per page while a store's existing titles are indexed: memory stays flat. */
const PAGE = 1000;

/** Indexes articles' title words (distinct lower-case words, space-separated). */
export function indexTitles(tx: Db, rows: readonly { pk: number; titleWords: string }[]): Promise<void> {
  return insertRows(
    tx,
    "INSERT INTO article_titles (rowid, words)",
    rows.map((r) => [r.pk, r.titleWords]),
  );
}

/** Indexes the titles of every article already stored (the migration that adds the table). */
export async function indexStoredTitles(tx: Db): Promise<void> {
  for (let after = -1; ; ) {
    const rows = await tx.all<{ pk: number; title: string }>(
      "SELECT pk, title FROM articles WHERE pk > ? ORDER BY pk LIMIT ?",
      [after, PAGE],
    );
    if (rows.length === 0) return;
    await indexTitles(
      tx,
      rows.map((r) => ({ pk: Number(r.pk), titleWords: searchText(r.title, []).titleWords })),
    );
    after = Number(rows.at(-1)!.pk);
  }
}
