// The contract every store backend must keep: search ranking and prefixes, topic filters, newest
// order, removal, the speaker tables and migrations. Runs on SQLite, and on Postgres when
// TEST_DATABASE_URL is set.
import { afterAll, describe, expect, it } from "vitest";
import { searchQuery, searchText, topicStems, type SearchText } from "../../src/analysis/search-terms.js";
import { Speakers, SPEAKER_KEY_MAX } from "../../src/library/speakers.js";
import { openDb, type Db } from "../../src/store/db.js";
import { MIGRATIONS, migrate } from "../../src/store/migrations.js";
import { CorpusStore, type Library } from "../../src/store/corpus-store.js";
import { BACKENDS } from "../support/stores.js";
import { q, stored, type Draft } from "./support.js";

describe.each(BACKENDS)("the $name store", (backend) => {
  const opened: CorpusStore[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close()));
  });

  async function library(drafts: Draft[], root = "/articles"): Promise<Library> {
    const store = await CorpusStore.open(await backend.freshUrl());
    opened.push(store);
    const lib = await store.library(root);
    await lib.add(
      drafts.map(stored),
      drafts.map((d) => ({
        path: d.path ?? `${d.id}.json`,
        size: 1,
        mtimeMs: 1,
        articleId: d.id,
        conflict: false,
        version: "test",
      })),
    );
    return lib;
  }

  const news: Draft[] = [
    {
      id: "tariffs",
      title: "Tariff truce extended as talks resume",
      body: "Negotiators met in Geneva to discuss tariffs on steel.",
      publishedAt: "2026-03-01",
    },
    {
      id: "storm",
      title: "Storm floods coastal towns",
      body: "Heavy rain caused flooding. Officials discussed tariffs briefly.",
      publishedAt: "2026-03-03",
    },
    {
      id: "election",
      title: "Election results delayed",
      body: "Counting continues in three districts.",
      publishedAt: "2026-03-02",
    },
  ];
  const search = async (lib: Library, text: string, limit = 10) =>
    (await lib.search(searchQuery(text), limit)).map((h) => h.id);

  describe("search", () => {
    it("ranks a title hit above a passing mention in a body", async () => {
      expect(await search(await library(news), "tariffs")).toEqual(["tariffs", "storm"]);
    });

    it("matches word forms through stems", async () => {
      expect((await search(await library(news), "flooding"))[0]).toBe("storm");
    });

    it("matches the word still being typed by prefix, as autocomplete needs", async () => {
      const lib = await library(news);
      expect(await search(lib, "resul")).toEqual(["election"]);
      expect(await search(lib, "resul ")).toEqual([]);
    });

    it("ranks headlines that start with the word being typed alike, however long their articles", async () => {
      const filler = "Officials gave a long account of the campaign, its costs and its many public meetings. ";
      const lib = await library([
        { id: "a-long", title: "Referendum date set", body: filler.repeat(40) },
        { id: "b-short", title: "Referendum vote called", body: "Officials spoke." },
      ]);
      // Equal title matches tie, and ties come in id order: the body's length is not the headline's.
      expect(await search(lib, "Referen")).toEqual(["a-long", "b-short"]);
    });

    it("ranks by the word being typed as well as by the whole words before it", async () => {
      const lib = await library([
        { id: "a-town", title: "Storm hits the town", body: "Roofs were damaged." },
        { id: "z-harbour", title: "Storm hits the harbour", body: "Roofs were damaged." },
      ]);
      expect(await search(lib, "storm harb")).toEqual(["z-harbour", "a-town"]);
    });

    it("matches a word still being typed past a dozen letters", async () => {
      const lib = await library([
        { id: "unis", title: "Internationalisation of universities slows" },
        { id: "trade", title: "International trade rebounds" },
      ]);
      expect(await search(lib, "internationalis")).toEqual(["unis"]);
    });

    it("treats quotes and operators in a query as plain words", async () => {
      const lib = await library(news);
      expect(await search(lib, `"storm" AND OR NEAR( * ' \\`)).toEqual(["storm"]);
    });

    it("respects the limit and returns the best matches in score order however many match", async () => {
      const many: Draft[] = [];
      for (let i = 0; i < 60; i++)
        many.push({
          id: `a${String(i).padStart(3, "0")}`,
          title: `Council report ${i}`,
          body: "budget ".repeat(1 + (i % 7)),
        });
      const lib = await library(many);
      expect(await search(lib, "budget", 1)).toHaveLength(1);
      // Seven repetitions score highest; among equals, ids come in order.
      expect(await search(lib, "budget", 3)).toEqual(["a006", "a013", "a020"]);
    });

    it("forgets an article whose file is forgotten", async () => {
      const lib = await library(news);
      expect(await lib.forgetFiles(["tariffs.json"])).toEqual(["tariffs"]);
      expect(await search(lib, "tariffs")).toEqual(["storm"]);
      expect(await lib.newest(5, topicStems("truce"))).toEqual([]);
    });

    it("forgets a forgotten article's title words, even once a new article takes its place", async () => {
      const lib = await library(news);
      await lib.forgetFiles(["election.json"]);
      const fresh: Draft = { id: "harbour", title: "Harbour reopens", publishedAt: "2026-03-04" };
      await lib.add([stored(fresh)], [{ path: "harbour.json", size: 1, mtimeMs: 1, conflict: false, version: "test" }]);
      expect(await search(lib, "resul")).toEqual([]);
      expect(await search(lib, "harb")).toEqual(["harbour"]);
    });

    it("leaves an article another writer stored meanwhile to it, with its file, and stores the rest", async () => {
      const lib = await library(news);
      const file = (path: string, articleId: string) => ({
        path,
        size: 2,
        mtimeMs: 2,
        articleId,
        conflict: false,
        version: "test",
      });
      const late: Draft = { id: "storm", title: "Storm story told again", path: "copy/storm.json" };
      const fresh: Draft = { id: "harbour", title: "Harbour reopens", publishedAt: "2026-03-04" };
      const ids = await lib.add(
        [stored(late), stored(fresh)],
        [file("copy/storm.json", "storm"), file("harbour.json", "harbour")],
      );
      expect([...ids]).toEqual(["harbour"]);
      expect(await search(lib, "storm")).toEqual(["storm"]);
      expect(JSON.parse((await lib.get(["storm"])).get("storm")!.doc).title).toBe("Storm floods coastal towns");
      const onDisk = [
        { path: "copy/storm.json", size: 2, mtimeMs: 2 },
        { path: "storm.json", size: 1, mtimeMs: 1 },
      ];
      const { changed, stillSkipped } = await lib.filesToCheck(onDisk, "test");
      expect([...changed]).toEqual([["copy/storm.json", undefined]]);
      expect(stillSkipped).toEqual([]);
      expect(await search(lib, "harbour")).toEqual(["harbour"]);
    });

    it("searches the same after the query statistics are refreshed", async () => {
      const lib = await library(news);
      await lib.updateStatistics();
      expect(await search(lib, "tariffs")).toEqual(["tariffs", "storm"]);
    });

    it("keeps two folders' articles apart", async () => {
      const lib = await library(news);
      expect(await search(lib, "storm")).toEqual(["storm"]);
      const store = opened.at(-1)!;
      const other = await store.library("/elsewhere");
      expect(await search(other, "storm")).toEqual([]);
      expect(await other.count()).toBe(0);
    });
  });

  describe("topics and order", () => {
    it("lists the newest first, by publication date", async () => {
      const lib = await library(news);
      expect((await lib.newest(3)).map((r) => r.id)).toEqual(["storm", "election", "tariffs"]);
      expect(await lib.newestTitles(2)).toEqual([
        { id: "storm", title: "Storm floods coastal towns" },
        { id: "election", title: "Election results delayed" },
      ]);
    });

    it("filters topics by every word, in title, topics or body", async () => {
      const lib = await library([
        ...news,
        { id: "tagged", title: "Pilots agree new rota", body: "The rota starts in winter.", topics: ["maritime"] },
      ]);
      expect((await lib.newest(5, topicStems("tariffs steel"))).map((r) => r.id)).toEqual(["tariffs"]);
      expect((await lib.newest(5, topicStems("tariffs"))).map((r) => r.id).sort()).toEqual(["storm", "tariffs"]);
      expect((await lib.newest(5, topicStems("maritime"))).map((r) => r.id)).toEqual(["tagged"]);
    });

    it("lists what is dated since a time, oldest first", async () => {
      const lib = await library(news);
      expect((await lib.since(Date.parse("2026-03-02"))).map((r) => r.id)).toEqual(["election", "storm"]);
      expect((await lib.since(Date.parse("2026-03-01"), topicStems("tariffs"))).map((r) => r.id)).toEqual([
        "tariffs",
        "storm",
      ]);
    });
  });

  describe("speakers", () => {
    const quoted: Draft[] = [
      {
        id: "a1",
        title: "One",
        publishedAt: "2026-03-01",
        quotes: [q("Donald Trump", "one", "U.S. President"), q("U.S. officials", "two", undefined, "group")],
      },
      {
        id: "a2",
        title: "Two",
        publishedAt: "2026-03-05",
        quotes: [q("Trump", "three"), q("Li Chenggang", "four", "Vice Minister")],
      },
      {
        id: "a3",
        title: "Three",
        publishedAt: "2026-02-20",
        quotes: [q("Donald J. Trump", "five", "President"), q("Li", "six")],
      },
      {
        id: "a4",
        title: "Four",
        firstSeenAt: "2026-03-10T00:00:00.000Z",
        quotes: [q("Hillary Clinton", "seven"), q("Bill Clinton", "eight"), q("Clinton", "nine")],
      },
    ];
    const speakers = async () => new Speakers(await library(quoted));

    it("merges the same person named differently across articles", async () => {
      const s = await speakers();
      const trump = await s.get("Trump");
      expect(trump).toMatchObject({ name: "Donald Trump", quoteCount: 3, articleCount: 3 });
      expect((await s.get("Donald J. Trump"))?.key).toBe(trump?.key);
      expect((await s.get(trump!.key))?.name).toBe("Donald Trump");
    });

    it("joins a family name written first to the full name", async () => {
      expect(await (await speakers()).get("Li")).toMatchObject({ name: "Li Chenggang", quoteCount: 2 });
    });

    it("keeps a surname shared by two people on its own", async () => {
      const s = await speakers();
      expect((await s.get("Hillary Clinton"))?.quoteCount).toBe(1);
      expect((await s.get("Bill Clinton"))?.quoteCount).toBe(1);
      expect(await s.get("Clinton")).toMatchObject({ name: "Clinton", quoteCount: 1 });
    });

    it("keeps every role a speaker was given, and leaves groups out", async () => {
      const s = await speakers();
      expect((await s.get("Trump"))?.roles.sort()).toEqual(["President", "U.S. President"]);
      expect(await s.get("U.S. officials")).toBeUndefined();
      expect((await s.lookup("", 25)).map((x) => x.name)).not.toContain("U.S. officials");
    });

    it("lists a speaker's quotes newest first", async () => {
      expect((await (await speakers()).quotesBy("Trump")).map((x) => x.articleId)).toEqual(["a2", "a1", "a3"]);
    });

    it("looks speakers up by name prefix or surname prefix, most quoted first", async () => {
      const s = await speakers();
      expect((await s.lookup("don", 5)).map((x) => x.name)).toEqual(["Donald Trump"]);
      expect((await s.lookup("tru", 5)).map((x) => x.name)).toEqual(["Donald Trump"]);
      expect((await s.lookup("Chen", 5)).map((x) => x.name)).toEqual(["Li Chenggang"]);
      expect((await s.lookup("clin", 5)).map((x) => x.name).sort()).toEqual([
        "Bill Clinton",
        "Clinton",
        "Hillary Clinton",
      ]);
      expect(await s.lookup("zz", 5)).toEqual([]);
      expect((await s.lookup("", 2)).map((x) => [x.name, x.quoteCount])).toEqual([
        ["Donald Trump", 3],
        ["Li Chenggang", 2],
      ]);
    });

    it("forgets a speaker once their only article is gone", async () => {
      const lib = await library(quoted);
      await lib.forgetFiles(["a4.json"]);
      const s = new Speakers(lib);
      expect(await s.get("Hillary Clinton")).toBeUndefined();
      expect(await s.lookup("clin", 5)).toEqual([]);
      expect((await s.get("Trump"))?.quoteCount).toBe(3);
    });

    it("finds a speaker by any run of the name's words, whatever the case and accents", async () => {
      const s = new Speakers(
        await library([
          {
            id: "eu",
            title: "EU",
            quotes: [
              q("Ursula von der Leyen", "one", "European Commission President"),
              q("Ursula von der Leyen", "two"),
            ],
          },
          { id: "fr", title: "FR", quotes: [q("Hélène Dupont", "three"), q("Marc Leyenberg", "four")] },
        ]),
      );
      for (const asked of ["von der Leyen", "LEYEN", "der leyen", "Ursula von der Leyen"])
        expect((await s.get(asked))?.name, asked).toBe("Ursula von der Leyen");
      expect(await s.quotesBy("Von Der Leyen")).toHaveLength(2);
      expect((await s.get("helene dupont"))?.name).toBe("Hélène Dupont");
      expect(await s.get("ursula leyen")).toBeUndefined();
      expect((await s.lookup("von der l", 5)).map((x) => x.name)).toEqual(["Ursula von der Leyen"]);
      expect((await s.lookup("leyen", 5)).map((x) => x.name).sort()).toEqual([
        "Marc Leyenberg",
        "Ursula von der Leyen",
      ]);
    });

    it("gives keys short enough for Discord autocomplete values", async () => {
      const long = `Maximiliano ${"Alexandro ".repeat(20)}Rodriguez`;
      const s = new Speakers(await library([{ id: "x", title: "X", quotes: [q(long, "said")] }]));
      const [found] = await s.lookup("maxi", 5);
      expect(found!.key.length).toBeGreaterThan(0);
      expect(found!.key.length).toBeLessThanOrEqual(SPEAKER_KEY_MAX);
      expect(await s.quotesBy(found!.key)).toHaveLength(1);
    });
  });

  describe("files", () => {
    it("pages through every stored file once", async () => {
      const drafts = ["e", "a", "d", "b", "c"].map((id) => ({ id, title: `Story ${id}`, body: "Text." }));
      const lib = await library(drafts);
      const seen: string[] = [];
      for (let page = await lib.filePaths("", 2); page.length > 0; page = await lib.filePaths(page.at(-1)!, 2))
        seen.push(...page);
      expect(seen.sort()).toEqual(["a.json", "b.json", "c.json", "d.json", "e.json"]);
    });

    it("names the files a refresh must read, with their stored state, and the unchanged ones it skipped", async () => {
      const lib = await library([]);
      const mtimeMs = 1_765_084_123_456.789; // a fraction of a millisecond, as file systems give it
      const row = (path: string, extra: object = {}) => ({
        path,
        size: 900,
        mtimeMs,
        conflict: false,
        version: "v2",
        ...extra,
      });
      await lib.add(
        [],
        [
          row("same.json", { articleId: "same" }),
          row("bigger.json"),
          row("touched.json"),
          row("older-loader.json", { version: "v1" }),
          row("refused.json", { conflict: true, skipped: "same content as same.json" }),
          row("unreadable.json", { skipped: "not an article" }),
          row("rewritten.json", { skipped: "not an article" }),
        ],
      );
      const onDisk = [
        { path: "same.json", size: 900, mtimeMs },
        { path: "bigger.json", size: 901, mtimeMs },
        { path: "touched.json", size: 900, mtimeMs: mtimeMs + 0.001 },
        { path: "older-loader.json", size: 900, mtimeMs },
        { path: "refused.json", size: 900, mtimeMs },
        { path: "unreadable.json", size: 900, mtimeMs },
        { path: "rewritten.json", size: 950, mtimeMs },
        { path: "new.json", size: 5, mtimeMs: 5 },
      ];
      const { changed, stillSkipped } = await lib.filesToCheck(onDisk, "v2");
      expect([...changed.keys()].sort()).toEqual([
        "bigger.json",
        "new.json",
        "older-loader.json",
        "refused.json",
        "rewritten.json",
        "touched.json",
      ]);
      expect(changed.get("new.json")).toBeUndefined();
      expect(changed.get("touched.json")).toMatchObject({ size: 900, mtimeMs, version: "v2" });
      expect(changed.get("refused.json")).toMatchObject({ conflict: true, skipped: "same content as same.json" });
      expect(stillSkipped).toEqual([{ path: "unreadable.json", reason: "not an article" }]);
    });
  });

  describe("migrations", () => {
    it("run once when two processes open a new store at the same moment", async () => {
      const url = await backend.freshUrl();
      const stores = await Promise.all([CorpusStore.open(url), CorpusStore.open(url), CorpusStore.open(url)]);
      await Promise.all(stores.map((s) => s.close()));
      const db = await openDb(url);
      const rows = await db.all<{ version: number }>("SELECT version FROM schema_migrations");
      await db.close();
      expect(rows).toHaveLength(MIGRATIONS.length);
    });

    it("are recorded once and not run again when the store is reopened", async () => {
      const url = await backend.freshUrl();
      await (await CorpusStore.open(url)).close();
      await (await CorpusStore.open(url)).close();
      const db = await openDb(url);
      const rows = await db.all<{ version: number }>("SELECT version FROM schema_migrations");
      await db.close();
      expect(rows.map((r) => Number(r.version)).sort()).toEqual(MIGRATIONS.map((m) => m.version));
    });
  });
});

/** Two stored articles, one about a storm in its title and one in its body only. */
const OLD_ARTICLES = [
  [1, "old", "Storm floods coastal towns", "Rain caused flooding."],
  [2, "newer", "Council budget", "The storm drain budget was cut."],
] as const;

/**
 * A store migrated only up to `before`, holding OLD_ARTICLES as that schema stored them (`insert`
 * writes one), then opened by today's code.
 */
async function storeFromBefore(
  url: string,
  before: number,
  insert: (db: Db, article: (typeof OLD_ARTICLES)[number], text: SearchText) => Promise<void>,
): Promise<CorpusStore> {
  const db = await openDb(url);
  await migrate(
    db,
    MIGRATIONS.filter((m) => m.version < before),
  );
  await db.run("INSERT INTO libraries (id, root) VALUES (1, '/articles')");
  for (const article of OLD_ARTICLES) await insert(db, article, searchText(article[2], [article[3]]));
  await db.close();
  return CorpusStore.open(url);
}

// Postgres's search vectors moved out of the articles table (migration 7); SQLite's never were in it.
describe.each(BACKENDS.filter((b) => b.name === "postgres"))(
  "a $name store from before the search table",
  (backend) => {
    it("keeps its articles searchable, ranked as before", async () => {
      const store = await storeFromBefore(await backend.freshUrl(), 7, (db, [pk, id, title], text) =>
        db.run(
          `INSERT INTO articles (pk, library_id, id, path, hash, title, sort_ms, first_seen_ms, doc, analysis, quote_count, search)
         VALUES (?, 1, ?, ?, ?, ?, 0, 0, '{}', '{}', 0, setweight(to_tsvector('simple', ?), 'A') || setweight(to_tsvector('simple', ?), 'D'))`,
          [pk, id, `${id}.json`, id, title, text.heading, text.body],
        ),
      );
      try {
        const lib = await store.library("/articles");
        expect((await lib.search(searchQuery("storm"), 10)).map((h) => h.id)).toEqual(["old", "newer"]);
        await lib.forgetFiles(["old.json"]);
        expect((await lib.search(searchQuery("storm"), 10)).map((h) => h.id)).toEqual(["newer"]);
      } finally {
        await store.close();
      }
    });
  },
);

/** One of OLD_ARTICLES as a SQLite store of migrations 1 to 7 held it: its row and its article_fts terms. */
async function insertSqliteArticle(db: Db, [pk, id, title]: (typeof OLD_ARTICLES)[number], text: SearchText) {
  await db.run(
    `INSERT INTO articles (pk, library_id, id, path, hash, title, sort_ms, first_seen_ms, doc, analysis, quote_count)
     VALUES (?, 1, ?, ?, ?, ?, 0, 0, '{}', '{}', 0)`,
    [pk, id, `${id}.json`, id, title],
  );
  await db.run("INSERT INTO article_fts (rowid, heading, body, title_words) VALUES (?, ?, ?, ?)", [
    pk,
    text.heading,
    text.body,
    text.titleWords,
  ]);
}

// SQLite's typed prefixes moved from article_fts's title_words to a table of their own (migration 8).
describe.each(BACKENDS.filter((b) => b.name === "sqlite"))("a $name store from before the title index", (backend) => {
  it("matches its articles' titles by the word being typed, and forgets them with their files", async () => {
    const store = await storeFromBefore(await backend.freshUrl(), 8, insertSqliteArticle);
    try {
      const lib = await store.library("/articles");
      expect((await lib.search(searchQuery("coast"), 10)).map((h) => h.id)).toEqual(["old"]);
      expect((await lib.search(searchQuery("storm"), 10)).map((h) => h.id)).toEqual(["old", "newer"]);
      await lib.forgetFiles(["old.json"]);
      expect((await lib.search(searchQuery("coast"), 10)).map((h) => h.id)).toEqual([]);
    } finally {
      await store.close();
    }
  });
});

// SQLite ranks search candidates by library and id from an index of its own (migration 9).
describe.each(BACKENDS.filter((b) => b.name === "sqlite"))(
  "a $name store from before the candidate index",
  (backend) => {
    it("searches its articles, by whole words and by the word being typed, ranked as before", async () => {
      const store = await storeFromBefore(await backend.freshUrl(), 9, async (db, article, text) => {
        await insertSqliteArticle(db, article, text);
        await db.run("INSERT INTO article_titles (rowid, words) VALUES (?, ?)", [article[0], text.titleWords]);
      });
      try {
        const lib = await store.library("/articles");
        expect((await lib.search(searchQuery("storm"), 10)).map((h) => h.id)).toEqual(["old", "newer"]);
        expect((await lib.search(searchQuery("budget sto"), 10)).map((h) => h.id)).toEqual(["newer", "old"]);
        expect(await (await store.library("/elsewhere")).search(searchQuery("storm"), 10)).toEqual([]);
      } finally {
        await store.close();
      }
    });
  },
);
