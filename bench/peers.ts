// Peer summarizers from npm, run on the same records as newsbrief for bench:quality.
//   node dist/bench/peers.js ts-textrank|node-summarizer INPUT.jsonl  →  {"id","summary"} lines
// Each peer gets the record's raw text, as a user of that package would give it. node-summarizer
// runs in its deterministic frequency mode (its rank mode uses Math.random).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { AbsoluteSummarizerConfig, DefaultTextParser, NullLogger, SorensenDiceSimilarity, Summarizer } from "ts-textrank";

const require = createRequire(import.meta.url);
const SENTENCES = 3;

type Peer = (text: string) => string[];

interface NodeSummarizerManager {
  getSummaryByFrequency(): { summary: string };
}
const { SummarizerManager } = require("node-summarizer") as {
  SummarizerManager: new (text: string, sentences: number) => NodeSummarizerManager;
};

const peers: Record<string, Peer> = {
  "ts-textrank": (text) => {
    const config = new AbsoluteSummarizerConfig(SENTENCES, new SorensenDiceSimilarity(), new DefaultTextParser(), 0.85, Summarizer.SORT_OCCURENCE);
    return new Summarizer(config, new NullLogger()).summarize(text, "en");
  },
  // It returns one string; its own sentences are kept by splitting where it joined them.
  "node-summarizer": (text) => {
    const summary = new SummarizerManager(text, SENTENCES).getSummaryByFrequency().summary;
    return typeof summary === "string" ? summary.split(/(?<=[.!?]["”’]?)\s+(?=\S)/) : [];
  },
};

const [name, input] = process.argv.slice(2);
const peer = name ? peers[name] : undefined;
if (!peer || !input) {
  process.stderr.write(`usage: peers.js ${Object.keys(peers).join("|")} INPUT.jsonl\n`);
  process.exit(2);
}
for (const line of readFileSync(input, "utf8").split("\n")) {
  if (!line.trim()) continue;
  const record = JSON.parse(line) as { id: string; text: string };
  let out: object;
  try {
    out = { id: record.id, summary: peer(record.text) };
  } catch (error) {
    out = { id: record.id, error: error instanceof Error ? error.message : String(error) };
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}
