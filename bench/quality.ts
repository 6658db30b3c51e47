// npm run bench:quality — scores newsbrief's summaries and quotes with the trusted evaluation kit
// in ../shared/eval (its evaluate.sh and scorers), next to Lead-3 and two npm peer summarizers run
// on the same articles. Skips with a message when the kit is not there (it is not redistributable);
// installs the peers on first use (peer-setup.ts) and leaves them out, saying why, when it cannot.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ensurePeers, PEER_NAMES } from "./peer-setup.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const evalDir = resolve(root, "../shared/eval");
const evaluate = join(evalDir, "evaluate.sh");

if (!existsSync(evaluate)) {
  console.log(`bench:quality skipped: the evaluation kit was not found at ${evalDir} (it lives outside the repository, in ../shared/eval).`);
  process.exit(0);
}

const SUMMARY_FILES = ["cnndm-dev", "bbc-dev", "seed"];
const out = mkdtempSync(join(tmpdir(), "newsbrief-quality-"));

function run(label: string, command: string, files?: string[]): string {
  const dir = join(out, label);
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

interface SummaryScores {
  systems: Record<string, { R1: number; R2: number; RLsum: number }>;
}

function scores(dir: string, file: string): SummaryScores | undefined {
  const path = join(dir, `${file}.score.json`);
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as SummaryScores) : undefined;
}

const ours = run("newsbrief", "node dist/src/cli/bin.js analyze --jsonl");
const peerProblem = ensurePeers();
if (peerProblem) console.log(`\nbench:quality: the peer summarizers are left out: ${peerProblem}.`);
const peers = peerProblem ? [] : PEER_NAMES.map((peer) => ({ peer, dir: run(peer, `node dist/bench/peers.js ${peer}`, SUMMARY_FILES) }));

const fmt = (s?: { R1: number; R2: number; RLsum: number }) =>
  s ? `${s.R1.toFixed(2).padStart(6)} ${s.R2.toFixed(2).padStart(6)} ${s.RLsum.toFixed(2).padStart(6)}` : "     —      —      —";
console.log("\n##### Summaries side by side (R1 R2 RLsum, F1 × 100, same articles, same scorer)\n");
console.log(`${"system".padEnd(18)}${SUMMARY_FILES.map((f) => f.padStart(21)).join("")}`);
const rows: [string, (file: string) => { R1: number; R2: number; RLsum: number } | undefined][] = [
  ["newsbrief", (f) => scores(ours, f)?.systems.prediction],
  ["Lead-3", (f) => scores(ours, f)?.systems.lead3],
  ...peers.map(({ peer, dir }): [string, (f: string) => { R1: number; R2: number; RLsum: number } | undefined] => [peer, (f) => scores(dir, f)?.systems.prediction]),
  ["oracle-3", (f) => scores(ours, f)?.systems.oracle3],
];
for (const [label, get] of rows) console.log(`${label.padEnd(18)}${SUMMARY_FILES.map((f) => `  ${fmt(get(f))}`).join("")}`);
console.log(`\nOutputs and per-record scores: ${out}`);
