// The SQL connection interface that both backends implement and the store module talks through.
// Its own module so that the backends depend on it, and the factory (db.ts) on them, one way.

export type SqlValue = string | number | null;
export type Dialect = "sqlite" | "postgres";

export interface Db {
  readonly dialect: Dialect;
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  run(sql: string, params?: readonly SqlValue[]): Promise<void>;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
