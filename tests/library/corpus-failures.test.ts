import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { describe, expect, it, vi } from "vitest";
import { openTestCorpus } from "../support/corpus.js";

// The analysis is pure and does not fail on real text, so this file makes it fail for one
// headline to see what the corpus does with an article nothing can analyse.
vi.mock("../../src/library/briefing.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../src/library/briefing.js")>();
  return {
    ...original,
    analyze: (input: Parameters<typeof original.analyze>[0]) => {
      if (input.title?.includes("Unanalysable")) throw new Error("tokenizer exploded");
      return original.analyze(input);
    },
  };
});

const log = pino({ level: "silent" });

function story(title: string): string {
  return JSON.stringify({
    title,
    body: `${title} was confirmed on Monday by officials.\n\n“We are ready,” Mayor Ana Duarte said.`,
  });
}

describe("an article whose analysis fails", () => {
  it("is skipped with the reason while the rest of its batch loads", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nb-fail-"));
    writeFileSync(join(dir, "good.json"), story("Ferry service resumes"));
    writeFileSync(join(dir, "bad.json"), story("Unanalysable council report"));
    writeFileSync(join(dir, "other.json"), story("Museum wins award"));
    const { corpus, store } = await openTestCorpus({ dir, maxBytes: 100_000, log });
    expect(corpus.size).toBe(2);
    expect(await corpus.get("bad")).toBeUndefined();
    expect(corpus.skipped).toEqual([{ path: "bad.json", reason: "analysis failed: tokenizer exploded" }]);
    expect(corpus.lastRefresh.added.sort()).toEqual(["good", "other"]);
    await store.close();
  });
});
