import type { Connection, Model } from 'mongoose';
import type { Policy } from '../../config/policy';
import { t } from '../../i18n';
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

/**
 * Up to this many characters an article is shown whole in chat: every KB article we ship is
 * shorter, and a cut in the middle of its steps leaves the requester without the one that works.
 */
export const FULL_ARTICLE_LENGTH = 1500;
const MAX_QUERY_LENGTH = 4000;
/** The fields an import or an edit can change; comparing them tells an update from a no-op. */
const CONTENT_FIELDS = ['locale', 'title', 'body', 'tags', 'category', 'status', 'knownError', 'sourcePath'] as const;

const BLOCK_START = /^(?:[-*+]\s|\d{1,3}[.)]\s|#|>|```|\|)/;
const BOLD = '\u0000';

/**
 * One markdown line in the chat markup every channel renders (`*bold*`, `` `code` ``): bold kept,
 * italics and images dropped, links as "label (url)", bullets as "•". Quotes lose their `>`:
 * in chat a quoted line means what a person wrote.
 */
function chatLine(line: string): string {
  return line
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\(([^)\s]*)[^)]*\)/g, (_m, label: string, url: string) =>
      /^https?:\/\//i.test(url) && label.trim() !== url ? `${label} (${url})` : label,
    )
    .replace(/^#{1,6}\s*(.+?)\s*#*$/, `${BOLD}$1${BOLD}`)
    .replace(/^(?:>\s?)+/, '')
    .replace(/^[-*+]\s+/, '• ')
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, `${BOLD}$2${BOLD}`)
    .replace(/(^|[^\w*])[*_](?=\S)([^*_\n]+?)(?<=\S)[*_](?![\w*])/g, '$1$2')
    .replace(/[ \t]+/g, ' ')
    .replaceAll(BOLD, '*')
    .trim();
}

/** The article as chat text: paragraphs and list items on their own lines, soft line wraps joined. */
function chatText(markdown: string): string {
  const lines: string[] = [];
  let fenced = false;
  let joinable = false;
  for (const raw of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    const trimmed = raw.trim();
    if (trimmed.startsWith('```')) {
      fenced = !fenced;
      joinable = false;
      continue;
    }
    if (fenced) {
      if (trimmed) lines.push(trimmed.includes('`') ? trimmed : `\`${trimmed}\``);
      continue;
    }
    if (!trimmed) {
      if (lines.length && lines[lines.length - 1] !== '') lines.push('');
      joinable = false;
      continue;
    }
    const line = chatLine(trimmed);
    if (!line) continue;
    // A line that starts no block continues the paragraph or list item above it, as markdown renders it.
    if (joinable && !BLOCK_START.test(trimmed)) lines[lines.length - 1] += ` ${line}`;
    else lines.push(line);
    joinable = !trimmed.startsWith('#');
  }
  while (lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n');
}

/** Where to cut `text` at most `max` long: a line end, else a sentence end, else a word end. */
function cutPoint(text: string, max: number): number {
  const head = text.slice(0, max + 1);
  const line = head.lastIndexOf('\n');
  if (line >= max / 3) return line;
  const sentence = Math.max(...['. ', '! ', '? ', '.\n'].map((end) => head.lastIndexOf(end)));
  if (sentence >= max / 3) return sentence + 1;
  const word = head.lastIndexOf(' ');
  return word >= max / 2 ? word : max;
}

/**
 * A markdown article as chat text: whole when it is at most `max` characters, otherwise cut at a
 * paragraph, list item or sentence boundary (`complete: false`).
 */
export function articleText(markdown: string, max = FULL_ARTICLE_LENGTH): { text: string; complete: boolean } {
  const text = chatText(markdown);
  if (text.length <= max) return { text, complete: true };
  const cut = text.slice(0, cutPoint(text, max - 1)).trimEnd();
  return { text: `${cut}${/[.!?:]$/.test(cut) ? '' : '…'}`, complete: false };
}

/** The chat text of an article, cut as `articleText` does. */
export function excerpt(markdown: string, length = FULL_ARTICLE_LENGTH): string {
  return articleText(markdown, length).text;
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

  /**
   * A published article as it is shown to a requester, for the one chosen in "Is it about A or
   * B?"; null when it was retired or edited away since.
   */
  async show(articleId: string): Promise<KbSuggestion | null> {
    if (typeof articleId !== 'string' || !this.shown.has(articleId)) return null;
    return this.describe({ articleId, confidence: 1, matchedTerms: [] });
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
    // One read through the `at` index, counted by answer.
    const counts = await this.feedback.aggregate<{ _id: boolean; n: number }>([
      { $match: { at: { $gte: from, $lt: to } } },
      { $group: { _id: '$helpful', n: { $sum: 1 } } },
    ]);
    const deflected = counts.find((c) => c._id === true)?.n ?? 0;
    const answered = counts.reduce((sum, c) => sum + c.n, 0);
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

  private describe(c: Pick<Candidate, 'articleId' | 'confidence' | 'matchedTerms'>): KbSuggestion {
    const a = this.shown.get(c.articleId) as Shown;
    const shown = articleText(a.body);
    return {
      articleId: c.articleId,
      title: a.title,
      // No article has a web address to link to; its id is what the desk can find it by.
      excerpt: shown.complete
        ? shown.text
        : `${shown.text}\n\n${t(a.locale, 'kb.suggestion_more', { id: c.articleId })}`,
      confidence: Math.round(c.confidence * 1000) / 1000,
      matchedTerms: c.matchedTerms,
      locale: a.locale,
      knownError: a.knownError,
    };
  }
}
