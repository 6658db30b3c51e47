// The router against the real discord.js client and the fake Discord, with tiny test commands:
// deferral, follow-ups, ephemeral notices, and the one place errors are caught and answered.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ApplicationCommandOptionType, Events, type Client } from "discord.js";
import { connect, createClient } from "../../src/discord/client.js";
import { notice, reply, Router, type Command } from "../../src/discord/router.js";
import { captureLog } from "../support/capture-log.js";
import { FakeDiscord, noIdentifyThrottle } from "../support/fake-discord.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Ctx {
  greeting: string;
}

const echo = {
  data: {
    name: "echo",
    description: "echo",
    options: [
      { type: ApplicationCommandOptionType.String, name: "text", description: "t", required: true, autocomplete: true },
      { type: ApplicationCommandOptionType.Integer, name: "times", description: "n" },
    ],
  },
  execute: ({ text, times = 1 }: { text: string; times: number | undefined }, ctx: Ctx) =>
    reply({ content: `${ctx.greeting} ${text.repeat(times)}` }),
  autocomplete: (focused: { value: string }) =>
    Array.from({ length: 40 }, (_, i) => ({ name: `${focused.value} ${"choice ".repeat(20)}${i}`, value: `v${i}` })),
} as const satisfies Command<Ctx>;

const commands: Command<Ctx>[] = [
  echo,
  {
    data: { name: "slow", description: "slow" },
    execute: () => sleep(120).then(() => reply({ embeds: [{ title: "done" }] })),
  },
  {
    data: { name: "slownotice", description: "slow notice" },
    execute: () => sleep(120).then(() => notice("only you")),
  },
  {
    data: { name: "slowprivate", description: "always private" },
    ephemeral: true,
    execute: () => sleep(120).then(() => notice("private all along")),
  },
  { data: { name: "boom", description: "throws" }, execute: () => Promise.reject(new Error("kaput")) },
  {
    data: { name: "pages", description: "several" },
    execute: () => reply({ content: "one" }, { content: "two" }, { content: "three" }),
  },
  {
    data: { name: "huge", description: "over limit" },
    execute: () => reply({ content: "@everyone ".repeat(500), embeds: [{ description: "x".repeat(9000) }] }),
  },
];

describe("router", () => {
  let fake: FakeDiscord;
  let client: Client;
  const captured = captureLog();

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    client = createClient(fake.apiBase, { ws: noIdentifyThrottle });
    const router = new Router(commands, { greeting: "hi" }, captured.log, { deferAfterMs: 60 });
    client.on(Events.InteractionCreate, (i) => void router.handle(i));
    await connect(client, fake.token);
  });
  afterAll(async () => {
    await client.destroy();
    await fake.close();
  });
  beforeEach(() => fake.clearFaults());

  it("passes typed options to the command and replies at once", async () => {
    const sent = fake.sendCommand("echo", { text: "ab", times: 2 });
    const message = await fake.reply(sent);
    expect(message.content).toBe("hi abab");
    expect(fake.interaction(sent).acknowledgement).toBe(4);
  });

  it("defers a command that has not answered in time, then edits the reply in", async () => {
    const sent = fake.sendCommand("slow");
    const message = await fake.reply(sent);
    expect(fake.interaction(sent).acknowledgement).toBe(5);
    expect(message.embeds[0]?.title).toBe("done");
    expect(message.ephemeral).toBe(false);
  });

  it("keeps a notice private even after a public deferral", async () => {
    const sent = fake.sendCommand("slownotice");
    const followUp = await fake.followUp(sent);
    expect(followUp).toMatchObject({ content: "only you", ephemeral: true });
    expect(fake.interaction(sent).originalDeleted).toBe(true);
  });

  it("defers privately a command whose answers are always private, and edits the answer in", async () => {
    const sent = fake.sendCommand("slowprivate");
    const message = await fake.reply(sent);
    expect(fake.interaction(sent).acknowledgement).toBe(5);
    expect(message).toMatchObject({ content: "private all along", ephemeral: true });
    expect(fake.interaction(sent).originalDeleted).toBe(false);
    expect(fake.interaction(sent).followUps).toEqual([]);
  });

  it("sends the extra messages of a reply as follow-ups", async () => {
    const sent = fake.sendCommand("pages");
    await fake.followUp(sent, 2);
    const record = fake.interaction(sent);
    expect([record.original?.content, ...record.followUps.map((m) => m.content)]).toEqual(["one", "two", "three"]);
  });

  it("fits an over-limit reply and turns mentions off", async () => {
    const sent = fake.sendCommand("huge");
    const message = await fake.reply(sent);
    expect(message.content.length).toBeLessThanOrEqual(2000);
    const callback = await fake.waitForRequest((r) => r.path.includes(sent.token));
    expect((callback.body as { data: { allowed_mentions: unknown } }).data.allowed_mentions).toEqual({ parse: [] });
  });

  it("answers autocomplete with at most 25 valid choices", async () => {
    const sent = fake.sendAutocomplete("echo", { text: "wor" }, "text");
    const choices = await fake.choices(sent);
    expect(choices).toHaveLength(25);
    expect(choices.every((c) => c.name.length <= 100)).toBe(true);
  });

  it("logs a failing command with its context and tells the user privately", async () => {
    const sent = fake.sendCommand("boom");
    const message = await fake.reply(sent);
    expect(message.ephemeral).toBe(true);
    expect(message.content).toMatch(/went wrong/);
    const record = await captured.waitFor((r) => r.msg === "Command failed" && r.command === "boom");
    expect(record).toMatchObject({
      command: "boom",
      guildId: fake.guilds[0]?.id,
      userId: expect.any(String),
      err: { message: "kaput" },
    });
  });

  it("tells the user when the server has a command the bot no longer knows", async () => {
    const message = await fake.reply(fake.sendCommand("retired"));
    expect(message).toMatchObject({ ephemeral: true, content: expect.stringMatching(/redeploy/) });
  });

  it("survives a reply Discord refuses, and answers the next command", async () => {
    fake.fail({ method: "POST", path: "/interactions/:id/:token/callback", status: 403, code: 50013, times: 2 });
    const sent = fake.sendCommand("echo", { text: "x" });
    await captured.waitFor((r) => r.msg === "Could not tell the user about a failed command");
    expect(
      captured.records.find((r) => r.msg === "Command failed" && r.outcome === "missing-permissions"),
    ).toBeDefined();
    expect(fake.interaction(sent).original).toBeUndefined();
    expect((await fake.reply(fake.sendCommand("echo", { text: "again" }))).content).toBe("hi again");
  });

  it("retries a rate-limited reply", async () => {
    fake.fail({ method: "POST", path: "/interactions/:id/:token/callback", status: 429, retryAfter: 0.05, times: 1 });
    const sent = fake.sendCommand("echo", { text: "patience" });
    expect((await fake.reply(sent)).content).toBe("hi patience");
    expect(fake.requests.filter((r) => r.path.includes(sent.token)).map((r) => r.status)).toEqual([429, 204]);
  });

  it("does not answer again once the interaction has expired", async () => {
    fake.fail({ method: "POST", path: "/interactions/:id/:token/callback", status: 404, code: 10062, times: 1 });
    const sent = fake.sendCommand("echo", { text: "late" });
    await captured.waitFor((r) => r.msg === "Command failed" && r.outcome === "interaction-expired");
    await sleep(50);
    expect(fake.requests.filter((r) => r.path.includes(sent.token))).toHaveLength(1);
  });
});
