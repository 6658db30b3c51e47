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
    const rows = await (await this.open()).all<{ key: string; value: string }>(`SELECT key, value FROM keyv_store WHERE key IN (${placeholders(keys.length)})`, keys);
    const byKey = new Map(rows.map((r) => [r.key, r.value]));
    return keys.map((k) => byKey.get(k) as Value | undefined);
  }

  async set(key: string, value: unknown): Promise<void> {
    await (await this.open()).run("INSERT INTO keyv_store (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, String(value)]);
  }

  async delete(key: string): Promise<boolean> {
    const rows = await (await this.open()).all<{ key: string }>("DELETE FROM keyv_store WHERE key = ? RETURNING key", [key]);
    return rows.length > 0;
  }

  async has(key: string): Promise<boolean> {
    return (await this.get(key)) !== undefined;
  }

  async clear(): Promise<void> {
    await (await this.open()).run("DELETE FROM keyv_store WHERE substr(key, 1, ?) = ?", [`${this.namespace ?? ""}:`.length, `${this.namespace ?? ""}:`]);
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
    const db = this.db;
    this.db = undefined;
    if (db) await (await db).close();
  }

  /** Connects on first use (keyv's adapters are built synchronously) and brings the schema up to date. */
  private open(): Promise<Db> {
    this.db ??= openDb(this.url).then(async (db) => {
      await migrate(db);
      return db;
    });
    return this.db;
  }
}
