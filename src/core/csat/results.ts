import type { Connection } from 'mongoose';
import type { Policy } from '../../config';
import { DomainError } from '../errors';
import { personModel } from '../people/model';
import { csatSurveyModel, npsResponseModel } from './model';
import {
  MAX_PERIOD_BUCKETS,
  csatResultsQuery,
  npsResultsQuery,
  parseQuery,
  type CsatGroupBy,
  type CsatResultsQuery,
  type NpsResultsQuery,
} from './schemas';
import {
  CSAT_SCORES,
  csatAverage,
  emptyCsatDistribution,
  npsCategory,
  npsScore,
  periodBuckets,
  responseRate,
  type CsatDistribution,
  type NpsCategory,
  type PeriodInterval,
} from './stats';

export interface CsatStats {
  /** Polls sent in the period (whatever became of them). */
  sent: number;
  /** Of those, polls with a score (the latest one when the requester changed it). */
  answered: number;
  /** answered / sent, 0..1 with four decimals; null when nothing was sent. */
  responseRate: number | null;
  /** Mean score 1..5 with two decimals; null without answers. */
  average: number | null;
  /** Number of answers per score. */
  distribution: CsatDistribution;
}

export interface CsatGroup extends CsatStats {
  /** Team id, agent person key, category, or the local start date of the period (`2026-03-02`); null = none (no agent, no category). */
  key: string | null;
  /** Team name, agent name, category, period start; null when `key` is null. */
  label: string | null;
}

export interface CsatComment {
  ticketNumber: string;
  score: number | null;
  comment: string;
  at: Date;
  team: string;
  agentKey: string | null;
  agentName: string | null;
  category: string | null;
}

export interface CsatResults {
  from: Date;
  to: Date;
  groupBy: CsatGroupBy | null;
  interval: PeriodInterval | null;
  overall: CsatStats;
  /** One entry per group (empty without `groupBy`); periods in order, with empty ones included. */
  groups: CsatGroup[];
  /** Most recent comments first, at most `commentLimit`. */
  comments: CsatComment[];
  commentsTruncated: boolean;
}

export interface NpsComment {
  score: number | null;
  category: NpsCategory | null;
  comment: string;
  at: Date;
}

export interface NpsResults {
  from: Date;
  to: Date;
  /** Invitations sent in the period. */
  invited: number;
  answered: number;
  responseRate: number | null;
  promoters: number;
  passives: number;
  detractors: number;
  /** % promoters − % detractors, −100..+100; null without answers. */
  score: number | null;
  /** Answers per score, index 0..10. */
  distribution: number[];
  comments: NpsComment[];
  commentsTruncated: boolean;
}

interface ScoreCount {
  _id: { g?: unknown; s?: unknown } | null;
  n: number;
}

/** Buckets computed concurrently when grouping by period. */
const PERIOD_CONCURRENCY = 8;

/**
 * The published survey results, for the reports and the dashboard. A survey belongs to the period
 * in which it was sent; its answer is the requester's latest score. Counting is `$match` +
 * `$group` with `$sum` (FerretDB-safe); averages, rates and labels are computed in TypeScript.
 */
export class SurveyResults {
  private readonly csat;
  private readonly nps;

  constructor(private readonly deps: { connection: Connection; policy: Policy }) {
    this.csat = csatSurveyModel(deps.connection);
    this.nps = npsResponseModel(deps.connection);
  }

  /** CSAT for polls sent in [from, to), optionally grouped by team, agent, category or period. */
  async csatResults(query: CsatResultsQuery): Promise<CsatResults> {
    const q = parseQuery(csatResultsQuery, query);
    const sentIn = (from: Date, to: Date) => ({ sentAt: { $gte: from, $lt: to } });
    let groups: CsatGroup[] = [];

    if (q.groupBy === 'period') {
      const buckets = periodBuckets(q.from, q.to, q.interval, this.deps.policy.timezone);
      if (buckets.length > MAX_PERIOD_BUCKETS)
        throw new DomainError('invalid_input', {
          details: `${buckets.length} ${q.interval}s in the range, at most ${MAX_PERIOD_BUCKETS}`,
        });
      for (let i = 0; i < buckets.length; i += PERIOD_CONCURRENCY) {
        const slice = buckets.slice(i, i + PERIOD_CONCURRENCY);
        const counted = await Promise.all(slice.map((b) => this.countCsat(sentIn(b.from, b.to), null)));
        slice.forEach((b, j) => groups.push({ key: b.key, label: b.key, ...csatStats(counted[j]) }));
      }
    } else if (q.groupBy) {
      const field = { team: '$team', agent: '$agent.key', category: '$category' }[q.groupBy];
      const rows = await this.countCsat(sentIn(q.from, q.to), field);
      const byKey = new Map<string | null, ScoreCount[]>();
      for (const row of rows) {
        const key = typeof row._id?.g === 'string' && row._id.g ? row._id.g : null;
        byKey.set(key, [...(byKey.get(key) ?? []), row]);
      }
      const labels = await this.labels(
        q.groupBy,
        [...byKey.keys()].filter((k): k is string => k !== null),
      );
      groups = [...byKey.entries()]
        .map(([key, counts]) => ({ key, label: key === null ? null : (labels.get(key) ?? key), ...csatStats(counts) }))
        .sort((a, b) => (a.key === null ? 1 : b.key === null ? -1 : a.key.localeCompare(b.key)));
    }
    const overall = q.groupBy ? mergeStats(groups) : csatStats(await this.countCsat(sentIn(q.from, q.to), null));

    const docs = await this.csat
      .find(
        { ...sentIn(q.from, q.to), comment: { $exists: true } },
        { ticketNumber: 1, score: 1, comment: 1, commentAt: 1, team: 1, agent: 1, category: 1 },
      )
      .sort({ commentAt: -1 })
      .limit(q.commentLimit + 1)
      .lean();
    const comments: CsatComment[] = docs.slice(0, q.commentLimit).map((d) => ({
      ticketNumber: d.ticketNumber,
      score: d.score ?? null,
      comment: d.comment ?? '',
      at: d.commentAt as Date,
      team: d.team,
      agentKey: d.agent?.key ?? null,
      agentName: d.agent?.name ?? null,
      category: d.category ?? null,
    }));
    return {
      from: q.from,
      to: q.to,
      groupBy: q.groupBy ?? null,
      interval: q.groupBy === 'period' ? q.interval : null,
      overall,
      groups,
      comments,
      commentsTruncated: docs.length > q.commentLimit,
    };
  }

  /** NPS for invitations sent in [from, to). */
  async npsResults(query: NpsResultsQuery): Promise<NpsResults> {
    const q = parseQuery(npsResultsQuery, query);
    const match = { sentAt: { $gte: q.from, $lt: q.to } };
    const rows = await this.nps.aggregate<ScoreCount>([
      { $match: match },
      { $group: { _id: { s: '$score' }, n: { $sum: 1 } } },
    ]);
    const distribution = Array.from({ length: 11 }, () => 0);
    let invited = 0;
    for (const row of rows) {
      invited += row.n;
      const score = row._id?.s;
      if (typeof score === 'number' && Number.isInteger(score) && score >= 0 && score <= 10)
        distribution[score] += row.n;
    }
    const counts = { promoters: 0, passives: 0, detractors: 0 };
    distribution.forEach((n, score) => {
      counts[`${npsCategory(score)}s` as keyof typeof counts] += n;
    });
    const answered = counts.promoters + counts.passives + counts.detractors;
    const docs = await this.nps
      .find({ ...match, comment: { $exists: true } }, { score: 1, comment: 1, commentAt: 1 })
      .sort({ commentAt: -1 })
      .limit(q.commentLimit + 1)
      .lean();
    return {
      from: q.from,
      to: q.to,
      invited,
      answered,
      responseRate: responseRate(answered, invited),
      ...counts,
      score: npsScore(counts),
      distribution,
      comments: docs.slice(0, q.commentLimit).map((d) => ({
        score: d.score ?? null,
        category: typeof d.score === 'number' ? npsCategory(d.score) : null,
        comment: d.comment ?? '',
        at: d.commentAt as Date,
      })),
      commentsTruncated: docs.length > q.commentLimit,
    };
  }

  private countCsat(match: Record<string, unknown>, field: string | null): Promise<ScoreCount[]> {
    return this.csat.aggregate<ScoreCount>([
      { $match: match },
      { $group: { _id: field ? { g: field, s: '$score' } : { s: '$score' }, n: { $sum: 1 } } },
    ]);
  }

  private async labels(groupBy: Exclude<CsatGroupBy, 'period'>, keys: string[]): Promise<Map<string, string>> {
    if (groupBy === 'team') return new Map(this.deps.policy.teams.map((team) => [team.id, team.name]));
    if (groupBy === 'agent' && keys.length) {
      const people = await personModel(this.deps.connection)
        .find({ key: { $in: keys } }, { key: 1, name: 1 })
        .lean();
      return new Map(people.map((person) => [person.key, person.name]));
    }
    return new Map();
  }
}

function csatStats(rows: ScoreCount[]): CsatStats {
  const distribution = emptyCsatDistribution();
  let sent = 0;
  for (const row of rows) {
    sent += row.n;
    const score = row._id?.s;
    if (typeof score === 'number' && (CSAT_SCORES as readonly number[]).includes(score))
      distribution[score as keyof CsatDistribution] += row.n;
  }
  return statsOf(sent, distribution);
}

function mergeStats(groups: CsatStats[]): CsatStats {
  const distribution = emptyCsatDistribution();
  let sent = 0;
  for (const group of groups) {
    sent += group.sent;
    for (const score of CSAT_SCORES) distribution[score] += group.distribution[score];
  }
  return statsOf(sent, distribution);
}

function statsOf(sent: number, distribution: CsatDistribution): CsatStats {
  const answered = CSAT_SCORES.reduce((sum, score) => sum + distribution[score], 0);
  return {
    sent,
    answered,
    responseRate: responseRate(answered, sent),
    average: csatAverage(distribution),
    distribution,
  };
}
