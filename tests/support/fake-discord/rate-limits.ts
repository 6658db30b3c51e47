// Discord's REST rate limits as the fake enforces them: a global limit per bot token (50 requests a
// second; interaction endpoints are exempt) and per-route buckets per major parameter (a channel),
// with the documented headers and 429 bodies (docs/topics/rate-limits.md in discord-api-docs).
// Every 429 it sends is counted, so a test can assert that a well-behaved client never got one.
//
// Both limits are fixed windows opened by the first request after the previous window closed,
// which is how @discordjs/rest counts on its side; the fake counts at arrival.

/** A per-route limit, e.g. `{ method: "POST", path: "/channels/:id/messages", limit: 5, windowMs: 5000 }`. */
export interface RouteLimit {
  method: string;
  /** A path below /api/v10 with ":param" wildcards; the first one is the major parameter (own bucket per value). */
  path: string;
  limit: number;
  windowMs: number;
  /** The X-RateLimit-Bucket hash; Discord's are opaque strings. */
  bucket?: string;
}

export interface RateLimitOptions {
  /** Requests per second per bot token; Discord's global limit is 50. Off when undefined. */
  globalPerSecond?: number;
  routes?: RouteLimit[];
}

export type LimitScope = "global" | "user";

export interface Verdict {
  /** Headers for the response, limited or not. */
  headers: Record<string, string>;
  /** Set when the request is refused with 429. */
  limited?: { scope: LimitScope; body: { message: string; retry_after: number; global: boolean } };
}

interface Window {
  openedAt: number;
  count: number;
}

/** Discord's limit of 50 requests per second, per bot. */
export const DISCORD_GLOBAL_PER_SECOND = 50;

export class RateLimits {
  /** 429s sent because a limit was exceeded (not injected faults), by scope. */
  readonly rejected: Record<LimitScope, number> = { global: 0, user: 0 };

  private readonly globalWindows = new Map<string, Window>();
  private readonly routeWindows = new Map<string, Window>();

  constructor(private readonly options: RateLimitOptions = {}) {}

  /** Counts one request arriving at `now` (ms) and says how to answer it. */
  check(request: { method: string; path: string; auth: string | undefined }, now: number): Verdict {
    const global = this.checkGlobal(request, now);
    if (global) return global;
    const route = this.options.routes
      ?.map((limit) => ({ limit, major: majorParameter(limit, request) }))
      .find((r) => r.major !== undefined);
    if (!route) return { headers: {} };
    const { limit } = route;
    const bucket = limit.bucket ?? `fake-${limit.method}-${limit.path}`.replace(/[^a-z0-9]+/gi, "-");
    const window = this.open(this.routeWindows, `${bucket} ${route.major}`, limit.windowMs, now);
    const resetAfterMs = window.openedAt + limit.windowMs - now;
    const refused = window.count >= limit.limit;
    if (!refused) window.count += 1;
    const headers = {
      "X-RateLimit-Limit": String(limit.limit),
      "X-RateLimit-Remaining": String(limit.limit - window.count),
      "X-RateLimit-Reset": ((now + resetAfterMs) / 1000).toFixed(3),
      "X-RateLimit-Reset-After": (resetAfterMs / 1000).toFixed(3),
      "X-RateLimit-Bucket": bucket,
    };
    if (!refused) return { headers };
    this.rejected.user += 1;
    return {
      headers: { ...headers, "Retry-After": String(Math.ceil(resetAfterMs / 1000)), "X-RateLimit-Scope": "user" },
      limited: {
        scope: "user",
        body: { message: "You are being rate limited.", retry_after: round3(resetAfterMs / 1000), global: false },
      },
    };
  }

  private checkGlobal(request: { path: string; auth: string | undefined }, now: number): Verdict | undefined {
    const perSecond = this.options.globalPerSecond;
    // "Interaction endpoints are not bound to the bot's Global Rate Limit"; they carry no token.
    if (perSecond === undefined || request.auth === undefined || /^\/(interactions|webhooks)\//.test(request.path))
      return undefined;
    const window = this.open(this.globalWindows, request.auth, 1000, now);
    if (window.count < perSecond) {
      window.count += 1;
      return undefined;
    }
    const retryAfterMs = window.openedAt + 1000 - now;
    this.rejected.global += 1;
    return {
      headers: {
        "Retry-After": String(Math.ceil(retryAfterMs / 1000)),
        "X-RateLimit-Global": "true",
        "X-RateLimit-Scope": "global",
      },
      limited: {
        scope: "global",
        body: { message: "You are being rate limited.", retry_after: round3(retryAfterMs / 1000), global: true },
      },
    };
  }

  private open(windows: Map<string, Window>, key: string, windowMs: number, now: number): Window {
    const current = windows.get(key);
    if (current && now < current.openedAt + windowMs) return current;
    const fresh = { openedAt: now, count: 0 };
    windows.set(key, fresh);
    return fresh;
  }
}

/** The request's major parameter when it is on `limit`'s route, else undefined. */
function majorParameter(limit: RouteLimit, request: { method: string; path: string }): string | undefined {
  if (limit.method !== request.method) return undefined;
  const expected = limit.path.split("/");
  const actual = request.path.split("/");
  if (expected.length !== actual.length) return undefined;
  let major: string | undefined;
  for (const [i, part] of expected.entries()) {
    if (part.startsWith(":")) major ??= actual[i];
    else if (part !== actual[i]) return undefined;
  }
  return major ?? "";
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
