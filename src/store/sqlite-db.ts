// The SQLite side of Db, on node-sqlite3 (the build @keyv/sqlite installs, which has FTS5). One
// connection per database; statements are serialised through a queue so a transaction owns the
// connection until it ends and no other caller's statement can slip into it.
import sqlite3 from "sqlite3";
import type { Db, SqlValue } from "./sql.js";

type Raw = sqlite3.Database;

/** Tries at switching a file to WAL while another connection holds it: about 10 s in all, like the busy timeout. */
const WAL_ATTEMPTS = 20;

export class SqliteDb implements Db {
  readonly dialect = "sqlite" as const;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly raw: Raw,
    /** memory:// databases live as long as the process: closing one is a no-op. */
    private readonly persistent: boolean,
  ) {}

  static async open(path: string, persistent = false): Promise<SqliteDb> {
    const raw = await new Promise<Raw>((resolve, reject) => {
      const db: Raw = new sqlite3.Database(path, (error) =>
        error ? reject(new Error(`cannot open SQLite store ${path}: ${error.message}`)) : resolve(db),
      );
    });
    const db = new SqliteDb(raw, persistent);
    raw.configure("busyTimeout", 10_000);
    // WAL with synchronous=NORMAL: each commit is atomic (a crash loses at most the last commits,
    // never corrupts the file) without an fsync per commit.
    if (path !== ":memory:") await db.switchToWal();
    await db.run("PRAGMA synchronous=NORMAL");
    await db.run("PRAGMA foreign_keys=ON");
    return db;
  }

  /**
   * Turning a new file to WAL needs it to itself, and SQLite answers BUSY at once, without its busy
   * timeout, while another connection (a second store of this process) is doing the same.
   */
  private async switchToWal(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.run("PRAGMA journal_mode=WAL");
      } catch (error) {
        const busy = error instanceof Error && (error.cause as { code?: unknown } | undefined)?.code === "SQLITE_BUSY";
        if (!busy || attempt >= WAL_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  }

  /** The in-process database of a memory:// URL: two opens of one URL (a "restart" in a test) share it. */
  static async shared(url: string): Promise<SqliteDb> {
    let db = memoryDbs.get(url);
    if (!db) {
      db = SqliteDb.open(":memory:", true);
      memoryDbs.set(url, db);
    }
    return db;
  }

  all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return this.exclusive(() => this.rawAll<T>(sql, params));
  }

  run(sql: string, params: readonly SqlValue[] = []): Promise<void> {
    return this.exclusive(() => this.rawRun(sql, params));
  }

  transaction<T>(work: (tx: Db) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      await this.rawRun("BEGIN IMMEDIATE", []);
      const tx: Db = {
        dialect: "sqlite",
        all: (sql, params = []) => this.rawAll(sql, params),
        run: (sql, params = []) => this.rawRun(sql, params),
        transaction: (inner) => inner(tx),
        close: async () => undefined,
      };
      try {
        const result = await work(tx);
        await this.rawRun("COMMIT", []);
        return result;
      } catch (error) {
        await this.rawRun("ROLLBACK", []).catch(() => undefined);
        throw error;
      }
    });
  }

  async close(): Promise<void> {
    if (this.persistent || this.closed) return;
    this.closed = true;
    await this.queue.catch(() => undefined);
    await new Promise<void>((resolve, reject) => this.raw.close((error) => (error ? reject(error) : resolve())));
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task, task);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private rawAll<T>(sql: string, params: readonly SqlValue[]): Promise<T[]> {
    return new Promise((resolve, reject) =>
      this.raw.all(sql, params, (error, rows) => (error ? reject(sqlError(error, sql)) : resolve(rows as T[]))),
    );
  }

  private rawRun(sql: string, params: readonly SqlValue[]): Promise<void> {
    return new Promise((resolve, reject) =>
      this.raw.run(sql, params, (error) => (error ? reject(sqlError(error, sql)) : resolve())),
    );
  }
}

const memoryDbs = new Map<string, Promise<SqliteDb>>();

function sqlError(error: Error, sql: string): Error {
  return new Error(`store: ${error.message} (in: ${sql.replace(/\s+/g, " ").slice(0, 120)})`, { cause: error });
}
