import { describe, expect, it } from "vitest";
import { articleIdSchema } from "../../src/articles/article.js";
import {
  articleIdFrom,
  datelineDay,
  normalizePublishedAt,
  parseByline,
  parseCredit,
  parseDateLine,
  parseDateline,
} from "../../src/articles/metadata.js";

describe("article ids", () => {
  it("slugifies file names into lowercase, URL-safe ids", () => {
    expect(articleIdFrom("US China Talks — Rare Earths")).toBe("us-china-talks-rare-earths");
    expect(articleIdFrom("Café Zürich_2026.v2")).toBe("cafe-zurich_2026.v2");
    expect(articleIdFrom("world/2026/story")).toBe("world-2026-story");
  });

  it("cuts long names to 100 characters and keeps two long names with a shared prefix apart", () => {
    const a = articleIdFrom(`${"a".repeat(150)}-one`);
    const b = articleIdFrom(`${"a".repeat(150)}-two`);
    expect(a?.length).toBeLessThanOrEqual(100);
    expect(a).not.toBe(b);
    expect(articleIdSchema.safeParse(a).success).toBe(true);
  });

  it("has no id for a name without letters or digits", () => {
    expect(articleIdFrom("---")).toBeUndefined();
  });
});

describe("datelines", () => {
  it("reads place, date and agency, and where the story starts", () => {
    const text = "KUALA LUMPUR, Oct 26 (Reuters) – Senior officials met.";
    const dateline = parseDateline(text);
    expect(dateline).toMatchObject({ text: "KUALA LUMPUR, Oct 26 (Reuters)", agency: "Reuters", month: 10, day: 26 });
    expect(text.slice(dateline?.bodyStart)).toBe("Senior officials met.");
  });

  it("reads wire datelines with a state, a full month name or no date at all", () => {
    expect(parseDateline("CAMBRIDGE, Mass., Dec. 11 (UPI) — Students said...")?.text).toBe(
      "CAMBRIDGE, Mass., Dec. 11 (UPI)",
    );
    expect(parseDateline("WASHINGTON (AP) — The Senate voted...")?.agency).toBe("AP");
    expect(parseDateline("BEIJING - Officials said...")?.text).toBe("BEIJING");
    expect(parseDateline("(CNN)Police said on Monday...")?.text).toBe("(CNN)");
  });

  it("reads a day-first dateline, with or without a year", () => {
    expect(parseDateline("LONDON, 3 March (Reuters) - Ministers met.")).toMatchObject({
      text: "LONDON, 3 March (Reuters)",
      month: 3,
      day: 3,
    });
    expect(parseDateline("GENEVA, 14 November 2025 – Talks resumed.")).toMatchObject({
      text: "GENEVA, 14 November 2025",
      month: 11,
      day: 14,
      year: 2025,
    });
  });

  it("reads a dateline in time proportional to the text, however much whitespace follows the place", () => {
    const t = performance.now();
    expect(parseDateline(`LONDON${" ".repeat(1_000_000)}officials said.`)).toBeUndefined();
    // A guard against a hang, not a speed claim: this takes milliseconds, a quadratic scan an hour.
    expect(performance.now() - t).toBeLessThan(5_000);
  });

  it("does not take a hyphenated name or an ordinary opening for a dateline", () => {
    expect(parseDateline("AFL-CIO to endorse candidate.")).toBeUndefined();
    expect(parseDateline("U.S. officials said on Sunday.")).toBeUndefined();
    expect(parseDateline("US, China talks sketch out rare earths")).toBeUndefined();
  });

  it("dates a month-and-day dateline in the latest year that is not after the page's date", () => {
    const oct26 = parseDateline("KUALA LUMPUR, Oct 26 (Reuters) – Text.");
    expect(oct26 && datelineDay(oct26, { year: 2026, month: 2, day: 4 })).toEqual({ year: 2025, month: 10, day: 26 });
    expect(oct26 && datelineDay(oct26, { year: 2026, month: 10, day: 26 })).toEqual({ year: 2026, month: 10, day: 26 });
    expect(oct26 && datelineDay(oct26, undefined)).toBeUndefined();
  });
});

describe("date lines", () => {
  it("recognises a line that is only a date, with weekday, label, time or zone", () => {
    expect(parseDateLine("Wednesday, February 4, 2026")).toEqual({
      day: { year: 2026, month: 2, day: 4 },
      labelled: false,
    });
    expect(parseDateLine("Published: 3 March 2026, 14:05 GMT")?.labelled).toBe(true);
    expect(parseDateLine("Updated 2026-03-03 10:42 AM")?.day).toEqual({ year: 2026, month: 3, day: 3 });
    expect(parseDateLine("Mon 3 March 2026 - 9.15am UTC+1")?.day).toEqual({ year: 2026, month: 3, day: 3 });
  });

  it("does not treat a sentence that contains a date as a date line", () => {
    expect(parseDateLine("The vote on March 3, 2026 was close.")).toBeUndefined();
    expect(parseDateLine("The vote on March 3, 2026 was held")).toBeUndefined();
    expect(parseDateLine("February 30, 2026")).toBeUndefined();
  });

  it("normalises readable dates from metadata fields and keeps ISO ones", () => {
    expect(normalizePublishedAt("2026-03-14T08:00:00Z")).toBe("2026-03-14T08:00:00Z");
    expect(normalizePublishedAt("March 14, 2026")).toBe("2026-03-14");
    expect(normalizePublishedAt("last Tuesday")).toBeUndefined();
  });
});

describe("bylines and credits", () => {
  it("takes the names from a byline and leaves titles and dates behind", () => {
    expect(parseByline("By Jane Doe")).toBe("Jane Doe");
    expect(parseByline("By Priya Natarajan, Environment correspondent")).toBe("Priya Natarajan");
    expect(parseByline("By Jane Doe and Omar Haddad | March 3, 2026")).toBe("Jane Doe and Omar Haddad");
  });

  it("does not read a sentence that starts with 'By' as a byline", () => {
    expect(parseByline("By the end of the day, the queue stretched past the post office.")).toBeUndefined();
    expect(parseByline("By Tuesday, most shops had reopened.")).toBeUndefined();
  });

  it("reads the publisher from an 'originally published by' credit and the reporter from a wire trailer", () => {
    expect(parseCredit("This report was originally published by Reuters.")).toEqual({ source: "Reuters" });
    expect(parseCredit("This piece first appeared on Global Insights.")).toEqual({ source: "Global Insights" });
    expect(parseCredit("(Reporting by Jane Doe in Lima; Editing by Tom Roe)")).toEqual({ author: "Jane Doe" });
    expect(parseCredit("(Additional reporting by Ann Lee; Editing by Tom Roe)")).toEqual({});
    expect(parseCredit("The report was published on Monday and said prices rose.")).toBeUndefined();
  });
});
