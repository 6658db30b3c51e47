// One corpus start-up, measured in its own process so that its memory is its own:
//   node dist/bench/startup.js ARTICLES_DIR STORE_URL  →  one JSON line on stdout
// The keyv side of the store (first-seen dates) needs a sqlite:// or memory:// URL.
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { pino } from "pino";
import { defaultAnalyzer } from "../src/library/analysis-pool.js";
import { Corpus } from "../src/library/corpus.js";
import { StoredFirstSeen } from "../src/library/first-seen.js";
import { Store } from "../src/store.js";
import { CorpusStore } from "../src/store/corpus-store.js";

/** How long the loaded corpus sits idle before its resident memory is read. */
const SETTLE_MS = 3_000;

const [dir, storeUrl] = process.argv.slice(2);
if (!dir || !storeUrl) {
  process.stderr.write("usage: startup.js ARTICLES_DIR STORE_URL\n");
  process.exit(2);
}
const log = pino({ level: "silent" });
const started = performance.now();
const store = new Store(storeUrl, log);
const corpusStore = await CorpusStore.open(storeUrl);
const analyzer = defaultAnalyzer();
const corpus = await Corpus.open({
  analyzer,
  dir,
  library: await corpusStore.library(resolve(dir)),
  maxBytes: 2 * 1024 * 1024,
  log,
  firstSeen: new StoredFirstSeen(store),
});
const seconds = (performance.now() - started) / 1000;
const peakRssMb = process.resourceUsage().maxRSS / 1024;
// Resident memory once loading is over, as a running bot holds it: the analysis pool's idle
// workers have stopped and the garbage of loading has been collected in the normal course.
await analyzer.close();
await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
const rssMb = process.memoryUsage().rss / 2 ** 20;
await corpusStore.close();
await store.close();
process.stdout.write(`${JSON.stringify({ articles: corpus.size, seconds, rssMb, peakRssMb })}\n`);
