// The fake Discord is the oracle of the end-to-end tests, so its own refusals are tested here:
// if it accepted what Discord rejects, the bot's limit handling would go unchecked.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PermissionFlagsBits, type Client } from "discord.js";
import { connect, createClient } from "../../src/discord/client.js";
import { FakeDiscord, noIdentifyThrottle, snowflake } from "../support/fake-discord.js";

describe("the fake Discord", () => {
  let fake: FakeDiscord;
  let client: Client;
  const guildId = snowflake();
  const open = snowflake();
  const mute = snowflake();
  const hidden = snowflake();

  beforeAll(async () => {
    fake = await FakeDiscord.start({
      guilds: [
        {
          id: guildId,
          name: "Test",
          channels: [
            { id: open, name: "open" },
            {
              id: mute,
              name: "mute",
              permissionOverwrites: [
                { id: guildId, type: 0, allow: "0", deny: String(PermissionFlagsBits.SendMessages) },
              ],
            },
            {
              id: hidden,
              name: "hidden",
              permissionOverwrites: [
                { id: guildId, type: 0, allow: "0", deny: String(PermissionFlagsBits.ViewChannel) },
              ],
            },
          ],
        },
      ],
    });
    client = createClient(fake.apiBase, { ws: noIdentifyThrottle });
    await connect(client, fake.token);
  });
  afterAll(async () => {
    await client.destroy();
    await fake.close();
  });

  const call = async (method: string, path: string, body?: unknown, auth = true) => {
    const res = await fetch(`${fake.apiBase}/v10${path}`, {
      method,
      headers: { "Content-Type": "application/json", ...(auth ? { Authorization: `Bot ${fake.token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as { code?: number; errors?: object }) : undefined };
  };
  const respond = (body: unknown) => {
    const sent = fake.sendCommand("anything");
    return call("POST", `/interactions/${sent.id}/${sent.token}/callback`, body, false);
  };

  it("accepts an embed description of 4096 characters and rejects 4097 as Discord does", async () => {
    expect((await respond({ type: 4, data: { embeds: [{ description: "x".repeat(4096) }] } })).status).toBe(204);
    const rejected = await respond({ type: 4, data: { embeds: [{ description: "x".repeat(4097) }] } });
    expect(rejected).toMatchObject({
      status: 400,
      json: { code: 50035, errors: { "embeds.0.description": expect.anything() } },
    });
  });

  it("rejects messages over the 6000-character embed total, 2000-character content or 10 embeds", async () => {
    const twoBig = [{ description: "x".repeat(3500) }, { description: "y".repeat(3500) }];
    expect((await respond({ type: 4, data: { embeds: twoBig } })).status).toBe(400);
    expect((await respond({ type: 4, data: { content: "x".repeat(2001) } })).status).toBe(400);
    expect(
      (await respond({ type: 4, data: { embeds: Array.from({ length: 11 }, () => ({ title: "t" })) } })).status,
    ).toBe(400);
  });

  it("rejects an empty message and a 26th autocomplete choice", async () => {
    expect((await respond({ type: 4, data: {} })).json?.code).toBe(50006);
    const choices = Array.from({ length: 26 }, (_, i) => ({ name: `c${i}`, value: `v${i}` }));
    expect((await respond({ type: 8, data: { choices } })).status).toBe(400);
    expect((await respond({ type: 8, data: { choices: choices.slice(0, 25) } })).status).toBe(204);
  });

  it("refuses a second acknowledgement of one interaction", async () => {
    const sent = fake.sendCommand("twice");
    const path = `/interactions/${sent.id}/${sent.token}/callback`;
    expect((await call("POST", path, { type: 5 }, false)).status).toBe(204);
    expect((await call("POST", path, { type: 4, data: { content: "x" } }, false)).json?.code).toBe(40060);
  });

  it("answers channel posts by the bot's permissions there", async () => {
    expect((await call("POST", `/channels/${open}/messages`, { content: "hi" })).status).toBe(200);
    expect((await call("POST", `/channels/${mute}/messages`, { content: "hi" })).json?.code).toBe(50013);
    expect((await call("POST", `/channels/${hidden}/messages`, { content: "hi" })).json?.code).toBe(50001);
    expect((await call("POST", `/channels/${snowflake()}/messages`, { content: "hi" })).json?.code).toBe(10003);
    expect(fake.channelMessages.map((m) => m.channel_id)).toEqual([open]);
  });

  it("requires the bot token on bot routes", async () => {
    expect((await call("GET", "/gateway/bot", undefined, false)).status).toBe(401);
  });

  it("injects a fault for as many requests as asked, then serves the route again", async () => {
    fake.fail({ method: "POST", path: "/channels/:id/messages", status: 403, code: 50001, times: 1 });
    expect((await call("POST", `/channels/${open}/messages`, { content: "a" })).json?.code).toBe(50001);
    expect((await call("POST", `/channels/${open}/messages`, { content: "b" })).status).toBe(200);
  });

  it("rejects embed links that are not http(s), in a channel post and in an interaction reply", async () => {
    const cases: [object, string][] = [
      [{ title: "t", url: "ftp://files.example/a" }, "embeds.0.url"],
      [{ title: "t", url: "javascript:alert(1)" }, "embeds.0.url"],
      [{ title: "t", url: "" }, "embeds.0.url"],
      [{ title: "t", thumbnail: { url: "data:image/png;base64,AAAA" } }, "embeds.0.thumbnail.url"],
      [{ title: "t", image: { url: "file:///etc/passwd" } }, "embeds.0.image.url"],
      [{ title: "t", author: { name: "a", url: "mailto:desk@example.org" } }, "embeds.0.author.url"],
      [{ title: "t", author: { name: "a", icon_url: "ftp://files.example/i.png" } }, "embeds.0.author.icon_url"],
      [{ title: "t", footer: { text: "f", icon_url: "javascript:x" } }, "embeds.0.footer.icon_url"],
    ];
    const before = fake.channelMessages.length;
    for (const [embed, path] of cases) {
      const posted = await call("POST", `/channels/${open}/messages`, { embeds: [embed] });
      expect(posted, path).toMatchObject({
        status: 400,
        json: { code: 50035, errors: { [path]: { _errors: [{ code: "URL_TYPE_INVALID_SCHEME" }] } } },
      });
      expect((await respond({ type: 4, data: { embeds: [embed] } })).status, path).toBe(400);
    }
    expect(fake.channelMessages.length).toBe(before);
  });

  it("accepts http(s) embed links, and attachment:// for images and icons", async () => {
    const embed = {
      title: "t",
      url: "https://news.example/a",
      author: { name: "a", url: "http://news.example", icon_url: "attachment://logo.png" },
      footer: { text: "f", icon_url: "https://news.example/f.png" },
      image: { url: "attachment://photo.jpg" },
      thumbnail: { url: "HTTPS://news.example/t.png" },
    };
    expect((await call("POST", `/channels/${open}/messages`, { embeds: [embed] })).status).toBe(200);
    expect(
      (await call("POST", `/channels/${open}/messages`, { embeds: [{ title: "t", url: "attachment://a.html" }] }))
        .status,
    ).toBe(400);
  });

  it("returns the first message for a repeated nonce with enforce_nonce in one channel, creating no second one", async () => {
    const post = (content: string, extra: object) => call("POST", `/channels/${open}/messages`, { content, ...extra });
    const before = fake.channelMessages.length;
    const first = await post("first", { nonce: "n-repeat", enforce_nonce: true });
    const again = await post("second", { nonce: "n-repeat", enforce_nonce: true });
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ id: (first.json as { id: string }).id, content: "first", nonce: "n-repeat" });
    expect(fake.channelMessages.length).toBe(before + 1);

    // Only an enforced nonce in the same channel is deduped.
    const second = snowflake();
    fake.guilds[0]!.channels.push({ id: second, name: "second" });
    const after = fake.channelMessages.length;
    await call("POST", `/channels/${open}/messages`, { content: "a", nonce: "n-plain" });
    await call("POST", `/channels/${open}/messages`, { content: "b", nonce: "n-plain" });
    await call("POST", `/channels/${open}/messages`, { content: "c", nonce: "n-two-channels", enforce_nonce: true });
    await call("POST", `/channels/${second}/messages`, { content: "d", nonce: "n-two-channels", enforce_nonce: true });
    expect(fake.channelMessages.slice(after).map((m) => m.content)).toEqual(["a", "b", "c", "d"]);
  });
});

describe("the fake Discord's nonce window", () => {
  it("creates a new message once an enforced nonce is older than the window", async () => {
    const channel = snowflake();
    const guildId = snowflake();
    const fake = await FakeDiscord.start({
      nonceWindowMs: 50,
      guilds: [{ id: guildId, name: "G", channels: [{ id: channel, name: "c" }] }],
    });
    try {
      const post = (content: string) =>
        fetch(`${fake.apiBase}/v10/channels/${channel}/messages`, {
          method: "POST",
          headers: { "Content-Type": "application/json", Authorization: `Bot ${fake.token}` },
          body: JSON.stringify({ content, nonce: "n", enforce_nonce: true }),
        });
      await post("early");
      await post("early again");
      await new Promise((resolve) => setTimeout(resolve, 80));
      await post("late");
      expect(fake.channelMessages.map((m) => m.content)).toEqual(["early", "late"]);
    } finally {
      await fake.close();
    }
  });
});

describe("the fake Discord's gateway", () => {
  it("lets a test starve heartbeats, after which the client resumes its session", async () => {
    const fake = await FakeDiscord.start({ heartbeatIntervalMs: 100 });
    const client = createClient(fake.apiBase, { ws: noIdentifyThrottle });
    try {
      await connect(client, fake.token);
      fake.heartbeatAck = false;
      await fake.waitFor(() => (fake.gatewayStats.connections > 1 ? true : undefined), 3_000);
      fake.heartbeatAck = true;
      await fake.waitFor(() => (fake.gatewayStats.resumes > 0 ? true : undefined), 3_000);
      expect(fake.gatewayStats.identifies).toBe(1);
    } finally {
      await client.destroy();
      await fake.close();
    }
  });
});
