// Project data → Discord embeds. Article text is untrusted: it is markdown-escaped here, and the
// router passes every message through fitMessage, so what a publisher wrote can neither break the
// layout nor push a reply over Discord's limits. Pure functions over plain data.
import type { APIEmbed } from "discord.js";
import type { Article } from "../articles/article.js";
import type { Quote, Sentence } from "../analysis/types.js";
import { LIMITS, truncate, type OutgoingMessage } from "./limits.js";
import type { Headline } from "../library/headline.js";
import { quoteContent, speakerLabel } from "../library/quote-label.js";

/** Newsroom blue, so every briefing embed looks like it belongs to the same bot. */
const COLOR = 0x2b6cb0;
const KEY_QUOTES_SHOWN = 3;
/** One quote line may not crowd out the rest of a page. */
const LINE_MAX = 1000;
/** A follow-up message or two is useful; a wall of them is spam. */
const MAX_MESSAGES_PER_REPLY = 3;

/**
 * Makes untrusted text inert: no bold, no disguised [masked](links), no <@mention> or <t:…> tags,
 * and no line breaks (so no headings, lists or block quotes either). Linear time, unlike
 * discord.js's escapeMarkdown, which took a second on one 25 000-character paragraph.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/\s+/g, " ").replace(/[\\*_~`|[\]<>]/g, "\\$&");
}

/** One formatter for every date: `toLocaleDateString` with options builds a new one per call (tens of µs). */
const DATE_FORMAT = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});

/** "26 Oct 2025" for ISO dates, the raw value when it does not parse. */
export function formatDate(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return DATE_FORMAT.format(date);
}

/**
 * The embed's timestamp (Discord shows it in each reader's time zone): a publication time, never a
 * date-only value, which would be shown as midnight UTC and so, west of Greenwich, as the day before.
 */
export function embedTimestamp(publishedAt: string | undefined): string | undefined {
  if (!publishedAt?.includes("T")) return undefined;
  const time = Date.parse(publishedAt);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

function byline(article: Pick<Article, "source" | "publishedAt">): string | undefined {
  const parts = [article.source, formatDate(article.publishedAt)].filter((p): p is string => Boolean(p));
  return parts.length > 0 ? parts.join(" · ") : undefined;
}

/** Direct quotes in quotation marks; reported speech marked as such, since it is not verbatim. */
function quoted(quote: Pick<Quote, "text" | "kind">): string {
  const text = escapeMarkdown(quoteContent(quote));
  return quote.kind === "direct" ? `“${text}”` : `(reported) ${text}`;
}

export function briefingEmbed(
  article: Article,
  summary: readonly Sentence[],
  keyQuotes: readonly Quote[],
  length: string,
): APIEmbed {
  const by = byline(article);
  const timestamp = embedTimestamp(article.publishedAt);
  return {
    color: COLOR,
    title: article.title,
    ...(article.url ? { url: article.url } : {}),
    ...(by ? { author: { name: by } } : {}),
    ...(article.image ? { image: { url: article.image } } : {}),
    ...(timestamp ? { timestamp } : {}),
    description:
      summary.length > 0
        ? summary.map((s) => `• ${escapeMarkdown(s.text)}`).join("\n")
        : "_No summary could be drawn from this article._",
    fields: keyQuotes.slice(0, KEY_QUOTES_SHOWN).map((q) => ({ name: speakerLabel(q), value: quoted(q) })),
    footer: { text: `${article.id} · ${length} summary` },
  };
}

/** A URL safe inside markdown's `(…)`: a bracket or space from an article file must not end the link early. */
function linkTarget(url: string): string {
  return url.replace(/[()\s]/g, (c) => encodeURIComponent(c).replace("(", "%28").replace(")", "%29"));
}

export function headlinesEmbed(articles: readonly Article[], topic: string | undefined): APIEmbed {
  const lines = articles.map((a, i) => {
    const title = escapeMarkdown(a.title);
    const headline = a.url ? `[${title}](${linkTarget(a.url)})` : `**${title}**`;
    const by = byline(a);
    return `${i + 1}. ${headline}\n${by ? `${escapeMarkdown(by)} · ` : ""}\`${a.id}\``;
  });
  return {
    color: COLOR,
    title: topic ? `Latest headlines on “${escapeMarkdown(topic)}”` : "Latest headlines",
    description: lines.join("\n"),
    footer: { text: "Open one with /brief article:<id>" },
  };
}

/** One who-said-what line for a quote inside a single article. */
export function articleQuoteLine(quote: Quote): string {
  return `**${escapeMarkdown(speakerLabel(quote))}**: ${quoted(quote)}`;
}

/** One line for a speaker's quote, naming the article it came from. */
export function speakerQuoteLine(quote: Quote, article: Pick<Article, "id" | "title" | "publishedAt">): string {
  const by = formatDate(article.publishedAt);
  return `${quoted(quote)}\n— *${escapeMarkdown(article.title)}*${by ? `, ${by}` : ""} · \`${article.id}\``;
}

/**
 * Lays out a long list as pages: lines fill an embed's description, embeds fill a message up to
 * the 6000-character total, and messages stop at `maxMessages` with a note of what was left out.
 */
export function paginate(
  title: string,
  lines: readonly string[],
  maxMessages = MAX_MESSAGES_PER_REPLY,
): OutgoingMessage[] {
  const SEPARATOR = "\n\n";
  /** Room kept on every message for the "N more" footer. */
  const FOOTER_ROOM = 64;
  const heading = truncate(title, LIMITS.embed.title);
  const messages: APIEmbed[][] = [];
  let embeds: APIEmbed[] = [];
  let description = "";
  /** Counted characters of the current message outside the open description. */
  let used = heading.length;
  let shown = 0;

  const fits = (length: number) =>
    length <= LIMITS.embed.description && used + length + FOOTER_ROOM <= LIMITS.embed.total;
  const closeEmbed = () => {
    if (!description) return;
    embeds.push({ color: COLOR, description });
    used += description.length;
    description = "";
  };

  for (const line of lines.map((l) => truncate(l, LINE_MAX))) {
    if (!fits(description ? description.length + SEPARATOR.length + line.length : line.length)) {
      closeEmbed();
      if (embeds.length >= LIMITS.embedsPerMessage || !fits(line.length)) {
        if (messages.length + 1 >= maxMessages) break;
        messages.push(embeds);
        embeds = [];
        used = 0;
      }
    }
    description = description ? description + SEPARATOR + line : line;
    shown += 1;
  }
  closeEmbed();
  if (embeds.length > 0) messages.push(embeds);

  const first = messages[0]?.[0];
  if (first) first.title = heading;
  const last = messages.at(-1)?.at(-1);
  const hidden = lines.length - shown;
  if (last && hidden > 0) last.footer = { text: `…and ${hidden} more not shown` };
  return messages.map((e) => ({ embeds: e }));
}

// ── Headline subscriptions ─────────────────────────────────────────────────────────────────────

/** A scheduled headline post: the linked headline, source and date, the short summary, and the lead image as a thumbnail. */
export function headlineEmbed(headline: Headline): APIEmbed {
  const by = byline({ source: headline.source, publishedAt: headline.date });
  const timestamp = embedTimestamp(headline.publishedAt);
  return {
    color: COLOR,
    title: headline.title,
    ...(headline.url ? { url: headline.url } : {}),
    ...(by ? { author: { name: by } } : {}),
    ...(headline.image ? { thumbnail: { url: headline.image } } : {}),
    ...(timestamp ? { timestamp } : {}),
    ...(headline.summary ? { description: escapeMarkdown(headline.summary) } : {}),
    footer: { text: `Open with /brief article:${headline.articleId}` },
  };
}
