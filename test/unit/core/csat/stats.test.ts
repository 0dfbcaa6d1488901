import { Types } from 'mongoose';
import { parseScorePayload } from '../../../../src/core/csat/schemas';
import {
  csatAverage,
  npsCategory,
  npsScore,
  periodBuckets,
  responseRate,
  sample,
} from '../../../../src/core/csat/stats';
import { seededRandom as seeded } from '../../../../src/core/random';

describe('NPS arithmetic', () => {
  it('classifies 9–10 as promoters, 7–8 as passives and 0–6 as detractors', () => {
    expect([0, 6, 7, 8, 9, 10].map(npsCategory)).toEqual([
      'detractor',
      'detractor',
      'passive',
      'passive',
      'promoter',
      'promoter',
    ]);
  });

  it('given 6 promoters, 2 passives and 2 detractors, the score is +40', () => {
    expect(npsScore({ promoters: 6, passives: 2, detractors: 2 })).toBe(40);
  });

  it('ranges from −100 to +100 and is null without answers', () => {
    expect(npsScore({ promoters: 0, passives: 0, detractors: 5 })).toBe(-100);
    expect(npsScore({ promoters: 3, passives: 0, detractors: 0 })).toBe(100);
    expect(npsScore({ promoters: 1, passives: 1, detractors: 1 })).toBe(0);
    expect(Object.is(npsScore({ promoters: 1, passives: 0, detractors: 1 }), -0)).toBe(false);
    expect(npsScore({ promoters: 0, passives: 0, detractors: 0 })).toBeNull();
  });
});

describe('CSAT arithmetic', () => {
  it('averages a 1..5 distribution to two decimals, null without answers', () => {
    expect(csatAverage({ 1: 1, 2: 0, 3: 0, 4: 1, 5: 1 })).toBe(3.33);
    expect(csatAverage({ 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 })).toBeNull();
  });

  it('gives the response rate as a fraction, null when nothing was sent', () => {
    expect(responseRate(1, 3)).toBe(0.3333);
    expect(responseRate(0, 0)).toBeNull();
  });
});

describe('sampling', () => {
  it('draws distinct items, never more than asked or available, deterministically for a seed', () => {
    const people = Array.from({ length: 30 }, (_, i) => `p${i}`);
    const a = sample(people, 10, seeded(7));
    expect(a).toHaveLength(10);
    expect(new Set(a).size).toBe(10);
    expect(a).toEqual(sample(people, 10, seeded(7)));
    expect(sample(people, 50, seeded(7))).toHaveLength(30);
    expect(people[0]).toBe('p0');
  });
});

describe('period buckets', () => {
  it('cuts a range into local weeks starting on Monday, clipped to the range', () => {
    const buckets = periodBuckets(
      new Date('2026-03-04T00:00:00Z'),
      new Date('2026-03-20T00:00:00Z'),
      'week',
      'Europe/Paris',
    );
    expect(buckets.map((b) => b.key)).toEqual(['2026-03-02', '2026-03-09', '2026-03-16']);
    expect(buckets[0].from.toISOString()).toBe('2026-03-04T00:00:00.000Z');
    expect(buckets[1].from.toISOString()).toBe('2026-03-08T23:00:00.000Z');
    expect(buckets[2].to.toISOString()).toBe('2026-03-20T00:00:00.000Z');
  });

  it('follows daylight saving time for days and months', () => {
    const days = periodBuckets(
      new Date('2026-03-28T23:00:00Z'),
      new Date('2026-03-30T22:00:00Z'),
      'day',
      'Europe/Paris',
    );
    expect(days.map((b) => [b.key, b.from.toISOString()])).toEqual([
      ['2026-03-29', '2026-03-28T23:00:00.000Z'],
      ['2026-03-30', '2026-03-29T22:00:00.000Z'],
    ]);
    expect(
      periodBuckets(new Date('2026-01-15T00:00:00Z'), new Date('2026-04-01T00:00:00Z'), 'month', 'UTC').map(
        (b) => b.key,
      ),
    ).toEqual(['2026-01-01', '2026-02-01', '2026-03-01']);
  });
});

describe('score button payloads', () => {
  const id = new Types.ObjectId().toHexString();

  it('accepts exactly what a poll produces', () => {
    expect(parseScorePayload(`${id}:4`, 1, 5)).toEqual({ id: new Types.ObjectId(id), score: 4 });
    expect(parseScorePayload(`${id}:10`, 0, 10)?.score).toBe(10);
  });

  it('refuses out-of-range scores, forged ids and operator injection', () => {
    for (const value of [
      `${id}:6`,
      `${id}:0`,
      `${id}:-1`,
      `${id}`,
      'INC-000001:5',
      `${id.toUpperCase()}:3`,
      `${id}:3:x`,
      '{"$gt":""}',
      '',
      `${id}:4 `,
    ])
      expect([value, parseScorePayload(value, 1, 5)]).toEqual([value, null]);
    expect(parseScorePayload({ $gt: '' }, 1, 5)).toBeNull();
  });
});
