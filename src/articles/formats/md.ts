// `.md` / `.markdown` articles: YAML front matter with the stored-article fields, then a Markdown
// body. ATX `#` headings become headings and blank-line blocks become paragraphs. Inline markup
// (`**bold**`, `[link](url)`) is kept as written: stripping it would break the rule that every
// paragraph is a verbatim slice of the file. Fenced code and thematic breaks are not prose and
// are skipped. Setext underlines are skipped too, so the line above them is judged like any other
// unpunctuated line between paragraphs.
import { parse as parseYaml } from "yaml";
import { type SourceLine, cleanLines, splitLines } from "../clean.js";
import { FormatError, type Parser } from "./format.js";
import { readStoredFields, storedArticle } from "./json.js";
import { errorMessage } from "../../errors.js";

const FRONT_MATTER = /^---[ \t]*\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/;
const ATX_HEADING = /^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^(```|~~~)/;
const THEMATIC_BREAK = /^(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,}|=+)$/;
const HTML_COMMENT = /^<!--.*-->$/;

function readFrontMatter(text: string): { record: Record<string, unknown>; bodyFrom: number } {
  const m = FRONT_MATTER.exec(text);
  if (!m) return { record: {}, bodyFrom: 0 };
  let value: unknown;
  try {
    value = parseYaml(m[1] ?? "");
  } catch (error) {
    const first = errorMessage(error).split("\n")[0];
    throw new FormatError(`invalid front matter (${first})`);
  }
  if (value === null || value === undefined) return { record: {}, bodyFrom: m[0].length };
  if (typeof value !== "object" || Array.isArray(value)) throw new FormatError("front matter is not a set of fields");
  return { record: value as Record<string, unknown>, bodyFrom: m[0].length };
}

/** Body lines with headings marked and non-prose blocks blanked, offsets still into the whole file. */
function markdownLines(text: string, from: number): { lines: SourceLine[]; h1?: string } {
  let fenced = false;
  let h1: string | undefined;
  const lines = splitLines(text, from).map((line) => {
    const blank = { text: "", start: line.start };
    if (FENCE.test(line.text)) {
      fenced = !fenced;
      return blank;
    }
    if (fenced || THEMATIC_BREAK.test(line.text) || HTML_COMMENT.test(line.text)) return blank;
    const heading = ATX_HEADING.exec(line.text);
    const content = heading?.[2];
    if (heading && content) {
      if (heading[1] === "#") h1 ??= content;
      return {
        text: content,
        start: line.start + line.text.indexOf(content, (heading[1] ?? "").length),
        heading: true,
      };
    }
    return heading ? blank : line;
  });
  return h1 === undefined ? { lines } : { lines, h1 };
}

export const parseMarkdown: Parser = ({ text, notAfter }) => {
  const { record, bodyFrom } = readFrontMatter(text);
  const fields = readStoredFields(record);
  const { lines, h1 } = markdownLines(text, bodyFrom);
  const title = fields.title ?? h1;
  if (!title) throw new FormatError(`missing required field "title"`);
  return storedArticle({ ...fields, title }, cleanLines(text, lines, "blocks", { title, notAfter }));
};
