import type { Connection } from 'mongoose';
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
 * Everything is computed here over ONE bounded read: the tickets open now or written since the
 * period began, without message texts. Its size grows with the activity since `from`, not with all
 * the tickets ever opened. It is read as two queries, each served by an index (the open tickets by
 * `{status, updatedAt}`, the ones written since `from` by `{updatedAt}`), rather than one `$or`,
 * which an index serves only branch by branch and FerretDB not at all. Ticket counts by category
 * (top categories, knowledge gaps) come from the same read instead of a server-side group-by, which
 * would read the period's tickets a second time.
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

    const openedInPeriod = service.filter((tl) => {
      const started = tl.ticket.sla?.startedAt ? new Date(tl.ticket.sla.startedAt) : null;
      return started !== null && started >= from && started < to;
    });
    const topCategories = categoryCounts(openedInPeriod);
    const knowledgeGaps = categoryCounts(openedInPeriod.filter((tl) => !tl.ticket.kbSuggestions?.length)).map(
      ({ category, tickets: count }) => ({
        topic: category,
        tickets: count,
        examples: openedInPeriod
          .filter((tl) => (tl.ticket.category ?? UNCATEGORISED) === category && !tl.ticket.kbSuggestions?.length)
          .map((tl) => tl.ticket.number)
          .sort()
          .slice(0, 3),
      }),
    );

    const [csat, nps, deflection, crises, weekly, groups] = await Promise.all([
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

  /**
   * Every ticket the period can see: open now, or written since `from`; opened before `to`. The most
   * recently written first, at most `maxTickets` (beyond, the report says `truncated`).
   */
  private async readTickets(from: Date, to: Date): Promise<{ timelines: TicketTimeline[]; truncated: boolean }> {
    const max = this.deps.maxTickets ?? DEFAULT_MAX_TICKETS;
    const openedBefore = { 'sla.startedAt': { $lt: to } };
    const read = (filter: Record<string, unknown>) =>
      this.model
        .find({ ...filter, ...openedBefore }, REPORT_PROJECTION)
        .sort({ updatedAt: -1 })
        .limit(max + 1)
        .lean<(ReportTicket & { updatedAt: Date })[]>();
    const [open, written] = await Promise.all([
      read({ status: { $in: OPEN_STATUSES } }),
      read({ updatedAt: { $gte: from } }),
    ]);
    // A ticket open and written since `from` comes twice: once is enough (the later write if it changed between).
    const byNumber = new Map<string, ReportTicket & { updatedAt: Date }>();
    for (const doc of [...open, ...written]) {
      const seen = byNumber.get(doc.number);
      if (!seen || new Date(doc.updatedAt) > new Date(seen.updatedAt)) byNumber.set(doc.number, doc);
    }
    const docs = [...byNumber.values()].sort(
      (a, b) => new Date(b.updatedAt).getTime() - new Date(a.updatedAt).getTime(),
    );
    const truncated = docs.length > max;
    if (truncated)
      this.deps.logger?.warn({ from, to, max }, 'report read capped: figures cover the most recently updated tickets');
    return { timelines: docs.slice(0, max).map((doc) => new TicketTimeline(doc)), truncated };
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

/** Tickets by category, most first (then by name, uncategorised first), the top ten. */
function categoryCounts(timelines: TicketTimeline[]): CategoryCount[] {
  const counts = new Map<string | null, number>();
  for (const tl of timelines) counts.set(tl.ticket.category ?? null, (counts.get(tl.ticket.category ?? null) ?? 0) + 1);
  return [...counts.entries()]
    .sort(([a, x], [b, y]) => y - x || (a === null ? -1 : b === null ? 1 : a < b ? -1 : a > b ? 1 : 0))
    .slice(0, TOP)
    .map(([category, tickets]) => ({ category: category ?? UNCATEGORISED, tickets }));
}
