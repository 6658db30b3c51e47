// An in-memory stand-in for the Corpus, as the tick sees it: articles "appear" when a test adds
// them, and get their first-seen time at the next refresh, as the Corpus stamps them.
import type { HeadlineEntry, HeadlineLibrary } from "../../src/headlines/tick.js";

export interface TestArticle {
  id: string;
  title: string;
  publishedAt?: string;
  url?: string;
  source?: string;
}

export class TestLibrary implements HeadlineLibrary {
  private readonly waiting: TestArticle[] = [];
  private readonly entries: HeadlineEntry[] = [];
  refreshes = 0;

  constructor(private readonly now: () => Date) {}

  /** The article is on disk; the bot sees it at the next refresh. */
  add(...articles: TestArticle[]): void {
    this.waiting.push(...articles);
  }

  async refresh(): Promise<void> {
    this.refreshes += 1;
    const firstSeenAt = this.now().toISOString();
    for (const article of this.waiting.splice(0)) {
      this.entries.push({
        article: { ...article, firstSeenAt },
        briefing: { summary: { short: [{ text: `${article.title}.` }, { text: "More." }] } },
      });
    }
  }

  async since(since: Date, topic?: string): Promise<readonly HeadlineEntry[]> {
    const words = (topic ?? "").toLowerCase().split(/\s+/).filter(Boolean);
    const date = (e: HeadlineEntry) => Date.parse(e.article.publishedAt ?? e.article.firstSeenAt);
    return this.entries.filter(
      (e) => date(e) >= since.getTime() && words.every((w) => e.article.title.toLowerCase().includes(w)),
    );
  }
}
