// keyv's plain key-value records (subscriptions, the ledger, first-seen dates, feed states) in the
// store's own Postgres database, in table keyv_store, so a Postgres deployment needs no second
// adapter package. keyv prefixes every key with its namespace; this adapter stores what it is given.
import { EventEmitter } from "node:events";
import type { KeyvStoreAdapter } from "keyv";
import { openDb, placeholders, type Db } from "./db.js";
import { migrate } from "./migrations.js";

/** Records listed per query while iterating a namespace. */
const PAGE = 500;

export class SqlKeyvAdapter extends EventEmitter implements KeyvStoreAdapter {
  readonly opts: { url: string; dialect: string };
  namespace?: string;
  private db: Promise<Db> | undefined;

  constructor(private readonly url: string) {
    super();
    // keyv lists a store's records only when its dialect is one it knows to be iterable.
    this.opts = { url, dialect: "postgres" };
  }

  async get<Value>(key: string): Promise<Value | undefined> {
    const [row] = await (await this.open()).all<{ value: string }>("SELECT value FROM keyv_store WHERE key = ?", [key]);
    return row?.value as Value | undefined;
  }

  async getMany<Value>(keys: string[]): Promise<(Value | undefined)[]> {
    if (keys.length === 0) return [];
    const rows = await (await this.open()).all<{ key: string; value: string }>(
      `SELECT key, value FROM keyv_store WHERE key IN (${placeholders(keys.length)})`,
      keys,
    );
    const byKey = new Map(rows.map((r) => [r.key, r.value]));
    return keys.map((k) => byKey.get(k) as Value | undefined);
  }

  async set(key: string, value: unknown): Promise<void> {
    await (await this.open()).run(
      "INSERT INTO keyv_store (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      [key, String(value)],
    );
  }

  async delete(key: string): Promise<boolean> {
    const rows = await (await this.open()).all<{ key: string }>("DELETE FROM keyv_store WHERE key = ? RETURNING key", [
      key,
    ]);
    return rows.length > 0;
  }

  async has(key: string): Promise<boolean> {
    return (await this.get(key)) !== undefined;
  }

  async clear(): Promise<void> {
    await (await this.open()).run("DELETE FROM keyv_store WHERE substr(key, 1, ?) = ?", [
      `${this.namespace ?? ""}:`.length,
      `${this.namespace ?? ""}:`,
    ]);
  }

  async *iterator(namespace?: string): AsyncGenerator<[string, string]> {
    const db = await this.open();
    const prefix = namespace ? `${namespace}:` : "";
    let after = prefix;
    for (;;) {
      const rows = await db.all<{ key: string; value: string }>(
        "SELECT key, value FROM keyv_store WHERE key > ? AND substr(key, 1, ?) = ? ORDER BY key LIMIT ?",
        [after, prefix.length, prefix, PAGE],
      );
      for (const r of rows) yield [r.key, r.value];
      if (rows.length < PAGE) return;
      after = rows.at(-1)!.key;
    }
  }

  async disconnect(): Promise<void> {
    if (!this.db) return;
    this.db = undefined;
    const pool = pools.get(this.url)!;
    if (--pool.users > 0) return;
    pools.delete(this.url);
    await (await pool.db).close();
  }

  /**
   * Connects on first use (keyv's adapters are built synchronously) and brings the schema up to
   * date. The namespaces of one URL share one connection pool.
   */
  private open(): Promise<Db> {
    if (!this.db) {
      let pool = pools.get(this.url);
      if (!pool) {
        const db = openDb(this.url).then(async (opened) => {
          await migrate(opened);
          return opened;
        });
        pool = { db, users: 0 };
        pools.set(this.url, pool);
      }
      pool.users += 1;
      this.db = pool.db;
    }
    return this.db;
  }
}

const pools = new Map<string, { db: Promise<Db>; users: number }>();
