// The paired bootstrap of a mean difference: resample the articles with replacement, keeping each
// article's pair of scores together, and read the 95 % interval off the resampled means.
import { random } from "./synthetic.js";

/** Mean of per-article differences and its 95 % percentile interval. */
export function pairedBootstrap(
  differences: readonly number[],
  resamples = 10_000,
  seed = 1,
): { mean: number; low: number; high: number } {
  const n = differences.length;
  const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / (xs.length || 1);
  if (n === 0) return { mean: 0, low: 0, high: 0 };
  const next = random(seed);
  const means: number[] = [];
  for (let r = 0; r < resamples; r++) {
    let total = 0;
    for (let k = 0; k < n; k++) total += differences[Math.floor(next() * n)]!;
    means.push(total / n);
  }
  means.sort((a, b) => a - b);
  return {
    mean: mean(differences),
    low: means[Math.floor(0.025 * resamples)]!,
    high: means[Math.ceil(0.975 * resamples) - 1]!,
  };
}
