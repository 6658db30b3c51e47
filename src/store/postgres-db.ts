// The Postgres side of Db, on pg's connection pool. `?` placeholders become $1, $2…; a transaction
// runs on one client checked out of the pool, so several processes can share the database.
import pg from "pg";
import type { Db, SqlValue } from "./sql.js";
import { errorMessage } from "../errors.js";

/** A Queryable is a pool or one checked-out client: both run statements. */
interface Queryable {
  query(sql: string, params: unknown[]): Promise<{ rows: unknown[] }>;
}

export class PostgresDb implements Db {
  readonly dialect = "postgres" as const;

  private constructor(private readonly pool: pg.Pool) {}

  static async open(url: string): Promise<PostgresDb> {
    const pool = new pg.Pool({ connectionString: url, max: 4 });
    // An idle client's error (the server restarting) is reported on the next query, not thrown here.
    pool.on("error", () => undefined);
    try {
      await pool.query("SELECT 1");
    } catch (error) {
      await pool.end();
      throw new Error(`cannot reach the Postgres store: ${errorMessage(error)}`, { cause: error });
    }
    return new PostgresDb(pool);
  }

  all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return query<T>(this.pool, sql, params);
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<void> {
    await query(this.pool, sql, params);
  }

  async transaction<T>(work: (tx: Db) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const tx: Db = {
      dialect: "postgres",
      all: (sql, params = []) => query(client, sql, params),
      run: async (sql, params = []) => void (await query(client, sql, params)),
      transaction: (inner) => inner(tx),
      close: async () => undefined,
    };
    try {
      await client.query("BEGIN");
      const result = await work(tx);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

async function query<T>(on: Queryable, sql: string, params: readonly SqlValue[]): Promise<T[]> {
  let n = 0;
  const numbered = sql.replace(/\?/g, () => `$${++n}`);
  try {
    return (await on.query(numbered, [...params])).rows as T[];
  } catch (error) {
    throw new Error(`store: ${errorMessage(error)} (in: ${sql.replace(/\s+/g, " ").slice(0, 120)})`, { cause: error });
  }
}
