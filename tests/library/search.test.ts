import { describe, expect, it } from "vitest";
import { indexTerms, SearchIndex } from "../../src/library/search.js";

function index(): SearchIndex {
  const s = new SearchIndex();
  s.add("tariffs", indexTerms("Tariff truce extended as talks resume", ["Negotiators met in Geneva to discuss tariffs on steel."]));
  s.add("storm", indexTerms("Storm floods coastal towns", ["Heavy rain caused flooding. Officials discussed tariffs briefly."]));
  s.add("election", indexTerms("Election results delayed", ["Counting continues in three districts."]));
  return s;
}

describe("article search", () => {
  it("ranks a title hit above a passing mention in a body", () => {
    expect(index().search("tariffs", 10)).toEqual(["tariffs", "storm"]);
  });

  it("matches word forms through stems", () => {
    expect(index().search("flooding", 10)[0]).toBe("storm");
  });

  it("matches the word still being typed by prefix, as autocomplete needs", () => {
    expect(index().search("resul", 10)).toEqual(["election"]);
    expect(index().search("resul ", 10)).toEqual([]);
  });

  it("forgets removed articles", () => {
    const s = index();
    s.remove("tariffs");
    expect(s.search("tariffs", 10)).toEqual(["storm"]);
    expect(s.matchAll("truce")).toEqual([]);
  });

  it("filters topics by every word", () => {
    const s = index();
    expect(s.matchAll("tariffs steel")).toEqual(["tariffs"]);
    expect(s.matchAll("tariffs")).toEqual(expect.arrayContaining(["storm", "tariffs"]));
    expect(s.matchAll("tariffs steel")).not.toContain("storm");
  });

  it("respects the limit", () => {
    expect(index().search("tariffs", 1)).toHaveLength(1);
  });

  it("returns the best matches in score order however many articles match", () => {
    const s = new SearchIndex();
    for (let i = 0; i < 200; i++) s.add(`a${String(i).padStart(3, "0")}`, indexTerms(`Council report ${i}`, ["budget ".repeat(1 + (i % 7))]));
    const top = s.search("budget", 5);
    expect(top).toHaveLength(5);
    // Seven repetitions score highest; among equals, ids come in order.
    expect(top).toEqual(["a006", "a013", "a020", "a027", "a034"]);
  });
});
