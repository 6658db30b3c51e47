// Bounded concurrency, on p-limit: a list worked through at most N at a time (feeds, a feed's
// items, a tick's channels), and the limit that a whole feed run's requests share, so that
// however feeds and items nest, no more than a fixed number of requests are in flight at once.
import pLimit, { type LimitFunction } from "p-limit";

export { pLimit as limit, type LimitFunction };

/** `work` over `inputs`, at most `concurrency` at once, results in input order; inputs not started before `signal` aborts stay undefined. */
export async function inPool<T, R>(
  inputs: readonly T[],
  concurrency: number,
  signal: AbortSignal | undefined,
  work: (input: T) => Promise<R>,
): Promise<Array<R | undefined>> {
  const slots = pLimit(concurrency);
  return Promise.all(inputs.map((input) => slots(async () => (signal?.aborted ? undefined : work(input)))));
}
