// The statements of first-seen times (table first_seen, one row per article id). The first process
// to record an id sets its time, from the database's clock; every later caller reads that time.
import { insertRows, nowSql, placeholders, type Db } from "./db.js";

/** Ids per statement: well under both drivers' parameter limits. */
const CHUNK = 500;

/** Records ids not seen before at the database's time (or `clock`'s); returns each id's time in ms. */
export async function recordFirstSeen(
  db: Db,
  ids: readonly string[],
  clock?: () => Date,
): Promise<Map<string, number>> {
  const [now, at] = nowSql(db.dialect, clock);
  // In one order whoever calls: two processes inserting overlapping ids in different orders would
  // each wait for a row the other holds, and Postgres would abort one as a deadlock.
  const sorted = [...new Set(ids)].sort();
  await insertRows(
    db,
    "INSERT INTO first_seen (id, seen_ms)",
    sorted.map((id) => [id, ...at]),
    "ON CONFLICT (id) DO NOTHING",
    `(?, ${now})`,
  );
  const seen = new Map<string, number>();
  for (let from = 0; from < ids.length; from += CHUNK) {
    const chunk = ids.slice(from, from + CHUNK);
    const rows = await db.all<{ id: string; seen_ms: number }>(
      `SELECT id, seen_ms FROM first_seen WHERE id IN (${placeholders(chunk.length)})`,
      chunk,
    );
    for (const row of rows) seen.set(row.id, row.seen_ms);
  }
  return seen;
}
