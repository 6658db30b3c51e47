// One speaker's turn running over several paragraphs as one quote. News continues a quotation in
// a paragraph of its own ("“Q1,” said S. ¶ “Q2.”"), and a reader (like PolNeAR's annotators) takes
// it as one attribution: the parts become one item spanning them, its text their quoted words.
import type { Quote } from "../types.js";
import type { Attribution } from "./unit.js";

/** At most this many paragraphs in one quote, and this many characters of quoted words, so an item stays bounded. */
const MAX_PARTS = 5;
const MAX_CHARS = 4_000;
/** Between the parts' texts, as between the parts of a split quotation. */
const PART_GAP = " … ";
/** Between the parts' sentences: they come from different paragraphs. */
const PARAGRAPH_GAP = "\n\n";

/**
 * `quotes[i]` is `attributions[i]` made a Quote, both in article order. A quote marked as going on
 * with the one right before it in that order joins it, up to the bounds; others stay as they are.
 */
export function joinContinued(attributions: readonly Attribution[], quotes: readonly Quote[]): Quote[] {
  const groups: number[][] = [];
  let chars = 0;
  attributions.forEach((a, i) => {
    const group = groups[groups.length - 1];
    const length = quotes[i]?.text.length ?? 0;
    const joins =
      group !== undefined &&
      a.continues !== undefined &&
      attributions[group[group.length - 1] ?? -1] === a.continues &&
      group.length < MAX_PARTS &&
      chars + PART_GAP.length + length <= MAX_CHARS;
    if (joins) {
      group.push(i);
      chars += PART_GAP.length + length;
    } else {
      groups.push([i]);
      chars = length;
    }
  });
  return groups.map((group) => joined(group.map((i) => quotes[i] as Quote)));
}

function joined(parts: readonly Quote[]): Quote {
  const first = parts[0] as Quote;
  if (parts.length === 1) return first;
  return {
    ...first,
    text: parts.map((p) => p.text).join(PART_GAP),
    end: (parts[parts.length - 1] as Quote).end,
    sentence: parts.map((p) => p.sentence).join(PARAGRAPH_GAP),
  };
}
