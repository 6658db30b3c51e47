// What every CLI command gets: its streams, the configuration and a quiet logger. Commands write
// results to stdout and everything else (logs, progress) to stderr.
import { resolve } from "node:path";
import type { Readable, Writable } from "node:stream";
import { loadConfig, type Config } from "../config.js";
import { createLogger, type Logger } from "../log.js";
import { defaultAnalyzer } from "../library/analysis-pool.js";
import { Corpus } from "../library/corpus.js";
import { CorpusStore } from "../store/corpus-store.js";
import { FEED_ARTICLES_SUBDIR } from "../feeds/ingest.js";
import { SingleBar } from "cli-progress";
import { requireFolder } from "./fs-problem.js";

export interface CliIo {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable;
  stdin: Readable;
  env: Record<string, string | undefined>;
}

export interface CliContext {
  io: CliIo;
  config: Config;
  log: Logger;
  /** Registers what must be closed once the command ends (the store's connections). */
  onClose(close: () => Promise<void>): void;
  close(): Promise<void>;
}

export function createContext(io: CliIo): CliContext {
  const config = loadConfig(io.env);
  // The CLI's own output is the report; only warnings and worse belong on stderr by default.
  const level = io.env.LOG_LEVEL ? config.logLevel : "warn";
  const closing: (() => Promise<void>)[] = [];
  return {
    io,
    config,
    log: createLogger(level),
    onClose: (close) => void closing.push(close),
    close: async () => {
      for (const close of closing.splice(0).reverse()) await close();
    },
  };
}

export function write(ctx: CliContext, text: string): void {
  ctx.io.stdout.write(text);
}

/**
 * Opens the corpus of `dir` (default ARTICLES_DIR) in the store (STORE_URL) and imports what changed
 * in the folder since the last run, with a progress bar when stdout is a terminal.
 */
export async function openCorpus(ctx: CliContext, dir: string | undefined): Promise<Corpus> {
  const folder = dir ?? ctx.config.articlesDir;
  await requireFolder(
    folder,
    dir === undefined
      ? "Set ARTICLES_DIR to the folder of stored articles (a relative path starts from the working directory), or pass --dir DIR."
      : "Check the path given to --dir.",
  );
  const store = await CorpusStore.open(ctx.config.storeUrl);
  ctx.onClose(() => store.close());
  const bar = ctx.io.stdout.isTTY
    ? new SingleBar({ stream: ctx.io.stderr, format: "Loading articles [{bar}] {value}/{total}", hideCursor: true })
    : undefined;
  let started = false;
  try {
    return await Corpus.open({
      analyzer: defaultAnalyzer(),
      dir: folder,
      library: await store.library(resolve(folder)),
      retention: { folder: FEED_ARTICLES_SUBDIR, days: ctx.config.articlesRetentionDays },
      maxBytes: ctx.config.articleMaxBytes,
      // Skipped files are reported by the commands themselves; keep the log for real trouble.
      log: ctx.log.child({}, { level: "error" }),
      // Only a terminal shows the bar; without one, the refresh need not count the folder first.
      ...(bar && {
        onProgress: (done: number, total: number) => {
          if (!started) {
            bar.start(total, 0);
            started = true;
          }
          bar.setTotal(total);
          bar.update(done);
        },
      }),
    });
  } finally {
    if (started) bar?.stop();
  }
}
