import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { articleSchema } from "../../src/articles/article.js";
import { type ArticleFile, articleFilePages } from "../../src/articles/listing.js";
import { type LoadResult, loadArticleFile } from "../../src/articles/load.js";

const FIXTURES = join(import.meta.dirname, "../fixtures/articles");
const SAMPLE = join(import.meta.dirname, "../../data/articles/us-china-talks-rare-earths.txt");
const OPTIONS = { maxBytes: 2 * 1024 * 1024, firstSeenAt: "2026-02-05T12:00:00.000Z" };

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "newsbrief-articles-"));
  copyFileSync(SAMPLE, join(root, "us-china-talks-rare-earths.txt"));
  mkdirSync(join(root, "world", "europe"), { recursive: true });
  copyFileSync(join(FIXTURES, "json/library-funding.json"), join(root, "world", "library.json"));
  copyFileSync(join(FIXTURES, "md/h1-title.md"), join(root, "world", "europe", "School Term.markdown"));
  copyFileSync(join(FIXTURES, "html/harbour-bridge.html"), join(root, "world", "bridge.htm"));
  copyFileSync(join(FIXTURES, "json/missing-title.json"), join(root, "untitled.json"));
  writeFileSync(join(root, "notes.docx"), "not an article");
  writeFileSync(join(root, ".draft.txt"), "hidden draft");
  mkdirSync(join(root, ".git"));
  writeFileSync(join(root, ".git", "HEAD.txt"), "ref");
  writeFileSync(join(root, "empty.txt"), "");
  writeFileSync(join(root, "image.txt"), Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]));
  writeFileSync(join(root, "huge.txt"), Buffer.alloc(OPTIONS.maxBytes + 1, "a"));
  // "Café owners say “trade is back”." saved by a Windows editor.
  writeFileSync(
    join(root, "ansi.txt"),
    Buffer.concat([
      Buffer.from("Caf"),
      Buffer.from([0xe9]),
      Buffer.from(" owners say "),
      Buffer.from([0x93]),
      Buffer.from("trade is back"),
      Buffer.from([0x94, 0x2e]),
    ]),
  );
  writeFileSync(
    join(root, "bom.txt"),
    Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("A story saved with a byte-order mark.")]),
  );
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

async function load(relPath: string): Promise<LoadResult> {
  return loadArticleFile(root, relPath, OPTIONS);
}

/** Every page of the walk, joined. */
async function listArticleFiles(dir: string): Promise<ArticleFile[]> {
  const files: ArticleFile[] = [];
  for await (const page of articleFilePages(dir)) files.push(...page);
  return files;
}

function reasonOf(result: LoadResult): string {
  return result.ok ? "loaded" : result.reason;
}

describe("listing article files", () => {
  it("lists supported files recursively, sorted, with size and mtime, and skips dotfiles and other types", async () => {
    const files = await listArticleFiles(root);
    expect(files.map((f) => f.path)).toEqual([
      "ansi.txt",
      "bom.txt",
      "empty.txt",
      "huge.txt",
      "image.txt",
      "untitled.json",
      "us-china-talks-rare-earths.txt",
      "world/bridge.htm",
      "world/europe/School Term.markdown",
      "world/library.json",
    ]);
    const sample = files.find((f) => f.path === "us-china-talks-rare-earths.txt");
    expect(sample?.size).toBe(readFileSync(SAMPLE).length);
    expect(sample?.mtimeMs).toBeGreaterThan(0);
  });
});

describe("article links", () => {
  it("drops a url that is not http(s) and keeps the article, in every format", async () => {
    const dir = mkdtempSync(join(tmpdir(), "newsbrief-links-"));
    const body = "The ferry timetable changes on Monday. Officials said the new times suit commuters.";
    writeFileSync(
      join(dir, "ftp.json"),
      JSON.stringify({ title: "Ferry times change", body, url: "ftp://files.example.org/ferry.txt" }),
    );
    writeFileSync(
      join(dir, "script.md"),
      `---\ntitle: Ferry times change again\nurl: "javascript:alert(document.cookie)"\n---\n\n${body} Riders agreed.\n`,
    );
    writeFileSync(
      join(dir, "data.html"),
      `<html><head><title>Ferry fares rise</title><link rel="canonical" href="data:text/html,hi"></head><body><article><h1>Ferry fares rise</h1><p>${body}</p><p>Fares rise by ten cents on the first of the month, the operator said.</p></article></body></html>`,
    );
    writeFileSync(
      join(dir, "web.json"),
      JSON.stringify({ title: "Ferry pier reopens", body, url: "HTTPS://example.org/pier" }),
    );
    try {
      for (const name of ["ftp.json", "script.md", "data.html"]) {
        const result = await loadArticleFile(dir, name, OPTIONS);
        if (!result.ok) throw new Error(`${name}: ${result.reason}`);
        expect(result.article, name).not.toHaveProperty("url");
        expect(result.article.paragraphs.length, name).toBeGreaterThan(0);
      }
      const web = await loadArticleFile(dir, "web.json", OPTIONS);
      expect(web.ok && web.article.url).toBe("HTTPS://example.org/pier");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("never accepts an article model whose url is not http(s), such as one remembered by an older version", () => {
    const article = {
      id: "a",
      title: "T",
      paragraphs: [{ text: "Text.", start: 0 }],
      headings: [],
      path: "a.json",
      hash: "h",
      firstSeenAt: OPTIONS.firstSeenAt,
    };
    expect(articleSchema.safeParse({ ...article, url: "https://example.org/a" }).success).toBe(true);
    for (const url of ["ftp://example.org/a", "javascript:alert(1)", "mailto:desk@example.org"]) {
      expect(articleSchema.safeParse({ ...article, url }).success, url).toBe(false);
    }
  });
});

describe("symbolic links", () => {
  let dir: string;
  let outside: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "newsbrief-links-"));
    outside = mkdtempSync(join(tmpdir(), "newsbrief-outside-"));
    writeFileSync(join(outside, "secret.txt"), "Private notes that are not an article at all, kept elsewhere.");
    writeFileSync(
      join(dir, "story.txt"),
      "The tram line reopens on Monday after six weeks of repairs, the operator said.",
    );
    mkdirSync(join(dir, "world"));
    symlinkSync(join(outside, "secret.txt"), join(dir, "secret.txt"));
    symlinkSync(outside, join(dir, "elsewhere"));
    symlinkSync("loop-b.txt", join(dir, "loop-a.txt"));
    symlinkSync("loop-a.txt", join(dir, "loop-b.txt"));
    symlinkSync("..", join(dir, "world", "up"));
    symlinkSync("story.txt", join(dir, "alias.txt"));
    symlinkSync("missing.txt", join(dir, "gone.txt"));
    symlinkSync("story.txt", join(dir, "not-an-article.png"));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it("lists links named like articles or leading to folders, and reports each with why it is skipped", async () => {
    const files = await listArticleFiles(dir);
    const reasons = Object.fromEntries(
      await Promise.all(files.map(async (f) => [f.path, reasonOf(await loadArticleFile(dir, f.path, OPTIONS))])),
    );
    expect(reasons).toEqual({
      "alias.txt": "symbolic link to story.txt; links are not followed",
      elsewhere: "symbolic link to a path outside the articles folder",
      "gone.txt": "broken symbolic link (its target does not exist)",
      "loop-a.txt": "symbolic link loop",
      "loop-b.txt": "symbolic link loop",
      "secret.txt": "symbolic link to a path outside the articles folder",
      "story.txt": "loaded",
      "world/up": "symbolic link loop (it points to a folder that contains it)",
    });
  });
});

describe("loading one article file", () => {
  it("loads the sample into a valid Article with id, hash, path and firstSeenAt", async () => {
    const result = await load("us-china-talks-rare-earths.txt");
    if (!result.ok) throw new Error(result.reason);
    const { article } = result;
    expect(articleSchema.safeParse(article).success).toBe(true);
    expect(article).toMatchObject({
      id: "us-china-talks-rare-earths",
      title: "US, China talks sketch out rare earths, tariff pause",
      source: "Reuters",
      publishedAt: "2025-10-26",
      dateline: "KUALA LUMPUR, Oct 26 (Reuters)",
      path: "us-china-talks-rare-earths.txt",
      firstSeenAt: OPTIONS.firstSeenAt,
      hash: createHash("sha256").update(readFileSync(SAMPLE)).digest("hex"),
    });
  });

  it("keeps the offset invariant against the decoded file for text and Markdown files", async () => {
    for (const relPath of ["us-china-talks-rare-earths.txt", "world/europe/School Term.markdown"]) {
      const result = await load(relPath);
      if (!result.ok) throw new Error(result.reason);
      const text = readFileSync(join(root, relPath), "utf8");
      for (const p of result.article.paragraphs) expect(text.slice(p.start, p.start + p.text.length)).toBe(p.text);
    }
  });

  it("prefers an explicit id, and builds ids of nested files from their path", async () => {
    const json = await load("world/library.json");
    const md = await load("world/europe/School Term.markdown");
    expect(json.ok && json.article.id).toBe("library-funding-2026");
    expect(md.ok && md.article.id).toBe("world-europe-school-term");
  });

  it("loads saved HTML pages", async () => {
    const result = await load("world/bridge.htm");
    expect(result.ok && result.article.source).toBe("Coastal Herald");
  });

  it("decodes a windows-1252 file instead of failing or garbling it", async () => {
    const result = await load("ansi.txt");
    expect(result.ok && result.article.paragraphs[0]?.text).toBe("Café owners say “trade is back”.");
  });

  it("drops a UTF-8 byte-order mark and titles a headline-less text file after its name", async () => {
    const result = await load("bom.txt");
    expect(result.ok && result.article.paragraphs[0]).toEqual({
      text: "A story saved with a byte-order mark.",
      start: 0,
    });
    expect(result.ok && result.article.title).toBe("bom");
  });

  it("reports bad files with short reasons instead of throwing", async () => {
    expect(reasonOf(await load("empty.txt"))).toBe("empty file");
    expect(reasonOf(await load("image.txt"))).toBe("binary file, not text");
    expect(reasonOf(await load("huge.txt"))).toBe("larger than 2 MB limit");
    expect(reasonOf(await load("untitled.json"))).toBe('missing required field "title"');
    expect(reasonOf(await load("gone.txt"))).toBe("file not found");
    expect(reasonOf(await load("world"))).toBe("not a regular file");
  });

  it("names the file in every failure", async () => {
    const result = await load("untitled.json");
    expect(result).toEqual({ ok: false, path: "untitled.json", reason: 'missing required field "title"' });
  });
});
