// Word-level text helpers shared by the analysis modules: tokens, Porter stems and stopwords.
// natural is loaded through its submodules only: its root entry prints to stdout and loads
// large databases, and the analysis layer needs nothing but the stemmer and the stopword list.
import { createRequire } from "node:module";
import type { Stemmer } from "natural/lib/natural/stemmers/index.js";

// The submodules ship no type declarations of their own, so they are loaded with require and
// typed by the declarations natural publishes for its stemmer index.
const require = createRequire(import.meta.url);
const porter = require("natural/lib/natural/stemmers/porter_stemmer.js") as Stemmer;
const naturalStopwords = require("natural/lib/natural/util/stopwords.js") as { words: readonly string[] };

/** Words of news prose that carry no topic: natural's English list plus reporting verbs and titles. */
const STOPWORDS: ReadonlySet<string> = new Set([...naturalStopwords.words, "says", "told", "mr", "mrs", "ms"]);

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/** Lower-cased word tokens; apostrophes inside a word ("don't", "Xi's") stay with it. */
export function tokenize(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []).map((w) => w.replace(/’/g, "'"));
}

/** JavaScript's \s: the space characters that separate words. */
function isSpace(c: number): boolean {
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    (c > 0x7f &&
      (c === 0xa0 ||
        c === 0x1680 ||
        (c >= 0x2000 && c <= 0x200a) ||
        c === 0x2028 ||
        c === 0x2029 ||
        c === 0x202f ||
        c === 0x205f ||
        c === 0x3000 ||
        c === 0xfeff))
  );
}

/** How many runs of non-space characters `text` holds; counted in place, as summaries count every sentence often. */
export function wordCount(text: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = isSpace(text.charCodeAt(i));
    if (!space && !inWord) count++;
    inWord = !space;
  }
  return count;
}

// The Porter stemmer is regex-heavy and news vocabulary repeats, so what each distinct token
// comes to (its stem, or nothing for a stopword) is cached: tokenising then costs one regex pass and
// a map lookup per word. Clearing the cache wholesale when full keeps memory flat without bookkeeping.
const CACHE_MAX = 50_000;
/**
 * Longer tokens are not words (a pasted hash, a run of letters without spaces) and are dropped: the
 * stemmer's regexes would cost far more than their length on them, and nothing searches for them.
 */
const MAX_TOKEN = 40;
/** Raw lower-case token → its content stem, or null when it carries no content. */
const contentCache = new Map<string, string | null>();

/** Porter stem of a lower-case token; a possessive "'s" is dropped first. */
function stem(token: string): string {
  return porter.stem(token.endsWith("'s") ? token.slice(0, -2) : token);
}

/** The stems of the words that carry content: stopwords and one-character tokens are dropped. */
export function contentStems(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.toLowerCase().match(WORD) ?? []) {
    let stemmed = contentCache.get(raw);
    if (stemmed === undefined) {
      const token = raw.replace(/’/g, "'");
      stemmed = token.length < 2 || token.length > MAX_TOKEN || STOPWORDS.has(token) ? null : stem(token);
      if (contentCache.size >= CACHE_MAX) contentCache.clear();
      contentCache.set(raw, stemmed);
    }
    if (stemmed !== null) out.push(stemmed);
  }
  return out;
}
