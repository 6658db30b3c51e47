// Durable state behind keyv (STORE_URL): one keyv namespace per kind of record, and every record
// validated with zod when read, so a corrupt or old-format record is logged and skipped, never fatal.
// SQLite (the default) commits each write atomically, so a crash never leaves half a record.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Keyv, { type KeyvStoreAdapter } from "keyv";
import KeyvSqlite from "@keyv/sqlite";
import type { z } from "zod";
import type { Logger } from "./log.js";

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

  async set(key: string, value: T): Promise<void> {
    await this.keyv.set(key, value);
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
    const keyv = new Keyv({ store: this.adapter(), namespace: name });
    keyv.on("error", (error: unknown) => this.log.error({ err: error, namespace: name }, "Store error"));
    this.opened.push(keyv);
    return new Collection(keyv, schema, this.log, name);
  }

  async close(): Promise<void> {
    await Promise.all(this.opened.map((k) => k.disconnect()));
    this.opened.length = 0;
  }

  /** One adapter per namespace: keyv adapters carry their namespace, so they cannot be shared. */
  private adapter(): KeyvStoreAdapter | Map<unknown, unknown> {
    if (this.url.startsWith("memory://")) return memoryStores.get(this.url) ?? newMemoryStore(this.url);
    if (this.url.startsWith("sqlite://")) {
      const path = this.url.slice("sqlite://".length);
      if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
      return new KeyvSqlite({ uri: this.url, busyTimeout: 5_000 });
    }
    throw new Error(
      `STORE_URL ${this.url.split(":")[0]}:// needs its keyv adapter (@keyv/redis or @keyv/postgres) installed; only sqlite:// and memory:// ship with newsbrief`,
    );
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
