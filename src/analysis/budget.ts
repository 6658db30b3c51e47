// How much of an article the analysis reads. Summaries, quotes and speakers come from the body's
// first ANALYSIS_MAX_CHARS characters, so that one stored file, however long or strange, costs a
// bounded amount of time and memory; the search index still covers the whole text.
import type { AnalysisInput } from "./types.js";

/**
 * About 30,000 words: several times the longest features, so real articles are read whole, while a
 * 2 MB page of prose, initials or quotation marks stays well inside a second of analysis.
 */
export const ANALYSIS_MAX_CHARS = 200_000;

/**
 * The input cut to the budget: whole paragraphs while they fit, then the one that straddles the
 * limit, up to the last whitespace before it. Offsets stay those of the source.
 */
export function analysedPart(input: AnalysisInput, maxChars = ANALYSIS_MAX_CHARS): AnalysisInput {
  let left = maxChars;
  const paragraphs: AnalysisInput["paragraphs"][number][] = [];
  for (const paragraph of input.paragraphs) {
    if (paragraph.text.length <= left) {
      paragraphs.push(paragraph);
      left -= paragraph.text.length;
      continue;
    }
    const space = paragraph.text.slice(0, left + 1).search(/\s\S*$/);
    // A page that is one long word is cut inside it; elsewhere a word is never cut in two.
    const text = paragraph.text.slice(0, space > 0 ? space : paragraphs.length === 0 ? left : 0).trimEnd();
    if (text) paragraphs.push({ ...paragraph, text });
    return { ...input, paragraphs };
  }
  return input;
}
