// One unit of attribution and what its stages hand each other: the unit's text and quotations,
// the attributions found in it, and token arithmetic over its words.
import type { QuoteKind } from "../types.js";
import type { Speaker } from "../speakers.js";
import type { Token } from "./grammar.js";
import type { QuoteSpan } from "./marks.js";

/** A sentence, or several joined because a quotation runs across them, inside one paragraph. */
export interface Unit {
  paragraph: number;
  start: number;
  end: number;
  /** Top-level quotations that open inside the unit, in source offsets. */
  quotes: QuoteSpan[];
  /** The paragraph's text and offset, to slice verbatim text. */
  source: { text: string; start: number };
}

export interface Attribution {
  speaker: Speaker;
  kind: QuoteKind;
  start: number;
  end: number;
  unit: Unit;
  /** The unit the attribution last grew into (a continued quotation). */
  lastUnit: Unit;
  /** Attribution words inside [start, end) between two parts of a split quotation: not what was said. */
  gaps?: Array<[number, number]>;
  /** The quote of the paragraph before that this quotation-only paragraph goes on with (quotes/join.ts). */
  continues?: Attribution;
}

/** A token or text with a letter or digit in it: a word, not punctuation. */
export const WORD = /[\p{L}\p{N}]/u;

export const slice = (unit: Unit, start: number, end: number): string =>
  unit.source.text.slice(start - unit.source.start, end - unit.source.start);

export interface UnitResult {
  attributions: Attribution[];
  /** A speaker whose words come next: "Trump said:" or "Lau said in a statement." ending the unit. */
  introduces?: Speaker;
  /** The unit is only a signature ("- Jane Doe.", "Trump said."): the speaker of the quotation right before it. */
  signs?: Speaker;
}

/** Index of the first token at or after `offset`. */
export function tokenAt(tokens: readonly Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((tokens[mid]?.start ?? 0) < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** prefix[i] = words among tokens[0, i): any word count is then a subtraction. */
export function wordPrefix(tokens: readonly Token[]): number[] {
  const prefix = [0];
  let n = 0;
  for (const t of tokens) {
    if (WORD.test(t.text)) n++;
    prefix.push(n);
  }
  return prefix;
}

export function lastWordIndex(tokens: readonly Token[]): number {
  for (let k = tokens.length - 1; k >= 0; k--) if (WORD.test(tokens[k]?.text ?? "")) return k;
  return -1;
}
