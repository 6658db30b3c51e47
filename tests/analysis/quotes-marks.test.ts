import { describe, expect, it } from "vitest";
import { findQuoteSpans } from "../../src/analysis/quotes/marks.js";

const contents = (text: string): string[] => findQuoteSpans(text).map((q) => text.slice(q.start, q.close));

describe("quotation marks", () => {
  it("pairs curly marks across sentences", () => {
    expect(contents("He said: “One. Two. Three.” Then he left.")).toEqual(["One. Two. Three."]);
  });

  it("pairs straight marks by position", () => {
    expect(contents('She called it "a mess" and "a disgrace."')).toEqual(["a mess", "a disgrace."]);
  });

  it("keeps apostrophes inside a single-quoted quotation", () => {
    expect(contents("‘We won’t stop at the farmers’ market,’ he said.")).toEqual([
      "We won’t stop at the farmers’ market,",
    ]);
  });

  it("leaves nested marks of the other kind inside", () => {
    expect(contents("“He told me ‘no’ twice,” she said.")).toEqual(["He told me ‘no’ twice,"]);
  });

  it("runs an unclosed quotation to the end of the paragraph", () => {
    const [q] = findQuoteSpans("He said: “The work goes on");
    expect(q).toMatchObject({ closed: false, close: 26 });
  });

  it("restarts at a second opening mark when the first never closed", () => {
    expect(contents("“broken “The real quote,” he said.")).toEqual(["The real quote,"]);
  });

  it("reads two apostrophes as one double mark", () => {
    expect(contents("''It's over,'' he said.")).toEqual(["It's over,"]);
  });
});
