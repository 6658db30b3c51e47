// A recording double of the HeadlinePoster port that behaves like Discord where the tick's
// correctness depends on it: a repeated nonce within the dedupe window returns the message it
// already created, and per-channel faults answer the way the discord.js adapter maps them.
import type { Headline } from "../../src/library/headline.js";
import type { HeadlinePoster, PostOutcome } from "../../src/headlines/poster.js";

export interface PostedMessage {
  id: string;
  channelId: string;
  headline: Headline;
  nonce: string;
  at: number;
}

type Fault = Exclude<PostOutcome, { status: "sent" }> | "crash-after-send";

/** Discord's dedupe lasts "a few minutes"; the double keeps it a little longer than the ledger assumes. */
const DEDUPE_MS = 3 * 60_000;

export class RecordingPoster implements HeadlinePoster {
  /** Every call to post(), in order. */
  readonly calls: Array<{ channelId: string; articleId: string; nonce: string }> = [];
  /** The messages that exist in the channels. */
  readonly messages: PostedMessage[] = [];
  private readonly faults = new Map<string, Fault[]>();
  private nextId = 1;

  constructor(private readonly now: () => Date) {}

  /** The next `times` posts to the channel get this answer instead of a message. */
  fail(channelId: string, fault: Fault, times = 1): void {
    this.faults.set(channelId, [...(this.faults.get(channelId) ?? []), ...Array<Fault>(times).fill(fault)]);
  }

  in(channelId: string): string[] {
    return this.messages.filter((m) => m.channelId === channelId).map((m) => m.headline.articleId);
  }

  async post(channelId: string, headline: Headline, nonce: string): Promise<PostOutcome> {
    this.calls.push({ channelId, articleId: headline.articleId, nonce });
    const fault = this.faults.get(channelId)?.shift();
    if (fault !== undefined && fault !== "crash-after-send") return fault;
    const at = this.now().getTime();
    const same = this.messages.find((m) => m.channelId === channelId && m.nonce === nonce && at - m.at < DEDUPE_MS);
    const message = same ?? { id: String(this.nextId++), channelId, headline, nonce, at };
    if (!same) this.messages.push(message);
    // The message exists but the process dies before it learns so.
    if (fault === "crash-after-send") throw new Error("process killed after the send");
    return { status: "sent", messageId: message.id };
  }
}
