// Finding text in an article by source offset. Paragraphs carry their offset into the decoded
// source, and every sentence and quote points into the same source, so a text can be taken back
// out of the paragraph that holds it (as a slice, which shares that paragraph's memory).
import type { Paragraph } from "./article.js";

/** The paragraph holding source offset `offset`, by binary search (paragraphs are in source order). */
export function paragraphAt(paragraphs: readonly Paragraph[], offset: number): Paragraph | undefined {
  let lo = 0;
  let hi = paragraphs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (paragraphs[mid]!.start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return paragraphs[lo];
}

/** The source text at [start, end) when one paragraph holds all of it. */
export function sourceSlice(paragraphs: readonly Paragraph[], start: number, end: number): string | undefined {
  const p = paragraphAt(paragraphs, start);
  if (!p || start < p.start || end < start || end > p.start + p.text.length) return undefined;
  return p.text.slice(start - p.start, end - p.start);
}
