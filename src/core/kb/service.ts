import type { Connection, Model } from 'mongoose';
import type { Policy } from '../../config/policy';
import type { Clock } from '../clock';
import { DomainError } from '../errors';
import { FaqMatcher, type Candidate } from './matcher';
import { articleModel, kbFeedbackModel, type Article, type KbFeedback } from './model';
import {
  articleChanges,
  articleId,
  articleInput,
  draftFromTicketInput,
  feedbackInput,
  parseKb,
  searchText,
  type ArticleChanges,
  type ArticleInput,
  type DraftFromTicketInput,
  type FeedbackInput,
} from './schemas';
import type { ArticleStatus, KbLocale } from './types';

export interface KnowledgeBaseOptions {
  connection: Connection;
  policy: Policy;
  clock: Clock;
}

/** An article offered to a requester, with what it takes to show it in chat. */
export interface KbSuggestion {
  articleId: string;
  title: string;
  excerpt: string;
  confidence: number;
  matchedTerms: string[];
  locale: KbLocale;
  knownError: boolean;
}

/** A search result for agents: below-threshold candidates included, and why each matched. */
export interface KbSearchHit extends KbSuggestion {
  /** Would the requester have been offered it? */
  suggested: boolean;
  score: number;
}

export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

/** Import input: without a status in the file, an existing article keeps the one agents gave it. */
export type ImportedArticle = Omit<ArticleInput, 'status'> & { status?: ArticleStatus };

interface Shown {
  title: string;
  body: string;
  locale: KbLocale;
  knownError: boolean;
}

const EXCERPT_LENGTH = 280;
const MAX_QUERY_LENGTH = 4000;
/** The fields an import or an edit can change; comparing them tells an update from a no-op. */
const CONTENT_FIELDS = ['locale', 'title', 'body', 'tags', 'category', 'status', 'knownError', 'sourcePath'] as const;

/** Plain text of the start of a markdown body, cut at a word, for a chat message. */
export function excerpt(markdown: string, length = EXCERPT_LENGTH): string {
  const text = markdown
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^#+\s*/gm, '')
    .replace(/[*_`>]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length <= length) return text;
  const cut = text.slice(0, length);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), length / 2)).trim()}…`;
}

function sameContent(a: Partial<Article>, b: Partial<Article>): boolean {
  return CONTENT_FIELDS.every((f) => JSON.stringify(a[f] ?? null) === JSON.stringify(b[f] ?? null));
}

/**
 * The knowledge base: articles in the database, and the published ones in an in-memory matcher
 * kept in step with every change, so a new or retired article counts from the next message.
 */
export class KnowledgeBase {
  readonly matcher: FaqMatcher;
  private readonly articles: Model<Article>;
  private readonly feedback: Model<KbFeedback>;
  private readonly clock: Clock;
  private readonly shown = new Map<string, Shown>();
  private syncedUpTo = new Date(0);

  constructor(options: KnowledgeBaseOptions) {
    const { kb } = options.policy;
    this.matcher = new FaqMatcher({
      synonyms: kb.synonyms,
      threshold: kb.threshold,
      maxSuggestions: kb.maxSuggestions,
    });
    this.articles = articleModel(options.connection);
    this.feedback = kbFeedbackModel(options.connection);
    this.clock = options.clock;
  }

  /** Builds the index from the published articles; returns how many there are. */
  async load(): Promise<number> {
    const published = await this.articles.find({ status: 'published' }).lean<Article[]>();
    for (const a of published) this.index(a);
    this.syncedUpTo = published.reduce((latest, a) => (a.updatedAt > latest ? a.updatedAt : latest), this.syncedUpTo);
    return published.length;
  }

  /**
   * Applies the changes another process made since the last load or sync. One process's own
   * changes are indexed as they happen; this is for the others sharing the database.
   */
  async syncChanges(): Promise<number> {
    const changed = await this.articles.find({ updatedAt: { $gt: this.syncedUpTo } }).lean<Article[]>();
    for (const a of changed) {
      this.index(a);
      if (a.updatedAt > this.syncedUpTo) this.syncedUpTo = a.updatedAt;
    }
    return changed.length;
  }

  async exists(id: string): Promise<boolean> {
    return Boolean(await this.articles.exists({ id: String(id) }));
  }

  async isEmpty(): Promise<boolean> {
    return (await this.articles.countDocuments({}).limit(1)) === 0;
  }

  /** The articles confident enough to offer the requester before a ticket is opened; may be empty. */
  async suggest(text: string, locale?: KbLocale): Promise<KbSuggestion[]> {
    // A long message still gets suggestions from its beginning, where people state the problem.
    const query = searchText.safeParse(typeof text === 'string' ? text.slice(0, MAX_QUERY_LENGTH) : text);
    if (!query.success) return [];
    return this.matcher.match(query.data, { locale }).suggestions.map((c) => this.describe(c));
  }

  /** Ranked candidates for an agent, below the threshold too, with the words that matched. */
  async search(text: string, locale?: KbLocale, limit = 5): Promise<KbSearchHit[]> {
    const query = parseKb(searchText, text);
    const result = this.matcher.match(query, { locale, limit });
    const suggested = new Set(result.suggestions.map((s) => s.articleId));
    return result.candidates.map((c) => ({
      ...this.describe(c),
      score: c.score,
      suggested: suggested.has(c.articleId),
    }));
  }

  async get(id: string): Promise<Article> {
    const article = await this.articles.findOne({ id: parseKb(articleId, id) }).lean<Article>();
    if (!article) throw new DomainError('kb.not_found', { id });
    return article;
  }

  async addArticle(input: ArticleInput): Promise<Article> {
    const valid = parseKb(articleInput, input);
    if (await this.articles.exists({ id: valid.id }))
      throw new DomainError('kb.invalid', { details: `id: ${valid.id} already exists` });
    const now = this.clock.now();
    const article: Article = { ...valid, helpful: 0, notHelpful: 0, createdAt: now, updatedAt: now };
    if (valid.status === 'retired') article.retiredAt = now;
    await this.articles.create(article);
    this.index(article);
    return article;
  }

  async updateArticle(id: string, changes: ArticleChanges): Promise<Article> {
    const valid = parseKb(articleChanges, changes);
    const current = await this.get(id);
    const now = this.clock.now();
    const { category, ...rest } = valid;
    const set: Partial<Article> = { ...rest, updatedAt: now };
    if (category) set.category = category;
    if (valid.status === 'retired' && current.status !== 'retired') set.retiredAt = now;
    const update = category === null ? { $set: set, $unset: { category: 1 } } : { $set: set };
    const updated = await this.articles
      .findOneAndUpdate({ id: current.id }, update, { returnDocument: 'after' })
      .lean<Article>();
    if (!updated) throw new DomainError('kb.not_found', { id });
    this.index(updated);
    return updated;
  }

  publishArticle(id: string): Promise<Article> {
    return this.updateArticle(id, { status: 'published' });
  }

  /** A retired article is kept for history and reports, and never suggested again. */
  retireArticle(id: string): Promise<Article> {
    return this.updateArticle(id, { status: 'retired' });
  }

  /** A draft article written from a resolved ticket, for an agent to review and publish. */
  async draftFromTicket(input: DraftFromTicketInput): Promise<Article> {
    const valid = parseKb(draftFromTicketInput, input);
    const base = `draft-${valid.number.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
    let id = base;
    for (let n = 2; await this.articles.exists({ id }); n += 1) id = `${base}-${n}`;
    const heading =
      valid.locale === 'fr'
        ? { problem: 'Problème', solution: 'Solution' }
        : { problem: 'Problem', solution: 'Solution' };
    const body = [
      valid.description && `## ${heading.problem}\n\n${valid.description}`,
      `## ${heading.solution}\n\n${valid.resolution}`,
    ]
      .filter(Boolean)
      .join('\n\n');
    const now = this.clock.now();
    const article: Article = {
      id,
      locale: valid.locale,
      title: valid.title,
      body,
      tags: [],
      status: 'draft',
      knownError: false,
      author: valid.author,
      sourceTicket: valid.number,
      helpful: 0,
      notHelpful: 0,
      createdAt: now,
      updatedAt: now,
    };
    await this.articles.create(article);
    return article;
  }

  /**
   * Creates or updates an article by id, as imports do; an identical article is left alone so
   * that importing the same files twice changes nothing.
   */
  async upsertArticle(input: ImportedArticle): Promise<UpsertOutcome> {
    const current = await this.articles
      .findOne({ id: typeof input.id === 'string' ? input.id.trim() : input.id })
      .lean<Article>();
    const valid = parseKb(articleInput, { ...input, status: input.status ?? current?.status ?? 'published' });
    if (!current) {
      const now = this.clock.now();
      const article: Article = { ...valid, helpful: 0, notHelpful: 0, createdAt: now, updatedAt: now };
      await this.articles.create(article);
      this.index(article);
      return 'created';
    }
    const next = { ...valid, author: current.author };
    if (sameContent(current, next)) return 'unchanged';
    const now = this.clock.now();
    const unset = CONTENT_FIELDS.filter((f) => next[f] === undefined).reduce<Record<string, 1>>(
      (u, f) => ({ ...u, [f]: 1 }),
      {},
    );
    const set: Partial<Article> = { ...next, updatedAt: now };
    if (next.status === 'retired' && current.status !== 'retired') set.retiredAt = now;
    const updated = await this.articles
      .findOneAndUpdate({ id: current.id }, Object.keys(unset).length ? { $set: set, $unset: unset } : { $set: set }, {
        returnDocument: 'after',
      })
      .lean<Article>();
    if (updated) this.index(updated);
    return 'updated';
  }

  /** "That solved it" or "I still need help": counted on each article and kept for the deflection rate. */
  async recordFeedback(input: FeedbackInput | (Omit<FeedbackInput, 'person'> & { personKey: string })): Promise<void> {
    const raw = 'personKey' in input ? { ...input, person: input.personKey, personKey: undefined } : input;
    const valid = parseKb(feedbackInput, raw);
    await this.feedback.create({ ...valid, at: this.clock.now() });
    await this.articles.updateMany(
      { id: { $in: valid.articleIds } },
      { $inc: valid.helpful ? { helpful: 1 } : { notHelpful: 1 } },
    );
  }

  /** Suggestions answered in a period and the share that solved the problem without a ticket. */
  async deflection(from: Date, to: Date): Promise<{ answered: number; deflected: number; rate: number }> {
    const [answered, deflected] = await Promise.all([
      this.feedback.countDocuments({ at: { $gte: from, $lt: to } }),
      this.feedback.countDocuments({ at: { $gte: from, $lt: to }, helpful: true }),
    ]);
    return { answered, deflected, rate: answered ? deflected / answered : 0 };
  }

  /** Every "solved it" / "still need help" answer in [from, to), for the deflection KPI (bounded, indexed on `at`). */
  async kbFeedback(range: { from: Date; to: Date }): Promise<{ personKey: string; at: Date; helpful: boolean }[]> {
    const rows = await this.feedback
      .find({ at: { $gte: range.from, $lt: range.to } }, { person: 1, at: 1, helpful: 1 })
      .sort({ at: 1 })
      .limit(100_000)
      .lean<{ person: string; at: Date; helpful: boolean }[]>();
    return rows.map((r) => ({ personKey: r.person, at: r.at, helpful: r.helpful }));
  }

  /** Keeps the matcher and the display cache in step with one article's stored state. */
  private index(article: Article): void {
    if (article.status === 'published') {
      this.matcher.upsert(article);
      this.shown.set(article.id, {
        title: article.title,
        body: article.body,
        locale: article.locale,
        knownError: article.knownError,
      });
    } else {
      this.matcher.remove(article.id);
      this.shown.delete(article.id);
    }
  }

  private describe(c: Candidate): KbSuggestion {
    const a = this.shown.get(c.articleId) as Shown;
    return {
      articleId: c.articleId,
      title: a.title,
      excerpt: excerpt(a.body),
      confidence: Math.round(c.confidence * 1000) / 1000,
      matchedTerms: c.matchedTerms,
      locale: a.locale,
      knownError: a.knownError,
    };
  }
}
