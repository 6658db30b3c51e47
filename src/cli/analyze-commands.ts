// CLI commands that analyse text outside the corpus: `summarize` (one file or stdin) and
// `analyze --jsonl` (the batch interface the benchmarks drive).
import { open } from "node:fs/promises";
import { basename, dirname, resolve } from "node:path";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { z } from "zod";
import { cleanPage } from "../articles/clean.js";
import { loadArticleFile } from "../articles/load.js";
import { analysisInput } from "../library/briefing.js";
import { extractQuotes } from "../analysis/quotes.js";
import { summarize, SUMMARY_LENGTHS, type SummaryBudget } from "../analysis/summarize.js";
import type { AnalysisInput, Quote } from "../analysis/types.js";
import { FORMATS, formatOption, oneOf, parse, positiveInt, UsageError, type OptionSpecs } from "./args.js";
import { write } from "./context.js";
import type { CliCommand } from "./corpus-commands.js";
import { fsProblem } from "./fs-problem.js";
import { renderSummary } from "./render.js";
import { errorMessage } from "../errors.js";

/** More sentences or words than these is no longer a summary; they also bound the ranking work. */
const MAX_SENTENCES = 24;
const MAX_WORDS = 1000;

/** `--words N` or `--sentences N` (for benchmarks), at most one of them; the standard length otherwise. */
function budgetOf(values: { words?: string; sentences?: string }): SummaryBudget {
  if (values.words !== undefined && values.sentences !== undefined)
    throw new UsageError("give --words or --sentences, not both");
  if (values.sentences !== undefined)
    return { sentences: positiveInt("sentences", values.sentences, 3, MAX_SENTENCES) };
  return { words: positiveInt("words", values.words, SUMMARY_LENGTHS.standard, MAX_WORDS) };
}

const lengthOptions = {
  words: {
    type: "string",
    value: "N",
    help: `summary length in words, 1 to ${MAX_WORDS}`,
    default: String(SUMMARY_LENGTHS.standard),
  },
  sentences: {
    type: "string",
    value: "N",
    help: `summary length in passages instead, 1 to ${MAX_SENTENCES} (for benchmarks)`,
    default: "none",
  },
} as const satisfies OptionSpecs;
const summarizeOptions = { ...lengthOptions, ...formatOption } as const satisfies OptionSpecs;

export const summarizeCommand: CliCommand = {
  name: "summarize",
  usage: "newsbrief summarize [FILE|-] [--words N | --sentences N] [--format text|json]",
  summary: "The summary of one article file, or of stdin read as a raw .txt page.",
  options: summarizeOptions,
  async run(argv, ctx) {
    const { values, positionals } = parse(argv, summarizeOptions, 1);
    const budget = budgetOf(values);
    const format = oneOf("format", values.format, FORMATS, "text");
    const file = positionals[0] ?? "-";
    let input: AnalysisInput;
    if (file === "-") {
      const text = await readAll(ctx.io.stdin);
      // As an empty file is refused: an empty summary with exit 0 would look like success.
      if (text.trim() === "") {
        ctx.io.stderr.write("newsbrief summarize: empty input (stdin held no text)\n");
        return 1;
      }
      input = cleanPage(text);
    } else {
      const path = resolve(file);
      const loaded = await loadArticleFile(dirname(path), basename(path), {
        maxBytes: ctx.config.articleMaxBytes,
        firstSeenAt: new Date().toISOString(),
      });
      if (!loaded.ok) {
        ctx.io.stderr.write(`${file}: ${loaded.reason}\n`);
        return 1;
      }
      input = analysisInput(loaded.article);
    }
    const summary = summarize(input, budget);
    if (format === "json")
      write(ctx, `${JSON.stringify({ title: input.title, summary: summary.map((s) => s.text) }, null, 2)}\n`);
    else write(ctx, `${input.title ? `${input.title}\n\n` : ""}${renderSummary(summary)}`);
    return 0;
  },
};

/** A message for a record's field that says plainly what is missing or wrong. */
const fieldError = (field: string, wanted: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? `the record has no "${field}"` : `"${field}" must be ${wanted}`;

const recordSchema = z.object({
  id: z.union([z.string(), z.number()], { error: fieldError("id", "text or a number") }).transform(String),
  title: z.string({ error: fieldError("title", "text") }).nullish(),
  text: z.string({ error: fieldError("text", "text") }),
});

const analyzeOptions = {
  jsonl: {
    type: "string",
    value: "FILE|-",
    help: "the records to analyse, one JSON object per line; - reads stdin",
    default: "none, required",
  },
  ...lengthOptions,
} as const satisfies OptionSpecs;

export const analyzeCommand: CliCommand = {
  name: "analyze",
  usage: "newsbrief analyze --jsonl FILE|- [--words N | --sentences N]",
  summary: 'Batch analysis: one {"id","summary","quotes"} JSON line per {"id","title"?,"text"} record.',
  options: analyzeOptions,
  async run(argv, ctx) {
    const { values } = parse(argv, analyzeOptions, 0);
    if (values.jsonl === undefined) throw new UsageError("--jsonl FILE|- is required");
    const budget = budgetOf(values);
    const source = values.jsonl === "-" ? ctx.io.stdin : await openJsonl(values.jsonl);
    let line = 0;
    for await (const raw of createInterface({ input: source, crlfDelay: Infinity })) {
      line += 1;
      if (raw.trim() === "") continue;
      write(ctx, `${JSON.stringify(analyzeRecord(raw, line, budget))}\n`);
    }
    return 0;
  },
};

/** `role` is always present (null when the article gives none), so benchmarks can check it beside `speaker`. */
type QuoteOut = Pick<Quote, "speaker" | "kind" | "text" | "start" | "end"> & { role: string | null };
type RecordOut = { id: string; summary: string[]; quotes: QuoteOut[] } | { id: string; error: string };

/** One record in, one result out; a bad record becomes an error line and the run goes on. */
function analyzeRecord(raw: string, line: number, budget: SummaryBudget): RecordOut {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { id: `line ${line}`, error: "not valid JSON" };
  }
  const parsed = recordSchema.safeParse(json);
  const fallbackId = typeof json === "object" && json !== null && "id" in json ? String(json.id) : `line ${line}`;
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) =>
      i.path.length === 0 ? "the line is not a JSON object" : i.message,
    );
    return { id: fallbackId, error: [...new Set(problems)].join("; ") };
  }
  try {
    const input = cleanPage(parsed.data.text, { title: parsed.data.title ?? undefined });
    const quotes = extractQuotes(input).map(({ speaker, role, kind, text, start, end }) => ({
      speaker,
      role: role ?? null,
      kind,
      text,
      start,
      end,
    }));
    return { id: parsed.data.id, summary: summarize(input, budget).map((s) => s.text), quotes };
  } catch (error) {
    return { id: parsed.data.id, error: errorMessage(error) };
  }
}

/** The file's stream, opened before the run starts so that a missing file is one clear message, not a stream error. */
async function openJsonl(path: string): Promise<Readable> {
  try {
    const file = await open(path, "r");
    if ((await file.stat()).isDirectory()) {
      await file.close();
      throw Object.assign(new Error("is a folder"), { code: "EISDIR" });
    }
    return file.createReadStream();
  } catch (error) {
    throw fsProblem(error, "The JSONL file", path, "Give an existing file, or - to read stdin.");
  }
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString("utf8");
}
