import type { Priority } from '../../config';
import type { TicketTimeline } from './timeline';
import {
  BACKLOG_BUCKETS,
  type BacklogBucket,
  type CsatKpis,
  type MeanDuration,
  type NpsKpis,
  type Report,
  type SlaByPriority,
  type TicketKpis,
} from './types';
import type { CsatResults } from './sources';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

export interface Window {
  from: Date;
  to: Date;
  /** The instant figures are computed at: `to`, or now when the period has not ended yet. */
  asOf: Date;
}

const inWindow = (at: Date | string | undefined | null, w: Window): boolean => {
  if (!at) return false;
  const time = new Date(at).getTime();
  return time >= w.from.getTime() && time < w.to.getTime();
};

/** Ratio as a percentage with one decimal; null when there is nothing to divide. */
export function pct(part: number, whole: number): number | null {
  return whole > 0 ? round1((part / whole) * 100) : null;
}

export function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function mean(values: number[]): number | null {
  return values.length ? round1(values.reduce((a, b) => a + b, 0) / values.length) : null;
}

function meanDuration(business: number[], wall: number[]): MeanDuration {
  return { count: wall.length, businessMin: mean(business), wallMin: mean(wall) };
}

/** Tickets resolved in the window: their current resolution (still standing) falls in it. */
function resolvedIn(timelines: TicketTimeline[], w: Window): TicketTimeline[] {
  return timelines.filter(
    ({ ticket }) => (ticket.status === 'resolved' || ticket.status === 'closed') && inWindow(ticket.resolvedAt, w),
  );
}

/**
 * A resolve target support is accountable for missing, up to the window's end. Records from earlier
 * versions may say a lapse during a pause was the requester's: that one stays excused.
 */
function supportMissed(tl: TicketTimeline, w: Window): boolean {
  return tl.breaches.some((b) => b.target === 'resolve' && b.cause === 'support' && b.at < w.to);
}

/** The breaches that happened in the window, open or resolved tickets alike (breachesOf). */
function breachesIn(tl: TicketTimeline, w: Window) {
  return tl.breaches.filter((b) => inWindow(b.at, w));
}

/**
 * The tickets the SLA compliance of a window measures: those resolved in it, and those whose resolve
 * target was missed in it while still open (a breach counts where it happened, not only once the
 * ticket is finally resolved).
 */
function slaMeasured(timelines: TicketTimeline[], w: Window): TicketTimeline[] {
  const resolved = new Set(resolvedIn(timelines, w));
  return timelines.filter(
    (tl) => resolved.has(tl) || breachesIn(tl, w).some((b) => b.target === 'resolve' && b.cause === 'support'),
  );
}

/** SLA figures of a set of tickets over one window: the one definition every view shows. */
export function slaKpis(timelines: TicketTimeline[], w: Window): TicketKpis['sla'] {
  const measured = slaMeasured(timelines, w);
  const within = measured.filter((tl) => !supportMissed(tl, w)).length;
  const count = { acknowledge: { support: 0, requester: 0 }, resolve: { support: 0, requester: 0 } };
  for (const tl of timelines) for (const b of breachesIn(tl, w)) count[b.target][b.cause]++;
  return {
    measured: measured.length,
    withinSla: within,
    compliancePct: pct(within, measured.length),
    breaches: {
      total: count.acknowledge.support + count.acknowledge.requester + count.resolve.support + count.resolve.requester,
      support: count.acknowledge.support + count.resolve.support,
      requester: count.acknowledge.requester + count.resolve.requester,
      acknowledge: count.acknowledge,
      resolve: count.resolve,
    },
    acknowledgeBreaches: count.acknowledge.support + count.acknowledge.requester,
  };
}

/** The service-desk KPIs of a set of tickets over one window. Pure: the caller reads the tickets. */
export function ticketKpis(timelines: TicketTimeline[], w: Window): TicketKpis {
  const resolved = resolvedIn(timelines, w);
  const acknowledged = timelines.filter((tl) => inWindow(tl.ticket.sla?.acknowledgedAt, w));
  const resolutions = timelines.filter((tl) => tl.resolutions.some((at) => inWindow(at, w)));
  const reopened = resolutions.filter((tl) => {
    const first = tl.resolutions.find((at) => inWindow(at, w))!;
    return tl.reopens.some((at) => at > first);
  });
  const fcr = resolved.filter((tl) => tl.firstContactResolution).length;
  return {
    opened: timelines.filter((tl) => inWindow(tl.openedAt, w)).length,
    resolved: resolved.length,
    closed: timelines.filter(({ ticket }) => ticket.status === 'closed' && inWindow(ticket.closedAt, w)).length,
    cancelled: timelines.filter(({ ticket }) => ticket.status === 'cancelled' && inWindow(ticket.cancelledAt, w))
      .length,
    openAtEnd: timelines.filter((tl) => tl.isOpenAt(w.asOf)).length,
    sla: slaKpis(timelines, w),
    mtta: meanDuration(
      acknowledged.map((tl) => tl.ticket.sla.acknowledgeElapsedMin ?? 0),
      acknowledged.map((tl) => minutesBetween(tl.openedAt, tl.ticket.sla.acknowledgedAt!)),
    ),
    // elapsedMin is banked when the clock stops at resolution: business time, pauses excluded.
    mttr: meanDuration(
      resolved.map((tl) => tl.ticket.sla.elapsedMin),
      resolved.map((tl) => minutesBetween(tl.openedAt, tl.ticket.resolvedAt!)),
    ),
    firstContact: { count: fcr, pct: pct(fcr, resolved.length) },
    reopen: {
      resolutions: resolutions.length,
      reopened: reopened.length,
      pct: pct(reopened.length, resolutions.length),
    },
  };
}

/** Every breach of the window, one line each: support's first, then in the order they happened. */
export function breachedTickets(timelines: TicketTimeline[], w: Window, max = 50): Report['breachedTickets'] {
  return timelines
    .flatMap((tl) =>
      breachesIn(tl, w).map((b) => ({
        number: tl.ticket.number,
        priority: b.priority,
        target: b.target,
        cause: b.cause,
        at: b.at.toISOString(),
        openAtEnd: tl.isOpenAt(w.asOf),
      })),
    )
    .sort((a, b) =>
      a.cause !== b.cause
        ? a.cause === 'support'
          ? -1
          : 1
        : a.at.localeCompare(b.at) || a.number.localeCompare(b.number),
    )
    .slice(0, max);
}

export function slaByPriority(timelines: TicketTimeline[], w: Window): SlaByPriority[] {
  return (['P1', 'P2', 'P3', 'P4'] as Priority[]).map((priority) => {
    const sla = slaKpis(
      timelines.filter((tl) => tl.ticket.priority === priority),
      w,
    );
    return {
      priority,
      resolved: resolvedIn(timelines, w).filter((tl) => tl.ticket.priority === priority).length,
      measured: sla.measured,
      withinSla: sla.withinSla,
      compliancePct: sla.compliancePct,
      breaches: sla.breaches.total,
    };
  });
}

/** Age of the tickets open at the window's end (wall-clock days since opening). */
export function backlogAge(timelines: TicketTimeline[], w: Window): Record<BacklogBucket, number> {
  const buckets = Object.fromEntries(BACKLOG_BUCKETS.map((b) => [b, 0])) as Record<BacklogBucket, number>;
  for (const tl of timelines) {
    if (!tl.isOpenAt(w.asOf)) continue;
    const days = (w.asOf.getTime() - tl.openedAt.getTime()) / DAY_MS;
    const bucket: BacklogBucket =
      days < 1 ? 'lt1d' : days < 3 ? '1to3d' : days < 7 ? '3to7d' : days < 30 ? '7to30d' : 'gt30d';
    buckets[bucket]++;
  }
  return buckets;
}

export function csatKpis(results: CsatResults): CsatKpis {
  const distribution = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  let responses = 0;
  let total = 0;
  for (const score of [1, 2, 3, 4, 5] as const) {
    const n = Math.max(0, Math.trunc(results.distribution[score] ?? 0));
    distribution[String(score) as keyof typeof distribution] = n;
    responses += n;
    total += n * score;
  }
  return {
    sent: results.sent,
    responses,
    responseRatePct: pct(responses, results.sent),
    average: responses ? Math.round((total / responses) * 100) / 100 : null,
    distribution,
  };
}

/** NPS: promoters answer 9–10, passives 7–8, detractors 0–6; score = %promoters − %detractors. */
export function npsKpis(distribution: Partial<Record<number, number>>): NpsKpis {
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  for (const [score, count] of Object.entries(distribution)) {
    const s = Number(score);
    const n = Math.max(0, Math.trunc(count ?? 0));
    if (!Number.isInteger(s) || s < 0 || s > 10) continue;
    if (s >= 9) promoters += n;
    else if (s >= 7) passives += n;
    else detractors += n;
  }
  const responses = promoters + passives + detractors;
  return {
    responses,
    promoters,
    passives,
    detractors,
    score: responses ? Math.round(((promoters - detractors) / responses) * 100) : null,
  };
}

function minutesBetween(from: Date | string, to: Date | string): number {
  return (new Date(to).getTime() - new Date(from).getTime()) / MINUTE_MS;
}
