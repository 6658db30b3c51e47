// The `newsbrief` CLI: one dispatcher over the subcommands, with --help everywhere, --version, and
// exit codes 0 (success), 1 (the work failed) and 2 (bad usage). `runCli` is what tests call in-process.
import { ConfigError } from "../config.js";
import { optionsHelp, UsageError } from "./args.js";
import { createContext, type CliContext, type CliIo } from "./context.js";
import { analyzeCommand, summarizeCommand } from "./analyze-commands.js";
import { briefCommand, headlinesCommand, indexCommand, quotesCommand, type CliCommand } from "./corpus-commands.js";
import { feedsCommand, fetchCommand } from "./feeds.js";
import { packageVersion } from "./version.js";
import { errorMessage } from "../errors.js";

const COMMANDS: readonly CliCommand[] = [
  headlinesCommand,
  briefCommand,
  quotesCommand,
  indexCommand,
  summarizeCommand,
  analyzeCommand,
  feedsCommand,
  fetchCommand,
];

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    "newsbrief: extractive news briefings and who-said-what, from stored articles.",
    "",
    "Usage: newsbrief <command> [options]   (newsbrief <command> --help for its options)",
    "       newsbrief --version",
    "",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Articles are read from --dir, else ARTICLES_DIR, else data/articles.",
    "",
  ].join("\n");
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout.write(overview());
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-V") {
    io.stdout.write(`newsbrief ${packageVersion()}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`newsbrief: unknown command "${name}"\n\n${overview()}`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout.write(`Usage: ${command.usage}\n\n${command.summary}\n\n${optionsHelp(command.options)}`);
    return 0;
  }
  let ctx: CliContext | undefined;
  try {
    ctx = createContext(io);
    return await command.run(rest, ctx);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(
        `newsbrief ${command.name}: ${error.message}\nUsage: ${command.usage}\nSee "newsbrief ${command.name} --help" for every option.\n`,
      );
      return 2;
    }
    if (error instanceof ConfigError) {
      io.stderr.write(`newsbrief: ${error.message}\n`);
      return 2;
    }
    io.stderr.write(`newsbrief ${command.name}: ${errorMessage(error)}\n`);
    return 1;
  } finally {
    await ctx?.close();
  }
}
