// The analysis layer's vocabulary. Analysis is pure: text in, these values out.
import type { Heading, Paragraph } from "../articles/article.js";

/** What the analysis needs from an article: its body paragraphs (with source offsets) and headings. */
export interface AnalysisInput {
  title?: string;
  paragraphs: readonly Paragraph[];
  headings?: readonly Heading[];
}

/** A verbatim sentence of the body. `start`/`end` are offsets into the same source as the paragraphs. */
export interface Sentence {
  text: string;
  start: number;
  end: number;
  /** Index of the paragraph it belongs to. */
  paragraph: number;
  /** Position in the article, 0-based, over all sentences. */
  index: number;
}

export type QuoteKind = "direct" | "reported";
export type SpeakerType = "person" | "group";

/** One attribution: who said what. `start`/`end` point at the quoted content in the source text. */
export interface Quote {
  /** The resolved, canonical speaker ("Scott Bessent"), even when the sentence says "he". */
  speaker: string;
  /** "U.S. Treasury Secretary", when the article gives one. */
  role?: string;
  speakerType: SpeakerType;
  kind: QuoteKind;
  /**
   * The content, verbatim from the source, without enclosing quotation marks. The parts of a split
   * quotation, or of one running over several paragraphs, are joined by " … ".
   */
  text: string;
  start: number;
  end: number;
  /** The sentence (or sentences) the attribution was found in, verbatim; those of different paragraphs joined by a blank line. */
  sentence: string;
}
