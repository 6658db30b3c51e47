import { describe, expect, it } from "vitest";
import { nlp } from "../../src/analysis/nlp.js";

/**
 * A page of made-up words whose first two letters differ from word to word: reading it fills the
 * language model's table of prefixes past the point at which the shared instance is rebuilt, so each
 * later read begins with a new instance, as a long import's thread does every few thousand articles.
 */
function pageOfNewPrefixes(): string {
  const letters = [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZàáâãäåæçèéêëìíîïñòóôõöøùúûüý"];
  const words = letters.flatMap((first) => letters.map((second) => `${first}${second}zo`));
  return `${words.slice(0, 6_000).join(" ")}.`;
}

describe("the shared wink-nlp instance", () => {
  it("still reads documents after the language model has been rebuilt 25 times", () => {
    const page = pageOfNewPrefixes();
    const instances = new Set<unknown>([nlp()]);
    for (let read = 0; read < 26; read++) {
      nlp().readDoc(page);
      instances.add(nlp());
    }
    expect(instances.size).toBe(26);
    const doc = nlp().readDoc("The ferry will run in March, Mayor Ada Brook said.");
    expect(doc.tokens().out()).toHaveLength(12);
    expect(doc.tokens().out(nlp().its.pos).slice(8, 11)).toEqual(["PROPN", "PROPN", "VERB"]);
  }, 120_000);
});
