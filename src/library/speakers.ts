// Who has been quoted across the corpus, answered from the store's speaker tables: one speaker per
// person however each article names them. A one-word mention ("Trump", or "Li" for "Li Chenggang")
// joins the only full name whose first or last word it is; when two people share it, it stays on
// its own rather than guess. Groups are not people and are not indexed.
import type { Quote } from "../analysis/types.js";
import type { Library, SpeakerRow } from "../store/corpus-store.js";
import { identityOf, nameEnds, normalizeName, speakerKey } from "./speaker-names.js";

export { SPEAKER_KEY_MAX } from "./speaker-names.js";

export interface SpeakerSummary {
  /** Stable and ≤ 100 characters: usable as a Discord autocomplete value. */
  key: string;
  name: string;
  /** Every role the articles give, most frequent first. */
  roles: string[];
  quoteCount: number;
  articleCount: number;
}

export interface SpeakerQuote {
  articleId: string;
  quote: Quote;
  article: { id: string; title: string; publishedAt?: string };
}

/** Matches collected before ranking; a one-letter prefix may match thousands of names. */
const LOOKUP_SCAN_MAX = 500;
/** The most quotes one answer lists: more than any reply can show. */
export const SPEAKER_QUOTES_MAX = 200;

export class Speakers {
  constructor(private readonly library: Library) {}

  /** The speaker with this key, or the one a name resolves to. */
  async get(nameOrKey: string): Promise<SpeakerSummary | undefined> {
    const members = await this.resolve(nameOrKey);
    if (!members) return undefined;
    const { names, articles } = await this.library.mentionTally(members);
    const byName = tally(names.map((n) => [n.name, n.n]));
    const full = byName.filter((n) => n.includes(" "));
    return {
      key: speakerKey(members[0]!),
      name: (full.length > 0 ? full : byName)[0] ?? members[0]!,
      roles: tally(names.flatMap((n) => (n.role ? [[n.role, n.n] as [string, number]] : []))),
      quoteCount: names.reduce((sum, n) => sum + n.n, 0),
      articleCount: articles,
    };
  }

  /** A speaker's quotes, newest article first (published date, then first seen), in article order. */
  async quotesBy(nameOrKey: string, limit = SPEAKER_QUOTES_MAX): Promise<SpeakerQuote[]> {
    const members = await this.resolve(nameOrKey);
    if (!members) return [];
    const rows = await this.library.quotes(members, limit);
    return rows.map((r) => ({
      articleId: r.id,
      quote: JSON.parse(r.quote) as Quote,
      article: r.published_at === null ? { id: r.id, title: r.title } : { id: r.id, title: r.title, publishedAt: r.published_at },
    }));
  }

  /** Speakers whose name, or one of its words, starts with `prefix`; most quoted first. */
  async lookup(prefix: string, limit = 25): Promise<SpeakerSummary[]> {
    const p = normalizeName(prefix);
    const candidates = p ? await this.library.speakersByPrefix(p, LOOKUP_SCAN_MAX) : (await this.library.topSpeakers(Math.max(4 * limit, 100))).map((s) => s.identity);
    const primaries = new Set<string>();
    for (const identity of candidates) primaries.add(await this.primary(identity));
    const rows = byIdentity(await this.library.speakers([...primaries]));
    const found: SpeakerSummary[] = [];
    for (const identity of primaries) {
      const row = rows.get(identity);
      if (!row) continue;
      const joined = await this.joined(identity);
      const extra = byIdentity(await this.library.speakers(joined));
      const quotes = row.quotes + joined.reduce((n, j) => n + (extra.get(j)?.quotes ?? 0), 0);
      const articles = row.articles + joined.reduce((n, j) => n + (extra.get(j)?.articles ?? 0), 0);
      found.push({ key: row.key, name: row.name, roles: row.role ? [row.role] : [], quoteCount: quotes, articleCount: articles });
    }
    return found.sort((a, b) => b.quoteCount - a.quoteCount || a.name.localeCompare(b.name)).slice(0, limit);
  }

  /** The identities whose mentions make up the speaker a name or key means, its own first. */
  private async resolve(nameOrKey: string): Promise<string[] | undefined> {
    const identity = (await this.library.speakerByKey(nameOrKey)) ?? identityOf(nameOrKey);
    if (!identity) return undefined;
    const primary = await this.primary(identity);
    if ((await this.library.speakers([primary])).length === 0) return undefined;
    return [primary, ...(await this.joined(primary))];
  }

  /** The full name a one-word identity joins when it is the first or last word of exactly one; else itself. */
  private async primary(identity: string): Promise<string> {
    if (identity.includes(" ")) return identity;
    const owners = await this.library.owners(identity);
    return owners.length === 1 ? owners[0]! : identity;
  }

  /** The one-word identities that join this full name. */
  private async joined(identity: string): Promise<string[]> {
    const words = nameEnds(identity);
    const joined: string[] = [];
    for (const word of words) {
      const owners = await this.library.owners(word);
      if (owners.length === 1 && owners[0] === identity) joined.push(word);
    }
    return joined;
  }
}

function byIdentity(rows: readonly SpeakerRow[]): Map<string, SpeakerRow> {
  return new Map(rows.map((r) => [r.identity, r]));
}

/** Distinct values by summed count, most frequent first; ties keep the order first seen. */
function tally(values: readonly [string, number][]): string[] {
  const counts = new Map<string, number>();
  for (const [v, n] of values) counts.set(v, (counts.get(v) ?? 0) + n);
  return [...counts.keys()].sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0));
}
