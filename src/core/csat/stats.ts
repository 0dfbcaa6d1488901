import { DateTime } from 'luxon';

/** A source of uniform numbers in [0, 1): `Math.random` in production, a seeded one in tests. */
export type RandomSource = () => number;

export const CSAT_SCORES = [1, 2, 3, 4, 5] as const;
export type CsatDistribution = Record<1 | 2 | 3 | 4 | 5, number>;

export type NpsCategory = 'promoter' | 'passive' | 'detractor';

/** NPS buckets: 9–10 promote, 7–8 are passive, 0–6 detract. */
export function npsCategory(score: number): NpsCategory {
  if (score >= 9) return 'promoter';
  if (score >= 7) return 'passive';
  return 'detractor';
}

/** % promoters − % detractors, rounded to a whole number (−100..+100); null without answers. */
export function npsScore(counts: { promoters: number; passives: number; detractors: number }): number | null {
  const total = counts.promoters + counts.passives + counts.detractors;
  if (!total) return null;
  return Math.round((100 * (counts.promoters - counts.detractors)) / total) + 0;
}

export function emptyCsatDistribution(): CsatDistribution {
  return { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
}

/** Average of a 1..5 distribution, two decimals; null without answers. */
export function csatAverage(distribution: CsatDistribution): number | null {
  let answered = 0;
  let sum = 0;
  for (const score of CSAT_SCORES) {
    answered += distribution[score];
    sum += score * distribution[score];
  }
  return answered ? round(sum / answered, 2) : null;
}

/** answered / sent, four decimals; null when nothing was sent. */
export function responseRate(answered: number, sent: number): number | null {
  return sent ? round(answered / sent, 4) : null;
}

export function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** `size` distinct items drawn uniformly (partial Fisher–Yates); the input is not modified. */
export function sample<T>(items: readonly T[], size: number, random: RandomSource): T[] {
  const pool = [...items];
  const n = Math.min(size, pool.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, n);
}

export type PeriodInterval = 'day' | 'week' | 'month';

export interface PeriodBucket {
  /** Local date the bucket starts on (`2026-03-02`); weeks start on Monday. */
  key: string;
  from: Date;
  to: Date;
}

/**
 * The calendar periods covering [from, to) in the desk's time zone, clipped to the range. Grouping
 * by period is done bucket by bucket because FerretDB has no date operators in `$group`.
 */
export function periodBuckets(from: Date, to: Date, interval: PeriodInterval, timezone: string): PeriodBucket[] {
  const buckets: PeriodBucket[] = [];
  const end = to.getTime();
  let start = DateTime.fromJSDate(from, { zone: timezone }).startOf(interval);
  while (start.toMillis() < end) {
    const next = start.plus({ [`${interval}s`]: 1 });
    buckets.push({
      key: start.toISODate() ?? '',
      from: new Date(Math.max(start.toMillis(), from.getTime())),
      to: new Date(Math.min(next.toMillis(), end)),
    });
    start = next;
  }
  return buckets;
}
