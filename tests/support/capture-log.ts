// A pino logger that keeps its records in memory, so tests can assert on what was logged
// (error context, and that a token never appears) and wait for a record to arrive.
import { pino, type Logger } from "pino";

type LogRecord = Record<string, unknown>;

export interface CapturedLog {
  log: Logger;
  readonly records: LogRecord[];
  /** Everything logged, as the raw JSON lines. */
  text(): string;
  /** The first record, past or future, that matches. */
  waitFor(predicate: (r: LogRecord) => boolean, timeoutMs?: number): Promise<LogRecord>;
}

export function captureLog(level = "debug"): CapturedLog {
  const lines: string[] = [];
  const records: LogRecord[] = [];
  const waiters = new Set<(r: LogRecord) => void>();
  const log = pino(
    { level, base: null },
    {
      write: (line: string) => {
        lines.push(line);
        const record = JSON.parse(line) as LogRecord;
        records.push(record);
        for (const waiter of waiters) waiter(record);
      },
    },
  );
  return {
    log,
    records,
    text: () => lines.join(""),
    waitFor(predicate, timeoutMs = 2_000) {
      const past = records.find(predicate);
      if (past) return Promise.resolve(past);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching log record within ${timeoutMs} ms`));
        }, timeoutMs);
        const check = (r: LogRecord) => {
          if (!predicate(r)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(r);
        };
        waiters.add(check);
      });
    },
  };
}
