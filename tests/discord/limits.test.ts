import { describe, expect, it } from "vitest";
import type { APIEmbed } from "discord.js";
import { embedLength, fitChoices, fitEmbed, fitMessage, LIMITS, truncate } from "../../src/discord/limits.js";
import { messageErrors, choiceErrors } from "../support/fake-discord/validate.js";

const long = (n: number, ch = "x") => ch.repeat(n);

describe("truncate", () => {
  it("leaves text within the limit untouched", () => {
    expect(truncate("short text", 10)).toBe("short text");
  });

  it("cuts to exactly the limit and marks the cut with an ellipsis", () => {
    const cut = truncate(long(50), 20);
    expect(cut).toHaveLength(20);
    expect(cut.endsWith("…")).toBe(true);
  });

  it("never splits a surrogate pair", () => {
    // A cut at 5 would end on the high half of the second emoji.
    const cut = truncate(`a${"😀".repeat(10)}`, 5);
    expect(cut).toBe("a😀…");
    expect(cut).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});

describe("fitEmbed keeps every embed field within Discord's bound", () => {
  const huge: APIEmbed = {
    title: long(300),
    description: long(5000),
    footer: { text: long(3000) },
    author: { name: long(300) },
    fields: Array.from({ length: 30 }, () => ({ name: long(300), value: long(2000) })),
  };
  const fitted = fitEmbed(huge);

  it("title ≤ 256", () => expect(fitted.title).toHaveLength(LIMITS.embed.title));
  it("description ≤ 4096", () => expect(fitted.description).toHaveLength(LIMITS.embed.description));
  it("footer ≤ 2048", () => expect(fitted.footer?.text).toHaveLength(LIMITS.embed.footer));
  it("author ≤ 256", () => expect(fitted.author?.name).toHaveLength(LIMITS.embed.author));
  it("≤ 25 fields", () => expect(fitted.fields).toHaveLength(LIMITS.embed.fields));
  it("field name ≤ 256", () =>
    expect(fitted.fields?.every((f) => f.name.length === LIMITS.embed.fieldName)).toBe(true));
  it("field value ≤ 1024", () =>
    expect(fitted.fields?.every((f) => f.value.length === LIMITS.embed.fieldValue)).toBe(true));

  it("gives empty field names and values a blank Discord accepts", () => {
    const [field] = fitEmbed({ fields: [{ name: "", value: "" }] }).fields ?? [];
    expect(field?.name.length).toBeGreaterThan(0);
    expect(field?.value.length).toBeGreaterThan(0);
  });
});

describe("fitMessage", () => {
  it("cuts content to 2000 characters", () => {
    expect(fitMessage({ content: long(2500) }).content).toHaveLength(LIMITS.content);
  });

  it("sends at most 10 embeds", () => {
    const embeds = Array.from({ length: 12 }, (_, i) => ({ title: `embed ${i}` }));
    expect(fitMessage({ embeds }).embeds).toHaveLength(LIMITS.embedsPerMessage);
  });

  it("keeps the embeds' sum within 6000, shrinking the later embeds first", () => {
    const embeds = Array.from({ length: 3 }, (_, i) => ({ title: `part ${i}`, description: long(4000) }));
    const fitted = fitMessage({ embeds });
    expect(fitted.embeds.reduce((sum, e) => sum + embedLength(e), 0)).toBeLessThanOrEqual(LIMITS.embed.total);
    expect(fitted.embeds[0]?.description).toHaveLength(4000);
  });

  it("drops fields before cutting the description when over the total", () => {
    const embed = {
      description: long(4000),
      fields: Array.from({ length: 5 }, () => ({ name: "n", value: long(1000) })),
    };
    const [fitted] = fitMessage({ embeds: [embed] }).embeds;
    expect(embedLength(fitted ?? {})).toBeLessThanOrEqual(LIMITS.embed.total);
    expect(fitted?.description).toHaveLength(4000);
    expect(fitted?.fields?.length).toBe(1);
  });

  it("turns every mention off, whatever the text says", () => {
    expect(fitMessage({ content: "@everyone <@123456789012345678>" }).allowedMentions).toEqual({ parse: [] });
  });

  it("never produces an empty message", () => {
    expect(fitMessage({}).content).toBeTruthy();
    expect(fitMessage({ content: "" }).content).toBeTruthy();
  });

  it("produces payloads the fake Discord accepts however large the input", () => {
    const embeds = Array.from({ length: 15 }, () => ({
      title: long(400),
      description: long(6000),
      footer: { text: long(2500) },
      author: { name: long(400) },
      fields: Array.from({ length: 30 }, () => ({ name: long(300), value: long(1500) })),
    }));
    expect(messageErrors(fitMessage({ content: long(3000), embeds }))).toEqual([]);
  });
});

describe("fitChoices", () => {
  const choices = Array.from({ length: 40 }, (_, i) => ({ name: `${long(150)} ${i}`, value: `id-${i}` }));

  it("answers at most 25 choices", () => {
    expect(fitChoices(choices)).toHaveLength(LIMITS.autocomplete.choices);
  });

  it("cuts names to 100 characters", () => {
    expect(fitChoices(choices).every((c) => c.name.length === LIMITS.autocomplete.nameMax)).toBe(true);
  });

  it("drops a choice whose value is over 100 characters instead of sending a broken id", () => {
    expect(
      fitChoices([
        { name: "ok", value: "a" },
        { name: "too long", value: long(101) },
      ]),
    ).toEqual([{ name: "ok", value: "a" }]);
  });

  it("names a choice by its value when its name is blank", () => {
    expect(fitChoices([{ name: "  ", value: "some-id" }])).toEqual([{ name: "some-id", value: "some-id" }]);
  });

  it("produces answers the fake Discord accepts", () => {
    expect(choiceErrors(fitChoices(choices))).toEqual([]);
  });
});
