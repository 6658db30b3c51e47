// A local site for the shutdown benchmarks: /feed.xml answers at once and links pages that never do.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** Linked pages in the feed, each held open. */
export const SLOW_ITEMS = 6;

/** Serves /feed.xml at once; every other path is held open until the client gives up. */
export interface SlowSite {
  base: string;
  /** Page requests being held right now. */
  pending: () => number;
  close: () => Promise<void>;
}

export async function slowSite(): Promise<SlowSite> {
  let base = "";
  let pending = 0;
  const server = createServer((req, res) => {
    if (req.url !== "/feed.xml") {
      pending++;
      res.on("close", () => pending--);
      return;
    }
    const items = Array.from(
      { length: SLOW_ITEMS },
      (_, n) =>
        `<item><title>Slow story ${n}</title><link>${base}/story/${n}</link><description>Teaser ${n}.</description></item>`,
    );
    res.writeHead(200, { "content-type": "application/rss+xml" });
    res.end(
      `<?xml version="1.0"?><rss version="2.0"><channel><title>Slow Gazette</title>${items.join("")}</channel></rss>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    pending: () => pending,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
