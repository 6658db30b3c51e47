// A Store whose backend fails on demand (reads, writes or both) and recovers when told. It wraps the
// real adapter of its URL and its SQL connection (a table counts as the namespace it names), so each failure passes through the real keyv and Store code exactly as
// a full or broken disk's SQLite error does, and what was written before the failure stays there.
import type { KeyvStoreAdapter } from "keyv";
import { Store } from "../../src/store.js";
import type { Db } from "../../src/store/db.js";

/** Adapter methods by what they do; anything else (on, disconnect, opts…) always works. */
const READS = new Set<PropertyKey>(["get", "getMany", "has", "hasMany", "iterator", Symbol.iterator]);
const WRITES = new Set<PropertyKey>(["set", "setMany", "delete", "deleteMany", "clear"]);

/** What SQLite answers on a full disk (writes) and on a failing one (reads). */
function sqliteError(kind: "reads" | "writes"): Error {
  return kind === "writes"
    ? Object.assign(new Error("SQLITE_FULL: database or disk is full"), { errno: 13, code: "SQLITE_FULL" })
    : Object.assign(new Error("SQLITE_IOERR: disk I/O error"), { errno: 10, code: "SQLITE_IOERR" });
}

export class FailingStore extends Store {
  private readonly failing = { reads: false, writes: false };
  /** The namespaces that fail; undefined while every one does. */
  private only: ReadonlySet<string> | undefined;

  /** From now on, these operations fail, in every namespace or only in those named. */
  fail(what: "reads" | "writes" | "both", namespaces?: readonly string[]): void {
    this.failing.reads = what !== "writes";
    this.failing.writes = what !== "reads";
    this.only = namespaces && new Set(namespaces);
  }

  recover(): void {
    this.failing.reads = false;
    this.failing.writes = false;
  }

  /** A statement that returns rows reads; one that changes them writes; INSERT … RETURNING does both. */
  protected override async sqlConnection(table: string): Promise<Db> {
    const real = await super.sqlConnection(table);
    const check = (sql: string) => {
      const head = sql.trimStart().slice(0, 6).toUpperCase();
      const kinds: ("reads" | "writes")[] =
        head === "SELECT" ? ["reads"] : /\bRETURNING\b/i.test(sql) ? ["reads", "writes"] : ["writes"];
      const kind = kinds.find((k) => this.failing[k]);
      if (kind && (this.only?.has(table) ?? true)) throw sqliteError(kind);
    };
    const wrap = (db: Db): Db => ({
      dialect: db.dialect,
      all: async (sql, params) => {
        check(sql);
        return db.all(sql, params);
      },
      run: async (sql, params) => {
        check(sql);
        return db.run(sql, params);
      },
      transaction: (work) => db.transaction((tx) => work(wrap(tx))),
      close: () => db.close(),
    });
    return wrap(real);
  }

  protected override adapter(namespace: string): KeyvStoreAdapter | Map<unknown, unknown> {
    const real = super.adapter(namespace);
    return new Proxy(real, {
      get: (target, property) => {
        const value: unknown = Reflect.get(target, property, target);
        if (typeof value !== "function") return value;
        const kind = READS.has(property) ? "reads" : WRITES.has(property) ? "writes" : undefined;
        return (...args: unknown[]): unknown => {
          if (kind && this.failing[kind] && (this.only?.has(namespace) ?? true)) throw sqliteError(kind);
          // Map methods need the Map itself as `this`, not the proxy.
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  }
}
