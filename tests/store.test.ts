import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Store } from "../src/store.js";
import { CorpusStore } from "../src/store/corpus-store.js";
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
    expect(() => new Store("redis://localhost:6379", silent).collection("x", record)).toThrow(/sqlite:\/\/, postgres:\/\/ or memory:\/\//);
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
    await old.collection("subscriptions", record).set("123", { n: 3 });
    await old.close();
    await (await CorpusStore.open(url)).close();
    const reopened = new Store(url, silent);
    expect(await reopened.collection("analysis", record).get("v4:abc")).toBeUndefined();
    expect(await reopened.collection("file-manifest", record).get("v2:a.json")).toBeUndefined();
    expect(await reopened.collection("subscriptions", record).get("123")).toEqual({ n: 3 });
    await reopened.close();
  });
});
