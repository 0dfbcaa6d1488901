export const KB_LOCALES = ['fr', 'en'] as const;
export type KbLocale = (typeof KB_LOCALES)[number];

export const ARTICLE_STATUSES = ['draft', 'published', 'retired'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

/** What the matcher needs to know of an article: its text, language and whether it may be suggested. */
export interface MatchableArticle {
  id: string;
  locale: KbLocale;
  title: string;
  body: string;
  tags: readonly string[];
  category?: string;
}
