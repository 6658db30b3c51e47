// Page furniture inside the article's paragraphs: photo captions glued to the text ("(pictured)",
// "Label: caption" runs after a video prompt), video prompts, and promotion, sign-up and share
// lines. They are cut out of the paragraphs, which split around them, so that no summary, quote or
// headline is made of them. Offsets stay those of the source.
import type { Heading, Paragraph } from "./article.js";

/** Prompts removed on their own: the text after them is the article's again. */
const PROMPT = /\bscroll down for (?:video|more)\b\.?/gi;
/** What marks a promotion or sign-up sentence, which is removed whole. */
const PROMO =
  /\b(?:(?:sportsmail|mailonline|mail online) (?:will|is|are)\b|click here\b|(?:sign up|subscribe) (?:to|for) our\b[^.!?]{0,80}\bnewsletters?\b|share this (?:article|story)\b|follow us on (?:twitter|facebook|instagram|x)\b)/gi;
/**
 * Captions and promotion lines are short: their bounds are looked for this far around what marks
 * them, and a mark with no sentence bound that near is left alone. It also keeps the cost of a
 * paragraph with thousands of marks linear.
 */
const REACH = 300;
/** A caption's position note: "(pictured)", "(left)", "(file photo)". */
const CAPTION_NOTE = String.raw`\((?:pictured|not pictured|pictured left|pictured right|above|below|left|right|centre|center|top|bottom|file photo|file picture|inset)\)`;
export const CAPTION_MARK = new RegExp(CAPTION_NOTE, "i");
const CAPTION_MARK_ALL = new RegExp(CAPTION_NOTE, "gi");
/** A caption label opening a caption: "Controversy: ", "Washed out: ". */
const CAPTION_LABEL = /^\s*\p{Lu}[\p{L}'’-]*(?:\s+[\p{L}'’-]+){0,2}:\s+/u;
/**
 * Where a caption without a full stop runs into the story: a word that ends a caption ("on her
 * face") and a capitalised word that opens a sentence, followed by a lower-case word ("An
 * 86-year-old nun", "The controller"). "told The Guardian" does not match.
 */
const GLUED =
  /(?<=[\p{Ll}\p{N})])\s+(?=(?:The|A|An|He|She|It|They|His|Her|Its|Their|This|These|Police|Officials|But|In|On|At|After|When|With|Last|Now|More)\s+[\p{Ll}\p{N}])/gu;
const SENTENCE_END = /[.!?]["'”’)]*\s+/g;

/** Paragraphs without their furniture, and headings moved to the paragraphs they still introduce. */
export function withoutFurniture(
  paragraphs: readonly Paragraph[],
  headings: readonly Heading[],
): { paragraphs: Paragraph[]; headings: Heading[] } {
  const out: Paragraph[] = [];
  const firstPiece: number[] = [];
  for (const paragraph of paragraphs) {
    firstPiece.push(out.length);
    for (const [from, to] of keptSpans(paragraph.text)) {
      const raw = paragraph.text.slice(from, to);
      const text = raw.trim();
      if (text) out.push({ text, start: paragraph.start + from + (raw.length - raw.trimStart().length) });
    }
  }
  firstPiece.push(out.length);
  return { paragraphs: out, headings: headings.map((h) => ({ ...h, before: firstPiece[h.before] ?? out.length })) };
}

/** [from, to) of the parts of a paragraph that are the article's own text. */
function keptSpans(text: string): Array<[number, number]> {
  const cuts: Array<[number, number]> = [];
  for (const m of text.matchAll(PROMPT)) {
    const end = m.index + m[0].length;
    // A video prompt is usually followed by the caption of the video's still: "Label: caption".
    const label = CAPTION_LABEL.exec(text.slice(end, end + 60));
    cuts.push([m.index, (label && captionEnd(text, end)) ?? end]);
  }
  for (const m of text.matchAll(PROMO)) {
    const from = sentenceStart(text, m.index);
    const to = sentenceEndAfter(text, m.index);
    if (from !== undefined && to !== undefined) cuts.push([from, to]);
  }
  for (const m of text.matchAll(CAPTION_MARK_ALL)) {
    const from = sentenceStart(text, m.index);
    const glued = gluedAfter(text, m.index);
    if (from !== undefined && glued !== undefined) cuts.push([from, glued]);
  }
  return complement(cuts, text.length);
}

/** Where a caption starting at `from` ends: at the story it runs into, or at its own full stop. */
function captionEnd(text: string, from: number): number | undefined {
  return gluedAfter(text, from) ?? sentenceEndAfter(text, from);
}

/** The first glued junction after `from` and before its sentence ends, within REACH. */
function gluedAfter(text: string, from: number): number | undefined {
  const window = text.slice(from, from + REACH);
  const end = sentenceEndIn(window) ?? window.length;
  GLUED.lastIndex = 0;
  const m = GLUED.exec(window.slice(0, end));
  return m ? from + m.index : undefined;
}

/** Just after the end of the sentence holding `from`, within REACH (or the paragraph's end). */
function sentenceEndAfter(text: string, from: number): number | undefined {
  const window = text.slice(from, from + REACH);
  const end = sentenceEndIn(window);
  if (end !== undefined) return from + end;
  return from + window.length === text.length ? text.length : undefined;
}

function sentenceEndIn(window: string): number | undefined {
  SENTENCE_END.lastIndex = 0;
  const m = SENTENCE_END.exec(window);
  return m ? m.index + m[0].length : undefined;
}

/** Start of the sentence holding `at`: just after the last sentence end before it, within REACH. */
function sentenceStart(text: string, at: number): number | undefined {
  const from = Math.max(0, at - REACH);
  let start: number | undefined = from === 0 ? 0 : undefined;
  SENTENCE_END.lastIndex = 0;
  const window = text.slice(from, at);
  for (let m = SENTENCE_END.exec(window); m; m = SENTENCE_END.exec(window)) start = from + m.index + m[0].length;
  return start;
}

/** The parts of [0, length) outside the (possibly overlapping) cuts. */
function complement(cuts: Array<[number, number]>, length: number): Array<[number, number]> {
  const kept: Array<[number, number]> = [];
  let at = 0;
  for (const [from, to] of [...cuts].sort((a, b) => a[0] - b[0])) {
    if (from > at) kept.push([at, from]);
    at = Math.max(at, to);
  }
  if (at < length) kept.push([at, length]);
  return kept;
}
