// What every CLI command gets: its streams, the configuration and a quiet logger. Commands write
// results to stdout and everything else (logs, progress) to stderr.
import type { Readable, Writable } from "node:stream";
import { loadConfig, type Config } from "../config.js";
import { createLogger, type Logger } from "../log.js";
import { defaultAnalyzer } from "../library/analysis-pool.js";
import { Corpus } from "../library/corpus.js";
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
}

export function createContext(io: CliIo): CliContext {
  const config = loadConfig(io.env);
  // The CLI's own output is the report; only warnings and worse belong on stderr by default.
  const level = io.env.LOG_LEVEL ? config.logLevel : "warn";
  return { io, config, log: createLogger(level) };
}

export function write(ctx: CliContext, text: string): void {
  ctx.io.stdout.write(text);
}

/** Loads the corpus of `dir` (default ARTICLES_DIR), with a progress bar when stdout is a terminal. */
export async function openCorpus(ctx: CliContext, dir: string | undefined): Promise<Corpus> {
  const folder = dir ?? ctx.config.articlesDir;
  await requireFolder(folder, dir === undefined ? "Set ARTICLES_DIR to the folder of stored articles (a relative path starts from the working directory), or pass --dir DIR." : "Check the path given to --dir.");
  const bar = ctx.io.stdout.isTTY ? new SingleBar({ stream: ctx.io.stderr, format: "Loading articles [{bar}] {value}/{total}", hideCursor: true }) : undefined;
  let started = false;
  try {
    return await Corpus.open({
      analyzer: defaultAnalyzer(),
      dir: folder,
      maxBytes: ctx.config.articleMaxBytes,
      // Skipped files are reported by the commands themselves; keep the log for real trouble.
      log: ctx.log.child({}, { level: "error" }),
      onProgress: (done, total) => {
        if (!bar) return;
        if (!started) {
          bar.start(total, 0);
          started = true;
        }
        bar.update(done);
      },
    });
  } finally {
    if (started) bar?.stop();
  }
}
