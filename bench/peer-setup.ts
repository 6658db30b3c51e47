// The peer summarizers' opt-in install: bench/peers/package.json and its lock pin them, and
// bench:quality installs them into bench/peers/node_modules on first use (scripts off, as the
// main install never ran them either), so a user's `npm install` never fetches them.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** bench/peers in the source tree (this file runs from dist/bench). */
export const PEERS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../bench/peers");
export const PEER_NAMES = ["ts-textrank", "node-summarizer"] as const;

const installed = () => PEER_NAMES.every((name) => existsSync(join(PEERS_DIR, "node_modules", name, "package.json")));

/** Installs the pinned peers when missing; the reason they are unavailable, or undefined when ready. */
export function ensurePeers(): string | undefined {
  if (installed()) return undefined;
  console.log(`Installing the peer summarizers into ${PEERS_DIR} (once; npm ci --ignore-scripts)…`);
  const npm = spawnSync("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: PEERS_DIR,
    stdio: "inherit",
  });
  if (npm.status === 0 && installed()) return undefined;
  return `npm ci in ${PEERS_DIR} failed (exit ${npm.status ?? npm.signal}); run it by hand to see why`;
}

/** Loads a peer package from bench/peers/node_modules. */
export function requirePeer<T>(name: (typeof PEER_NAMES)[number]): T {
  return createRequire(join(PEERS_DIR, "package.json"))(name) as T;
}
