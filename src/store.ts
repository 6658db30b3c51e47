// Plain key-value state behind keyv (STORE_URL): one keyv namespace per kind of record, and every
// record validated with zod when read, so a corrupt or old-format record is logged and skipped, never
// fatal. SQLite (the default) commits each write atomically in WAL mode; a postgres:// store keeps
// these records in its keyv_store table. The corpus's own tables are in src/store/.
// A read or write the backend cannot do throws a StoreError; it never reads as "missing" or "done".
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Keyv, { type KeyvStoreAdapter } from "keyv";
import KeyvSqlite from "@keyv/sqlite";
import { z } from "zod";
import type { Logger } from "./log.js";
import { StoreError, type StoreOperation } from "./store-error.js";
import { openDb, type Db } from "./store/db.js";
import { SqlKeyvAdapter } from "./store/keyv-sql.js";
import { migrate } from "./store/migrations.js";

/** A namespace of records of one type. */
export class Collection<T> {
  constructor(
    private readonly keyv: Keyv,
    private readonly schema: z.ZodType<T>,
    private readonly log: Logger,
    readonly name: string,
    /** The store's file (or URL), for error messages. */
    private readonly where: string,
  ) {}

  async get(key: string): Promise<T | undefined> {
    const raw: unknown = await this.attempt("read", () => this.keyv.get(key));
    return raw === undefined ? undefined : this.validate(key, raw);
  }

  /** Many records in one round trip; undefined where a key is missing or invalid. */
  async getMany(keys: readonly string[]): Promise<(T | undefined)[]> {
    if (keys.length === 0) return [];
    const raws: unknown[] = await this.attempt("read", () => this.keyv.getMany([...keys]));
    return raws.map((raw, i) => (raw === undefined || raw === null ? undefined : this.validate(keys[i]!, raw)));
  }

  /** With `ttlMs`, the record expires: it reads as missing, and prune() deletes it. */
  async set(key: string, value: T, ttlMs?: number): Promise<void> {
    const stored = await this.attempt("write", () => this.keyv.set(key, value, ttlMs));
    // keyv's documented answer for a write the adapter refused without an exception.
    if (!stored) throw new StoreError("write", this.name, this.where, new Error("the store refused the write"));
  }

  /** Deletes expired records (keyv deletes an expired record when it meets it while listing). */
  async prune(): Promise<void> {
    for await (const _ of this.entries());
  }

  async delete(key: string): Promise<void> {
    await this.attempt("write", () => this.keyv.delete(key));
  }

  /** Every valid record of the namespace. Invalid ones are logged and skipped. */
  async *entries(): AsyncGenerator<[string, T]> {
    if (!this.keyv.iterator) throw new Error(`store for "${this.name}" cannot list its records`);
    try {
      for await (const [key, raw] of this.keyv.iterator(undefined) as AsyncGenerator<[string, unknown]>) {
        const value = this.validate(key, raw);
        if (value !== undefined) yield [key, value];
      }
    } catch (error) {
      // Only the listing itself throws here: a consumer that stops early returns, it does not throw.
      throw new StoreError("read", this.name, this.where, error);
    }
  }

  private async attempt<R>(operation: StoreOperation, run: () => Promise<R>): Promise<R> {
    try {
      return await run();
    } catch (error) {
      throw error instanceof StoreError ? error : new StoreError(operation, this.name, this.where, error);
    }
  }

  private validate(key: string, raw: unknown): T | undefined {
    const parsed = this.schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    this.log.warn(
      { namespace: this.name, key, issues: parsed.error.issues.slice(0, 3) },
      "Skipping invalid stored record",
    );
    return undefined;
  }
}

export class Store {
  private readonly opened: Keyv[] = [];
  private sqlDb: Promise<Db> | undefined;

  constructor(
    private readonly url: string,
    private readonly log: Logger,
  ) {}

  collection<T>(name: string, schema: z.ZodType<T>): Collection<T> {
    const keyv = this.open(name);
    this.opened.push(keyv);
    return new Collection(keyv, schema, this.log, name, this.where);
  }

  /**
   * Runs `work` on the store's SQL connection, for records that need atomic updates (src/store/ holds
   * their statements). Opened on first use with the schema migrated; a failure is a StoreError
   * naming `table`. On SQLite each commit reaches the disk before it resolves (synchronous=FULL).
   */
  async sql<R>(table: string, operation: StoreOperation, work: (db: Db) => Promise<R>): Promise<R> {
    try {
      return await work(await this.sqlConnection(table));
    } catch (error) {
      throw error instanceof StoreError ? error : new StoreError(operation, table, this.where, error);
    }
  }

  /** The connection `sql()` hands to work on `table`; protected so that tests can make it fail on demand. */
  protected sqlConnection(_table: string): Promise<Db> {
    this.sqlDb ??= openDb(this.url).then(async (db) => {
      try {
        await migrate(db);
        if (db.dialect === "sqlite") await db.run("PRAGMA synchronous=FULL");
        return db;
      } catch (error) {
        await db.close();
        throw error;
      }
    });
    // A failed open is tried again by the next call rather than remembered for ever.
    const opening = this.sqlDb;
    opening.catch(() => {
      if (this.sqlDb === opening) this.sqlDb = undefined;
    });
    return opening;
  }

  /**
   * Reads, writes and deletes a probe record, so that start-up stops with the reason (a corrupt,
   * unreadable or read-only file, a full disk) instead of running on a store that loses writes.
   */
  async check(): Promise<void> {
    const probe = this.collection("store-check", z.string());
    await probe.get("probe");
    await probe.set("probe", new Date().toISOString());
    await probe.delete("probe");
  }

  /** The file of a sqlite:// store, else the URL without its password: what error messages name. */
  private get where(): string {
    if (this.url.startsWith("sqlite://")) return this.url.slice("sqlite://".length);
    const url = URL.canParse(this.url) ? new URL(this.url) : undefined;
    if (url?.password) url.password = "***";
    return url?.toString() ?? this.url;
  }

  async close(): Promise<void> {
    const sql = this.sqlDb;
    this.sqlDb = undefined;
    const closed = await Promise.allSettled([
      ...this.opened.map((k) => k.disconnect()),
      ...(sql ? [sql.then((db) => db.close())] : []),
    ]);
    this.opened.length = 0;
    // Every write was committed when it resolved, so a failed close loses nothing. It is most often
    // a connection that never opened, whose error already reached the caller that used it; thrown
    // again here it would replace that error (and its advice) in the caller's cleanup.
    for (const failure of closed)
      if (failure.status === "rejected")
        this.log.debug({ err: failure.reason }, "Store connection closed with an error");
  }

  private open(namespace: string): Keyv {
    const keyv = new Keyv({
      store: this.adapter(namespace),
      namespace,
      // keyv 5 otherwise answers a failed write with `false` and a failed read with "missing",
      // which the ledger would take as "never posted" and post again.
      throwOnErrors: true,
      // Plain JSON: keyv's default (de)serializer revives Buffers with a reviver function, which
      // makes reading thousands of cached analyses several times slower, and no record holds one.
      serialize: JSON.stringify,
      deserialize: JSON.parse,
    });
    // Every failure is also thrown to the caller, which logs it with its context.
    keyv.on("error", (error: unknown) => this.log.debug({ err: error, namespace }, "Store error"));
    return keyv;
  }

  /**
   * One adapter per namespace: keyv adapters carry their namespace, so they cannot be shared.
   * Protected so that tests can wrap the real adapter in one that fails on demand.
   */
  protected adapter(namespace: string): KeyvStoreAdapter | Map<unknown, unknown> {
    // A Map carries its namespace too (keyv sets map.namespace and its iterator filters on it),
    // so each namespace of a memory:// store gets its own Map.
    if (this.url.startsWith("memory://")) {
      const key = `${this.url}#${namespace}`;
      return memoryStores.get(key) ?? newMemoryStore(key);
    }
    if (this.url.startsWith("sqlite://")) {
      const path = this.url.slice("sqlite://".length);
      try {
        if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
      } catch (error) {
        throw new StoreError("open", namespace, path, error);
      }
      const sqlite = new KeyvSqlite({ uri: this.url, busyTimeout: 5_000 });
      // WAL with synchronous=NORMAL: every write is still an atomic transaction (a crash loses
      // at most the last commits, never corrupts the file), without an fsync per write — which
      // otherwise makes the first start over 10,000 articles take minutes instead of seconds.
      // A file system without WAL support answers with the mode it kept, not an error: these fail
      // only when the connection does, and that error reaches every caller as a StoreError.
      const unset = (error: unknown) => this.log.debug({ err: error, namespace }, "SQLite pragma not applied");
      void sqlite.query("PRAGMA journal_mode=WAL").catch(unset);
      void sqlite.query("PRAGMA synchronous=NORMAL").catch(unset);
      return sqlite;
    }
    if (this.url.startsWith("postgres://") || this.url.startsWith("postgresql://")) return new SqlKeyvAdapter(this.url);
    throw new Error(`STORE_URL ${this.url.split(":")[0]}:// is not supported; use sqlite://, postgres:// or memory://`);
  }
}

// memory:// stores live as long as the process, so two Store objects on the same URL (a "restart"
// in a test) see the same data, as two processes on one SQLite file would.
const memoryStores = new Map<string, Map<unknown, unknown>>();
function newMemoryStore(url: string): Map<unknown, unknown> {
  const map = new Map<unknown, unknown>();
  memoryStores.set(url, map);
  return map;
}
