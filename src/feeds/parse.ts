// Feed documents → items: RSS 2.0 (and 0.9x), RSS 1.0 (RDF) and Atom, read with fast-xml-parser
// and mapped field by field. Nothing here does I/O; the result is either the feed or the reason it
// is not one (an HTML page, broken XML, some other XML document).
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { imageUrl } from "../articles/article.js";

export type FeedFormat = "rss" | "rdf" | "atom";

export interface FeedItem {
  guid?: string;
  /** Absolute URL of the item's page. */
  link?: string;
  title?: string;
  /** ISO 8601. */
  publishedAt?: string;
  author?: string;
  /** The item's full content as HTML (content:encoded, Atom <content>), when the feed carries it. */
  contentHtml?: string;
  /** The short description as HTML (RSS <description>, Atom <summary>). */
  summaryHtml?: string;
  /** The item's picture (media:thumbnail, media:content, an image enclosure), an http(s) URL. */
  image?: string;
}

export interface ParsedFeed {
  format: FeedFormat;
  title?: string;
  items: FeedItem[];
}

/** `html` marks a web page, where the caller may look for the feed the page advertises. */
export type ParseResult = { ok: true; feed: ParsedFeed } | { ok: false; reason: string; html?: true };

const HTML_PAGE = { ok: false, reason: "the response is an HTML page, not a feed", html: true } as const;

type XmlNode = Record<string, unknown>;

// Atom's <content> and <summary> may hold XHTML elements, so they are kept as raw markup and
// decoded by atomHtml() according to their type; everything else is parsed normally.
const ATOM_RAW = ["feed.entry.content", "feed.entry.summary"];

/** Elements a feed may repeat, read as lists even when there is one. */
const ARRAYS = new Set([
  "item",
  "entry",
  "link",
  "author",
  "enclosure",
  "media:content",
  "media:thumbnail",
  "media:group",
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // Publishers put HTML entities (&nbsp;, &hellip;, &copy;) into feeds without declaring them;
  // decode the common ones rather than fail.
  htmlEntities: true,
  stopNodes: ATOM_RAW,
  isArray: (name) => ARRAYS.has(name),
});

// Decodes one raw Atom text construct (entities, CDATA) into a string.
const textParser = new XMLParser({ parseTagValue: false, trimValues: false, htmlEntities: true });

export function parseFeed(text: string, baseUrl: string): ParseResult {
  if (looksLikeHtml(text)) return HTML_PAGE;
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    return { ok: false, reason: `broken XML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}` };
  }
  let doc: unknown;
  try {
    doc = parser.parse(text);
  } catch (error) {
    return { ok: false, reason: `broken XML: ${(error as Error).message}` };
  }
  if (!isNode(doc)) return { ok: false, reason: "the response is empty" };
  const root = Object.keys(doc).find((k) => !k.startsWith("?") && !k.startsWith("#"));
  const top = root === undefined ? undefined : doc[root];
  switch (root) {
    case "rss":
      return { ok: true, feed: rss(node(node(top).channel), baseUrl) };
    case "rdf:RDF":
      return { ok: true, feed: rdf(node(top), baseUrl) };
    case "feed":
      return { ok: true, feed: atom(node(top), baseUrl) };
    case "html":
      return HTML_PAGE;
    default:
      return {
        ok: false,
        reason: `not a feed: the document is <${root ?? "nothing"}>, not <rss>, <rdf:RDF> or <feed>`,
      };
  }
}

/** HTML pages rarely survive the XML validator, so they are recognised before it runs. */
function looksLikeHtml(text: string): boolean {
  const head = text
    .slice(0, 1024)
    .replace(/^\uFEFF/, "")
    .trimStart()
    .toLowerCase();
  return head.startsWith("<!doctype html") || head.startsWith("<html");
}

function rss(channel: XmlNode, baseUrl: string): ParsedFeed {
  return { format: "rss", title: text(channel.title), items: list(channel.item).map((i) => rssItem(node(i), baseUrl)) };
}

/** RSS 1.0: the items are siblings of <channel>, and each is identified by rdf:about. */
function rdf(root: XmlNode, baseUrl: string): ParsedFeed {
  return {
    format: "rdf",
    title: text(node(root.channel).title),
    items: list(root.item).map((i) => {
      const item = node(i);
      return { ...rssItem(item, baseUrl), guid: text(item["@_rdf:about"]) };
    }),
  };
}

function rssItem(item: XmlNode, baseUrl: string): FeedItem {
  const guidNode = item.guid;
  const guid = text(guidNode);
  // RSS 2.0: a guid is a permalink unless it says isPermaLink="false".
  const guidIsLink =
    guid !== undefined && isNode(guidNode) ? guidNode["@_isPermaLink"] !== "false" : guid !== undefined;
  // A guid is a link only when it is a whole http(s) URL; read against the feed's address, "tag:…" or
  // "12345" would become a page on the feed's host that the item never named.
  const link =
    absolute(
      list(item.link)
        .map(text)
        .find((l) => l !== undefined),
      baseUrl,
    ) ?? (guidIsLink && isAbsolute(guid) ? absolute(guid, baseUrl) : undefined);
  return {
    guid,
    link,
    title: text(item.title),
    publishedAt: isoDate(text(item.pubDate) ?? text(item["dc:date"])),
    author:
      rssAuthor(
        list(item.author)
          .map(text)
          .find((a) => a !== undefined),
      ) ?? text(item["dc:creator"]),
    contentHtml: text(item["content:encoded"]),
    summaryHtml: text(item.description),
    image: itemImage(item, list(item.enclosure), baseUrl),
  };
}

/**
 * The item's picture: Media RSS (media:thumbnail, then media:content that is an image, also inside
 * media:group), else an enclosure typed as an image. Podcasts' audio enclosures are not pictures.
 */
function itemImage(item: XmlNode, enclosures: unknown[], baseUrl: string): string | undefined {
  const groups = [item, ...list(item["media:group"]).map(node)];
  const thumbnails = groups.flatMap((g) => list(g["media:thumbnail"]).map(node));
  const contents = groups
    .flatMap((g) => list(g["media:content"]).map(node))
    .filter((c) => isImage(c["@_medium"], c["@_type"]));
  const images = enclosures.map(node).filter((e) => typeof e["@_type"] === "string" && isImage(undefined, e["@_type"]));
  const urls = [...thumbnails, ...contents].map((m) => m["@_url"]).concat(images.map((e) => e["@_url"] ?? e["@_href"]));
  for (const url of urls) {
    const image = typeof url === "string" ? imageUrl(url, baseUrl) : undefined;
    if (image) return image;
  }
  return undefined;
}

/** Media RSS's medium, else the MIME type; media:content with neither is taken as a picture, its usual use. */
function isImage(medium: unknown, type: unknown): boolean {
  if (typeof medium === "string") return medium === "image";
  if (typeof type === "string") return type.toLowerCase().startsWith("image/");
  return true;
}

/** RSS <author> is an e-mail address, often with the name in brackets: "desk@example.com (Ana Ruiz)". */
function rssAuthor(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const open = value.lastIndexOf("(");
  return open > 0 && value.endsWith(")") ? value.slice(open + 1, -1).trim() || value : value;
}

function atom(feed: XmlNode, baseUrl: string): ParsedFeed {
  const feedAuthor = atomAuthor(feed.author);
  return {
    format: "atom",
    title: text(feed.title),
    items: list(feed.entry).map((e) => {
      const entry = node(e);
      return {
        guid: text(entry.id),
        link: absolute(atomLink(entry.link), baseUrl),
        title: text(entry.title),
        publishedAt: isoDate(text(entry.published) ?? text(entry.updated)),
        author: atomAuthor(entry.author) ?? feedAuthor,
        contentHtml: atomHtml(entry.content),
        summaryHtml: atomHtml(entry.summary),
        image: itemImage(
          entry,
          list(entry.link).filter((l) => node(l)["@_rel"] === "enclosure"),
          baseUrl,
        ),
      };
    }),
  };
}

/** The entry's page: rel="alternate" (the default rel), preferring an HTML type. */
function atomLink(links: unknown): string | undefined {
  const alternates = list(links)
    .map(node)
    .filter((l) => l["@_rel"] === undefined || l["@_rel"] === "alternate");
  const html = alternates.find((l) => l["@_type"] === undefined || l["@_type"] === "text/html") ?? alternates[0];
  return html === undefined ? undefined : text(html["@_href"]);
}

function atomAuthor(authors: unknown): string | undefined {
  const names = list(authors)
    .map((a) => text(node(a).name))
    .filter((n): n is string => n !== undefined);
  return names.length > 0 ? names.join(", ") : undefined;
}

/** An Atom text construct as HTML: type "xhtml" is markup already, "html" is escaped markup, "text" is plain. */
function atomHtml(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const raw = typeof value === "string" ? value : text(node(value)["#text"]);
  if (raw === undefined) return undefined;
  const type = isNode(value) ? value["@_type"] : undefined;
  if (type === "xhtml") return raw;
  const decoded: unknown = textParser.parse(`<x>${raw}</x>`).x;
  // Unescaped elements inside type="html" content: the raw markup is the HTML.
  if (typeof decoded !== "string") return raw;
  if (type === "html" || type === "text/html") return decoded.trim() || undefined;
  return escapeText(decoded);
}

function escapeText(plain: string): string | undefined {
  const blocks = plain
    .split(/\n\s*\n/)
    .map((b) => b.trim())
    .filter((b) => b !== "");
  if (blocks.length === 0) return undefined;
  return blocks.map((b) => `<p>${escapeHtml(b)}</p>`).join("\n");
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function isoDate(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

function isAbsolute(url: string | undefined): boolean {
  return url !== undefined && URL.canParse(url);
}

/** The http(s) URL `url` names (relative to `base`); undefined for javascript:, file:, data: and the like. */
function absolute(url: string | undefined, base: string): string | undefined {
  if (url === undefined || !URL.canParse(url, base)) return undefined;
  const resolved = new URL(url, base);
  return resolved.protocol === "http:" || resolved.protocol === "https:" ? resolved.href : undefined;
}

function isNode(value: unknown): value is XmlNode {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function node(value: unknown): XmlNode {
  return isNode(value) ? value : {};
}

function list(value: unknown): unknown[] {
  if (value === undefined || value === "") return [];
  return Array.isArray(value) ? value : [value];
}

/** The text of an element: its string, or the #text of an element with attributes. */
function text(value: unknown): string | undefined {
  if (typeof value === "string") return value.trim() || undefined;
  if (isNode(value)) return text(value["#text"]);
  return undefined;
}
