// HTTP for the feeds: one GET with Node's global fetch, an honest User-Agent, conditional
// validators (ETag / Last-Modified), a timeout covering headers and body, and a size cap enforced
// while the body streams in, so an endless or huge response is cut off rather than buffered.
// Every outcome is a value; nothing here throws for a network or HTTP failure.

const BOT_NAME = "newsbrief";
const BOT_VERSION = "0.1";

/** `newsbrief/0.1 (+contact)`: publishers can see who fetches and how to reach them. */
export function userAgent(contact: string | undefined): string {
  return contact ? `${BOT_NAME}/${BOT_VERSION} (+${contact})` : `${BOT_NAME}/${BOT_VERSION}`;
}

export interface HttpOptions {
  userAgent: string;
  timeoutMs: number;
  maxBytes: number;
}

export interface Validators {
  etag?: string;
  lastModified?: string;
}

export type HttpResult =
  | {
      kind: "ok";
      /** The URL after redirects. */
      url: string;
      bytes: Uint8Array;
      contentType?: string;
      etag?: string;
      lastModified?: string;
    }
  | { kind: "not-modified" }
  | { kind: "failed"; reason: string; status?: number; retryAfterMs?: number };

export const FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5";
export const PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5";

export async function httpGet(url: string, options: HttpOptions, accept: string, validators: Validators = {}): Promise<HttpResult> {
  const headers: Record<string, string> = { "user-agent": options.userAgent, accept };
  if (validators.etag) headers["if-none-match"] = validators.etag;
  if (validators.lastModified) headers["if-modified-since"] = validators.lastModified;
  try {
    const response = await fetch(url, { headers, redirect: "follow", signal: AbortSignal.timeout(options.timeoutMs) });
    if (response.status === 304) {
      await response.body?.cancel();
      return { kind: "not-modified" };
    }
    if (!response.ok) {
      await response.body?.cancel();
      return {
        kind: "failed",
        status: response.status,
        reason: `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`,
        retryAfterMs: parseRetryAfter(response.headers.get("retry-after")),
      };
    }
    const declared = Number(response.headers.get("content-length") ?? NaN);
    if (declared > options.maxBytes) {
      await response.body?.cancel();
      return { kind: "failed", reason: tooLarge(options.maxBytes) };
    }
    const bytes = await readCapped(response, options.maxBytes);
    if (bytes === undefined) return { kind: "failed", reason: tooLarge(options.maxBytes) };
    return {
      kind: "ok",
      url: response.url || url,
      bytes,
      contentType: response.headers.get("content-type") ?? undefined,
      etag: response.headers.get("etag") ?? undefined,
      lastModified: response.headers.get("last-modified") ?? undefined,
    };
  } catch (error) {
    return { kind: "failed", reason: networkReason(error, options.timeoutMs) };
  }
}

function tooLarge(maxBytes: number): string {
  return `response larger than the ${maxBytes}-byte limit`;
}

/** The body, or undefined as soon as it passes maxBytes (the rest is never downloaded). */
async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array | undefined> {
  if (!response.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function networkReason(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === "TimeoutError") return `timed out after ${timeoutMs} ms`;
  // undici wraps the system error ("fetch failed") and keeps the useful part in `cause`.
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  const detail = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return `network error: ${detail}`;
}
