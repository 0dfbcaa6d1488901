import { z } from 'zod';
import { DomainError } from '../errors';
import { ARTICLE_STATUSES, KB_LOCALES } from './types';

/** A stable, URL-safe article id: imports and agents refer to articles by it. */
export const articleId = z
  .string()
  .trim()
  .min(2)
  .max(80)
  .regex(/^[a-z0-9][a-z0-9._-]*$/i, 'letters, digits, dots, dashes and underscores only');

const title = z.string().trim().min(3).max(200);
const body = z.string().trim().min(10).max(50_000);
const tags = z
  .array(z.string().trim().min(1).max(60))
  .max(30)
  .transform((list) => [...new Set(list)]);
const category = z.string().trim().min(1).max(60);

export const articleInput = z.object({
  id: articleId,
  locale: z.enum(KB_LOCALES),
  title,
  body,
  tags: tags.default([]),
  category: category.optional(),
  status: z.enum(ARTICLE_STATUSES).default('published'),
  knownError: z.boolean().default(false),
  author: z.string().trim().min(1).max(120).default('import'),
  sourcePath: z.string().max(500).optional(),
});
export type ArticleInput = z.input<typeof articleInput>;
export type ValidArticle = z.output<typeof articleInput>;

/** What an agent may change on an existing article; the id and the counts stay. */
export const articleChanges = z
  .object({
    locale: z.enum(KB_LOCALES),
    title,
    body,
    tags,
    category: category.nullable(),
    status: z.enum(ARTICLE_STATUSES),
    knownError: z.boolean(),
  })
  .partial()
  .strict();
export type ArticleChanges = z.input<typeof articleChanges>;

export const draftFromTicketInput = z.object({
  number: z.string().trim().min(1).max(40),
  title: title,
  description: z.string().trim().max(10_000).default(''),
  resolution: z.string().trim().min(10, 'the ticket has no resolution to turn into an article').max(20_000),
  locale: z.enum(KB_LOCALES),
  author: z.string().trim().min(1).max(120),
});
export type DraftFromTicketInput = z.input<typeof draftFromTicketInput>;

export const feedbackInput = z.object({
  articleIds: z.array(articleId).min(1).max(10),
  person: z.string().trim().min(1).max(120),
  helpful: z.boolean(),
  ticketNumber: z.string().trim().min(1).max(40).optional(),
  query: z.string().max(4000).default(''),
});
export type FeedbackInput = z.input<typeof feedbackInput>;

export const searchText = z.string().trim().min(1).max(4000);

/** Parses at the edge of the KB: a bad value throws `kb.invalid` naming the fields, and nothing is stored. */
export function parseKb<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new DomainError('kb.invalid', {
      details: parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; '),
    });
  }
  return parsed.data;
}
