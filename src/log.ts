// The pino logger. Logs go to stderr so that stdout stays clean for CLI output and JSON lines.
import { pino, type Logger } from "pino";

export type { Logger };

export function createLogger(level: string = "info"): Logger {
  return pino(
    {
      level,
      base: { app: "newsbrief" },
      // Never let a token reach a log line, wherever it is nested.
      redact: { paths: ["token", "*.token", "config.discord.token", "headers.authorization"], censor: "[redacted]" },
    },
    pino.destination(2),
  );
}
