// Hostile article shapes for the worst-case benchmark and the growth test: texts of a requested size
// that stress one part of the analysis each (the splitter, the quotation pairer, the ranker, the
// tokenizer). Deterministic, invented text only.
import { random, syntheticArticle } from "./synthetic.js";

/** `unit(i)` repeated until the text is `bytes` long (UTF-16 units; these shapes are mostly ASCII). */
function fill(bytes: number, unit: (i: number) => string): string {
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < bytes; i++) {
    const part = unit(i);
    parts.push(part);
    length += part.length;
  }
  return parts.join("").slice(0, bytes);
}

const PUNCTUATION = ".,;:!?\"'“”‘’()[]-—… \n";

/** Each shape's body text of about `bytes` characters, after a one-line headline. */
export const SHAPES: Record<string, (bytes: number) => string> = {
  prose: (bytes) => fill(bytes, (i) => `${syntheticArticle(i).body}\n\n`),
  "one paragraph": (bytes) => fill(bytes, (i) => `${syntheticArticle(i).body.replace(/\s+/g, " ")} `),
  "A. repeated": (bytes) => fill(bytes, () => "A. "),
  "... repeated": (bytes) => fill(bytes, () => "..."),
  "word... repeated": (bytes) => fill(bytes, (i) => `Word${i % 7}... `),
  "quote marks": (bytes) => fill(bytes, (i) => (i % 2 ? `He said “no` : `" `)),
  "bare quote marks": (bytes) => fill(bytes, () => `"`),
  "one long word": (bytes) => `${fill(bytes - 1, (i) => "supercalifragilistic"[i % 20]!)}.`,
  "many names": (bytes) => {
    const r = random(bytes);
    const name = () => `${String.fromCharCode(65 + Math.floor(r() * 26))}${Math.floor(r() * 1e6).toString(36)}`;
    return fill(
      bytes,
      (i) => `${name()} ${name()} Smith said that it rained. He said “so it did.” ${i % 3 ? "" : "\n\n"}`,
    );
  },
  "random punctuation": (bytes) => {
    const r = random(bytes);
    return fill(bytes, () =>
      r() < 0.5 ? PUNCTUATION[Math.floor(r() * PUNCTUATION.length)]! : r() < 0.5 ? "A" : "word",
    );
  },
};

/** A whole page of the shape, as a stored .txt article would hold it. */
export function hostilePage(shape: string, bytes: number): string {
  const body = SHAPES[shape];
  if (!body) throw new Error(`unknown shape: ${shape}`);
  return `Hostile ${shape} headline\n\n${body(bytes)}\n`;
}
