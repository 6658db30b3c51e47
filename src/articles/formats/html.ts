// `.html` / `.htm` articles: a saved web page. Readability (over jsdom) finds the story and reads
// the page's metadata (JSON-LD NewsArticle first, then og:title, article:published_time,
// og:site_name and author <meta>); the lead image comes from og:image or twitter:image. The story's blocks become an "extracted text", one block per
// line and a blank line between blocks, which then goes through the same furniture rules as any
// stored body; paragraph offsets point into that extracted text. h1–h6 become headings; the one
// that repeats the page's title is taken as the headline instead.
import { Readability } from "@mozilla/readability";
import { JSDOM, VirtualConsole } from "jsdom";
import { isWebUrl } from "../article.js";
import { type SourceLine, cleanLines, splitLines } from "../clean.js";
import { imageUrl } from "../article.js";
import { normalizePublishedAt, parseByline } from "../metadata.js";
import { FormatError, type Parser, type ParsedArticle, titleFromStem } from "./format.js";

const HEADINGS = new Set(["h1", "h2", "h3", "h4", "h5", "h6"]);
const INLINE = new Set(
  "a abbr b bdi bdo br cite code data del dfn em font i ins kbd label mark q s samp small span strong sub sup time u var wbr".split(
    " ",
  ),
);
// Elements whose text is never story prose, even inside the story's container.
const SKIP = new Set(
  "script style noscript template svg figure figcaption nav aside form button select input textarea iframe".split(" "),
);

interface Block {
  text: string;
  heading: boolean;
}

function squash(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** The element's text, with `<br>` as a space so that lines do not glue together. */
function textOf(node: Node): string {
  if (node.nodeType === node.TEXT_NODE) return node.textContent ?? "";
  if (node.nodeType !== node.ELEMENT_NODE) return "";
  const element = node as Element;
  const tag = element.tagName.toLowerCase();
  if (tag === "br") return " ";
  if (SKIP.has(tag)) return "";
  return Array.from(element.childNodes, textOf).join("");
}

/** Flattens a container into blocks: inline runs and leaf blocks become paragraphs, headings stay headings. */
function collectBlocks(container: Element, blocks: Block[]): void {
  let inline = "";
  const flush = () => {
    const text = squash(inline);
    if (text) blocks.push({ text, heading: false });
    inline = "";
  };
  for (const child of Array.from(container.childNodes)) {
    if (child.nodeType === child.TEXT_NODE) {
      inline += child.textContent ?? "";
      continue;
    }
    if (child.nodeType !== child.ELEMENT_NODE) continue;
    const element = child as Element;
    const tag = element.tagName.toLowerCase();
    if (SKIP.has(tag)) continue;
    if (INLINE.has(tag)) {
      inline += textOf(element);
      continue;
    }
    flush();
    if (HEADINGS.has(tag)) {
      const text = squash(textOf(element));
      if (text) blocks.push({ text, heading: true });
    } else if (tag === "p" || tag === "pre") {
      const text = squash(textOf(element));
      if (text) blocks.push({ text, heading: false });
    } else {
      collectBlocks(element, blocks);
    }
  }
  flush();
}

function canonicalUrl(document: Document): string | undefined {
  const candidates = [
    document.querySelector('link[rel="canonical"]')?.getAttribute("href"),
    document.querySelector('meta[property="og:url"]')?.getAttribute("content"),
  ];
  return candidates.map((c) => c?.trim()).find((c): c is string => !!c && isWebUrl(c));
}

/** The page's lead image as Open Graph or Twitter cards declare it; a relative URL is resolved against the page's URL. */
const IMAGE_META = [
  'meta[property="og:image:secure_url"]',
  'meta[property="og:image:url"]',
  'meta[property="og:image"]',
  'meta[name="twitter:image"]',
  'meta[name="twitter:image:src"]',
  'meta[property="twitter:image"]',
];

function leadImage(document: Document, pageUrl: string | undefined): string | undefined {
  for (const selector of IMAGE_META) {
    const image = imageUrl(document.querySelector(selector)?.getAttribute("content") ?? undefined, pageUrl);
    if (image) return image;
  }
  return undefined;
}

/** The story of a page as plain text (one block per line), with what Readability read about it. */
export interface ExtractedPage {
  /** The extracted text every paragraph offset points into. */
  text: string;
  lines: SourceLine[];
  title?: string;
  url?: string;
  image?: string;
  siteName?: string;
  byline?: string;
  publishedTime?: string;
}

// Building a jsdom window costs tens of milliseconds; one shared window's DOMParser parses each
// page into a fresh, script-free Document for a fraction of that.
let parser: DOMParser | undefined;

function parseDocument(html: string): Document {
  // jsdom reports stylesheets it cannot parse on the console by default; saved pages are full of them.
  parser ??= new new JSDOM("", { virtualConsole: new VirtualConsole() }).window.DOMParser();
  return parser.parseFromString(html, "text/html");
}

export function extractHtml(html: string): ExtractedPage {
  const document = parseDocument(html);
  const url = canonicalUrl(document);
  const image = leadImage(document, url);
  // Readability rewrites the document, so the URL and image are read first; the serializer hands back the
  // story's element instead of an HTML string that would have to be parsed again.
  const story = new Readability<Element>(document, { serializer: (node) => node as Element }).parse();
  const blocks: Block[] = [];
  const root = story?.content ?? document.body;
  if (root) collectBlocks(root, blocks);
  if (blocks.length === 0) throw new FormatError("no article text found in the page");

  const text = blocks.map((b) => b.text).join("\n\n");
  const lines = splitLines(text);
  let block = 0;
  for (const line of lines) {
    if (line.text === "") continue;
    if (blocks[block]?.heading) line.heading = true;
    block++;
  }
  const page: ExtractedPage = { text, lines };
  const title = squash(story?.title ?? "") || squash(document.title);
  if (title) page.title = title;
  if (url) page.url = url;
  if (image) page.image = image;
  const siteName = squash(story?.siteName ?? "");
  if (siteName) page.siteName = siteName;
  const byline = squash(story?.byline ?? "");
  if (byline) page.byline = byline;
  if (story?.publishedTime) page.publishedTime = story.publishedTime;
  return page;
}

export const parseHtml: Parser = ({ text: html, stem, notAfter }) => {
  const page = extractHtml(html);
  const title = page.title ?? titleFromStem(stem);
  const cleaned = cleanLines(page.text, page.lines, "blocks", { title, notAfter });
  if (cleaned.paragraphs.length === 0) throw new FormatError("no article text found in the page");
  const article: ParsedArticle = { ...cleaned, title };
  if (page.url) article.url = page.url;
  if (page.image) article.image = page.image;
  if (page.siteName) article.source = page.siteName;
  if (page.byline) article.author = parseByline(page.byline) ?? page.byline;
  const published = page.publishedTime === undefined ? undefined : normalizePublishedAt(page.publishedTime);
  if (published) article.publishedAt = published;
  return article;
};
