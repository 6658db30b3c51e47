// The SQL connection the store module talks through: one small interface over node-sqlite3 and pg,
// chosen by STORE_URL, so the corpus store is written once. Statements use `?` placeholders; the
// Postgres driver numbers them. Nothing outside src/store/ sees this interface.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";

import type { Db, Dialect, SqlValue } from "./sql.js";

export type { Db, Dialect, SqlValue } from "./sql.js";

/** The Db a STORE_URL names: sqlite://path, sqlite://:memory:, postgres://… or memory://name. */
export async function openDb(url: string): Promise<Db> {
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
    const { PostgresDb } = await import("./postgres-db.js");
    return PostgresDb.open(url);
  }
  const { SqliteDb } = await import("./sqlite-db.js");
  if (url.startsWith("sqlite://")) {
    const path = url.slice("sqlite://".length);
    if (!path) throw new Error("STORE_URL sqlite:// needs a file path, such as sqlite://data/newsbrief.sqlite");
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    return SqliteDb.open(path);
  }
  if (url.startsWith("memory://")) return SqliteDb.shared(url);
  throw new Error(`STORE_URL must start with sqlite://, postgres:// or memory:// (got ${url.split(":")[0]}:)`);
}

/**
 * `rows` as multi-row statements of at most `perStatement` rows each: one round trip per chunk
 * instead of one per row, which is what keeps an import over Postgres fast.
 */
export async function insertRows(
  db: Db,
  head: string,
  rows: readonly SqlValue[][],
  tail = "",
  tuple = `(${placeholders(rows[0]?.length ?? 0)})`,
  perStatement = 200,
): Promise<void> {
  for (let at = 0; at < rows.length; at += perStatement) {
    const chunk = rows.slice(at, at + perStatement);
    await db.run(`${head} VALUES ${chunk.map(() => tuple).join(", ")} ${tail}`, chunk.flat());
  }
}

/** The database's clock in ms since the epoch: now() on Postgres, the statement's 'now' on SQLite. */
export const NOW_MS: Record<Dialect, string> = {
  postgres: "(extract(epoch from now()) * 1000)::double precision",
  sqlite: "((julianday('now') - 2440587.5) * 86400000.0)",
};

/** The database's clock as ISO 8601 text with milliseconds in UTC, the form Date#toISOString() writes. */
export const NOW_ISO: Record<Dialect, string> = {
  postgres: `to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
  sqlite: "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
};

/**
 * "Now" for a statement, and its parameter: the database's clock, or `clock` where a test hands in
 * one of its own to travel in time.
 */
export function nowSql(dialect: Dialect, clock?: () => Date): [string, number[]] {
  return clock ? ["CAST(? AS DOUBLE PRECISION)", [clock().getTime()]] : [NOW_MS[dialect], []];
}

/** "?, ?, ?" for an IN list of `n` values. */
export function placeholders(n: number): string {
  return Array.from({ length: n }, () => "?").join(", ");
}
