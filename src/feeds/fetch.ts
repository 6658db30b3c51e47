// HTTP for the feeds: one GET through undici with an honest User-Agent, conditional validators
// (ETag / Last-Modified), a timeout covering every hop, headers and body, a size cap enforced while
// the body streams in, and redirects followed by hand so that each hop's scheme and address are
// checked (see guard.ts). Every outcome is a value; nothing here throws for a network or HTTP failure.
import { fetch, type Dispatcher, type Response } from "undici";
import { AddressRefused } from "./guard.js";
import { errorMessage } from "../errors.js";

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
  | { kind: "failed"; reason: string; status?: number; retryAfterMs?: number }
  /** The run was stopped (its deadline, or shutdown) before the response was had. */
  | { kind: "stopped"; reason: string };

/** Which connections a GET uses: the first hop's, and the redirects' (which feed content chose). */
export interface Route {
  first: Dispatcher;
  redirects: Dispatcher;
  /** Aborted when the run stops; the reason's message says why. */
  signal?: AbortSignal;
}

const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export const FEED_ACCEPT =
  "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5";
export const PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5";

export async function httpGet(
  url: string,
  route: Route,
  options: HttpOptions,
  accept: string,
  validators: Validators = {},
): Promise<HttpResult> {
  const headers: Record<string, string> = { "user-agent": options.userAgent, accept };
  if (validators.etag) headers["if-none-match"] = validators.etag;
  if (validators.lastModified) headers["if-modified-since"] = validators.lastModified;
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = route.signal ? AbortSignal.any([route.signal, timeout]) : timeout;
  let hop = url;
  try {
    for (let redirects = 0; ; redirects++) {
      if (!/^https?:$/.test(new URL(hop).protocol))
        return { kind: "failed", reason: `refused ${hop}: only http and https are fetched` };
      const response = await fetch(hop, {
        headers,
        redirect: "manual",
        signal,
        dispatcher: redirects === 0 ? route.first : route.redirects,
      });
      const location = REDIRECT_STATUSES.has(response.status) ? response.headers.get("location") : null;
      if (location === null) return await settle(response, hop, options);
      await response.body?.cancel();
      if (redirects === MAX_REDIRECTS) return { kind: "failed", reason: `more than ${MAX_REDIRECTS} redirects` };
      if (!URL.canParse(location, hop))
        return { kind: "failed", reason: `unreadable redirect from ${hop} to ${JSON.stringify(location)}` };
      hop = new URL(location, hop).href;
    }
  } catch (error) {
    if (route.signal?.aborted) return { kind: "stopped", reason: stopReason(route.signal) };
    return { kind: "failed", reason: networkReason(error, hop, options.timeoutMs) };
  }
}

/** The result of the last hop's response. */
async function settle(response: Response, url: string, options: HttpOptions): Promise<HttpResult> {
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
    url,
    bytes,
    contentType: response.headers.get("content-type") ?? undefined,
    etag: response.headers.get("etag") ?? undefined,
    lastModified: response.headers.get("last-modified") ?? undefined,
  };
}

/** Why a run's signal was aborted, as its reason says (the deadline or shutdown). */
export function stopReason(signal: AbortSignal): string {
  return errorMessage(signal.reason);
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

function networkReason(error: unknown, url: string, timeoutMs: number): string {
  if (error instanceof Error && error.name === "TimeoutError") return `timed out after ${timeoutMs} ms`;
  // undici wraps the system error ("fetch failed") and keeps the useful part in `cause`.
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  if (cause instanceof AddressRefused) return `refused ${url}: ${cause.message}`;
  const detail = cause?.code ?? cause?.message ?? errorMessage(error);
  return `network error: ${detail}`;
}
