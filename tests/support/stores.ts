// The store backends every store test runs on: SQLite always, Postgres when TEST_DATABASE_URL names
// a server (CI starts one; see README). Each call gives a fresh, empty store: a new SQLite file, or a
// new schema in the test database, so test files never see each other's rows.
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

export interface Backend {
  name: "sqlite" | "postgres";
  /** A STORE_URL of a new, empty store. */
  freshUrl(): Promise<string>;
}

const sqlite: Backend = {
  name: "sqlite",
  freshUrl: async () => `sqlite://${join(mkdtempSync(join(tmpdir(), "nb-store-")), "s.sqlite")}`,
};

/** A STORE_URL of a new, empty schema in the Postgres database at `base`. */
export async function freshPostgresUrl(base: string, prefix = "t_"): Promise<string> {
  const schema = `${prefix}${randomUUID().replace(/-/g, "")}`;
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await client.end();
  }
  const url = new URL(base);
  url.searchParams.set("options", `-c search_path=${schema}`);
  return url.toString();
}

function postgres(base: string): Backend {
  return { name: "postgres", freshUrl: () => freshPostgresUrl(base) };
}

const testDatabase = process.env.TEST_DATABASE_URL?.trim();

/** SQLite, and Postgres when TEST_DATABASE_URL is set. */
export const BACKENDS: readonly Backend[] = testDatabase ? [sqlite, postgres(testDatabase)] : [sqlite];
