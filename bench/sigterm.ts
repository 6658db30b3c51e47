// `node dist/bench/sigterm.js` — how long the real bot (dist/src/index.js, against the fake
// Discord) takes to exit after SIGTERM while a feed tick waits on six linked pages that never
// answer. Docker allows 10 s before SIGKILL, systemd 90 s.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { FakeDiscord, snowflake } from "../tests/support/fake-discord.js";
import { SLOW_ITEMS, slowSite } from "./slow-site.js";

const entry = resolve(dirname(fileURLToPath(import.meta.url)), "../src/index.js");
const site = await slowSite();
const fake = await FakeDiscord.start({ applicationId: snowflake() });
const dir = mkdtempSync(join(tmpdir(), "newsbrief-bench-sigterm-"));
mkdirSync(join(dir, "articles"));
writeFileSync(join(dir, "feeds.json"), JSON.stringify({ feeds: [{ url: `${site.base}/feed.xml` }] }));
const bot = spawn(process.execPath, [entry], {
  cwd: dir,
  env: {
    PATH: process.env.PATH,
    DISCORD_TOKEN: fake.token,
    DISCORD_API_URL: fake.apiBase,
    ARTICLES_DIR: join(dir, "articles"),
    STORE_URL: `sqlite://${join(dir, "store.sqlite")}`,
    FEEDS_FILE: join(dir, "feeds.json"),
    FEEDS_CRON: "*/2 * * * * *",
    HEADLINES_CRON: "0 0 1 1 *",
    LOG_LEVEL: "silent",
  },
  stdio: "inherit",
});
while (site.pending() === 0) await new Promise((wait) => setTimeout(wait, 50));
const started = performance.now();
bot.kill("SIGTERM");
const code = await new Promise<number | string | null>((done) => bot.on("exit", (c, signal) => done(c ?? signal)));
console.log(
  `Bot exit (code ${code}) ${((performance.now() - started) / 1000).toFixed(2)} s after SIGTERM, with ${SLOW_ITEMS} feed pages in flight`,
);
await site.close();
await fake.close();
rmSync(dir, { recursive: true, force: true });
