import type { Connection } from 'mongoose';
import type { Platform } from '../../config';
import { claim, releaseStaleClaim } from '../../db/claims';
import type { Clock } from '../clock';
import { DomainError } from '../errors';
import type { CrisisRecord, CrisisSource, ReportRange } from '../reports/sources';
import { allocateNumber, parseTicketNumber } from '../tickets/numbering';
import {
  CRISIS_PREFIX,
  crisisModel,
  SEVERITIES,
  UPDATING_STATUSES,
  type Crisis,
  type Severity,
  type TimelineEntry,
} from './model';

/** A write decided on the current state: fields to set or unset, timeline entries to append. */
export interface CrisisMutation {
  set?: Partial<Omit<Crisis, 'number' | 'rev' | 'timeline' | 'createdAt' | 'updatedAt'>>;
  unset?: (keyof Crisis)[];
  timeline?: Omit<TimelineEntry, 'at'>[];
}

export interface DurationStats {
  /** Crises the measure applies to. */
  count: number;
  meanMin: number | null;
  maxMin: number | null;
}

export interface CrisisSeverityStats {
  severity: Severity;
  count: number;
  closed: number;
  /** First report (earliest linked ticket) → declaration. */
  timeToDeclare: DurationStats;
  /** Declaration → identified. */
  timeToIdentify: DurationStats;
  /** Declaration → resolved. */
  timeToResolve: DurationStats;
}

export interface CrisisStats {
  from: Date;
  to: Date;
  count: number;
  bySeverity: CrisisSeverityStats[];
}

/** A revision claimed but never written after this long belongs to a crashed writer. */
const STALE_CLAIM_MS = 30_000;
/** Crises read per period in a report: far above any real desk's count; bounded so a read stays small. */
const MAX_PER_PERIOD = 2000;
const SWEEP_BATCH = 100;

/**
 * Reads and writes of crisis records. Every write goes through `mutate`: read, decide, claim the
 * next revision (unique insert — atomic on FerretDB, where a filtered update is not), write.
 */
export class CrisisService implements CrisisSource {
  private readonly model;

  constructor(private readonly deps: { connection: Connection; clock: Clock }) {
    this.model = crisisModel(deps.connection);
  }

  nextNumber(): Promise<string> {
    return allocateNumber(this.deps.connection, CRISIS_PREFIX, this.deps.clock.now());
  }

  async create(crisis: Omit<Crisis, 'rev' | 'createdAt' | 'updatedAt'>): Promise<Crisis> {
    const doc = await this.model.create({ ...crisis, rev: 0 });
    return doc.toObject() as Crisis;
  }

  /** The crisis of a number such as `CRI-7` or `cri-000007`. */
  async get(reference: string): Promise<Crisis> {
    const number = parseCrisisNumber(reference);
    const crisis = await this.model.findOne({ number }).lean<Crisis>();
    if (!crisis) throw new DomainError('crisis.not_found', { number });
    return crisis;
  }

  /** The crisis worked in a room (a Slack channel id, a Teams channel id, a console room), if any. */
  async forRoom(platform: Platform, roomId: string): Promise<Crisis | null> {
    return this.model.findOne({ 'room.platform': platform, 'room.id': String(roomId) }).lean<Crisis>();
  }

  /** The crisis a ticket is linked to, newest first. */
  async forTicket(ticketNumber: string): Promise<Crisis | null> {
    return this.model.findOne({ 'tickets.number': ticketNumber }).sort({ declaredAt: -1 }).lean<Crisis>();
  }

  /** Crises whose update deadline (or its grace) has come: the reminder sweep's work list. */
  async due(now: Date): Promise<Crisis[]> {
    return this.model
      .find({ sweepAt: { $ne: null, $lte: now }, status: { $in: UPDATING_STATUSES } })
      .sort({ sweepAt: 1 })
      .limit(SWEEP_BATCH)
      .lean<Crisis[]>();
  }

  /**
   * Applies a change decided on the current state. `decide` may run several times (another writer
   * won the revision): it must only read its argument. Returns the crisis after the write, or as
   * it is when `decide` returns null.
   */
  async mutate(reference: string, decide: (crisis: Crisis, now: Date) => CrisisMutation | null): Promise<Crisis> {
    for (let attempt = 0; attempt < 40; attempt++) {
      if (attempt) await new Promise((r) => setTimeout(r, Math.min(10 * attempt, 200) * Math.random()));
      const current = await this.get(reference);
      const now = this.deps.clock.now();
      const mutation = decide(current, now);
      if (!mutation) return current;
      const rev = current.rev ?? 0;
      const key = `crisis:${current.number}:${rev + 1}`;
      if (!(await claim(this.deps.connection, key, now))) {
        await releaseStaleClaim(this.deps.connection, key, new Date(now.getTime() - STALE_CLAIM_MS));
        continue;
      }
      const set: Record<string, unknown> = { ...(mutation.set ?? {}), rev: rev + 1, updatedAt: now };
      if (mutation.timeline?.length)
        set.timeline = [...current.timeline, ...mutation.timeline.map((entry) => ({ ...entry, at: now }))];
      const update: Record<string, unknown> = { $set: set };
      if (mutation.unset?.length) update.$unset = Object.fromEntries(mutation.unset.map((field) => [field, 1]));
      const updated = await this.model
        .findOneAndUpdate({ number: current.number, rev }, update, { returnDocument: 'after', timestamps: false })
        .lean<Crisis>();
      if (updated) return updated;
    }
    throw new Error(`crisis ${reference} kept changing during update`);
  }

  /** Report source: crises declared in the range (bounded, indexed read). */
  async crises(range: ReportRange): Promise<CrisisRecord[]> {
    const found = await this.inRange(range);
    return found.map((c) => ({
      number: c.number,
      severity: c.severity,
      declaredAt: c.declaredAt,
      resolvedAt: c.resolvedAt ?? null,
      closedAt: c.closedAt ?? null,
    }));
  }

  /**
   * Count and durations by severity of the crises declared in [from, to). Computed in TypeScript
   * over the bounded read: FerretDB 1.x has no `$avg`/`$max` with date arithmetic.
   */
  async crisisStats(range: ReportRange): Promise<CrisisStats> {
    const found = await this.inRange(range);
    const minutes = (from?: Date | null, to?: Date | null) =>
      from && to ? (new Date(to).getTime() - new Date(from).getTime()) / 60_000 : null;
    return {
      from: range.from,
      to: range.to,
      count: found.length,
      bySeverity: SEVERITIES.map((severity) => {
        const mine = found.filter((c) => c.severity === severity);
        return {
          severity,
          count: mine.length,
          closed: mine.filter((c) => c.status === 'closed').length,
          timeToDeclare: stats(
            mine.map((c) => minutes(firstReportedAt(c), c.declaredAt)).map((m) => (m !== null && m >= 0 ? m : null)),
          ),
          timeToIdentify: stats(mine.map((c) => minutes(c.declaredAt, c.identifiedAt))),
          timeToResolve: stats(mine.map((c) => minutes(c.declaredAt, c.resolvedAt))),
        };
      }),
    };
  }

  private inRange(range: ReportRange): Promise<Crisis[]> {
    return this.model
      .find({ declaredAt: { $gte: range.from, $lt: range.to } }, { timeline: 0, updates: 0, actions: 0, report: 0 })
      .sort({ declaredAt: 1 })
      .limit(MAX_PER_PERIOD)
      .lean<Crisis[]>();
  }
}

/** When the impact was first reported: the earliest linked ticket, if it predates the declaration. */
export function firstReportedAt(crisis: Pick<Crisis, 'tickets'>): Date | null {
  const times = crisis.tickets.map((t) => new Date(t.openedAt).getTime());
  return times.length ? new Date(Math.min(...times)) : null;
}

function stats(values: (number | null)[]): DurationStats {
  const known = values.filter((v): v is number => v !== null);
  if (!known.length) return { count: 0, meanMin: null, maxMin: null };
  return {
    count: known.length,
    meanMin: Math.round(known.reduce((a, b) => a + b, 0) / known.length),
    maxMin: Math.round(Math.max(...known)),
  };
}

/** Accepts `CRI-7`, `cri-000007`, `CRI7`; returns `CRI-000007`. */
export function parseCrisisNumber(input: string): string {
  const text = String(input).trim();
  if (!/^CRI-?\d{1,9}$/i.test(text)) throw new DomainError('crisis.invalid_number', { number: text.slice(0, 40) });
  return parseTicketNumber(text);
}

export const isCrisisNumber = (text: string | undefined) => /^CRI-?\d{1,9}$/i.test(String(text ?? '').trim());
