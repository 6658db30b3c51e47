import { InteractionContextType, PermissionFlagsBits } from "discord.js";
import { describe, expect, it } from "vitest";
import { commands } from "../../commands/index.js";

const byName = (name: string) => commands.find((c) => c.data.name === name)?.data;

describe("subscription commands", () => {
  it("are registered in the one command list", () => {
    expect(["subscribe", "unsubscribe", "subscriptions"].map((n) => byName(n)?.name)).toEqual([
      "subscribe",
      "unsubscribe",
      "subscriptions",
    ]);
  });

  it("let only server managers subscribe or unsubscribe, and only inside a server", () => {
    for (const name of ["subscribe", "unsubscribe"]) {
      expect(byName(name)).toMatchObject({
        default_member_permissions: String(PermissionFlagsBits.ManageGuild),
        contexts: [InteractionContextType.Guild],
      });
    }
  });

  it("let everyone in a server list the subscriptions", () => {
    expect(byName("subscriptions")?.default_member_permissions).toBeUndefined();
    expect(byName("subscriptions")?.contexts).toEqual([InteractionContextType.Guild]);
  });
});
