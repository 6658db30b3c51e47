// Terminal output that a file name or an article cannot forge: what printable() lets through.
import { describe, expect, it } from "vitest";
import { printable } from "../../src/cli/render.js";

describe("text printed on one line of a report", () => {
  it("escapes line breaks, C0 and C1 control characters and backslashes, and keeps other text", () => {
    expect(printable("a\nb\rc\td")).toBe("a\\nb\\rc\\td");
    expect(printable("esc\u001b[31mred")).toBe("esc\\x1b[31mred");
    // U+009B is the one-byte Control Sequence Introducer some terminals obey.
    expect(printable("csi\u009b31m")).toBe("csi\\x9b31m");
    expect(printable("back\\slash")).toBe("back\\\\slash");
    expect(printable("Zoë — “quoted” 北京")).toBe("Zoë — “quoted” 北京");
  });
});
