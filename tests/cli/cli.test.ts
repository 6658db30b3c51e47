import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { openDb } from "../../src/store/db.js";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(argv: string[], options: { stdin?: string; env?: Record<string, string> } = {}): Promise<Run> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c: Buffer) => (out += c.toString()));
  stderr.on("data", (c: Buffer) => (err += c.toString()));
  const code = await runCli(argv, {
    stdout,
    stderr,
    stdin: Readable.from([options.stdin ?? ""]),
    env: {
      LOG_LEVEL: "silent",
      STORE_URL: `sqlite://${join(mkdtempSync(join(tmpdir(), "nb-cli-store-")), "s.sqlite")}`,
      ...options.env,
    },
  });
  return { code, stdout: out, stderr: err };
}

function articlesDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "nb-cli-"));
  const story = (title: string, date: string, lead: string) =>
    JSON.stringify({
      title,
      publishedAt: date,
      source: "Harbour Gazette",
      url: `https://example.org/${date}`,
      body: `${lead} The decision followed months of public consultation.\n\n“This is a good day for the city,” Mayor Lena Brandt said at a news conference.\n\nBrandt said the works would start in spring and last two years. Opponents said the cost had doubled since the first estimate.`,
    });
  writeFileSync(
    join(dir, "harbour.json"),
    story("Harbour expansion approved", "2026-04-02", "The city council approved the harbour expansion on Tuesday."),
  );
  writeFileSync(
    join(dir, "tram.json"),
    story(
      "Tram line to close for repairs",
      "2026-04-05",
      "The number 4 tram line will close for six weeks of repairs.",
    ),
  );
  writeFileSync(join(dir, "broken.json"), "{ not json");
  return dir;
}

describe("the newsbrief CLI", () => {
  it("lists headlines newest first with source and date", async () => {
    const run = await cli(["headlines", "--dir", articlesDir()]);
    expect(run.code).toBe(0);
    const tram = run.stdout.indexOf("Tram line to close for repairs");
    const harbour = run.stdout.indexOf("Harbour expansion approved");
    expect(tram).toBeGreaterThanOrEqual(0);
    expect(harbour).toBeGreaterThan(tram);
    expect(run.stdout).toContain("Harbour Gazette · 2026-04-05");
  });

  it("filters headlines by topic and prints JSON on request", async () => {
    const run = await cli(["headlines", "--dir", articlesDir(), "--topic", "harbour", "--format", "json"]);
    const parsed = JSON.parse(run.stdout) as { id: string }[];
    expect(parsed.map((a) => a.id)).toEqual(["harbour"]);
  });

  it("briefs the best match with verbatim summary sentences", async () => {
    const run = await cli(["brief", "tram", "--dir", articlesDir(), "--format", "json", "--length", "short"]);
    expect(run.code).toBe(0);
    const brief = JSON.parse(run.stdout) as { id: string; summary: string[] };
    expect(brief.id).toBe("tram");
    expect(brief.summary.length).toBeGreaterThan(0);
    // About 40 words: whole sentences, so at most one sentence past the budget.
    expect(brief.summary.join(" ").split(/\s+/).length).toBeLessThanOrEqual(60);
  });

  it("reports skipped files from index, with the reason", async () => {
    const run = await cli(["index", "--dir", articlesDir(), "--format", "json"]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { articles: number; skipped: { path: string; reason: string }[] };
    expect(report.articles).toBe(2);
    expect(report.skipped).toHaveLength(1);
    expect(report.skipped[0]?.path).toBe("broken.json");
  });

  it("keeps the folder in the store between runs, and index reports feed articles removed for their age", async () => {
    const dir = articlesDir();
    mkdirSync(join(dir, "feeds"));
    copyFileSync(join(dir, "tram.json"), join(dir, "feeds", "old.json"));
    rmSync(join(dir, "tram.json"));
    const env = {
      STORE_URL: `sqlite://${join(mkdtempSync(join(tmpdir(), "nb-cli-store-")), "s.sqlite")}`,
      ARTICLES_RETENTION_DAYS: "30",
    };
    expect((await cli(["index", "--dir", dir], { env })).code).toBe(0);
    const db = await openDb(env.STORE_URL);
    await db.run("UPDATE articles SET first_seen_ms = first_seen_ms - 31 * 86400000 WHERE path = 'feeds/old.json'");
    await db.close();
    const run = await cli(["index", "--dir", dir], { env });
    expect(run.stdout).toContain("Loaded 1 article (");
    expect(run.stdout).toContain("Removed 1 feed article older than 30 days: feeds-old");
    expect(existsSync(join(dir, "feeds", "old.json"))).toBe(false);
    expect(existsSync(join(dir, "harbour.json"))).toBe(true);
  });

  it("cuts batch summaries to a word budget with --words, and refuses --words with --sentences", async () => {
    const body = [
      "Crews finished rebuilding the north pier of Lowhaven harbour three weeks ahead of schedule.",
      "The mayor thanked engineers from two local firms at a ceremony on Friday.",
      "Ferry services to the islands will resume from the new berth next month.",
      "Fishing boats moored elsewhere during the works may return from Monday morning.",
      "A storm in January had cracked concrete supports beneath the old timber deck.",
      "Insurers covered most repair costs, according to figures published by the council.",
      "Residents praised quieter nights once pile drivers left the waterfront district.",
      "Tourist shops near the promenade expect busier summer trade than last year.",
    ].join(" ");
    const input = JSON.stringify({ id: "w", title: "Pier works finish early", text: body });
    const lengths = [];
    for (const words of ["20", "60"]) {
      const run = await cli(["analyze", "--jsonl", "-", "--words", words], { stdin: input });
      const line = JSON.parse(run.stdout.trim()) as { summary: string[] };
      lengths.push(line.summary.join(" ").split(/\s+/).length);
    }
    expect(Math.abs(lengths[0]! - 20)).toBeLessThanOrEqual(8);
    expect(Math.abs(lengths[1]! - 60)).toBeLessThanOrEqual(8);
    const both = await cli(["analyze", "--jsonl", "-", "--words", "20", "--sentences", "2"], { stdin: input });
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--words or --sentences/);
  });

  it("writes one result line per batch record and an error line for a bad one", async () => {
    const input = [
      JSON.stringify({
        id: "r1",
        text: "The bridge reopened on Monday. Drivers welcomed the news. Traffic eased across the city.",
      }),
      "not json",
      JSON.stringify({ id: "r3" }),
    ].join("\n");
    const run = await cli(["analyze", "--jsonl", "-"], { stdin: input });
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ id: "r1", quotes: [] });
    expect((lines[0]!.summary as string[]).length).toBe(3);
    expect(lines[1]).toHaveProperty("error");
    expect(lines[2]).toMatchObject({ id: "r3" });
    expect(lines[2]).toHaveProperty("error");
  });

  it("prints every batch quote's role beside its speaker, null when the article gives none", async () => {
    const text =
      "Harbor director Tom Hadley said the ferry would run again next week.\n\nResidents said the fares were too high for families.";
    const run = await cli(["analyze", "--jsonl", "-"], { stdin: JSON.stringify({ id: "r1", text }) });
    const line = JSON.parse(run.stdout) as { quotes: Array<{ speaker: string; role: string | null }> };
    expect(line.quotes.map(({ speaker, role }) => ({ speaker, role }))).toEqual([
      { speaker: "Tom Hadley", role: "Harbor director" },
      { speaker: "Residents", role: null },
    ]);
  });

  it("gives a quotation running over two paragraphs as one quote in batch output and in a speaker's quotes", async () => {
    const body =
      "“The fares will not rise this year,” said Ann Brook, the mayor of Salem.\n\n“And the morning ferry will run every hour from June.”\n\nThe council approved the budget on Monday.";
    const run = await cli(["analyze", "--jsonl", "-"], { stdin: JSON.stringify({ id: "r1", text: body }) });
    const line = JSON.parse(run.stdout) as { quotes: Array<{ speaker: string; start: number; end: number }> };
    expect(line.quotes.map(({ speaker, start, end }) => ({ speaker, start, end }))).toEqual([
      { speaker: "Ann Brook", start: body.indexOf("The fares"), end: body.indexOf("”", body.indexOf("from June")) },
    ]);

    const dir = mkdtempSync(join(tmpdir(), "nb-cli-join-"));
    writeFileSync(join(dir, "fares.json"), JSON.stringify({ title: "Ferry fares frozen", body }));
    const store = { STORE_URL: `sqlite://${join(dir, "s.sqlite")}` };
    expect((await cli(["index", "--dir", dir], { env: store })).code).toBe(0);
    const quotes = await cli(["quotes", "--speaker", "Brook", "--dir", dir], { env: store });
    const lines = quotes.stdout.split("\n").filter((l) => l.includes("fares will not rise"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("this year, … And the morning ferry");
  });

  it("summarizes a raw page from stdin", async () => {
    const page =
      "Home News\nBridge reopens\n\nThe bridge reopened on Monday after a year of repairs. Drivers welcomed the news.\n\nLEAVE A REPLY\nPlease enter your comment!\n";
    const run = await cli(["summarize", "-", "--sentences", "1", "--format", "json"], { stdin: page });
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { summary: string[] };
    expect(out.summary).toHaveLength(1);
    expect(out.summary[0]).not.toMatch(/REPLY|comment/);
  });

  it("exits 2 with usage on bad options and 0 with help", async () => {
    expect((await cli(["headlines", "--count", "zero"])).code).toBe(2);
    expect((await cli(["headlines", "--bogus"])).code).toBe(2);
    expect((await cli(["nope"])).code).toBe(2);
    const help = await cli(["brief", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("newsbrief brief");
  });

  it("exits 1 when no article matches", async () => {
    const run = await cli(["brief", "zzzz-nothing-like-this", "--dir", articlesDir()]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`No article has the id "zzzz-nothing-like-this"`);
  });

  it("exits 1 with the reason on stderr when no headline is about the topic, as brief and quotes do", async () => {
    const run = await cli(["headlines", "--topic", "zzzz", "--dir", articlesDir()]);
    expect(run).toMatchObject({ code: 1, stdout: "" });
    expect(run.stderr).toContain('No headlines are about "zzzz"');
  });

  it("says empty input and exits 1 when summarize gets nothing on stdin", async () => {
    const run = await cli(["summarize"], { stdin: "" });
    expect(run).toMatchObject({ code: 1, stdout: "" });
    expect(run.stderr).toContain("empty input");
  });

  it("names a missing articles folder and says what to do, without a raw errno message", async () => {
    const missing = join(tmpdir(), "nb-cli-no-such-folder");
    const run = await cli(["headlines", "--dir", missing]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `newsbrief headlines: The articles folder "${missing}" does not exist. Check the path given to --dir.\n`,
    );
    const fromEnv = await cli(["brief"], { env: { ARTICLES_DIR: missing } });
    expect(fromEnv.stderr).toContain(`"${missing}" does not exist. Set ARTICLES_DIR`);
  });

  it("names a missing JSONL file and says what to do", async () => {
    const run = await cli(["analyze", "--jsonl", "no-such-file.jsonl"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'newsbrief analyze: The JSONL file "no-such-file.jsonl" does not exist. Give an existing file, or - to read stdin.\n',
    );
  });

  it("says plainly that a JSONL record has no id or no text", async () => {
    const run = await cli(["analyze", "--jsonl", "-"], {
      stdin: `${JSON.stringify({ text: "Words." })}\n${JSON.stringify({ id: 7 })}\n[1]\n`,
    });
    const lines = run.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { id: string; error?: string });
    expect(lines).toEqual([
      { id: "line 1", error: 'the record has no "id"' },
      { id: "7", error: 'the record has no "text"' },
      { id: "line 3", error: "the line is not a JSON object" },
    ]);
  });

  it("gives the real bound of a number option", async () => {
    expect((await cli(["headlines", "--count", "0"])).stderr).toContain(
      '--count must be a whole number of 1 or more (got "0")',
    );
    expect((await cli(["summarize", "--sentences", "99"])).stderr).toContain(
      '--sentences must be a whole number from 1 to 24 (got "99")',
    );
    expect((await cli(["summarize", "--words", "0"])).stderr).toContain(
      '--words must be a whole number from 1 to 1000 (got "0")',
    );
  });

  it("names an unknown option and points to --help", async () => {
    const run = await cli(["headlines", "--bogus"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('newsbrief headlines: unknown option "--bogus"\n');
    expect(run.stderr).toContain('See "newsbrief headlines --help" for every option.');
    expect((await cli(["brief", "--length"])).stderr).toContain('option "--length" needs a value');
  });

  it("prints its version", async () => {
    const run = await cli(["--version"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^newsbrief \d+\.\d+\.\d+\n$/);
  });

  it("shows every option of a command with its default in --help", async () => {
    const help = (await cli(["headlines", "--help"])).stdout;
    expect(help).toMatch(/--count N +how many headlines \(default: 10\)/);
    expect(help).toMatch(/--format text\|json +output format \(default: text\)/);
    expect(help).toMatch(/--dir DIR .*\(default: \$ARTICLES_DIR, else data\/articles\)/);
    expect((await cli(["summarize", "--help"])).stdout).toMatch(/--words N .*\(default: 85\)/);
  });

  it("refuses a weak match: says nothing matched well, suggests the closest titles, exits 1", async () => {
    const dir = articlesDir();
    // "tram" is in one article, "cricket" in none: half the words is not a good match.
    const run = await cli(["brief", "cricket tram", "--dir", dir]);
    expect(run).toMatchObject({ code: 1, stdout: "" });
    expect(run.stderr).toContain('Nothing matches "cricket tram" well.');
    expect(run.stderr).toContain("Tram line to close for repairs  (tram)");
    expect((await cli(["quotes", "cricket tram", "--dir", dir])).code).toBe(1);
    // Every word found, in the title or the body: a good match.
    expect((await cli(["brief", "tram repairs consultation", "--dir", dir])).code).toBe(0);
  });

  it("keeps each skipped file on one line of the index report, even with a newline in its name", async () => {
    const dir = articlesDir();
    writeFileSync(join(dir, "forged\nLoaded 99 articles.json"), "{ not json");
    const run = await cli(["index", "--dir", dir]);
    expect(run.stdout).toContain("  forged\\nLoaded 99 articles.json: ");
    expect(run.stdout.split("\n").filter((l) => l.startsWith("Loaded"))).toHaveLength(1);
    expect(run.stdout).toContain("Loaded 2 articles");
    expect(run.stdout).toContain("Skipped 2 files:");
  });

  it("counts one of a thing in the singular", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nb-cli-one-"));
    writeFileSync(
      join(dir, "one.json"),
      JSON.stringify({
        title: "Ferry timetable changes",
        body: "The ferry leaves at nine from Monday. Tickets cost the same.",
      }),
    );
    expect((await cli(["quotes", "--speaker", "Nobody Here", "--dir", dir])).stderr).toBe(
      'No quotes by "Nobody Here" in 1 article.\n',
    );
    expect((await cli(["index", "--dir", dir])).stdout).toMatch(/^Loaded 1 article \(0 quotes from 0 speakers\)/);
  });

  it("exits 1 with a message naming a corrupt store file and what to do", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nb-cli-store-"));
    const file = join(dir, "newsbrief.sqlite");
    writeFileSync(file, "not a database\n".repeat(100));
    const run = await cli(["feeds", "list", "--feeds", join(dir, "feeds.json")], {
      env: { STORE_URL: `sqlite://${file}` },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${file} (STORE_URL): SQLITE_NOTADB`);
    expect(run.stderr).toContain("move it aside to start with an empty store");
  });

  it("stops with a message naming a bad environment variable", async () => {
    const run = await cli(["headlines"], { env: { HEADLINES_PER_TICK: "lots" } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("HEADLINES_PER_TICK");
  });

  it("stops with exit 2 and one message for an unsupported store, a hex count and a count over its bound", async () => {
    const run = await cli(["headlines", "--dir", articlesDir()], {
      env: { STORE_URL: "redis://cache:6379", HEADLINES_PER_TICK: "0x10", HEADLINES_MAX_AGE_DAYS: "9999" },
    });
    expect(run.code).toBe(2);
    expect(run.stderr.match(/Config validation failed/g)).toHaveLength(1);
    for (const name of ["STORE_URL", "HEADLINES_PER_TICK", "HEADLINES_MAX_AGE_DAYS"])
      expect(run.stderr).toContain(`${name}:`);
  });
});
