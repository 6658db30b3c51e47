// CLI commands that analyse text outside the corpus: `summarize` (one file or stdin) and
// `analyze --jsonl` (the batch interface the benchmarks drive).
import { createReadStream } from "node:fs";
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
import { FORMATS, oneOf, parse, positiveInt, UsageError } from "./args.js";
import { write } from "./context.js";
import type { CliCommand } from "./corpus-commands.js";
import { renderSummary } from "./render.js";

/** More sentences or words than these is no longer a summary; they also bound the ranking work. */
const MAX_SENTENCES = 24;
const MAX_WORDS = 1000;

/** `--words N` or `--sentences N` (for benchmarks), at most one of them; the standard length otherwise. */
function budgetOf(values: { words?: string; sentences?: string }): SummaryBudget {
  if (values.words !== undefined && values.sentences !== undefined) throw new UsageError("give --words or --sentences, not both");
  if (values.sentences !== undefined) return { sentences: positiveInt("sentences", values.sentences, 3, MAX_SENTENCES) };
  return { words: positiveInt("words", values.words, SUMMARY_LENGTHS.standard, MAX_WORDS) };
}

export const summarizeCommand: CliCommand = {
  name: "summarize",
  usage: "newsbrief summarize [FILE|-] [--words N | --sentences N] [--format text|json]",
  summary: "The summary of one article file, or of stdin read as a raw .txt page.",
  async run(argv, ctx) {
    const { values, positionals } = parse(argv, { sentences: { type: "string" }, words: { type: "string" }, format: { type: "string" } }, 1);
    const budget = budgetOf(values);
    const format = oneOf("format", values.format, FORMATS, "text");
    const file = positionals[0] ?? "-";
    let input: AnalysisInput;
    if (file === "-") {
      input = cleanPage(await readAll(ctx.io.stdin));
    } else {
      const path = resolve(file);
      const loaded = await loadArticleFile(dirname(path), basename(path), { maxBytes: ctx.config.articleMaxBytes, firstSeenAt: new Date().toISOString() });
      if (!loaded.ok) {
        ctx.io.stderr.write(`${file}: ${loaded.reason}\n`);
        return 1;
      }
      input = analysisInput(loaded.article);
    }
    const summary = summarize(input, budget);
    if (format === "json") write(ctx, `${JSON.stringify({ title: input.title, summary: summary.map((s) => s.text) }, null, 2)}\n`);
    else write(ctx, `${input.title ? `${input.title}\n\n` : ""}${renderSummary(summary)}`);
    return 0;
  },
};

const recordSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  title: z.string().nullish(),
  text: z.string(),
});

export const analyzeCommand: CliCommand = {
  name: "analyze",
  usage: "newsbrief analyze --jsonl FILE|- [--words N | --sentences N]",
  summary: 'Batch analysis: one {"id","summary","quotes"} JSON line per {"id","title"?,"text"} record.',
  async run(argv, ctx) {
    const { values } = parse(argv, { jsonl: { type: "string" }, sentences: { type: "string" }, words: { type: "string" } }, 0);
    if (values.jsonl === undefined) throw new UsageError("--jsonl FILE|- is required");
    const budget = budgetOf(values);
    const source = values.jsonl === "-" ? ctx.io.stdin : createReadStream(values.jsonl);
    let line = 0;
    for await (const raw of createInterface({ input: source, crlfDelay: Infinity })) {
      line += 1;
      if (raw.trim() === "") continue;
      write(ctx, `${JSON.stringify(analyzeRecord(raw, line, budget))}\n`);
    }
    return 0;
  },
};

type QuoteOut = Pick<Quote, "speaker" | "role" | "kind" | "text" | "start" | "end">;
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
    return { id: fallbackId, error: parsed.error.issues.map((i) => `${i.path.join(".") || "record"}: ${i.message}`).join("; ") };
  }
  try {
    const input = cleanPage(parsed.data.text, { title: parsed.data.title ?? undefined });
    const quotes = extractQuotes(input).map(({ speaker, role, kind, text, start, end }) => ({ speaker, role, kind, text, start, end }));
    return { id: parsed.data.id, summary: summarize(input, budget).map((s) => s.text), quotes };
  } catch (error) {
    return { id: parsed.data.id, error: error instanceof Error ? error.message : String(error) };
  }
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString("utf8");
}
