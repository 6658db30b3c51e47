// The one error a failing store throws: which operation failed, on which file, and what an operator
// can do about it. Kept apart from the store itself so that callers (the router, the start-up code)
// can recognise it without depending on keyv or SQLite.

import { errorMessage } from "./errors.js";

export type StoreOperation = "open" | "read" | "write";

/** SQLite result codes (and the file-system codes of creating its folder), by what fixes them. */
const ADVICE: ReadonlyArray<[codes: readonly string[], advice: string]> = [
  [
    ["SQLITE_NOTADB", "SQLITE_CORRUPT"],
    "It is not a SQLite database, or it is damaged: restore it from a backup, or move it aside to start with an empty store (the subscriptions and the posted-headline ledger are then lost)",
  ],
  [
    ["SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH", "EACCES", "EPERM", "ENOTDIR", "EISDIR"],
    "Check that the file and its folder exist and that this user may read and write both",
  ],
  [
    ["SQLITE_READONLY", "EROFS"],
    "It is read-only: give this user write access to the file and to its folder (SQLite keeps -wal and -shm files beside it)",
  ],
  [["SQLITE_FULL", "ENOSPC"], "The disk is full: free space on it"],
  [["SQLITE_IOERR"], "The disk reported an I/O error: check the disk and the file"],
  [
    ["SQLITE_BUSY", "SQLITE_LOCKED"],
    "Another process holds it locked: stop that process, or give this one its own STORE_URL",
  ],
];

export class StoreError extends Error {
  override readonly name = "StoreError";
  /** The backend's own code (SQLITE_FULL, EACCES…), when it gave one. */
  readonly code: string | undefined;

  constructor(
    readonly operation: StoreOperation,
    /** The keyv namespace the operation was on. */
    readonly namespace: string,
    /** The store's file, or its URL when it has none. */
    readonly where: string,
    cause: unknown,
  ) {
    const code = codeOf(cause);
    const advice = ADVICE.find(([codes]) => code !== undefined && codes.includes(code))?.[1];
    const reason = errorMessage(cause);
    super(`cannot ${operation} the store ${where} (STORE_URL): ${reason}.${advice ? ` ${advice}.` : ""}`, { cause });
    this.code = code;
  }
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}
