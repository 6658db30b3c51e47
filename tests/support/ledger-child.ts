// A second process for the ledger tests: it makes COUNT concurrent claims of one (channel, article)
// on the store at STORE_URL and prints each answer as one JSON line, then exits.
// Usage: node ledger-child.js STORE_URL CHANNEL ARTICLE COUNT
import { Ledger } from "../../src/headlines/ledger.js";
import { createLogger } from "../../src/log.js";
import { Store } from "../../src/store.js";

const [url, channelId, articleId, count] = process.argv.slice(2);
if (!url || !channelId || !articleId || !count) throw new Error("usage: ledger-child STORE_URL CHANNEL ARTICLE COUNT");
const store = new Store(url, createLogger("silent"));
const ledger = new Ledger(store, 3);
// Wait for the parent's word, so both processes claim at the same moment.
await new Promise((resolve) => process.stdin.once("data", resolve));
const claims = await Promise.all(Array.from({ length: Number(count) }, () => ledger.claim(channelId, articleId)));
process.stdout.write(`${claims.map((c) => JSON.stringify(c)).join("\n")}\n`);
await store.close();
