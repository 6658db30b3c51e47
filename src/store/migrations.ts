// Schema changes as numbered migrations, one list per dialect. At start-up every migration not yet
// recorded in schema_migrations runs, each in its own transaction together with its record, so a
// failed one leaves the schema as it was. On Postgres an advisory lock makes processes that start
// together take turns.
import type { Db, Dialect } from "./db.js";
import { CREATE_TITLE_INDEX, indexStoredTitles } from "./title-index.js";

/** A statement, or a step that needs to look before it acts (a table that may not exist). */
type Step = string | ((tx: Db) => Promise<void>);

interface Migration {
  version: number;
  name: string;
  sql: Record<Dialect, Step[]>;
}

/** Deletes keyv records of these namespaces from a SQLite file's keyv table, when it has one. */
const dropKeyvNamespaces =
  (...namespaces: string[]) =>
  async (tx: Db): Promise<void> => {
    const [table] = await tx.all<{ name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'keyv'",
    );
    if (!table) return;
    for (const ns of namespaces)
      await tx.run("DELETE FROM keyv WHERE substr(key, 1, ?) = ?", [ns.length + 1, `${ns}:`]);
  };

/** Steps both dialects spell alike. */
function alike(...steps: Step[]): Record<Dialect, Step[]> {
  return { sqlite: steps, postgres: steps };
}

/** The keyv table of a store, when it has one: `keyv` in a SQLite file, `keyv_store` on Postgres. */
async function keyvTable(tx: Db): Promise<string | undefined> {
  if (tx.dialect === "postgres") return "keyv_store";
  const [table] = await tx.all<{ name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'keyv'",
  );
  return table ? "keyv" : undefined;
}

/** keyv's stored form of a record: its value, and when it expires (ms) if it does. */
interface KeyvRecord {
  value?: unknown;
  expires?: number | null;
}

/**
 * Moves the keyv records of one namespace into a table: `insert` turns each live, well-formed record
 * into a row (or skips it), and the keyv records are deleted in the same transaction.
 */
const moveKeyvRecords =
  (namespace: string, insert: (tx: Db, key: string, value: unknown) => Promise<void>) =>
  async (tx: Db): Promise<void> => {
    const table = await keyvTable(tx);
    if (!table) return;
    const prefix = `${namespace}:`;
    const rows = await tx.all<{ key: string; value: string }>(
      `SELECT key, value FROM ${table} WHERE substr(key, 1, ?) = ?`,
      [prefix.length, prefix],
    );
    for (const row of rows) {
      let record: KeyvRecord;
      try {
        record = JSON.parse(row.value) as KeyvRecord;
      } catch {
        continue;
      }
      if (typeof record.expires === "number" && record.expires < Date.now()) continue;
      if (record.value !== undefined) await insert(tx, row.key.slice(prefix.length), record.value);
    }
    await tx.run(`DELETE FROM ${table} WHERE substr(key, 1, ?) = ?`, [prefix.length, prefix]);
  };

/** A record's fields, or none when it is not an object. */
function fields(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
}

/** A keyv ledger entry ("channel:article" → { state, nonce, at, messageId? }) as a headline_ledger row. */
async function insertLedgerEntry(tx: Db, key: string, value: unknown): Promise<void> {
  const entry = fields(value);
  const split = key.indexOf(":");
  const at = typeof entry.at === "string" ? Date.parse(entry.at) : NaN;
  const { state, nonce, messageId } = entry;
  if (
    split <= 0 ||
    Number.isNaN(at) ||
    typeof nonce !== "string" ||
    !["pending", "sent", "unconfirmed"].includes(String(state))
  )
    return;
  await tx.run(
    `INSERT INTO headline_ledger (channel_id, article_id, state, nonce, claimed_ms, settled_ms, message_id) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (channel_id, article_id) DO NOTHING`,
    [
      key.slice(0, split),
      key.slice(split + 1),
      String(state),
      nonce,
      at,
      state === "pending" ? null : at,
      typeof messageId === "string" ? messageId : null,
    ],
  );
}

/** A keyv subscription record (channel → Subscription) as a subscriptions row. */
async function insertSubscription(tx: Db, channelId: string, value: unknown): Promise<void> {
  const text = (v: unknown) => (typeof v === "string" ? v : null);
  const s = fields(value);
  const failure = fields(s.failure);
  const post = fields(s.lastPost);
  const states = ["active", "missing-permissions", "missing-channel", "bad-format"];
  if (!text(s.guildId) || !text(s.since) || !text(s.createdAt) || !states.includes(String(s.state))) return;
  await tx.run(
    `INSERT INTO subscriptions (channel_id, guild_id, topic, since, created_at, subscribed_by, state, failure_at, failure_detail, last_post_at, last_post_article)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (channel_id) DO NOTHING`,
    [
      channelId,
      text(s.guildId),
      text(s.topic),
      text(s.since),
      text(s.createdAt),
      text(s.subscribedBy),
      text(s.state),
      text(failure.at),
      text(failure.detail),
      text(post.at),
      text(post.articleId),
    ],
  );
}

const SUBSCRIPTIONS_TABLE = `CREATE TABLE subscriptions (
  channel_id TEXT PRIMARY KEY,
  guild_id TEXT NOT NULL,
  topic TEXT,
  since TEXT NOT NULL,
  created_at TEXT NOT NULL,
  subscribed_by TEXT,
  state TEXT NOT NULL CHECK (state IN ('active', 'missing-permissions', 'missing-channel', 'bad-format')),
  failure_at TEXT,
  failure_detail TEXT,
  last_post_at TEXT,
  last_post_article TEXT)`;

/** A keyv first-seen record (article id → ISO time) as a first_seen row. */
async function insertFirstSeen(tx: Db, id: string, value: unknown): Promise<void> {
  const ms = typeof value === "string" ? Date.parse(value) : NaN;
  if (!Number.isNaN(ms))
    await tx.run(`INSERT INTO first_seen (id, seen_ms) VALUES (?, ?) ON CONFLICT (id) DO NOTHING`, [id, ms]);
}

const FIRST_SEEN_TABLE = `CREATE TABLE first_seen (id TEXT PRIMARY KEY, seen_ms DOUBLE PRECISION NOT NULL)`;

const LEDGER_TABLE = `CREATE TABLE headline_ledger (
  channel_id TEXT NOT NULL,
  article_id TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'unconfirmed')),
  nonce TEXT NOT NULL,
  claimed_ms DOUBLE PRECISION NOT NULL,
  settled_ms DOUBLE PRECISION,
  message_id TEXT,
  PRIMARY KEY (channel_id, article_id))`;

/** Columns both dialects spell alike. `doc` is the Article as JSON, so new optional fields need no migration. */
const ARTICLE_COLUMNS = `
  library_id INTEGER NOT NULL REFERENCES libraries(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  path TEXT NOT NULL,
  hash TEXT NOT NULL,
  title TEXT NOT NULL,
  published_at TEXT,
  sort_ms DOUBLE PRECISION NOT NULL,
  first_seen_ms DOUBLE PRECISION NOT NULL,
  doc TEXT NOT NULL,
  analysis TEXT NOT NULL,
  quote_count INTEGER NOT NULL,
  UNIQUE (library_id, id)`;

const COMMON_TABLES = [
  `CREATE TABLE files (
     library_id INTEGER NOT NULL REFERENCES libraries(id) ON DELETE CASCADE,
     path TEXT NOT NULL,
     size DOUBLE PRECISION NOT NULL,
     mtime_ms DOUBLE PRECISION NOT NULL,
     article_id TEXT,
     skipped TEXT,
     conflict INTEGER NOT NULL DEFAULT 0,
     version TEXT NOT NULL,
     PRIMARY KEY (library_id, path))`,
  `CREATE INDEX articles_newest ON articles (library_id, sort_ms DESC, id)`,
  `CREATE INDEX articles_hash ON articles (library_id, hash)`,
  `CREATE INDEX articles_first_seen ON articles (library_id, first_seen_ms)`,
  `CREATE TABLE speaker_mentions (
     article_pk BIGINT NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
     position INTEGER NOT NULL,
     library_id INTEGER NOT NULL,
     identity TEXT NOT NULL,
     name TEXT NOT NULL,
     role TEXT,
     sort_ms DOUBLE PRECISION NOT NULL,
     quote TEXT NOT NULL,
     PRIMARY KEY (article_pk, position))`,
  `CREATE INDEX speaker_mentions_identity ON speaker_mentions (library_id, identity, sort_ms DESC)`,
  `CREATE TABLE speakers (
     library_id INTEGER NOT NULL,
     identity TEXT NOT NULL,
     key TEXT NOT NULL,
     name TEXT NOT NULL,
     role TEXT,
     quotes INTEGER NOT NULL,
     articles INTEGER NOT NULL,
     PRIMARY KEY (library_id, identity))`,
  `CREATE INDEX speakers_rank ON speakers (library_id, quotes DESC)`,
  `CREATE INDEX speakers_key ON speakers (library_id, key)`,
  `CREATE TABLE speaker_words (library_id INTEGER NOT NULL, word TEXT NOT NULL, identity TEXT NOT NULL, PRIMARY KEY (library_id, word, identity))`,
];

/** SQLite's index of each article's library and id by primary key (migration 9), which search names. */
export const CANDIDATE_KEYS = "articles_candidate_keys";

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: "corpus: articles, files, search, speakers",
    sql: {
      sqlite: [
        `CREATE TABLE libraries (id INTEGER PRIMARY KEY, root TEXT NOT NULL UNIQUE)`,
        `CREATE TABLE articles (pk INTEGER PRIMARY KEY, ${ARTICLE_COLUMNS})`,
        ...COMMON_TABLES,
        `CREATE TABLE speaker_terms (library_id INTEGER NOT NULL, term TEXT NOT NULL, identity TEXT NOT NULL, PRIMARY KEY (library_id, term, identity))`,
        // Contentless: the index holds only what search needs; rowid is articles.pk.
        `CREATE VIRTUAL TABLE article_fts USING fts5(heading, body, title_words, content='', contentless_delete=1, tokenize='unicode61', prefix='2 3')`,
      ],
      postgres: [
        `CREATE TABLE libraries (id INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, root TEXT NOT NULL UNIQUE)`,
        `CREATE TABLE articles (pk BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, ${ARTICLE_COLUMNS}, search TSVECTOR NOT NULL)`,
        ...COMMON_TABLES,
        // Byte order ("C"), so a name prefix is an index range whatever the database's locale.
        `CREATE TABLE speaker_terms (library_id INTEGER NOT NULL, term TEXT COLLATE "C" NOT NULL, identity TEXT NOT NULL, PRIMARY KEY (library_id, term, identity))`,
        `CREATE INDEX articles_search ON articles USING GIN (search)`,
      ],
    },
  },
  {
    version: 2,
    name: "keyv records of a Postgres store",
    sql: {
      sqlite: [],
      postgres: [`CREATE TABLE keyv_store (key TEXT COLLATE "C" PRIMARY KEY, value TEXT NOT NULL)`],
    },
  },
  {
    version: 3,
    name: "drop the keyv analysis cache and file manifest the corpus tables replace",
    sql: { sqlite: [dropKeyvNamespaces("analysis", "file-manifest")], postgres: [] },
  },
  {
    version: 4,
    name: "the headline ledger as a table, for atomic claims across processes",
    sql: alike(
      LEDGER_TABLE,
      `CREATE INDEX headline_ledger_settled ON headline_ledger (settled_ms)`,
      moveKeyvRecords("headline-ledger", insertLedgerEntry),
    ),
  },
  {
    version: 5,
    name: "subscriptions as a table, for field-wise updates across processes",
    sql: alike(
      SUBSCRIPTIONS_TABLE,
      `CREATE INDEX subscriptions_guild ON subscriptions (guild_id)`,
      moveKeyvRecords("subscriptions", insertSubscription),
    ),
  },
  {
    version: 6,
    name: "first-seen times as a table, stamped by the database clock",
    sql: alike(FIRST_SEEN_TABLE, moveKeyvRecords("first-seen", insertFirstSeen)),
  },
  {
    version: 7,
    name: "Postgres search vectors in a narrow table of their own",
    // A search ranks its candidates by reading their vectors; beside each article's document and
    // analysis they shared pages with, that read cost twice as much. SQLite's FTS table is already apart.
    sql: {
      sqlite: [],
      postgres: [
        `CREATE TABLE article_search (
           pk BIGINT PRIMARY KEY REFERENCES articles(pk) ON DELETE CASCADE,
           library_id INTEGER NOT NULL,
           id TEXT NOT NULL,
           search TSVECTOR NOT NULL)`,
        `INSERT INTO article_search (pk, library_id, id, search) SELECT pk, library_id, id, search FROM articles`,
        `ALTER TABLE articles DROP COLUMN search`,
        `CREATE INDEX article_search_terms ON article_search USING GIN (search)`,
        `CREATE INDEX article_search_newest ON article_search (library_id, pk DESC)`,
      ],
    },
  },
  {
    version: 8,
    name: "SQLite title words in an FTS5 table of their own, indexed by prefix",
    // A word being typed matched article_fts's title_words by prefix. Past its 2- and 3-letter
    // prefix indexes FTS5 merged the doclists of every term with that prefix, in every column,
    // twice per search (to match, then for bm25's document frequency). Titles alone, with a prefix
    // index per length, make a typed prefix one short doclist.
    sql: {
      sqlite: [CREATE_TITLE_INDEX, indexStoredTitles],
      postgres: [],
    },
  },
  {
    version: 9,
    name: "SQLite articles' library and id by primary key, for ranking search candidates",
    // A search ranks up to RANK_CANDIDATES matches by score and id, within one library. Read from
    // the articles table, each candidate cost a leaf page of its own (the row carries its document
    // and analysis); this index holds just the library and id, many to a page.
    sql: {
      sqlite: [`CREATE INDEX ${CANDIDATE_KEYS} ON articles (pk, library_id, id)`],
      postgres: [],
    },
  },
];

/** The advisory lock that makes processes migrating one Postgres database take turns. */
const LOCK = 7215001;

/** Applies the migrations this database has not recorded yet; returns the versions applied. */
export async function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  await db.transaction(async (tx) => {
    // Two Postgres processes creating the table at once would collide on its type's name.
    if (tx.dialect === "postgres") await tx.run(`SELECT pg_advisory_xact_lock(${LOCK})`);
    await tx.run(
      `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`,
    );
  });
  const applied: number[] = [];
  for (const migration of migrations) {
    const done = await db.transaction(async (tx) => {
      if (tx.dialect === "postgres") await tx.run(`SELECT pg_advisory_xact_lock(${LOCK})`);
      const [row] = await tx.all<{ version: number }>("SELECT version FROM schema_migrations WHERE version = ?", [
        migration.version,
      ]);
      if (row) return false;
      for (const step of migration.sql[tx.dialect]) await (typeof step === "string" ? tx.run(step) : step(tx));
      await tx.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", [
        migration.version,
        migration.name,
        new Date().toISOString(),
      ]);
      return true;
    });
    if (done) applied.push(migration.version);
  }
  return applied;
}
