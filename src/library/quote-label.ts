// How a quote is labelled wherever it is shown (terminal or Discord): the speaker with the role
// the article gave them, and the content without the comma that led back into the sentence.
import type { Quote } from "../analysis/types.js";

/** "Scott Bessent, U.S. Treasury Secretary", or just the name when no role is known. */
export function speakerLabel(quote: Pick<Quote, "speaker" | "role">): string {
  return quote.role ? `${quote.speaker}, ${quote.role}` : quote.speaker;
}

/** The quoted words as they read on their own: “…interests,” he said → “…interests”. */
export function quoteContent(quote: Pick<Quote, "text">): string {
  return quote.text.trim().replace(/[,;:]$/, "");
}
