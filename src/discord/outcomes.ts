// Discord errors → what they mean for us. One pure function, so that the router and the headline
// poster decide the same way: stop posting to a channel on missing-permissions/missing-channel,
// never resend a bad-format payload unchanged, retry only on retry-later.
import { DiscordAPIError, HTTPError, RateLimitError, RESTJSONErrorCodes } from "discord.js";

export type DiscordOutcome =
  | "missing-permissions"
  | "missing-channel"
  | "bad-format"
  | "interaction-expired"
  | "already-acknowledged"
  | "retry-later"
  | "unknown";

const BY_CODE: ReadonlyMap<number, DiscordOutcome> = new Map([
  [RESTJSONErrorCodes.MissingAccess, "missing-permissions"],
  [RESTJSONErrorCodes.MissingPermissions, "missing-permissions"],
  [RESTJSONErrorCodes.UnknownChannel, "missing-channel"],
  [RESTJSONErrorCodes.InvalidFormBodyOrContentType, "bad-format"],
  [RESTJSONErrorCodes.UnknownInteraction, "interaction-expired"],
  [RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged, "already-acknowledged"],
]);

function byStatus(status: number): DiscordOutcome {
  if (status === 403) return "missing-permissions";
  if (status === 404) return "missing-channel";
  if (status === 400) return "bad-format";
  if (status === 429 || status >= 500) return "retry-later";
  return "unknown";
}

/** The JSON error code says more than the HTTP status, so it wins when Discord sent one we know. */
export function discordOutcome(error: unknown): DiscordOutcome {
  if (error instanceof DiscordAPIError) {
    const known = typeof error.code === "number" ? BY_CODE.get(error.code) : undefined;
    return known ?? byStatus(error.status);
  }
  if (error instanceof HTTPError) return byStatus(error.status);
  if (error instanceof RateLimitError) return "retry-later";
  return "unknown";
}
