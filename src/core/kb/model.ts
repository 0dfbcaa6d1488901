import { Schema, type Connection, type Model } from 'mongoose';
import { ARTICLE_STATUSES, KB_LOCALES, type ArticleStatus, type KbLocale } from './types';

/** A knowledge-base article. `id` is a stable slug (`vpn-troubleshooting`), shared by imports and edits. */
export interface Article {
  id: string;
  locale: KbLocale;
  title: string;
  /** Markdown. */
  body: string;
  tags: string[];
  category?: string;
  status: ArticleStatus;
  /** A known error: a documented fault with a workaround, linked from problem tickets. */
  knownError: boolean;
  /** Person key (`platform:id`) or `import` for files. */
  author: string;
  /** File an import read it from, relative to the imported path. */
  sourcePath?: string;
  /** Ticket a draft was written from (`kb from <ticket>`). */
  sourceTicket?: string;
  helpful: number;
  notHelpful: number;
  createdAt: Date;
  updatedAt: Date;
  retiredAt?: Date;
}

/** One answer to "did this solve it?", for the deflection rate and the per-article counts. */
export interface KbFeedback {
  articleIds: string[];
  /** Person key (`platform:id`). */
  person: string;
  helpful: boolean;
  /** The ticket opened when the suggestions did not help. */
  ticketNumber?: string;
  /** The message the suggestions answered. */
  query: string;
  at: Date;
}

const articleSchema = new Schema<Article>(
  {
    id: { type: String, required: true, unique: true },
    locale: { type: String, required: true, enum: KB_LOCALES },
    title: { type: String, required: true, maxlength: 200 },
    body: { type: String, required: true },
    tags: { type: [String], default: [] },
    category: String,
    status: { type: String, required: true, enum: ARTICLE_STATUSES },
    knownError: { type: Boolean, default: false },
    author: { type: String, required: true },
    sourcePath: String,
    sourceTicket: String,
    helpful: { type: Number, default: 0 },
    notHelpful: { type: Number, default: 0 },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    retiredAt: Date,
  },
  // createdAt/updatedAt come from the injected clock (set by KnowledgeBase), not mongoose.
  { collection: 'kb_articles', minimize: false },
);
articleSchema.index({ status: 1, locale: 1 });
// Other processes' edits are picked up by date (`KnowledgeBase.refresh`).
articleSchema.index({ updatedAt: 1 });

const feedbackSchema = new Schema<KbFeedback>(
  {
    articleIds: { type: [String], required: true },
    person: { type: String, required: true },
    helpful: { type: Boolean, required: true },
    ticketNumber: String,
    query: { type: String, default: '' },
    at: { type: Date, required: true },
  },
  { collection: 'kb_feedback' },
);
feedbackSchema.index({ at: 1 });
feedbackSchema.index({ articleIds: 1, at: 1 });

export function articleModel(connection: Connection): Model<Article> {
  return (connection.models.Article as Model<Article>) ?? connection.model<Article>('Article', articleSchema);
}

export function kbFeedbackModel(connection: Connection): Model<KbFeedback> {
  return (
    (connection.models.KbFeedback as Model<KbFeedback>) ?? connection.model<KbFeedback>('KbFeedback', feedbackSchema)
  );
}
