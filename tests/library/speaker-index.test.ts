import { describe, expect, it } from "vitest";
import { SPEAKER_KEY_MAX, SpeakerIndex, type SpeakerIndexEntry } from "../../src/library/speaker-index.js";
import type { Quote } from "../../src/analysis/types.js";

function q(speaker: string, text: string, role?: string, speakerType: Quote["speakerType"] = "person"): Quote {
  const quote: Quote = { speaker, speakerType, kind: "direct", text, start: 0, end: text.length, sentence: text };
  if (role) quote.role = role;
  return quote;
}

function entry(articleId: string, date: string | undefined, quotes: Quote[], firstSeenAt = "2026-01-01T00:00:00Z"): SpeakerIndexEntry {
  return date ? { articleId, publishedAt: date, firstSeenAt, quotes } : { articleId, firstSeenAt, quotes };
}

const entries = [
  entry("a1", "2026-03-01", [q("Donald Trump", "one", "U.S. President"), q("U.S. officials", "two", undefined, "group")]),
  entry("a2", "2026-03-05", [q("Trump", "three"), q("Li Chenggang", "four", "Vice Minister")]),
  entry("a3", "2026-02-20", [q("Donald J. Trump", "five", "President"), q("Li", "six")]),
  entry("a4", undefined, [q("Hillary Clinton", "seven"), q("Bill Clinton", "eight"), q("Clinton", "nine")], "2026-03-10T00:00:00Z"),
];

describe("speaker index", () => {
  const index = new SpeakerIndex(entries);

  it("merges the same person named differently across articles", () => {
    const trump = index.get("Trump");
    expect(trump).toMatchObject({ name: "Donald Trump", quoteCount: 3, articleCount: 3 });
    expect(index.get("Donald J. Trump")?.key).toBe(trump?.key);
  });

  it("joins a family name written first to the full name", () => {
    expect(index.get("Li")).toMatchObject({ name: "Li Chenggang", quoteCount: 2 });
  });

  it("keeps a surname shared by two people on its own", () => {
    expect(index.get("Hillary Clinton")?.quoteCount).toBe(1);
    expect(index.get("Bill Clinton")?.quoteCount).toBe(1);
    expect(index.get("Clinton")).toMatchObject({ name: "Clinton", quoteCount: 1 });
  });

  it("keeps every role a speaker was given, most frequent first", () => {
    expect(index.get("Trump")?.roles.sort()).toEqual(["President", "U.S. President"]);
  });

  it("leaves groups out", () => {
    expect(index.speakers().map((s) => s.name)).not.toContain("U.S. officials");
  });

  it("lists a speaker's quotes newest first", () => {
    expect(index.quotesBy("Trump").map((x) => x.articleId)).toEqual(["a2", "a1", "a3"]);
  });

  it("looks speakers up by name prefix or surname prefix", () => {
    expect(index.lookup("don", 5).map((s) => s.name)).toEqual(["Donald Trump"]);
    expect(index.lookup("tru", 5).map((s) => s.name)).toEqual(["Donald Trump"]);
    expect(index.lookup("Chen", 5).map((s) => s.name)).toEqual(["Li Chenggang"]);
    expect(index.lookup("clin", 5).map((s) => s.name).sort()).toEqual(["Bill Clinton", "Clinton", "Hillary Clinton"]);
    expect(index.lookup("zz", 5)).toEqual([]);
  });

  it("sees articles added later", () => {
    const grown = new SpeakerIndex(entries);
    grown.add(entry("a5", "2026-04-01", [q("Scott Bessent", "ten")]));
    expect(grown.get("Bessent")?.quoteCount).toBe(1);
  });

  it("gives keys short enough for Discord autocomplete values", () => {
    const long = "Maximiliano " + "Alexandro ".repeat(20) + "Rodriguez";
    const big = new SpeakerIndex([entry("x", "2026-01-01", [q(long, "said")])]);
    const key = big.speakers()[0]?.key ?? "";
    expect(key.length).toBeGreaterThan(0);
    expect(key.length).toBeLessThanOrEqual(SPEAKER_KEY_MAX);
    expect(big.quotesBy(key)).toHaveLength(1);
  });

  it("finds every speaker a prefix matches among thousands, most quoted first", () => {
    const many: SpeakerIndexEntry[] = [];
    for (let i = 0; i < 5000; i++) {
      const name = `Person${i} Surname${i % 977}x${i}`;
      many.push(entry(`n${i}`, "2026-01-01", i % 5 === 0 ? [q(name, "x"), q(name, "y")] : [q(name, "x")]));
    }
    const large = new SpeakerIndex(many);
    // Brute force over the same names: a surname starting with the prefix, two quotes before one, then by name.
    const expected = Array.from({ length: 5000 }, (_, i) => ({ name: `Person${i} Surname${i % 977}x${i}`, quotes: i % 5 === 0 ? 2 : 1 }))
      .filter((s) => s.name.split(" ")[1]!.toLowerCase().startsWith("surname12"))
      .sort((a, b) => b.quotes - a.quotes || a.name.localeCompare(b.name))
      .slice(0, 25)
      .map((s) => s.name);
    expect(expected).toHaveLength(25);
    expect(large.lookup("surname12", 25).map((s) => s.name)).toEqual(expected);
  });
});

describe("speaker lookup by any part of a name", () => {
  const index = new SpeakerIndex([
    entry("b1", "2026-04-01", [q("Ursula von der Leyen", "one", "European Commission President")]),
    entry("b2", "2026-04-02", [q("Émilie Lefèvre", "two"), q("Mohammed bin Salman", "three")]),
  ]);

  it.each(["von der Leyen", "Leyen", "Ursula von der Leyen", "VON DER LEYEN"])("finds Ursula von der Leyen by %s", (query) => {
    expect(index.quotesBy(query).map((s) => s.quote.text)).toEqual(["one"]);
  });

  it("matches without accents or case", () => {
    expect(index.get("emilie lefevre")?.name).toBe("Émilie Lefèvre");
    expect(index.get("lefevre")?.name).toBe("Émilie Lefèvre");
  });

  it("autocompletes a name typed from any of its words", () => {
    expect(index.lookup("von der l").map((s) => s.name)).toEqual(["Ursula von der Leyen"]);
    expect(index.lookup("bin sal").map((s) => s.name)).toEqual(["Mohammed bin Salman"]);
  });

  it("matches a particle and surname but not a word that is no part of the name", () => {
    expect(index.get("bin Salman")?.name).toBe("Mohammed bin Salman");
    expect(index.get("von Salman")).toBeUndefined();
  });
});
