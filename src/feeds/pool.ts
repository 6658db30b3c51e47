// Bounded concurrency for a feed run: a pool of workers over a list (feeds, a feed's items), and
// the request slots the whole run shares, so that however feeds and items nest, no more than a
// fixed number of requests are in flight at once.

/** `work` over `inputs`, at most `concurrency` at once, results in input order; inputs not started before `signal` aborts stay undefined. */
export async function inPool<T, R>(inputs: readonly T[], concurrency: number, signal: AbortSignal | undefined, work: (input: T) => Promise<R>): Promise<Array<R | undefined>> {
  const results = new Array<R | undefined>(inputs.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < inputs.length && !signal?.aborted; i = next++) results[i] = await work(inputs[i] as T);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, inputs.length) }, worker));
  return results;
}

/** At most `size` tasks running at once; the others wait their turn in order. */
export class Slots {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  constructor(size: number) {
    this.free = size;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      // The slot passes straight to the next in line, or becomes free.
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}
