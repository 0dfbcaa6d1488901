import { Types } from 'mongoose';
import { z } from 'zod';
import { DomainError } from '../errors';
import type { Actor } from '../people';

/** A score button's value: `<survey id>:<score>`, exactly as the poll built it. */
const scorePayload = z
  .string()
  .max(40)
  .regex(/^([a-f0-9]{24}):(\d{1,2})$/);

/** The survey and score a button carries; null for anything the poll could not have produced. */
export function parseScorePayload(
  value: unknown,
  min: number,
  max: number,
): { id: Types.ObjectId; score: number } | null {
  const parsed = scorePayload.safeParse(value);
  if (!parsed.success) return null;
  const [id, raw] = parsed.data.split(':');
  const score = Number(raw);
  if (!Number.isInteger(score) || score < min || score > max) return null;
  return { id: new Types.ObjectId(id), score };
}

export type SurveyRefusal = 'invalid' | 'not_found' | 'not_requester' | 'closed' | 'expired';

/** Statuses in which a survey (CSAT poll or NPS response) still takes a score. */
export const ANSWERABLE = ['sent', 'answered'] as const;

/**
 * Why a score cannot be taken on this survey now, or undefined when it can: the clicker must be
 * the person asked, and the survey still open and not past its expiry.
 */
export function answerRefusal(
  survey: { status: string; expiresAt?: Date | null },
  askedKey: string,
  actor: Actor,
  now: Date,
): SurveyRefusal | undefined {
  if (askedKey !== actor.person.key) return 'not_requester';
  if (!(ANSWERABLE as readonly string[]).includes(survey.status))
    return survey.status === 'expired' ? 'expired' : 'closed';
  if (!survey.expiresAt || survey.expiresAt.getTime() <= now.getTime()) return 'expired';
  return undefined;
}

export const CSAT_GROUP_BY = ['team', 'agent', 'category', 'period'] as const;
export type CsatGroupBy = (typeof CSAT_GROUP_BY)[number];

/** Period grouping makes one bounded read per bucket: a range is capped at this many buckets. */
export const MAX_PERIOD_BUCKETS = 400;

const range = {
  from: z.date(),
  to: z.date(),
  /** Most recent comments returned (the rest are counted in `commentsTruncated`). */
  commentLimit: z.number().int().min(0).max(500).default(100),
};

export const csatResultsQuery = z
  .object({
    ...range,
    groupBy: z.enum(CSAT_GROUP_BY).optional(),
    /** Size of the `period` buckets, in the desk's time zone (weeks start on Monday). */
    interval: z.enum(['day', 'week', 'month']).default('week'),
  })
  .refine((q) => q.from.getTime() < q.to.getTime(), { message: '`from` must be before `to`', path: ['to'] });

export const npsResultsQuery = z
  .object(range)
  .refine((q) => q.from.getTime() < q.to.getTime(), { message: '`from` must be before `to`', path: ['to'] });

export type CsatResultsQuery = z.input<typeof csatResultsQuery>;
export type NpsResultsQuery = z.input<typeof npsResultsQuery>;

export function parseQuery<T extends z.ZodTypeAny>(schema: T, value: unknown): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new DomainError('invalid_input', {
      details: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    });
  return parsed.data;
}
