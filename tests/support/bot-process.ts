// The built bot (`node dist/src/index.js`, as `npm start` runs it) as a child process of a test:
// started with an environment of its own, ready once it logs "Bot started", stopped with SIGTERM
// as a deployment would, or killed with SIGKILL as a crash would. Its pino log lines are kept.
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

/**
 * The build's entry point (`npm run build` first; `npm test` does it), from this file as vitest
 * runs it (tests/support/) or as the benchmarks run it (dist/tests/support/).
 */
const ENTRY = fileURLToPath(
  new URL(import.meta.url.includes("/dist/tests/") ? "../../src/index.js" : "../../dist/src/index.js", import.meta.url),
);

export interface LogLine {
  msg?: string;
  level?: number;
  [field: string]: unknown;
}

export interface BotProcess {
  readonly name: string;
  readonly logs: LogLine[];
  /** Resolves once the bot logged "Bot started"; rejects if it exits first, with its last log lines. */
  readonly ready: Promise<void>;
  /** SIGTERM, then its exit code once it has shut down. */
  stop(): Promise<number | null>;
  /** SIGKILL: no shutdown at all. */
  kill(): Promise<void>;
}

/** Starts the bot with exactly `env` (plus PATH), in `cwd` so that no developer's .env is read. */
export function startBotProcess(name: string, env: Record<string, string>, cwd: string): BotProcess {
  const child = spawn(process.execPath, [ENTRY], {
    cwd,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const logs: LogLine[] = [];
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stderr! }).on("line", (line) => {
      const entry = parse(line);
      logs.push(entry);
      if (entry.msg === "Bot started") resolve();
    });
    void exited.then((code) => reject(new Error(`bot ${name} exited (${code}) before it started:\n${tail(logs)}`)));
  });
  ready.catch(() => undefined);
  return {
    name,
    logs,
    ready,
    stop: () => signal(child, "SIGTERM", exited),
    kill: async () => void (await signal(child, "SIGKILL", exited)),
  };
}

async function signal(child: ChildProcess, name: NodeJS.Signals, exited: Promise<number | null>) {
  if (child.exitCode === null && child.signalCode === null) child.kill(name);
  return exited;
}

function parse(line: string): LogLine {
  try {
    return JSON.parse(line) as LogLine;
  } catch {
    return { msg: line };
  }
}

function tail(logs: readonly LogLine[]): string {
  return logs
    .slice(-10)
    .map((l) => JSON.stringify(l))
    .join("\n");
}
