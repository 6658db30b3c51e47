// Command handling over a populated store, in its own process so its memory is its own:
//   node dist/bench/handling.js ARTICLES_DIR STORE_URL  →  one JSON line on stdout
// Opens the corpus (warm: the folder is already imported), then times /brief, /brief's
// autocomplete and /quotes speaker: as the router calls them (command execute/autocomplete),
// sequentially, after a warm-up. Discord's transport is excluded; bench/discord.ts measures it.
// Each figure has its CPU time beside it (the process's, the store's threads included): on a
// shared machine wall time mostly measures waiting for a core.
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { pino } from "pino";
import * as brief from "../commands/brief.js";
import type { CommandContext } from "../commands/context.js";
import * as quotes from "../commands/quotes.js";
import { loadConfig } from "../src/config.js";
import { SubscriptionStore } from "../src/headlines/subscriptions.js";
import { Corpus } from "../src/library/corpus.js";
import { Store } from "../src/store.js";
import { CorpusStore } from "../src/store/corpus-store.js";
import { syntheticArticle } from "./synthetic.js";

const WARM_UP = 50;
const SAMPLES = 400;

const [dir, storeUrl] = process.argv.slice(2);
if (!dir || !storeUrl) {
  process.stderr.write("usage: handling.js ARTICLES_DIR STORE_URL\n");
  process.exit(2);
}
const log = pino({ level: "silent" });
const store = new Store(storeUrl, log);
const corpusStore = await CorpusStore.open(storeUrl);
const corpus = await Corpus.open({
  dir,
  library: await corpusStore.library(resolve(dir)),
  maxBytes: 2 * 1024 * 1024,
  log,
});
const ctx: CommandContext = {
  corpus,
  subscriptions: new SubscriptionStore(store),
  schedule: loadConfig({ STORE_URL: storeUrl }).headlines,
};

/** Query `i` of a deterministic mix: words of some article's title, the last one often still being typed. */
function typed(i: number): string {
  const words = syntheticArticle((i * 7919) % Math.max(1, corpus.size))
    .title.split(" ")
    .filter((w) => !w.startsWith("("));
  const take = words.slice(i % 3, (i % 3) + 1 + (i % 2));
  const text = take.join(" ");
  return i % 4 === 0 ? text.slice(0, Math.max(2, text.length - 2)) : text;
}

/** A speaker's name as a user types it: a surname prefix, a first name, or a full name. */
function speaker(i: number): string {
  const quote =
    syntheticArticle(i).body.match(
      /(?:Minister|Mayor|Senator|leader|executive|Secretary) ([A-Z][a-z]+ [A-Z][a-z]+)/,
    )?.[1] ?? "Maria Chen";
  return i % 3 === 0 ? quote.split(" ")[1]!.slice(0, 3) : i % 3 === 1 ? quote.split(" ")[0]! : quote;
}

async function time(
  run: (i: number) => Promise<unknown>,
): Promise<{ p50: number; p99: number; cpuP50: number; cpuP99: number; n: number }> {
  for (let i = 0; i < WARM_UP; i++) await run(i + 100_000);
  const ms: number[] = [];
  const cpuMs: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t = performance.now();
    const cpu = process.cpuUsage();
    await run(i);
    const used = process.cpuUsage(cpu);
    ms.push(performance.now() - t);
    cpuMs.push((used.user + used.system) / 1000);
  }
  const at = (xs: number[], q: number) => xs.sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))]!;
  return { p50: at(ms, 0.5), p99: at(ms, 0.99), cpuP50: at(cpuMs, 0.5), cpuP99: at(cpuMs, 0.99), n: ms.length };
}

const result = {
  articles: corpus.size,
  brief: await time((i) => brief.execute({ article: typed(i), length: "standard" }, ctx)),
  autocomplete: await time((i) => brief.autocomplete({ name: "article", value: typed(i) }, ctx)),
  speaker: await time((i) => quotes.execute({ article: undefined, speaker: speaker(i) }, ctx)),
  speakerAutocomplete: await time((i) => quotes.autocomplete({ name: "speaker", value: speaker(i) }, ctx)),
};
await corpusStore.close();
await store.close();
process.stdout.write(`${JSON.stringify(result)}\n`);
