// The few quotes worth showing next to a summary. A quote ranks higher when it is direct (the
// speaker's own words), when a named person said it rather than a group, and when it shares
// vocabulary with the story as a whole (central), but lower when the summary already says the same
// thing (redundant) or when its speaker already has a key quote.
import { contentStems } from "./text.js";
import type { Quote } from "./types.js";

const WEIGHTS = { direct: 2, person: 1, centrality: 2, redundancy: 3, repeatSpeaker: 1.5 } as const;
/** Quotes shorter than this many content words say too little to stand alone. */
const MIN_CONTENT_WORDS = 4;

export function keyQuotes(quotes: readonly Quote[], summary: readonly { text: string }[], n = 3): Quote[] {
  if (n <= 0 || quotes.length === 0) return [];
  const stems = quotes.map((q) => new Set(contentStems(q.text)));
  const storyFrequency = new Map<string, number>();
  for (const set of stems) for (const s of set) storyFrequency.set(s, (storyFrequency.get(s) ?? 0) + 1);
  const summaryStems = new Set(summary.flatMap((s) => contentStems(s.text)));

  const candidates = quotes
    .map((quote, i) => {
      const own = stems[i] ?? new Set<string>();
      if (own.size < MIN_CONTENT_WORDS) return undefined;
      let shared = 0;
      let inSummary = 0;
      for (const s of own) {
        if ((storyFrequency.get(s) ?? 0) > 1) shared++;
        if (summaryStems.has(s)) inSummary++;
      }
      const base =
        (quote.kind === "direct" ? WEIGHTS.direct : 0) +
        (quote.speakerType === "person" ? WEIGHTS.person : 0) +
        WEIGHTS.centrality * (shared / own.size) -
        WEIGHTS.redundancy * (inSummary / own.size);
      return { quote, base, index: i };
    })
    .filter((c): c is { quote: Quote; base: number; index: number } => c !== undefined);

  // Greedy: after each pick, a speaker's further quotes count a little less, so that three
  // different voices beat three quotes from one.
  const picked: typeof candidates = [];
  const perSpeaker = new Map<string, number>();
  while (picked.length < n && picked.length < candidates.length) {
    let best: (typeof candidates)[number] | undefined;
    let bestScore = -Infinity;
    for (const c of candidates) {
      if (picked.includes(c)) continue;
      const score = c.base - WEIGHTS.repeatSpeaker * (perSpeaker.get(c.quote.speaker) ?? 0);
      if (score > bestScore) {
        best = c;
        bestScore = score;
      }
    }
    if (!best) break;
    picked.push(best);
    perSpeaker.set(best.quote.speaker, (perSpeaker.get(best.quote.speaker) ?? 0) + 1);
  }
  return picked.sort((a, b) => a.index - b.index).map((c) => c.quote);
}
