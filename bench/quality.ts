// npm run bench:quality — scores newsbrief's summaries and quotes with the trusted evaluation kit
// in ../shared/eval (its evaluate.sh, scorers and summary-defects.mjs), next to Lead-3 and two npm
// peer summarizers run on the same articles: ROUGE and the reader's defects per set, and a paired
// bootstrap interval of newsbrief − Lead-3 on CNN/DM. Skips with a message when the kit is not there
// (it is not redistributable); installs the peers on first use (peer-setup.ts) and leaves them out,
// saying why, when it cannot.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { pairedBootstrap } from "./bootstrap.js";
import { ensurePeers, PEER_NAMES } from "./peer-setup.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
// EVAL_DIR is evaluate.sh's own variable for where the gold files are; a worktree checked out away
// from ../shared points it there. The real path, because summary-defects.mjs runs only when it is
// started by its own path, not through a symlink such as a worktree's ../shared.
const givenDir = resolve(process.env.EVAL_DIR ?? resolve(root, "../shared/eval"));
const evalDir = existsSync(givenDir) ? realpathSync(givenDir) : givenDir;
const evaluate = join(evalDir, "evaluate.sh");
const defectsScript = join(evalDir, "summary-defects.mjs");

if (!existsSync(evaluate) || !existsSync(defectsScript)) {
  console.log(
    `bench:quality skipped: the evaluation kit was not found at ${evalDir} (it lives outside the repository, in ../shared/eval; or set EVAL_DIR).`,
  );
  process.exit(0);
}

const SUMMARY_FILES = ["cnndm-dev", "bbc-dev", "seed"];
const out = mkdtempSync(join(tmpdir(), "newsbrief-quality-"));

function run(label: string, command: string, files?: string[]): string {
  const dir = join(out, label.replace(/\W+/g, "-"));
  console.log(`\n##### ${label}: ${command}\n`);
  const result = spawnSync("bash", [evaluate, command], {
    cwd: root,
    env: { ...process.env, EVAL_OUT: dir, ...(files ? { EVAL_FILES: files.map((f) => `${f}.jsonl`).join(" ") } : {}) },
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
  });
  process.stdout.write(result.stdout);
  if (result.status !== 0) {
    console.error(`bench:quality: evaluate.sh failed for ${label} (exit ${result.status})`);
    process.exitCode = 1;
  }
  return dir;
}

type Rouge = { R1: number; R2: number; RLsum: number };
interface SummaryScores {
  systems: Record<string, Rouge>;
  per_record: { status: string; prediction?: { r1: number; r2: number }; lead3?: { r1: number; r2: number } }[];
}
const KINDS = ["dangling", "half-quote", "furniture", "run-on", "fragment", "not-found"] as const;
interface Defects {
  n: number;
  prediction: Record<(typeof KINDS)[number], number>;
  lead3: Record<(typeof KINDS)[number], number>;
  any: { prediction: number; lead3: number };
}

function scores(dir: string, file: string): SummaryScores | undefined {
  const path = join(dir, `${file}.score.json`);
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as SummaryScores) : undefined;
}

/** The kit's defect counts for one set's predictions, with Lead-3's alongside. */
function defects(dir: string, file: string): Defects | undefined {
  const pred = join(dir, `${file}.pred.jsonl`);
  if (!existsSync(pred)) return undefined;
  const json = join(dir, `${file}.defects.json`);
  const result = spawnSync(process.execPath, [defectsScript, join(evalDir, `${file}.jsonl`), pred, "--json", json], {
    encoding: "utf8",
  });
  if (result.status !== 0 || !existsSync(json)) {
    console.error(`bench:quality: summary-defects.mjs failed on ${pred}`);
    process.exitCode = 1;
    return undefined;
  }
  return JSON.parse(readFileSync(json, "utf8")) as Defects;
}

const standard = run("newsbrief standard (85 words, what analyze uses)", "node dist/src/cli/bin.js analyze --jsonl");
const threeSentences = run(
  "newsbrief 3 sentences",
  "node dist/src/cli/bin.js analyze --sentences 3 --jsonl",
  SUMMARY_FILES,
);
const peerProblem = ensurePeers();
if (peerProblem) console.log(`\nbench:quality: the peer summarizers are left out: ${peerProblem}.`);
const peers = peerProblem
  ? []
  : PEER_NAMES.map((peer) => ({ peer, dir: run(peer, `node dist/bench/peers.js ${peer}`, SUMMARY_FILES) }));

type Row = [string, (file: string) => Rouge | undefined, (file: string) => string];
const pct = (count: number, n: number) => (n ? ((100 * count) / n).toFixed(1) : "—");
const defectCell = (d: Defects | undefined, who: "prediction" | "lead3") =>
  d
    ? `${pct(d.any[who], d.n).padStart(5)} (${[d[who].dangling, d[who]["half-quote"], d[who].furniture].map((c) => pct(c, d.n)).join("/")})`
    : "—";
const cache = new Map<string, Defects | undefined>();
const defectsOf = (dir: string, file: string) => {
  const key = `${dir}/${file}`;
  if (!cache.has(key)) cache.set(key, defects(dir, file));
  return cache.get(key);
};
const rows: Row[] = [
  [
    "newsbrief standard",
    (f) => scores(standard, f)?.systems.prediction,
    (f) => defectCell(defectsOf(standard, f), "prediction"),
  ],
  [
    "newsbrief 3 sent.",
    (f) => scores(threeSentences, f)?.systems.prediction,
    (f) => defectCell(defectsOf(threeSentences, f), "prediction"),
  ],
  ["Lead-3", (f) => scores(standard, f)?.systems.lead3, (f) => defectCell(defectsOf(standard, f), "lead3")],
  ...peers.map(
    ({ peer, dir }): Row => [
      peer,
      (f) => scores(dir, f)?.systems.prediction,
      (f) => defectCell(defectsOf(dir, f), "prediction"),
    ],
  ),
  ["oracle-3", (f) => scores(standard, f)?.systems.oracle3, () => "—"],
];

const fmt = (s?: Rouge) =>
  s
    ? `${s.R1.toFixed(2).padStart(6)} ${s.R2.toFixed(2).padStart(6)} ${s.RLsum.toFixed(2).padStart(6)}`
    : "     —      —      —";
console.log("\n##### Summaries side by side (R1 R2 RLsum, F1 × 100, same articles, same scorer)\n");
console.log(`${"system".padEnd(20)}${SUMMARY_FILES.map((f) => f.padStart(21)).join("")}`);
for (const [label, get] of rows)
  console.log(`${label.padEnd(20)}${SUMMARY_FILES.map((f) => `  ${fmt(get(f))}`).join("")}`);

console.log(
  "\n##### Summary defects (summary-defects.mjs): % of summaries with any defect (dangling/half-quote/furniture)\n",
);
console.log(`${"system".padEnd(20)}${SUMMARY_FILES.map((f) => f.padStart(24)).join("")}`);
for (const [label, , cell] of rows.slice(0, -1))
  console.log(`${label.padEnd(20)}${SUMMARY_FILES.map((f) => cell(f).padStart(24)).join("")}`);

const cnndm = scores(standard, "cnndm-dev");
if (cnndm) {
  const pairs = cnndm.per_record.filter((r) => r.status === "ok" && r.prediction && r.lead3);
  console.log(
    `\n##### newsbrief standard − Lead-3 on cnndm-dev, paired bootstrap (${pairs.length} articles, 10,000 resamples)\n`,
  );
  for (const metric of ["r1", "r2"] as const) {
    const diff = pairedBootstrap(pairs.map((r) => 100 * (r.prediction![metric] - r.lead3![metric])));
    console.log(
      `  ${metric.toUpperCase()}  ${diff.mean >= 0 ? "+" : ""}${diff.mean.toFixed(2)}   95 % interval [${diff.low.toFixed(2)}, ${diff.high.toFixed(2)}]`,
    );
  }
}
console.log(`\nOutputs and per-record scores: ${out}`);
