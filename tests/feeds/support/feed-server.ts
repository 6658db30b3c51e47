// A real HTTP server on 127.0.0.1 (port 0) for the feeds tests: serves the fixtures in
// tests/fixtures/feeds with {{BASE}} and {{NOW}} filled in, documents a test hands it, plus
// endpoints that misbehave on purpose (status codes, a slow one, one that never answers, an
// endless one, an ETag-aware one, a redirect to anywhere).
import { readFile } from "node:fs/promises";
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const FIXTURES = fileURLToPath(new URL("../../fixtures/feeds/", import.meta.url));

export interface FeedServer {
  base: string;
  /** Every request received, in order. */
  requests: Array<{ path: string; headers: IncomingHttpHeaders }>;
  /** The most requests that were being answered at the same time. */
  maxInFlight: () => number;
  /** Requests being answered now. */
  inFlight: () => number;
  /** Serves `body` at `path` from now on. */
  serve(path: string, type: string, body: string): void;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  ".xml": "application/rss+xml",
  ".rdf": "application/rdf+xml",
  ".html": "text/html; charset=utf-8",
};

/**
 * The fixture's bytes with {{BASE}} replaced by the server's address and {{NOW}} by the current
 * time (RFC 822); latin1 round-trips every byte, so legacy encodings survive.
 */
export async function fixture(name: string, base: string): Promise<Buffer> {
  const bytes = await readFile(join(FIXTURES, name));
  return Buffer.from(
    bytes.toString("latin1").replaceAll("{{BASE}}", base).replaceAll("{{NOW}}", new Date().toUTCString()),
    "latin1",
  );
}

export interface FeedDocumentItem {
  title: string;
  link?: string;
  guid?: string;
  /** HTML, escaped into the document. */
  description?: string;
}

const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A minimal RSS 2.0 document with these items, for `serve`. */
export function rssDocument(title: string, items: FeedDocumentItem[]): string {
  const body = items
    .map((i) => {
      const fields = [`<title>${escapeXml(i.title)}</title>`];
      if (i.link !== undefined) fields.push(`<link>${escapeXml(i.link)}</link>`);
      if (i.guid !== undefined) fields.push(`<guid>${escapeXml(i.guid)}</guid>`);
      if (i.description !== undefined) fields.push(`<description>${escapeXml(i.description)}</description>`);
      return `<item>${fields.join("")}</item>`;
    })
    .join("");
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>${escapeXml(title)}</title>${body}</channel></rss>`;
}

export interface FeedServerOptions {
  /** Another loopback address, e.g. 127.0.0.2, for a server the tests treat as public. */
  host?: string;
}

export async function startFeedServer(options: FeedServerOptions = {}): Promise<FeedServer> {
  const requests: FeedServer["requests"] = [];
  const served = new Map<string, { type: string; body: string }>();
  let inFlight = 0;
  let maxInFlight = 0;
  let base = "";

  const send = (
    res: ServerResponse,
    status: number,
    body: Buffer | string,
    type = "text/plain",
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(status, { "content-type": type, ...headers });
    res.end(body);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const path = url.pathname;
    requests.push({ path, headers: req.headers });
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on("close", () => inFlight--);
    void route(path, url.searchParams, req.headers, res).catch((error: unknown) => send(res, 500, String(error)));
  });

  async function route(
    path: string,
    query: URLSearchParams,
    headers: IncomingHttpHeaders,
    res: ServerResponse,
  ): Promise<void> {
    const document = served.get(path);
    if (document) return send(res, 200, document.body, document.type);
    const status = /^\/status\/(\d{3})$/.exec(path);
    if (status)
      return send(res, Number(status[1]), "no", "text/html", status[1] === "503" ? { "retry-after": "3600" } : {});
    switch (path) {
      case "/etag/rss2.xml":
        if (headers["if-none-match"] === '"v1"') {
          res.writeHead(304, { etag: '"v1"' });
          res.end();
          return;
        }
        return send(res, 200, await fixture("rss2.xml", base), "application/rss+xml", {
          etag: '"v1"',
          "last-modified": "Tue, 24 Nov 2026 17:00:00 GMT",
        });
      case "/latin1-wrong-header.xml":
        // The header claims UTF-8; the XML declaration's ISO-8859-1 is the truth.
        return send(res, 200, await fixture("latin1.xml", base), "application/rss+xml; charset=utf-8");
      case "/klingon.xml":
        return send(
          res,
          200,
          '<?xml version="1.0" encoding="x-klingon-9"?><rss version="2.0"><channel><title>K</title></channel></rss>',
          "application/rss+xml",
        );
      case "/feed-is-html":
        return send(res, 200, await fixture("not-a-feed.html", base), "text/html; charset=utf-8");
      case "/slow.xml":
        setTimeout(() => void fixture("rss2.xml", base).then((b) => send(res, 200, b, "application/rss+xml")), 2_000);
        return;
      case "/never":
        // Holds the request open until the client gives up (or the server closes).
        return;
      case "/redirect":
        return send(res, 302, "", "text/plain", { location: query.get("to") ?? "/" });
      case "/slow-ok.xml":
        setTimeout(
          () =>
            send(
              res,
              200,
              `<rss version="2.0"><channel><title>Slow but fine</title></channel></rss>`,
              "application/rss+xml",
            ),
          300,
        );
        return;
      case "/huge.xml": {
        // No Content-Length: the cap has to be enforced while streaming.
        res.writeHead(200, { "content-type": "application/rss+xml" });
        const chunk = Buffer.alloc(16 * 1024, "<!-- padding -->");
        let sent = 0;
        const pump = () => {
          while (sent < 4 * 1024 * 1024 && !res.destroyed) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once("drain", pump);
          }
          res.end();
        };
        return pump();
      }
      default: {
        const type = TYPES[extname(path)];
        if (!type || path.includes("..")) return send(res, 404, "not found", "text/html");
        try {
          return send(res, 200, await fixture(path.slice(1), base), type);
        } catch {
          return send(res, 404, "not found", "text/html");
        }
      }
    }
  }

  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  base = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    base,
    requests,
    maxInFlight: () => maxInFlight,
    inFlight: () => inFlight,
    serve: (path, type, body) => void served.set(path, { type, body }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
