import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";

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
  const code = await runCli(argv, { stdout, stderr, stdin: Readable.from([options.stdin ?? ""]), env: { LOG_LEVEL: "silent", ...options.env } });
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
  writeFileSync(join(dir, "harbour.json"), story("Harbour expansion approved", "2026-04-02", "The city council approved the harbour expansion on Tuesday."));
  writeFileSync(join(dir, "tram.json"), story("Tram line to close for repairs", "2026-04-05", "The number 4 tram line will close for six weeks of repairs."));
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

  it("writes one result line per batch record and an error line for a bad one", async () => {
    const input = [
      JSON.stringify({ id: "r1", text: "The bridge reopened on Monday. Drivers welcomed the news. Traffic eased across the city." }),
      "not json",
      JSON.stringify({ id: "r3" }),
    ].join("\n");
    const run = await cli(["analyze", "--jsonl", "-"], { stdin: input });
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ id: "r1", quotes: [] });
    expect((lines[0]!.summary as string[]).length).toBe(3);
    expect(lines[1]).toHaveProperty("error");
    expect(lines[2]).toMatchObject({ id: "r3" });
    expect(lines[2]).toHaveProperty("error");
  });

  it("summarizes a raw page from stdin", async () => {
    const page = "Home News\nBridge reopens\n\nThe bridge reopened on Monday after a year of repairs. Drivers welcomed the news.\n\nLEAVE A REPLY\nPlease enter your comment!\n";
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
    expect(run.stderr).toContain("No article matches");
  });

  it("stops with a message naming a bad environment variable", async () => {
    const run = await cli(["headlines"], { env: { HEADLINES_PER_TICK: "lots" } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("HEADLINES_PER_TICK");
  });
});
