// Argument parsing for the CLI's subcommands, on node:util's parseArgs. Each command declares its
// options once, with their help text and default, so --help and the parser never disagree. Usage
// errors are a type of their own so that main can exit 2 for them and 1 for failed work.
import { parseArgs } from "node:util";
import { errorMessage } from "../errors.js";

export class UsageError extends Error {
  override name = "UsageError";
}

/** One option: how it parses, and what --help says about it. */
export interface OptionSpec {
  type: "string" | "boolean";
  /** The value's placeholder in help ("N", "DIR"); none for a boolean flag. */
  value?: string;
  help: string;
  /** What applies when the option is left out, as --help shows it. */
  default?: string;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

type Parsed<O extends OptionSpecs> = {
  values: { [K in keyof O]?: O[K]["type"] extends "boolean" ? boolean : string };
  positionals: string[];
};

export function parse<O extends OptionSpecs>(argv: string[], options: O, maxPositionals: number): Parsed<O> {
  const config = Object.fromEntries(Object.entries(options).map(([name, spec]) => [name, { type: spec.type }]));
  let parsed: { values: unknown; positionals: string[] };
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...config, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(parseProblem(error));
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new UsageError(`unexpected argument "${parsed.positionals[maxPositionals]}"`);
  }
  return parsed as unknown as Parsed<O>;
}

/** parseArgs' own messages are long and quote oddly; this names the option and what is wrong with it. */
function parseProblem(error: unknown): string {
  const message = errorMessage(error);
  const option = /'(-{1,2}[^'\s]+)/.exec(message)?.[1];
  const code = (error as { code?: string } | undefined)?.code;
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && option) return `unknown option "${option}"`;
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option) {
    return /argument missing/.test(message) ? `option "${option}" needs a value` : `option "${option}" takes no value`;
  }
  return message;
}

/** The "Options:" section of a command's --help: each option, what it does and its default. */
export function optionsHelp(options: OptionSpecs): string {
  const rows = Object.entries(options).map(([name, spec]) => [
    `--${name}${spec.value ? ` ${spec.value}` : ""}`,
    spec.help + (spec.default ? ` (default: ${spec.default})` : ""),
  ]);
  rows.push(["-h, --help", "show this help"]);
  const width = Math.max(...rows.map(([flag]) => flag!.length));
  return `Options:\n${rows.map(([flag, help]) => `  ${flag!.padEnd(width)}  ${help}\n`).join("")}`;
}

/** The output formats every command that prints results offers. */
export const FORMATS = ["text", "json"] as const;

export const formatOption = {
  format: { type: "string", value: "text|json", help: "output format", default: "text" },
} as const satisfies OptionSpecs;
export const dirOption = {
  dir: { type: "string", value: "DIR", help: "the articles folder", default: "$ARTICLES_DIR, else data/articles" },
} as const satisfies OptionSpecs;

export function oneOf<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${name} must be one of ${allowed.join(", ")} (got "${value}")`);
}

/** A whole number of at least 1, and at most `max` when the option has a bound. */
export function positiveInt(name: string, value: string | undefined, fallback: number, max?: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  const bounded = max === undefined ? n <= Number.MAX_SAFE_INTEGER : n <= max;
  if (!Number.isInteger(n) || n < 1 || !bounded) {
    throw new UsageError(
      `--${name} must be a whole number ${max === undefined ? "of 1 or more" : `from 1 to ${max}`} (got "${value}")`,
    );
  }
  return n;
}
