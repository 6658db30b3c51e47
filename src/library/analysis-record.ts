// The compact form of an Analysis that crosses thread boundaries and is stored in the cache. It
// leaves out every text that is the article's own source at the item's offsets (summary sentences,
// quote contents, the sentences quotes came from); they are sliced back out of the article's
// paragraphs when the record is opened. So a worker's answer and a cache record are about half the
// size, the main thread never holds copies of article text, and the slices share the paragraphs'
// memory. A text that is not such a slice (none is expected) travels whole. A record also keeps the
// shape of the paragraphs it was made from, so one made before the article's extraction changed
// (same file, so same cache key) is refused instead of slicing the wrong text.
import { z } from "zod";
import type { Paragraph } from "../articles/article.js";
import { paragraphAt, sourceSlice } from "../articles/source-offsets.js";
import type { Quote, Sentence } from "../analysis/types.js";
import type { Analysis } from "./briefing.js";

const sentenceRecord = z.object({
  start: z.number(),
  end: z.number(),
  paragraph: z.number(),
  index: z.number(),
  text: z.string().optional(),
});
const quoteRecord = z.object({
  speaker: z.string(),
  role: z.string().optional(),
  speakerType: z.enum(["person", "group"]),
  kind: z.enum(["direct", "reported"]),
  start: z.number(),
  end: z.number(),
  text: z.string().optional(),
  /** Where the quote's sentence lies in the source, when it is a slice of it; else `sentence`. */
  sentenceStart: z.number().optional(),
  sentenceEnd: z.number().optional(),
  sentence: z.string().optional(),
});
export const analysisRecordSchema = z.object({
  /** How many paragraphs, and characters in them, the offsets were taken from. */
  paragraphs: z.number().int().nonnegative(),
  chars: z.number().int().nonnegative(),
  ranked: z.array(sentenceRecord),
  quotes: z.array(quoteRecord),
  keyQuotes: z.array(z.number().int().nonnegative()),
});
export type AnalysisRecord = z.infer<typeof analysisRecordSchema>;

export function toRecord(analysis: Analysis, paragraphs: readonly Paragraph[]): AnalysisRecord {
  const omitted = (start: number, end: number, text: string) =>
    sourceSlice(paragraphs, start, end) === text ? undefined : text;
  return {
    paragraphs: paragraphs.length,
    chars: totalChars(paragraphs),
    ranked: analysis.ranked.map((s) => ({ ...s, text: omitted(s.start, s.end, s.text) })),
    quotes: analysis.quotes.map(({ sentence, ...quote }) => {
      const sentenceStart = sentenceOffset(paragraphs, quote.start, sentence);
      return {
        ...quote,
        text: omitted(quote.start, quote.end, quote.text),
        ...(sentenceStart === undefined
          ? { sentence }
          : { sentenceStart, sentenceEnd: sentenceStart + sentence.length }),
      };
    }),
    keyQuotes: analysis.keyQuotes,
  };
}

/**
 * The analysis a record stands for; undefined when a left-out text is not in these paragraphs.
 * Objects are built as literals of one shape: objects made by rest/spread of records can end up in
 * V8's dictionary mode, which cost 40 MB more over 10,000 articles.
 */
export function fromRecord(record: AnalysisRecord, paragraphs: readonly Paragraph[]): Analysis | undefined {
  if (record.paragraphs !== paragraphs.length || record.chars !== totalChars(paragraphs)) return undefined;
  const ranked: Sentence[] = [];
  for (const s of record.ranked) {
    const text = s.text ?? sourceSlice(paragraphs, s.start, s.end);
    if (text === undefined) return undefined;
    ranked.push({ text, start: s.start, end: s.end, paragraph: s.paragraph, index: s.index });
  }
  const quotes: Quote[] = [];
  for (const q of record.quotes) {
    const text = q.text ?? sourceSlice(paragraphs, q.start, q.end);
    const sentence =
      q.sentence ??
      (q.sentenceStart === undefined || q.sentenceEnd === undefined
        ? undefined
        : sourceSlice(paragraphs, q.sentenceStart, q.sentenceEnd));
    if (text === undefined || sentence === undefined) return undefined;
    const quote: Quote = {
      speaker: q.speaker,
      speakerType: q.speakerType,
      kind: q.kind,
      text,
      start: q.start,
      end: q.end,
      sentence,
    };
    if (q.role !== undefined) quote.role = q.role;
    quotes.push(quote);
  }
  return { ranked, quotes, keyQuotes: record.keyQuotes };
}

function totalChars(paragraphs: readonly Paragraph[]): number {
  let total = 0;
  for (const p of paragraphs) total += p.text.length;
  return total;
}

/** Where a quote's sentence starts in the source: it holds the quote, so it starts at most its own length before it. */
function sentenceOffset(paragraphs: readonly Paragraph[], quoteStart: number, sentence: string): number | undefined {
  const p = paragraphAt(paragraphs, quoteStart);
  if (!p) return undefined;
  const at = p.text.indexOf(sentence, Math.max(0, quoteStart - sentence.length - p.start));
  return at === -1 ? undefined : p.start + at;
}
