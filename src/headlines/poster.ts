// The headline poster port: what the tick needs from Discord, in the project's own words. The
// discord.js adapter lives in discord.ts; unit tests use a recording double.
import type { Headline } from "../library/headline.js";
import type { FailureState } from "./subscriptions.js";

export type PostOutcome =
  | { status: "sent"; messageId: string }
  /** The channel cannot take posts until an admin acts: stop posting to it at once. */
  | { status: FailureState; detail: string }
  /** Rate limited, Discord unavailable or a network failure: nothing was posted, try a later tick. */
  | { status: "retry-later"; detail: string };

export interface HeadlinePoster {
  /**
   * Posts one headline. `nonce` must be sent with enforce_nonce, so that a repeat within a few
   * minutes returns the first message instead of creating a second one (see ledger.ts).
   */
  post(channelId: string, headline: Headline, nonce: string): Promise<PostOutcome>;
}
