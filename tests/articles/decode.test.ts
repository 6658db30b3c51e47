import { describe, expect, it } from "vitest";
import { decodeBytes } from "../../src/articles/decode.js";

const bytes = (...values: number[]) => Uint8Array.from(values);
const utf8 = (text: string) => new TextEncoder().encode(text);

describe("decoding stored files", () => {
  it("reads UTF-8 and drops a byte-order mark", () => {
    expect(decodeBytes(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8("Zürich’s story")]))).toEqual({
      ok: true,
      text: "Zürich’s story",
    });
  });

  it("falls back to windows-1252 when the bytes are not valid UTF-8", () => {
    // “Café” in windows-1252: curly quotes are 0x93/0x94 and é is 0xE9.
    expect(decodeBytes(bytes(0x93, 0x43, 0x61, 0x66, 0xe9, 0x94))).toEqual({ ok: true, text: "“Café”" });
  });

  it("reads UTF-16 files that announce themselves with a byte-order mark", () => {
    expect(decodeBytes(bytes(0xff, 0xfe, 0x48, 0x00, 0x69, 0x00))).toEqual({ ok: true, text: "Hi" });
  });

  it("normalises Windows and old Mac line endings so offsets count one character per break", () => {
    expect(decodeBytes(utf8("one\r\ntwo\rthree"))).toEqual({ ok: true, text: "one\ntwo\nthree" });
  });

  it("refuses empty and whitespace-only files", () => {
    expect(decodeBytes(bytes())).toEqual({ ok: false, reason: "empty file" });
    expect(decodeBytes(utf8(" \n\t\n"))).toEqual({ ok: false, reason: "empty file" });
  });

  it("refuses random bytes without a NUL as binary, but keeps text with a few stray control characters", () => {
    // Pseudo-random bytes from a linear congruential generator, with every NUL replaced; twenty
    // sequences of each size and prefix, so that no one lucky sequence decides the test.
    let state = 20261206;
    const next = () => {
      state = (state * 1103515245 + 12345) >>> 0;
      return state;
    };
    const noise = (length: number, prefix: number[] = []) =>
      Uint8Array.from([...prefix, ...Array.from({ length }, () => ((next() >>> 16) % 255) + 1)]);
    const binary = { ok: false, reason: "binary file, not text" };
    for (let run = 0; run < 20; run++) {
      expect(decodeBytes(noise(1000)), "1000 bytes").toEqual(binary);
      expect(decodeBytes(noise(1000, [0xff, 0xfe])), "after a UTF-16 byte-order mark").toEqual(binary);
      expect(decodeBytes(noise(1000, [0xef, 0xbb, 0xbf])), "after a UTF-8 byte-order mark").toEqual(binary);
    }
    expect(decodeBytes(noise(100_000)), "100,000 bytes").toEqual(binary);
    // U+FFFD replacement characters throughout, as a text file whose every byte was lost.
    expect(decodeBytes(utf8("\ufffd".repeat(40)))).toEqual(binary);

    const story = "The ferry resumed service on Monday after storm repairs, officials said.\n\n";
    const kept = [
      `${story}\f${story}\x1a`,
      `${story}Riders said it wasn\ufffdt ready.\x0b${story}`,
      "Tabs\tand\vbreaks\fare text.",
    ];
    for (const text of kept) expect(decodeBytes(utf8(text)).ok, JSON.stringify(text)).toBe(true);
  });

  it("refuses files with NUL bytes as binary", () => {
    expect(decodeBytes(bytes(0x89, 0x50, 0x4e, 0x47, 0x00, 0x01))).toEqual({
      ok: false,
      reason: "binary file, not text",
    });
  });
});
