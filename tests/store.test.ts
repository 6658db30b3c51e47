import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type KeyvSqlite from "@keyv/sqlite";
import type { KeyvStoreAdapter } from "keyv";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Store } from "../src/store.js";
import { StoreError } from "../src/store-error.js";
import { CorpusStore } from "../src/store/corpus-store.js";
import { FailingStore } from "./support/failing-store.js";
import { BACKENDS } from "./support/stores.js";

const silent = pino({ level: "silent" });
const record = z.object({ n: z.number() });

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe("the store", () => {
  it("keeps records in a SQLite file across reopening", async () => {
    const url = `sqlite://${join(mkdtempSync(join(tmpdir(), "nb-store-")), "nested", "s.sqlite")}`;
    const first = new Store(url, silent);
    await first.collection("things", record).set("a", { n: 1 });
    await first.close();
    const second = new Store(url, silent);
    expect(await second.collection("things", record).get("a")).toEqual({ n: 1 });
    await second.close();
  });

  it("keeps namespaces apart", async () => {
    const store = new Store("memory://namespaces", silent);
    await store.collection("one", record).set("k", { n: 1 });
    await store.collection("two", record).set("k", { n: 2 });
    expect(await collect(store.collection("one", record).entries())).toEqual([["k", { n: 1 }]]);
    await store.close();
  });

  it("skips a corrupt record instead of failing", async () => {
    const store = new Store("memory://corrupt", silent);
    const loose = store.collection("mixed", z.unknown());
    await loose.set("good", { n: 1 });
    await loose.set("bad", { n: "one" });
    const strict = store.collection("mixed", record);
    expect(await strict.get("bad")).toBeUndefined();
    expect(await collect(strict.entries())).toEqual([["good", { n: 1 }]]);
    await store.close();
  });

  it("refuses a backend it does not support, naming those it does", () => {
    expect(() => new Store("redis://localhost:6379", silent).collection("x", record)).toThrow(
      /sqlite:\/\/, postgres:\/\/ or memory:\/\//,
    );
  });
});

describe.each(BACKENDS.filter((b) => b.name === "postgres"))("the keyv records of a $name store", (backend) => {
  it("keep records and namespaces apart across reopening, list them and expire them", async () => {
    const url = await backend.freshUrl();
    const first = new Store(url, silent);
    await first.collection("one", record).set("k", { n: 1 });
    await first.collection("two", record).set("k", { n: 2 });
    await first.collection("two", record).set("gone", { n: 3 }, 1);
    await first.close();
    const second = new Store(url, silent);
    expect(await second.collection("one", record).get("k")).toEqual({ n: 1 });
    expect(await second.collection("two", record).getMany(["k", "missing"])).toEqual([{ n: 2 }, undefined]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await collect(second.collection("two", record).entries())).toEqual([["k", { n: 2 }]]);
    await second.collection("one", record).delete("k");
    expect(await second.collection("one", record).get("k")).toBeUndefined();
    await second.close();
  });
});

describe("upgrading a SQLite store", () => {
  it("drops the old keyv analysis cache and file manifest, and keeps every other record", async () => {
    const url = `sqlite://${join(mkdtempSync(join(tmpdir(), "nb-upgrade-")), "s.sqlite")}`;
    const old = new Store(url, silent);
    await old.collection("analysis", record).set("v4:abc", { n: 1 });
    await old.collection("file-manifest", record).set("v2:a.json", { n: 2 });
    await old.collection("feeds", record).set("123", { n: 3 });
    await old.close();
    await (await CorpusStore.open(url)).close();
    const reopened = new Store(url, silent);
    expect(await reopened.collection("analysis", record).get("v4:abc")).toBeUndefined();
    expect(await reopened.collection("file-manifest", record).get("v2:a.json")).toBeUndefined();
    expect(await reopened.collection("feeds", record).get("123")).toEqual({ n: 3 });
    await reopened.close();
  });
});

describe("a store that fails", () => {
  const sqliteUrl = () => `sqlite://${join(mkdtempSync(join(tmpdir(), "nb-store-")), "s.sqlite")}`;

  it("throws a StoreError naming the file when a write fails, instead of resolving as if it were saved", async () => {
    const url = sqliteUrl();
    const store = new FailingStore(url, silent);
    const things = store.collection("things", record);
    store.fail("writes");
    await expect(things.set("a", { n: 1 })).rejects.toThrow(StoreError);
    await expect(things.set("a", { n: 1 })).rejects.toThrow(
      `${url.slice("sqlite://".length)} (STORE_URL): SQLITE_FULL`,
    );
    await expect(things.delete("a")).rejects.toMatchObject({
      operation: "write",
      namespace: "things",
      code: "SQLITE_FULL",
    });
    store.recover();
    expect(await things.get("a")).toBeUndefined();
    await store.close();
  });

  it("throws when a read fails, instead of reading the record as missing", async () => {
    const store = new FailingStore(sqliteUrl(), silent);
    const things = store.collection("things", record);
    await things.set("a", { n: 1 });
    store.fail("reads");
    await expect(things.get("a")).rejects.toMatchObject({ operation: "read", code: "SQLITE_IOERR" });
    await expect(things.getMany(["a"])).rejects.toThrow(StoreError);
    await expect(collect(things.entries())).rejects.toThrow(StoreError);
    await store.close();
  });

  it("reads and writes again once the backend recovers, with what was saved before intact", async () => {
    const store = new FailingStore("memory://recovering", silent);
    const things = store.collection("things", record);
    await things.set("before", { n: 1 });
    store.fail("both");
    await expect(things.set("during", { n: 2 })).rejects.toThrow(StoreError);
    await expect(things.get("before")).rejects.toThrow(StoreError);
    store.recover();
    await things.set("after", { n: 3 });
    expect(await collect(things.entries())).toEqual([
      ["before", { n: 1 }],
      ["after", { n: 3 }],
    ]);
    await store.close();
  });

  it("refuses every write to a read-only SQLite database with a StoreError saying what to do", async () => {
    const url = sqliteUrl();
    const writable = new Store(url, silent);
    await writable.collection("things", record).set("a", { n: 1 });
    await writable.close();

    const readOnly = new ReadOnlySqliteStore(url, silent);
    const things = readOnly.collection("things", record);
    expect(await things.get("a")).toEqual({ n: 1 });
    await expect(things.set("a", { n: 2 })).rejects.toThrow(/SQLITE_READONLY.*give this user write access/);
    await expect(things.delete("a")).rejects.toThrow(StoreError);
    await expect(readOnly.check()).rejects.toMatchObject({ operation: "write", code: "SQLITE_READONLY" });
    expect(await things.get("a")).toEqual({ n: 1 });
    await readOnly.close();
  });

  it("stops at the start-up check on a file that is not a SQLite database, naming it and what to do", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "nb-store-")), "newsbrief.sqlite");
    writeFileSync(path, "These are somebody's notes, not a database.\n".repeat(200));
    const store = new Store(`sqlite://${path}`, silent);
    const check = store.check();
    await expect(check).rejects.toThrow(StoreError);
    await expect(check).rejects.toThrow(`cannot read the store ${path} (STORE_URL): SQLITE_NOTADB`);
    await expect(check).rejects.toThrow(/restore it from a backup, or move it aside/);
    await store.close();
  });
});

/**
 * A SQLite store whose connections refuse writes (`PRAGMA query_only`): the tests run as any user,
 * root included, for whom a read-only file mode would not stop a write.
 */
class ReadOnlySqliteStore extends Store {
  protected override adapter(namespace: string): KeyvStoreAdapter | Map<unknown, unknown> {
    const sqlite = super.adapter(namespace) as KeyvSqlite;
    void sqlite.query("PRAGMA query_only = ON");
    return sqlite;
  }
}
