// The hostile-input part of `npm run bench`: every shape of bench/shapes.ts at the article size
// limit, each in its own process; reports each shape's time and extra peak memory, and the worst.
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { SHAPES } from "./shapes.js";

const here = dirname(fileURLToPath(import.meta.url));

export interface WorstCase {
  shape: string;
  ms: number;
  cpuMs: number;
  extraMb: number;
}

export function benchWorstCase(bytes: number): WorstCase[] {
  return Object.keys(SHAPES).map((shape) => {
    const out = execFileSync(process.execPath, [join(here, "worst-case-child.js"), shape, String(bytes)], {
      encoding: "utf8",
    });
    return { shape, ...(JSON.parse(out) as { ms: number; cpuMs: number; extraMb: number }) };
  });
}
