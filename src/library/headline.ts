// A headline: the part of an article and its briefing that a headline post shows. It sits with the
// library, below both the headline poster and the Discord renderer, so neither imports the other.

/** One headline post, before it is rendered into an embed. */
export interface Headline {
  articleId: string;
  title: string;
  url?: string;
  source?: string;
  /** ISO 8601, possibly date-only; the publication date where known, else when the bot first saw it. */
  date: string;
  /** ISO 8601, possibly date-only, when the article says when it was published. */
  publishedAt?: string;
  /** The article's lead image, an http(s) URL. */
  image?: string;
  /** One or two sentences. */
  summary: string;
}
