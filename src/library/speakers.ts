// Who has been quoted across the corpus, answered from the store's speaker tables: one speaker per
// person however each article names them. A one-word mention ("Trump", or "Li" for "Li Chenggang")
// joins the only full name whose first or last word it is; when two people share it, it stays on
// its own rather than guess. Groups are not people and are not indexed.
import type { Quote } from "../analysis/types.js";
import type { Library, SpeakerRow } from "../store/corpus-store.js";
import { identityOf, nameEnds, normalizeName, speakerKey } from "../analysis/speaker-names.js";

export { SPEAKER_KEY_MAX } from "../analysis/speaker-names.js";

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
      article:
        r.published_at === null
          ? { id: r.id, title: r.title }
          : { id: r.id, title: r.title, publishedAt: r.published_at },
    }));
  }

  /** Speakers whose name, or one of its words, starts with `prefix`; most quoted first. */
  async lookup(prefix: string, limit = 25): Promise<SpeakerSummary[]> {
    const p = normalizeName(prefix);
    const candidates = p
      ? await this.withNamePart(p, true)
      : (await this.library.topSpeakers(Math.max(4 * limit, 100))).map((s) => s.identity);
    const groups = await this.groups(candidates);
    const rows = byIdentity(await this.library.speakers([...groups.values()].flat()));
    const found: SpeakerSummary[] = [];
    for (const [primary, members] of groups) {
      const row = rows.get(primary);
      if (!row) continue;
      const sum = (field: "quotes" | "articles") => members.reduce((n, m) => n + (rows.get(m)?.[field] ?? 0), 0);
      found.push({
        key: row.key,
        name: row.name,
        roles: row.role ? [row.role] : [],
        quoteCount: sum("quotes"),
        articleCount: sum("articles"),
      });
    }
    return found.sort((a, b) => b.quoteCount - a.quoteCount || a.name.localeCompare(b.name)).slice(0, limit);
  }

  /** The display name of the speaker a name or key means. */
  async name(nameOrKey: string): Promise<string | undefined> {
    const members = await this.resolve(nameOrKey);
    return members ? (await this.library.speakers(members.slice(0, 1)))[0]?.name : undefined;
  }

  /** The identities whose mentions make up the speaker a name or key means, its own first. */
  private async resolve(nameOrKey: string): Promise<string[] | undefined> {
    const identity = (await this.library.speakerByKey(nameOrKey)) ?? identityOf(nameOrKey);
    if (!identity) return undefined;
    const [[primary, members] = []] = await this.groups([identity]);
    if (primary && (await this.library.speakers([primary])).length > 0) return members;
    // Not a whole name: a part of one ("von der Leyen", "Leyen"), the most quoted speaker holding it.
    const holders = await this.groups(await this.withNamePart(normalizeName(nameOrKey), false));
    const rows = await this.library.speakers([...holders.keys()]);
    const best = rows.sort((a, b) => b.quotes - a.quotes || a.identity.localeCompare(b.identity))[0];
    return best ? holders.get(best.identity) : undefined;
  }

  /**
   * Identities whose words hold the normalised `part` as a run of whole words (or, `typing`, whose
   * run starts with it, as autocomplete sees a name being typed: "von der l").
   */
  private async withNamePart(part: string, typing: boolean): Promise<string[]> {
    if (!part) return [];
    const first = part.split(" ")[0]!;
    const candidates = await this.library.speakersByPrefix(typing && first === part ? part : first, LOOKUP_SCAN_MAX);
    if (!part.includes(" ") && typing) return candidates;
    return candidates.filter((identity) =>
      typing ? ` ${identity}`.includes(` ${part}`) : ` ${identity} `.includes(` ${part} `),
    );
  }

  /**
   * Speakers of these identities: primary identity → every identity that makes it up, its own
   * first. A one-word identity joins the full name whose first or last word it is when exactly one
   * full name has it; otherwise it is a speaker of its own.
   */
  private async groups(identities: readonly string[]): Promise<Map<string, string[]>> {
    const single = identities.filter((i) => !i.includes(" "));
    const joins = await this.library.soleOwners(single);
    const primaries = new Set(identities.map((i) => joins.get(i) ?? i));
    const ends = await this.library.soleOwners([...primaries].flatMap(nameEnds));
    return new Map([...primaries].map((p) => [p, [p, ...nameEnds(p).filter((w) => ends.get(w) === p)]]));
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
