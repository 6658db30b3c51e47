// One hostile article analysed in its own process, so that its memory is its own:
//   node dist/bench/worst-case-child.js SHAPE BYTES [BYTES…]  →  one JSON line per size: {bytes, ms, cpuMs, extraMb}
// (extra memory is over the peak so far, so it is meaningful for the first size, or for growing ones)
// CPU time is reported beside wall time: on a shared machine it is the steadier of the two.
// Runs what loading an article runs: page cleaning, the analysis (summary ranking, quotes,
// speakers, key quotes) with its record, and the search terms.
import { performance } from "node:perf_hooks";
import { cleanPage } from "../src/articles/clean.js";
import { toRecord } from "../src/library/analysis-record.js";
import { analyze } from "../src/library/briefing.js";
import { searchText } from "../src/analysis/search-terms.js";
import { hostilePage } from "./shapes.js";

function analyzePage(text: string): void {
  const page = cleanPage(text);
  toRecord(analyze(page), page.paragraphs);
  searchText(
    page.title ?? "",
    page.paragraphs.map((p) => p.text),
  );
}

const [shape, ...sizes] = process.argv.slice(2);
if (!shape || sizes.length === 0) {
  process.stderr.write("usage: worst-case-child.js SHAPE BYTES [BYTES…]\n");
  process.exit(2);
}
analyzePage(hostilePage("prose", 4_000)); // loads the language model and warms the JIT
for (const bytes of sizes) {
  const text = hostilePage(shape, Number(bytes));
  const before = process.resourceUsage().maxRSS;
  const started = performance.now();
  const cpu = process.cpuUsage();
  analyzePage(text);
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  const extraMb = (process.resourceUsage().maxRSS - before) / 1024;
  process.stdout.write(`${JSON.stringify({ bytes: Number(bytes), ms, cpuMs, extraMb })}\n`);
}
