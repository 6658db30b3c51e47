import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Writable } from "node:stream";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { UsageError } from "../../src/cli/args.js";
import type { CliIo } from "../../src/cli/context.js";
import { feedsCommand, fetchCommand } from "../../src/cli/feeds.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/log.js";
import { startFeedServer, type FeedServer } from "./support/feed-server.js";

let server: FeedServer;
let dir: string;
let runs = 0;
let env: Record<string, string>;

beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "newsbrief-feeds-cli-"));
  env = {
    FEEDS_FILE: join(dir, "feeds.json"),
    ARTICLES_DIR: join(dir, "articles"),
    STORE_URL: `memory://feeds-cli-${++runs}`,
    FEEDS_CONTACT: "ops@newsbrief.example",
  };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

class Capture extends Writable {
  text = "";
  isTTY?: boolean;
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

async function run(command: typeof feedsCommand, argv: string[], tty = false) {
  const stdout = new Capture();
  const stderr = new Capture();
  if (tty) {
    stdout.isTTY = true;
    stderr.isTTY = true;
  }
  const io: CliIo = { stdout, stderr, stdin: new PassThrough(), env };
  // The context main.ts builds, without loading the corpus modules these commands do not use.
  const code = await command.run(argv, {
    io,
    config: loadConfig(env),
    log: createLogger("silent"),
    onClose: () => undefined,
    close: async () => undefined,
  });
  return { code, out: stdout.text, err: stderr.text };
}

describe("newsbrief feeds", () => {
  it("adds, lists and removes feeds in FEEDS_FILE", async () => {
    expect(
      (await run(feedsCommand, ["add", `${server.base}/rss2.xml`, "--name", "Ledger", "--topic", "harbour"])).out,
    ).toBe(`Added ${server.base}/rss2.xml in ${env.FEEDS_FILE}.\n`);
    await run(feedsCommand, ["add", `${server.base}/atom.xml`]);
    const listed = await run(feedsCommand, ["list"]);
    expect(listed.out).toContain(`2 feeds in ${env.FEEDS_FILE}:`);
    expect(listed.out).toContain("- Ledger\n");
    expect(listed.out).toContain("    topic: harbour\n");
    expect(listed.out).toContain("last fetch: never");

    expect((await run(feedsCommand, ["remove", `${server.base}/atom.xml`])).code).toBe(0);
    expect((await run(feedsCommand, ["remove", `${server.base}/atom.xml`])).code).toBe(1);
    expect((await run(feedsCommand, ["list", "--format", "json"])).out).toContain('"name": "Ledger"');
  });

  it("keeps a listed feed's name and topic when it is added again without them", async () => {
    const url = `${server.base}/rss2.xml`;
    await run(feedsCommand, ["add", url, "--name", "Ledger", "--topic", "harbour"]);
    expect((await run(feedsCommand, ["add", url])).out).toBe(`Updated ${url} in ${env.FEEDS_FILE}.\n`);
    await run(feedsCommand, ["add", url, "--topic", "ferries"]);
    const listed = (await run(feedsCommand, ["list"])).out;
    expect(listed).toContain("- Ledger\n");
    expect(listed).toContain("    topic: ferries\n");
  });

  it("shows each feed's last fetch, failures included", async () => {
    await run(feedsCommand, ["add", `${server.base}/rss2.xml`]);
    await run(feedsCommand, ["add", `${server.base}/status/404`, "--name", "Gone"]);
    await run(fetchCommand, []);
    const listed = (await run(feedsCommand, ["list"])).out;
    expect(listed).toMatch(
      /- Harbor Ledger\n {4}url: .*\/rss2\.xml\n {4}last fetch: \S+ — new: 3 new articles \(1 partial\), 1 item skipped\n/,
    );
    expect(listed).toMatch(
      /- Gone\n {4}url: .*\/status\/404\n {4}last fetch: \S+ — failed: HTTP 404 Not Found\n {4}1 failure in a row; next try after \S+\n/,
    );
  });

  it("refuses bad usage", async () => {
    await expect(run(feedsCommand, ["add"])).rejects.toThrow(UsageError);
    await expect(run(feedsCommand, ["add", "not a url"])).rejects.toThrow(/http:\/\/ or https:\/\//);
    await expect(run(feedsCommand, ["rename", "x"])).rejects.toThrow(/unknown action "rename"/);
  });
});

describe("newsbrief fetch", () => {
  it("reports new articles, unchanged feeds and failures, and exits 0 when some feeds worked", async () => {
    await run(feedsCommand, ["add", `${server.base}/etag/rss2.xml`]);
    await run(feedsCommand, ["add", `${server.base}/broken.xml`]);
    const first = await run(fetchCommand, []);
    expect(first.code).toBe(0);
    expect(first.out).toContain("Tried 2 of 2 feeds: 1 fetched, 1 failed; 3 new articles.");
    expect(first.out).toContain("[new] Harbor Ledger: 3 new articles (1 partial), 1 item skipped");
    expect(first.out).toMatch(
      / {4}\+ lighthouse-museum-to-close-for-roof-repairs-[0-9a-f]{12} \(partial: from the feed's summary\)/,
    );
    expect(first.out).toContain('    - skipped "Tide tables for December": item has no link and no content');
    expect(first.out).toContain(`[FAILED] ${server.base}/broken.xml: broken XML at line 8, column 5`);
    expect(first.err).toBe("");
    expect(await readdir(join(env.ARTICLES_DIR as string, "feeds"))).toHaveLength(3);

    const second = await run(fetchCommand, ["--force"]);
    expect(second.out).toContain("[ok] Harbor Ledger: not modified since the last fetch");
  });

  it("exits 1 when every feed it tried failed, and skips feeds that are backing off", async () => {
    await run(feedsCommand, ["add", `${server.base}/status/500`]);
    expect((await run(fetchCommand, [])).code).toBe(1);
    const waiting = await run(fetchCommand, []);
    expect(waiting.code).toBe(0);
    expect(waiting.out).toContain("Tried 0 of 1 feed (1 backing off): 0 fetched, 0 failed; 0 new articles.");
  });

  it("reports the feeds a run stopped at its deadline, apart from those backing off", async () => {
    env.FEEDS_DEADLINE_SECONDS = "1";
    await run(feedsCommand, ["add", `${server.base}/never`]);
    const stopped = await run(fetchCommand, []);
    expect(stopped.out).toContain("Tried 0 of 1 feed (1 stopped): 0 fetched, 0 failed; 0 new articles.");
    expect(stopped.out).toContain(`[stopped] ${server.base}/never: the run's 1 s deadline passed`);
    expect((await run(feedsCommand, ["list"])).out).toContain("— stopped: the run's 1 s deadline passed");
  }, 30_000);

  it("fetches another list with --feeds, and says so when a list is empty", async () => {
    expect((await run(fetchCommand, ["--feeds", join(dir, "none.json")])).out).toBe(
      `No feeds in ${join(dir, "none.json")}. Add one with: newsbrief feeds add URL\n`,
    );
  });

  it("draws a progress bar on stderr only on a terminal", async () => {
    await run(feedsCommand, ["add", `${server.base}/atom.xml`]);
    const tty = await run(fetchCommand, [], true);
    expect(tty.err).toContain("Fetching feeds [");
    expect(tty.out).not.toContain("Fetching feeds");
  });
});
