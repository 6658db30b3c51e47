// Peer summarizers from npm, run on the same records as newsbrief for bench:quality.
//   node dist/bench/peers.js ts-textrank|node-summarizer INPUT.jsonl  →  {"id","summary"} lines
// Each peer gets the record's raw text, as a user of that package would give it. node-summarizer
// runs in its deterministic frequency mode (its rank mode uses Math.random). The packages are not
// the project's dependencies: bench:quality installs them into bench/peers/ (see peer-setup.ts).
import { readFileSync } from "node:fs";
import { requirePeer } from "./peer-setup.js";
import { errorMessage } from "../src/errors.js";

const SENTENCES = 3;

type Peer = (text: string) => string[];

/** The part of ts-textrank's API used here. */
interface TsTextrank {
  AbsoluteSummarizerConfig: new (
    sentences: number,
    similarity: object,
    parser: object,
    damping: number,
    sort: number,
  ) => object;
  SorensenDiceSimilarity: new () => object;
  DefaultTextParser: new () => object;
  NullLogger: new () => object;
  Summarizer: (new (
    config: object,
    logger: object,
  ) => { summarize(text: string, language: string): string[] }) & { SORT_OCCURENCE: number };
}

interface NodeSummarizer {
  SummarizerManager: new (text: string, sentences: number) => { getSummaryByFrequency(): { summary: unknown } };
}

const peers: Record<string, () => Peer> = {
  "ts-textrank": () => {
    const t = requirePeer<TsTextrank>("ts-textrank");
    return (text) => {
      const config = new t.AbsoluteSummarizerConfig(
        SENTENCES,
        new t.SorensenDiceSimilarity(),
        new t.DefaultTextParser(),
        0.85,
        t.Summarizer.SORT_OCCURENCE,
      );
      return new t.Summarizer(config, new t.NullLogger()).summarize(text, "en");
    };
  },
  // It returns one string; its own sentences are kept by splitting where it joined them.
  "node-summarizer": () => {
    const { SummarizerManager } = requirePeer<NodeSummarizer>("node-summarizer");
    return (text) => {
      const summary = new SummarizerManager(text, SENTENCES).getSummaryByFrequency().summary;
      return typeof summary === "string" ? summary.split(/(?<=[.!?]["”’]?)\s+(?=\S)/) : [];
    };
  },
};

const [name, input] = process.argv.slice(2);
const make = name ? peers[name] : undefined;
if (!make || !input) {
  process.stderr.write(`usage: peers.js ${Object.keys(peers).join("|")} INPUT.jsonl\n`);
  process.exit(2);
}
const peer = make();
for (const line of readFileSync(input, "utf8").split("\n")) {
  if (!line.trim()) continue;
  const record = JSON.parse(line) as { id: string; text: string };
  let out: object;
  try {
    out = { id: record.id, summary: peer(record.text) };
  } catch (error) {
    out = { id: record.id, error: errorMessage(error) };
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}
