// The store's scaling benchmark (issue: the corpus lives in the store), run by `npm run bench:store`:
//   node dist/bench/store.js [--scales 10000,100000,300000] [--postgres postgres://user@host:port/db]
// For each backend (SQLite always; Postgres with --postgres, one new schema per scale) and each
// number of synthetic articles, in separate processes so each figure's memory is its own:
//   - import: a cold start over the folder (read, analyse, store): articles/s;
//   - warm start: the same folder again, unchanged: seconds, and resident memory after start-up;
//   - handling: /brief, autocomplete and /quotes speaker: p50/p99 over the populated store;
//   - at the smallest scale, a repeated `newsbrief brief QUERY --dir DIR` on the unchanged folder.
// Then the growth of each figure from one scale to the next, to project larger stores.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { writeSyntheticCorpus } from "./synthetic.js";

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: { scales: { type: "string", default: "10000,100000,300000" }, postgres: { type: "string" } },
});
const scales = values.scales.split(",").map((s) => Number.parseInt(s, 10));
if (scales.some((n) => !Number.isInteger(n) || n <= 0))
  throw new Error(`--scales: positive whole numbers separated by commas (got ${values.scales})`);

interface Percentiles {
  p50: number;
  p99: number;
  n: number;
}
interface Row {
  backend: string;
  articles: number;
  importPerSecond: number;
  warmSeconds: number;
  rssMb: number;
  handling: { brief: Percentiles; autocomplete: Percentiles; speaker: Percentiles; speakerAutocomplete: Percentiles };
  cliSeconds?: number;
}

const progress = (text: string) => process.stderr.write(`bench store: ${text}\n`);
const node = (script: string, args: string[], env: Record<string, string> = {}) =>
  execFileSync(process.execPath, [join(here, script), ...args], {
    encoding: "utf8",
    env: { ...process.env, ...env },
    maxBuffer: 1 << 24,
  });

async function postgresUrl(base: string): Promise<string> {
  const schema = `bench_${randomUUID().replace(/-/g, "")}`;
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.end();
  const url = new URL(base);
  url.searchParams.set("options", `-c search_path=${schema}`);
  return url.toString();
}

const work = mkdtempSync(join(tmpdir(), "newsbrief-bench-store-"));
const rows: Row[] = [];
try {
  const backends: { name: string; url: (n: number) => Promise<string> }[] = [
    { name: "sqlite", url: async (n) => `sqlite://${join(work, `store-${n}.sqlite`)}` },
  ];
  if (values.postgres) backends.push({ name: "postgres", url: () => postgresUrl(values.postgres!) });
  for (const n of scales) {
    const dir = join(work, `articles-${n}`);
    progress(`writing ${n} synthetic articles`);
    writeSyntheticCorpus(dir, n);
    for (const backend of backends) {
      const url = await backend.url(n);
      progress(`${backend.name}, ${n} articles: import`);
      const cold = JSON.parse(node("startup.js", [dir, url])) as { articles: number; seconds: number };
      progress(`${backend.name}, ${n} articles: warm start`);
      const warm = JSON.parse(node("startup.js", [dir, url])) as { seconds: number; rssMb: number };
      progress(`${backend.name}, ${n} articles: handling`);
      const handling = JSON.parse(node("handling.js", [dir, url])) as Row["handling"];
      const row: Row = {
        backend: backend.name,
        articles: cold.articles,
        importPerSecond: cold.articles / cold.seconds,
        warmSeconds: warm.seconds,
        rssMb: warm.rssMb,
        handling,
      };
      if (n === scales[0]) {
        const brief = () =>
          execFileSync(process.execPath, [join(here, "../src/cli/bin.js"), "brief", "tariffs deal", "--dir", dir], {
            env: { ...process.env, STORE_URL: url },
            encoding: "utf8",
          });
        brief();
        const t = performance.now();
        brief();
        row.cliSeconds = (performance.now() - t) / 1000;
      }
      rows.push(row);
      if (backend.name === "sqlite") rmSync(join(work, `store-${n}.sqlite`), { force: true });
    }
    rmSync(dir, { recursive: true, force: true });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const f = (x: number, digits = 2) => x.toFixed(digits);
console.log("\nThe store at scale (synthetic articles; each figure from its own process):\n");
console.log(
  "| backend | articles | import (articles/s) | warm start (s) | resident after start-up (MB) | /brief p50 / p99 (ms) | autocomplete p50 / p99 | /quotes speaker: p50 / p99 | speaker autocomplete p50 / p99 | repeated CLI brief (s) |",
);
console.log("|---|---|---|---|---|---|---|---|---|---|");
for (const r of rows) {
  const p = (x: Percentiles) => `${f(x.p50)} / ${f(x.p99)}`;
  const h = r.handling;
  console.log(
    `| ${r.backend} | ${r.articles} | ${f(r.importPerSecond, 0)} | ${f(r.warmSeconds)} | ${f(r.rssMb, 0)} | ${p(h.brief)} | ${p(h.autocomplete)} | ${p(h.speaker)} | ${p(h.speakerAutocomplete)} | ${r.cliSeconds === undefined ? "—" : f(r.cliSeconds)} |`,
  );
}
console.log("\nGrowth from one scale to the next (ratio of the larger scale's figure to the smaller's):\n");
for (const backend of new Set(rows.map((r) => r.backend))) {
  const mine = rows.filter((r) => r.backend === backend);
  for (let i = 1; i < mine.length; i++) {
    const [a, b] = [mine[i - 1]!, mine[i]!];
    console.log(
      `  ${backend} ${a.articles} → ${b.articles} (×${f(b.articles / a.articles, 1)}): resident ×${f(b.rssMb / a.rssMb)}, warm start ×${f(b.warmSeconds / a.warmSeconds)}, ` +
        `/brief p99 ×${f(b.handling.brief.p99 / a.handling.brief.p99)}, autocomplete p99 ×${f(b.handling.autocomplete.p99 / a.handling.autocomplete.p99)}, ` +
        `/quotes speaker: p99 ×${f(b.handling.speaker.p99 / a.handling.speaker.p99)}, import rate ×${f(b.importPerSecond / a.importPerSecond)}`,
    );
  }
}
