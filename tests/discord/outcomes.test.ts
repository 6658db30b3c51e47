import { describe, expect, it } from "vitest";
import { DiscordAPIError, HTTPError } from "discord.js";
import { discordOutcome } from "../../src/discord/outcomes.js";

const apiError = (code: number, status: number) =>
  new DiscordAPIError(
    { code, message: "test" },
    code,
    status,
    "POST",
    "https://discord.test/api/v10/channels/1/messages",
    { body: undefined, files: undefined },
  );
const httpError = (status: number) =>
  new HTTPError(status, "test", "POST", "https://discord.test/api/v10/x", { body: undefined, files: undefined });

describe("discordOutcome", () => {
  it.each([
    [50001, 403, "missing-permissions"],
    [50013, 403, "missing-permissions"],
    [10003, 404, "missing-channel"],
    [50035, 400, "bad-format"],
    [10062, 404, "interaction-expired"],
    [40060, 400, "already-acknowledged"],
  ] as const)("maps Discord code %i (HTTP %i) to %s", (code, status, outcome) => {
    expect(discordOutcome(apiError(code, status))).toBe(outcome);
  });

  it.each([
    [403, "missing-permissions"],
    [404, "missing-channel"],
    [400, "bad-format"],
    [429, "retry-later"],
  ] as const)("falls back on the HTTP status %i when the code is unknown", (status, outcome) => {
    expect(discordOutcome(apiError(0, status))).toBe(outcome);
  });

  it.each([500, 502, 503])("asks to retry later after a server error %i", (status) => {
    expect(discordOutcome(httpError(status))).toBe("retry-later");
  });

  it("lets the JSON code win over the status", () => {
    expect(discordOutcome(apiError(10062, 400))).toBe("interaction-expired");
  });

  it("does not guess about errors that did not come from Discord", () => {
    expect(discordOutcome(new Error("boom"))).toBe("unknown");
    expect(discordOutcome("nope")).toBe("unknown");
    expect(discordOutcome(apiError(0, 418))).toBe("unknown");
  });
});
