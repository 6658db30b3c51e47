// Bytes → text for stored articles: BOM handling, the UTF-8 / windows-1252 decision, and the
// refusals (empty, binary) that must be reported rather than thrown. Every offset an Article
// carries points into the string this module returns, so its newline normalisation is part of
// the offset contract: "\r\n" and lone "\r" become "\n".

export type Decoded = { ok: true; text: string } | { ok: false; reason: string };

const utf8 = new TextDecoder("utf-8", { fatal: true });
// Saved pages that are not valid UTF-8 are, in practice, Windows "ANSI" exports. Node 20's
// TextDecoder("windows-1252") decodes 0x80–0x9F as Latin-1 control characters instead of the
// curly quotes, dashes and € that Windows puts there, so those 32 bytes are mapped here.
const latin1 = new TextDecoder("latin1");
const WINDOWS_1252_HIGH = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ";

/** Puts back the characters windows-1252 has at 0x80–0x9F into text Node decoded as Latin-1. */
export function restoreWindows1252(text: string): string {
  return text.replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_HIGH.charAt(c.charCodeAt(0) - 0x80));
}

function decodeWindows1252(bytes: Uint8Array): string {
  return restoreWindows1252(latin1.decode(bytes));
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

function decodeText(bytes: Uint8Array): string | undefined {
  // UTF-16 files are full of NUL bytes, so their BOM has to be recognised before the binary check.
  if (startsWith(bytes, [0xff, 0xfe])) return new TextDecoder("utf-16le").decode(bytes);
  if (startsWith(bytes, [0xfe, 0xff])) return new TextDecoder("utf-16be").decode(bytes);
  if (bytes.includes(0)) return undefined;
  try {
    // TextDecoder drops a leading UTF-8 BOM by default.
    return utf8.decode(bytes);
  } catch {
    return decodeWindows1252(bytes);
  }
}

// What bytes that never were text decode to: control characters (all but tab, line and page
// breaks), private-use and unassigned code points, and U+FFFD. Random bytes without a NUL pass the
// decoders as windows-1252 or UTF-16 text, with one such character in every eight or so; real
// text has next to none, though an old file may end in a DOS end-of-file mark (0x1A) and a scraped
// page may hold a few U+FFFD where its encoding was mangled.
// biome-ignore lint/suspicious/noControlCharactersInRegex: counting control characters is how binary is told from text
const NOT_TEXT = /[\x00-\x08\x0e-\x1f\x7f-\x9f\p{Co}\p{Cn}\ufffd]/gu;
const BINARY_SHARE = 0.05;

/** More than one character in twenty (and more than one in all) that text does not contain? Stops counting at the limit. */
function looksBinary(text: string): boolean {
  const limit = Math.max(1, text.length * BINARY_SHARE);
  let seen = 0;
  for (const _ of text.matchAll(NOT_TEXT)) if (++seen > limit) return true;
  return false;
}

/** Decodes a stored file's bytes. Fails (never throws) for empty and binary content. */
export function decodeBytes(bytes: Uint8Array): Decoded {
  if (bytes.length === 0) return { ok: false, reason: "empty file" };
  const raw = decodeText(bytes);
  if (raw === undefined || looksBinary(raw)) return { ok: false, reason: "binary file, not text" };
  const text = raw.replace(/\r\n?/g, "\n");
  if (text.trim() === "") return { ok: false, reason: "empty file" };
  return { ok: true, text };
}
