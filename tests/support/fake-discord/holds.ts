// Holding requests: a test asks the fake to keep the next matching request (say, a channel post)
// waiting after it arrived, then releases it (Discord handles it, as if it had only been slow) or
// drops it (the connection is cut and Discord never acts on it). Meanwhile the test can kill the
// sender, restart it, or race another process against it.

export interface HoldMatcher {
  method?: string;
  /** A path below /api/v10 with ":param" wildcards, or a RegExp. */
  path: string | RegExp;
}

export type HoldDecision = "release" | "drop";

export class Hold<R> {
  /** Resolves with the request once it has arrived and is being held. */
  readonly arrived: Promise<R>;
  private settle: (request: R) => void = () => {};
  private decide: (decision: HoldDecision) => void = () => {};
  private readonly decision: Promise<HoldDecision>;

  constructor(readonly matcher: HoldMatcher) {
    this.arrived = new Promise((resolve) => (this.settle = resolve));
    this.decision = new Promise((resolve) => (this.decide = resolve));
  }

  /** Lets the request through: the fake handles it as it would have on arrival. */
  release(): void {
    this.decide("release");
  }

  /** Cuts the connection without handling the request: nothing it asked for happens. */
  drop(): void {
    this.decide("drop");
  }

  /** @internal The fake calls this for a request that matched: it waits for the test's decision. */
  take(request: R): Promise<HoldDecision> {
    this.settle(request);
    return this.decision;
  }
}
