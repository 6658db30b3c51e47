// Plain key-value state behind keyv (STORE_URL): one keyv namespace per kind of record, and every
// record validated with zod when read, so a corrupt or old-format record is logged and skipped, never
// fatal. SQLite (the default) commits each write atomically in WAL mode; a postgres:// store keeps
// these records in its keyv_store table. The corpus's own tables are in src/store/.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Keyv, { type KeyvStoreAdapter } from "keyv";
import KeyvSqlite from "@keyv/sqlite";
import type { z } from "zod";
import type { Logger } from "./log.js";
import { SqlKeyvAdapter } from "./store/keyv-sql.js";

/** A namespace of records of one type. */
export class Collection<T> {
  constructor(
    private readonly keyv: Keyv,
    private readonly schema: z.ZodType<T>,
    private readonly log: Logger,
    readonly name: string,
  ) {}

  async get(key: string): Promise<T | undefined> {
    const raw: unknown = await this.keyv.get(key);
    return raw === undefined ? undefined : this.validate(key, raw);
  }

  /** Many records in one round trip; undefined where a key is missing or invalid. */
  async getMany(keys: readonly string[]): Promise<(T | undefined)[]> {
    if (keys.length === 0) return [];
    const raws: unknown[] = await this.keyv.getMany([...keys]);
    return raws.map((raw, i) => (raw === undefined || raw === null ? undefined : this.validate(keys[i]!, raw)));
  }

  /** With `ttlMs`, the record expires: it reads as missing, and prune() deletes it. */
  async set(key: string, value: T, ttlMs?: number): Promise<void> {
    await this.keyv.set(key, value, ttlMs);
  }

  /** Deletes expired records (keyv deletes an expired record when it meets it while listing). */
  async prune(): Promise<void> {
    for await (const _ of this.entries());
  }

  async delete(key: string): Promise<void> {
    await this.keyv.delete(key);
  }

  /** Every valid record of the namespace. Invalid ones are logged and skipped. */
  async *entries(): AsyncGenerator<[string, T]> {
    if (!this.keyv.iterator) throw new Error(`store for "${this.name}" cannot list its records`);
    for await (const [key, raw] of this.keyv.iterator(undefined) as AsyncGenerator<[string, unknown]>) {
      const value = this.validate(key, raw);
      if (value !== undefined) yield [key, value];
    }
  }

  private validate(key: string, raw: unknown): T | undefined {
    const parsed = this.schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    this.log.warn({ namespace: this.name, key, issues: parsed.error.issues.slice(0, 3) }, "Skipping invalid stored record");
    return undefined;
  }
}

export class Store {
  private readonly opened: Keyv[] = [];

  constructor(
    private readonly url: string,
    private readonly log: Logger,
  ) {}

  collection<T>(name: string, schema: z.ZodType<T>): Collection<T> {
    // Plain JSON: keyv's default (de)serializer revives Buffers with a reviver function, which
    // makes reading thousands of cached analyses several times slower, and no record holds one.
    const keyv = new Keyv({ store: this.adapter(name), namespace: name, serialize: JSON.stringify, deserialize: JSON.parse });
    keyv.on("error", (error: unknown) => this.log.error({ err: error, namespace: name }, "Store error"));
    this.opened.push(keyv);
    return new Collection(keyv, schema, this.log, name);
  }

  async close(): Promise<void> {
    await Promise.all(this.opened.map((k) => k.disconnect()));
    this.opened.length = 0;
  }

  /** One adapter per namespace: keyv adapters carry their namespace, so they cannot be shared. */
  private adapter(namespace: string): KeyvStoreAdapter | Map<unknown, unknown> {
    // A Map carries its namespace too (keyv sets map.namespace and its iterator filters on it),
    // so each namespace of a memory:// store gets its own Map.
    if (this.url.startsWith("memory://")) {
      const key = `${this.url}#${namespace}`;
      return memoryStores.get(key) ?? newMemoryStore(key);
    }
    if (this.url.startsWith("sqlite://")) {
      const path = this.url.slice("sqlite://".length);
      if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
      const sqlite = new KeyvSqlite({ uri: this.url, busyTimeout: 5_000 });
      // WAL with synchronous=NORMAL: every write is still an atomic transaction (a crash loses
      // at most the last commits, never corrupts the file), without an fsync per write — which
      // otherwise makes the first start over 10,000 articles take minutes instead of seconds.
      void sqlite.query("PRAGMA journal_mode=WAL").catch((error: unknown) => this.log.warn({ err: error }, "SQLite WAL unavailable"));
      void sqlite.query("PRAGMA synchronous=NORMAL").catch(() => undefined);
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
