import type { Connection, PipelineStage } from 'mongoose';
import type { Policy } from '../../config';
import type { Clock } from '../clock';
import { OPEN_STATUSES, ticketModel } from '../tickets/model';
import { backlogAge, breachedTickets, csatKpis, npsKpis, pct, slaByPriority, ticketKpis, type Window } from './kpis';
import { weeksOf } from './period';
import type { GroupBy, ReportQuery } from './schemas';
import type { CsatGroupBy, ReportRange, ReportSources } from './sources';
import { REPORT_PROJECTION, TicketTimeline, type ReportTicket } from './timeline';
import type {
  CategoryCount,
  CrisisKpis,
  DeflectionKpis,
  GroupKpis,
  KnowledgeGap,
  NpsKpis,
  ProblemKpis,
  Report,
  WeeklyPoint,
} from './types';

const DAY_MS = 86_400_000;
/** Upper bound of one report's ticket read; beyond it the report says `truncated`. */
const DEFAULT_MAX_TICKETS = 50_000;
const TOP = 10;
export const UNCATEGORISED = 'uncategorised';
export const UNASSIGNED = 'unassigned';

export interface ReportLogger {
  warn(obj: object, msg: string): void;
}

/**
 * The one query API behind `/api/reports`, the dashboard, the `report` verb and the weekly digest.
 *
 * FerretDB 1.24 runs only `$match $group $sort $project $unwind $count $limit $skip $set $unset
 * $addFields` with `$sum`/`$count`, and no date operators. So the server counts what is a plain
 * group-by over indexed filters (top categories, knowledge gaps), and everything that needs a
 * ticket's history (status at a past instant, first contact, reopens, weekly buckets in a time
 * zone) is computed here over ONE bounded read: the tickets open now or written since the period
 * began (indexes `status` and `updatedAt`), without message texts. Its size grows with the
 * activity since `from`, not with all the tickets ever opened.
 */
export class ReportService {
  private readonly sources: ReportSources;
  private readonly model;

  constructor(
    private readonly deps: {
      connection: Connection;
      clock: Clock;
      policy: Pick<Policy, 'timezone' | 'teams'>;
      sources?: ReportSources;
      logger?: ReportLogger;
      maxTickets?: number;
    },
  ) {
    this.sources = { ...(deps.sources ?? {}) };
    this.model = ticketModel(deps.connection);
  }

  /** CSAT, NPS, KB and crisis domains plug their result APIs in here as they are wired (compose.ts). */
  useSources(sources: ReportSources): void {
    Object.assign(this.sources, sources);
  }

  get timezone(): string {
    return this.deps.policy.timezone;
  }

  async reportFor(query: ReportQuery): Promise<Report> {
    const { from, to, timezone, groupBy } = query;
    const now = this.deps.clock.now();
    const window: Window = { from, to, asOf: new Date(Math.min(to.getTime(), now.getTime())) };
    const { timelines, truncated } = await this.readTickets(from, to);
    const service = timelines.filter((tl) => tl.ticket.type !== 'problem');
    const tickets = ticketKpis(service, window);

    const [topCategories, knowledgeGaps, csat, nps, deflection, crises, weekly, groups] = await Promise.all([
      this.topCategories(from, to),
      this.knowledgeGaps(from, to, service),
      this.guard('csat', async () =>
        this.sources.csat ? csatKpis((await this.sources.csat.csatResults({ from, to })).overall) : null,
      ),
      this.guard('nps', () => this.nps({ from, to })),
      this.guard('deflection', () => this.deflection({ from, to }, tickets.opened)),
      this.guard('crises', () => this.crises({ from, to })),
      this.weekly(service, { from, to }, timezone, now),
      groupBy ? this.groups(service, window, groupBy) : Promise.resolve(undefined),
    ]);

    return {
      period: { from: from.toISOString(), to: to.toISOString(), timezone },
      generatedAt: now.toISOString(),
      tickets,
      ...(groupBy ? { groupBy, groups } : {}),
      weekly,
      slaByPriority: slaByPriority(service, window),
      backlogAge: backlogAge(service, window),
      topCategories,
      knowledgeGaps,
      problems: this.problems(timelines, window),
      breachedTickets: breachedTickets(service, window),
      csat,
      nps,
      deflection,
      crises,
      truncated,
    };
  }

  /** Open now, or written since `from`, and opened before `to`: every ticket the period can see. */
  private candidateFilter(from: Date, to: Date): Record<string, unknown> {
    return { 'sla.startedAt': { $lt: to }, $or: [{ status: { $in: OPEN_STATUSES } }, { updatedAt: { $gte: from } }] };
  }

  private async readTickets(from: Date, to: Date): Promise<{ timelines: TicketTimeline[]; truncated: boolean }> {
    const max = this.deps.maxTickets ?? DEFAULT_MAX_TICKETS;
    const docs = await this.model
      .find(this.candidateFilter(from, to), REPORT_PROJECTION)
      .sort({ updatedAt: -1 })
      .limit(max + 1)
      .lean<ReportTicket[]>();
    const truncated = docs.length > max;
    if (truncated)
      this.deps.logger?.warn({ from, to, max }, 'report read capped: figures cover the most recently updated tickets');
    return { timelines: docs.slice(0, max).map((doc) => new TicketTimeline(doc)), truncated };
  }

  private openedIn(from: Date, to: Date): Record<string, unknown> {
    return { ...this.candidateFilter(from, to), 'sla.startedAt': { $gte: from, $lt: to }, type: { $ne: 'problem' } };
  }

  /** Server-side group-by: categories of the tickets opened in the period. */
  private async topCategories(from: Date, to: Date): Promise<CategoryCount[]> {
    const rows = await this.model.aggregate<{ _id: string | null; tickets: number }>([
      { $match: this.openedIn(from, to) },
      { $group: { _id: '$category', tickets: { $sum: 1 } } },
      { $sort: { tickets: -1, _id: 1 } },
      { $limit: TOP },
    ] as PipelineStage[]);
    return rows.map((r) => ({ category: r._id ?? UNCATEGORISED, tickets: r.tickets }));
  }

  /**
   * Knowledge gaps: topics of the tickets opened in the period for which the knowledge base had no
   * confident answer (no article suggested before the ticket). Counted by the server; a few
   * example tickets per topic come from the bounded read.
   */
  private async knowledgeGaps(from: Date, to: Date, timelines: TicketTimeline[]): Promise<KnowledgeGap[]> {
    const rows = await this.model.aggregate<{ _id: string | null; tickets: number }>([
      { $match: { ...this.openedIn(from, to), 'kbSuggestions.0': { $exists: false } } },
      { $group: { _id: '$category', tickets: { $sum: 1 } } },
      { $sort: { tickets: -1, _id: 1 } },
      { $limit: TOP },
    ] as PipelineStage[]);
    return rows.map((r) => {
      const topic = r._id ?? UNCATEGORISED;
      const examples = timelines
        .filter(
          (tl) =>
            (tl.ticket.category ?? UNCATEGORISED) === topic &&
            !tl.ticket.kbSuggestions?.length &&
            tl.openedAt >= from &&
            tl.openedAt < to,
        )
        .map((tl) => tl.ticket.number)
        .sort()
        .slice(0, 3);
      return { topic, tickets: r.tickets, examples };
    });
  }

  private async weekly(
    timelines: TicketTimeline[],
    period: ReportRange,
    timezone: string,
    now: Date,
  ): Promise<WeeklyPoint[]> {
    return Promise.all(
      weeksOf(period, timezone).map(async (week) => {
        const k = ticketKpis(timelines, {
          from: week.from,
          to: week.to,
          asOf: new Date(Math.min(week.to.getTime(), now.getTime())),
        });
        const csat = await this.guard('csat', async () =>
          this.sources.csat
            ? csatKpis((await this.sources.csat.csatResults({ from: week.from, to: week.to })).overall)
            : null,
        );
        return {
          week: week.week,
          from: week.from.toISOString(),
          to: week.to.toISOString(),
          opened: k.opened,
          resolved: k.resolved,
          openAtEnd: k.openAtEnd,
          slaCompliancePct: k.sla.compliancePct,
          csatAverage: csat?.average ?? null,
        };
      }),
    );
  }

  /**
   * Breakdown by the ticket's current team, category, channel, assignee or priority. A group
   * appears when it has something to show for the period.
   */
  private async groups(timelines: TicketTimeline[], window: Window, groupBy: GroupBy): Promise<GroupKpis[]> {
    const byKey = new Map<string, { label: string; timelines: TicketTimeline[] }>();
    for (const tl of timelines) {
      const { key, label } = this.groupOf(tl, groupBy);
      const entry = byKey.get(key) ?? { label, timelines: [] };
      entry.timelines.push(tl);
      byKey.set(key, entry);
    }
    const csatGroups =
      this.sources.csat && (['team', 'agent', 'category'] as GroupBy[]).includes(groupBy)
        ? await this.guard(
            'csat',
            async () => (await this.sources.csat!.csatResults(window, groupBy as CsatGroupBy)).groups ?? {},
          )
        : null;
    const groups: GroupKpis[] = [];
    for (const [key, entry] of byKey) {
      const kpis = ticketKpis(entry.timelines, window);
      const active =
        kpis.opened +
        kpis.resolved +
        kpis.closed +
        kpis.cancelled +
        kpis.openAtEnd +
        kpis.mtta.count +
        kpis.reopen.resolutions;
      if (!active) continue;
      const csat = csatGroups ? (csatGroups[key] ? csatKpis(csatGroups[key]) : null) : undefined;
      groups.push({ key, label: entry.label, kpis, ...(csat !== undefined ? { csat } : {}) });
    }
    return groups.sort(
      (a, b) => b.kpis.opened - a.kpis.opened || b.kpis.openAtEnd - a.kpis.openAtEnd || a.key.localeCompare(b.key),
    );
  }

  private groupOf(tl: TicketTimeline, groupBy: GroupBy): { key: string; label: string } {
    const t = tl.ticket;
    switch (groupBy) {
      case 'team':
        return { key: t.team, label: this.deps.policy.teams.find((team) => team.id === t.team)?.name ?? t.team };
      case 'category':
        return { key: t.category ?? UNCATEGORISED, label: t.category ?? UNCATEGORISED };
      case 'channel':
        return { key: t.channel, label: t.channel };
      case 'agent':
        return t.assignee ? { key: t.assignee.key, label: t.assignee.name } : { key: UNASSIGNED, label: UNASSIGNED };
      case 'priority':
        return { key: t.priority, label: t.priority };
    }
  }

  /**
   * Problems opened in the period, and how many came from incidents: the incident was linked to the
   * problem (`link INC-… PRB-…`) or the problem to the incident. Changes are not records of their
   * own yet: an incident linked to a `CHG-…` reference raised one.
   */
  private problems(timelines: TicketTimeline[], window: Window): ProblemKpis {
    const inWindow = (at: Date) => at >= window.from && at < window.to;
    const incidents = timelines.filter((tl) => tl.ticket.type === 'incident');
    const linkedFromIncidents = new Set(incidents.flatMap((tl) => tl.ticket.links ?? []));
    const problems = timelines.filter((tl) => tl.ticket.type === 'problem');
    const opened = problems.filter((tl) => inWindow(tl.openedAt));
    const fromIncidents = opened.filter(
      (tl) => linkedFromIncidents.has(tl.ticket.number) || (tl.ticket.links ?? []).some((n) => n.startsWith('INC-')),
    );
    const changes = new Set(
      incidents.flatMap((tl) => tl.links.filter((l) => l.to.startsWith('CHG-') && inWindow(l.at)).map((l) => l.to)),
    );
    return {
      opened: opened.length,
      fromIncidents: fromIncidents.length,
      changesFromIncidents: changes.size,
      openAtEnd: problems.filter((tl) => tl.isOpenAt(window.asOf)).length,
    };
  }

  private async nps(range: ReportRange): Promise<NpsKpis | null> {
    if (!this.sources.nps) return null;
    return npsKpis((await this.sources.nps.npsResults(range)).distribution);
  }

  /**
   * Deflection: "That solved it" answers, net of those followed within 24 h by a ticket from the
   * same person (the article did not really solve it), over all requests: deflected + tickets.
   */
  private async deflection(range: ReportRange, ticketsOpened: number): Promise<DeflectionKpis | null> {
    if (!this.sources.deflection) return null;
    const solved = (await this.sources.deflection.kbFeedback(range)).filter((f) => f.helpful);
    let followedByTicket = 0;
    if (solved.length) {
      const times = solved.map((f) => new Date(f.at).getTime());
      const later = await this.model
        .find(
          {
            'requester.key': { $in: [...new Set(solved.map((f) => String(f.personKey)))] },
            'sla.startedAt': { $gte: new Date(Math.min(...times)), $lt: new Date(Math.max(...times) + DAY_MS) },
          },
          { 'requester.key': 1, 'sla.startedAt': 1 },
        )
        .lean<{ requester: { key: string }; sla: { startedAt: Date } }[]>();
      followedByTicket = solved.filter((f) => {
        const at = new Date(f.at).getTime();
        return later.some(
          (t) =>
            t.requester.key === f.personKey &&
            t.sla.startedAt.getTime() >= at &&
            t.sla.startedAt.getTime() < at + DAY_MS,
        );
      }).length;
    }
    const deflected = solved.length - followedByTicket;
    return {
      solvedByKb: solved.length,
      followedByTicket,
      deflected,
      ticketsOpened,
      ratePct: pct(deflected, deflected + ticketsOpened),
    };
  }

  private async crises(range: ReportRange): Promise<CrisisKpis | null> {
    if (!this.sources.crises) return null;
    const list = await this.sources.crises.crises(range);
    const severities = [...new Set(list.map((c) => c.severity))].sort();
    return {
      total: list.length,
      bySeverity: severities.map((severity) => {
        const mine = list.filter((c) => c.severity === severity);
        const durations = mine
          .map((c) => {
            const end = c.resolvedAt ?? c.closedAt;
            return end ? (new Date(end).getTime() - new Date(c.declaredAt).getTime()) / 60_000 : null;
          })
          .filter((d): d is number => d !== null);
        return {
          severity,
          declared: mine.length,
          closed: mine.filter((c) => c.closedAt).length,
          meanDurationMin: durations.length
            ? Math.round(durations.reduce((a, b) => a + b, 0) / durations.length)
            : null,
          maxDurationMin: durations.length ? Math.round(Math.max(...durations)) : null,
        };
      }),
    };
  }

  /** A failing source must not take the whole report down: its KPIs show "no data" and it is logged. */
  private async guard<T>(source: string, read: () => Promise<T | null>): Promise<T | null> {
    try {
      return await read();
    } catch (err) {
      this.deps.logger?.warn({ source, err: (err as Error).message }, 'report source failed; shown as no data');
      return null;
    }
  }
}
