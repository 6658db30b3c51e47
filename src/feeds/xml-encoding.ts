// Bytes → text for feed documents. The encoding is taken from, in order: a byte-order mark, the
// XML declaration (`<?xml … encoding="ISO-8859-1"?>`), the Content-Type charset, else UTF-8.
// The declaration outranks the header because it is written by the software that produced the
// bytes, while the header comes from server configuration that often claims UTF-8 for everything.

import { restoreWindows1252 } from "../articles/decode.js";

export type DecodedXml = { ok: true; text: string; encoding: string } | { ok: false; reason: string };

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

function bomEncoding(bytes: Uint8Array): string | undefined {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return "utf-8";
  if (startsWith(bytes, [0xff, 0xfe])) return "utf-16le";
  if (startsWith(bytes, [0xfe, 0xff])) return "utf-16be";
  return undefined;
}

/** The encoding named in the XML declaration. The declaration is ASCII in every ASCII-compatible encoding. */
function declaredEncoding(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 256)).toString("latin1");
  if (!head.startsWith("<?xml")) return undefined;
  const end = head.indexOf("?>");
  const declaration = end === -1 ? head : head.slice(0, end);
  return /\sencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']/.exec(declaration)?.[1];
}

/** The charset a Content-Type header names, if any. */
export function headerCharset(contentType: string | undefined): string | undefined {
  return contentType ? /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1] : undefined;
}

/**
 * Decodes with a WHATWG encoding label (invalid bytes become U+FFFD); undefined for a label the
 * runtime does not know.
 */
export function decodeWithLabel(bytes: Uint8Array, label: string): { text: string; encoding: string } | undefined {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label);
  } catch {
    return undefined;
  }
  const text = decoder.decode(bytes);
  // Node 20 decodes "windows-1252" (and its aliases "iso-8859-1", "latin1") as plain ISO-8859-1.
  return { text: decoder.encoding === "windows-1252" ? restoreWindows1252(text) : text, encoding: decoder.encoding };
}

export function decodeXml(bytes: Uint8Array, contentType?: string): DecodedXml {
  if (bytes.length === 0) return { ok: false, reason: "empty response" };
  const label = bomEncoding(bytes) ?? declaredEncoding(bytes) ?? headerCharset(contentType);
  if (label === undefined) {
    // Nothing declared means UTF-8 by the XML spec; legacy feeds that break that rule are
    // almost always Windows-1252, the same fallback the article loader uses.
    try {
      return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8" };
    } catch {
      return {
        ok: true,
        text: restoreWindows1252(new TextDecoder("windows-1252").decode(bytes)),
        encoding: "windows-1252",
      };
    }
  }
  // A declared encoding is trusted; a stray invalid byte becomes U+FFFD rather than losing the feed.
  const decoded = decodeWithLabel(bytes, label);
  return decoded ? { ok: true, ...decoded } : { ok: false, reason: `unsupported character encoding "${label}"` };
}
