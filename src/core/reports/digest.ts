import { DateTime } from 'luxon';
import type { Locale, Translate } from '../../i18n';
import type { GroupKpis, Report } from './types';
import { UNCATEGORISED } from './service';

/** Number formats of the person's language: `92.5` / `92,5`. */
function number(locale: Locale, value: number, digits = 1): string {
  return new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: digits }).format(value);
}

export function formatPct(t: Translate, locale: Locale, value: number | null | undefined): string {
  return value === null || value === undefined ? t('reports.no_data') : `${number(locale, value)} %`;
}

/** `45 min`, `5 h 20`, `2 d 3 h` (business or wall minutes alike). */
export function formatMinutes(t: Translate, value: number | null | undefined): string {
  if (value === null || value === undefined) return t('reports.no_data');
  const minutes = Math.round(value);
  if (minutes < 60) return t('reports.duration.min', { m: minutes });
  if (minutes < 1440)
    return t('reports.duration.hours', { h: Math.floor(minutes / 60), m: String(minutes % 60).padStart(2, '0') });
  return t('reports.duration.days', { d: Math.floor(minutes / 1440), h: Math.floor((minutes % 1440) / 60) });
}

/** First and last local day of a period (its end is exclusive). */
export function periodLabel(locale: Locale, report: Pick<Report, 'period'>): { from: string; to: string } {
  const { from, to, timezone } = report.period;
  const format = (iso: string, shift = 0) =>
    DateTime.fromMillis(new Date(iso).getTime() + shift, { zone: timezone })
      .setLocale(locale === 'fr' ? 'fr' : 'en-GB')
      .toLocaleString(DateTime.DATE_MED);
  return { from: format(from), to: format(to, -1) };
}

function signed(locale: Locale, delta: number, unit = ''): string {
  if (delta === 0) return '=';
  return `${delta > 0 ? '+' : '−'}${number(locale, Math.abs(delta))}${unit}`;
}

function delta(locale: Locale, current: number | null, previous: number | null, unit = ''): string {
  return current === null || previous === null
    ? 'n/a'
    : signed(locale, Math.round((current - previous) * 10) / 10, unit);
}

/** The `report [period]` answer: every KPI of the period in a few lines. */
export function summaryText(t: Translate, locale: Locale, report: Report): string {
  const k = report.tickets;
  const { from, to } = periodLabel(locale, report);
  const b = report.backlogAge;
  return [
    t('reports.summary.title', { from, to }),
    t('reports.summary.volume', {
      opened: k.opened,
      resolved: k.resolved,
      closed: k.closed,
      cancelled: k.cancelled,
      openAtEnd: k.openAtEnd,
    }),
    t('reports.summary.sla', {
      pct: formatPct(t, locale, k.sla.compliancePct),
      within: k.sla.withinSla,
      ...breachVars(k),
    }),
    t('reports.summary.times', {
      mtta: formatMinutes(t, k.mtta.businessMin),
      mttaWall: formatMinutes(t, k.mtta.wallMin),
      mttr: formatMinutes(t, k.mttr.businessMin),
      mttrWall: formatMinutes(t, k.mttr.wallMin),
    }),
    t('reports.summary.quality', {
      fcr: formatPct(t, locale, k.firstContact.pct),
      reopen: formatPct(t, locale, k.reopen.pct),
    }),
    t('reports.summary.satisfaction', {
      csat: report.csat?.average != null ? `${number(locale, report.csat.average, 2)}/5` : t('reports.no_data'),
      responses: report.csat ? report.csat.responses : t('reports.no_data'),
      rate: formatPct(t, locale, report.csat?.responseRatePct),
      nps: report.nps?.score != null ? signed(locale, report.nps.score) : t('reports.no_data'),
      deflection: formatPct(t, locale, report.deflection?.ratePct),
    }),
    t('reports.summary.problems', {
      problems: report.problems.opened,
      fromIncidents: report.problems.fromIncidents,
      changes: report.problems.changesFromIncidents,
      crises: report.crises ? report.crises.total : t('reports.no_data'),
    }),
    t('reports.summary.backlog', {
      lt1d: b.lt1d,
      d1to3: b['1to3d'],
      d3to7: b['3to7d'],
      d7to30: b['7to30d'],
      gt30: b.gt30d,
    }),
  ].join('\n');
}

/** The SLA figures as the summary and the digest word them (TicketKpis.sla). */
function breachVars(k: Report['tickets']) {
  const b = k.sla.breaches;
  return {
    measured: k.sla.measured,
    acknowledge: b.acknowledge.support + b.acknowledge.requester,
    resolve: b.resolve.support + b.resolve.requester,
    support: b.support,
    requester: b.requester,
  };
}

/** Thresholds under which the digest proposes an action. */
const CSAT_TARGET = 4;
const REOPEN_LIMIT_PCT = 10;

/**
 * The weekly service review posted to the managers: the week against the one before, the breaches,
 * the categories to watch, and the actions these figures call for. `current` is a report grouped
 * by category.
 */
export function weeklyDigestText(t: Translate, locale: Locale, current: Report, previous: Report): string {
  const breached = [...new Set(current.breachedTickets.filter((b) => b.cause === 'support').map((b) => b.number))];
  const c = current.tickets;
  const p = previous.tickets;
  const week = periodLabel(locale, current).from;
  const lines = [
    t('reports.digest.title', { week }),
    t('reports.digest.volume', {
      opened: c.opened,
      openedDelta: delta(locale, c.opened, p.opened),
      resolved: c.resolved,
      resolvedDelta: delta(locale, c.resolved, p.resolved),
      openAtEnd: c.openAtEnd,
      openDelta: delta(locale, c.openAtEnd, p.openAtEnd),
    }),
    t('reports.digest.quality', {
      sla: formatPct(t, locale, c.sla.compliancePct),
      slaDelta: delta(locale, c.sla.compliancePct, p.sla.compliancePct, ' pts'),
      mttr: formatMinutes(t, c.mttr.businessMin),
      mttrDelta:
        c.mttr.businessMin !== null && p.mttr.businessMin !== null
          ? signedMinutes(t, locale, c.mttr.businessMin - p.mttr.businessMin)
          : 'n/a',
      csat: current.csat?.average != null ? `${number(locale, current.csat.average, 2)}/5` : t('reports.no_data'),
      csatDelta: delta(locale, current.csat?.average ?? null, previous.csat?.average ?? null),
      fcr: formatPct(t, locale, c.firstContact.pct),
    }),
    t('reports.digest.breaches', {
      ...breachVars(c),
      list: breached.length ? `: ${breached.join(', ')}` : '',
    }),
  ];
  const worst = worstCategories(current.groups ?? []);
  if (worst.length)
    lines.push(
      t('reports.digest.worst', {
        list: worst
          .map((g) =>
            t('reports.digest.worst_item', {
              category: g.key === UNCATEGORISED ? t('reports.dashboard.uncategorised') : g.label,
              breaches: g.kpis.sla.breaches.support,
              tickets: g.kpis.opened,
            }),
          )
          .join(', '),
      }),
    );

  const actions: string[] = [];
  if (c.sla.breaches.support > 0) actions.push(t('reports.digest.action_breaches', { count: c.sla.breaches.support }));
  if (c.openAtEnd > p.openAtEnd)
    actions.push(
      t('reports.digest.action_backlog', {
        delta: c.openAtEnd - p.openAtEnd,
        old: current.backlogAge['7to30d'] + current.backlogAge.gt30d,
      }),
    );
  const gap = current.knowledgeGaps[0];
  if (gap)
    actions.push(
      t('reports.digest.action_gap', {
        topic: gap.topic === UNCATEGORISED ? t('reports.dashboard.uncategorised') : gap.topic,
        count: gap.tickets,
      }),
    );
  if (current.csat?.average != null && current.csat.average < CSAT_TARGET)
    actions.push(t('reports.digest.action_csat', { avg: number(locale, current.csat.average, 2) }));
  if (c.reopen.pct !== null && c.reopen.pct > REOPEN_LIMIT_PCT)
    actions.push(t('reports.digest.action_reopen', { pct: formatPct(t, locale, c.reopen.pct) }));
  lines.push(t('reports.digest.actions'), ...(actions.length ? actions : nothingToDo(t, current)).map((a) => `• ${a}`));
  return lines.join('\n');
}

/**
 * No action proposed. "No data" is never "on target": an all-clear is given only for what was
 * measured, the indicators without data are named, and a week with nothing measured says so.
 */
function nothingToDo(t: Translate, report: Report): string[] {
  const k = report.tickets;
  const unmeasured = [
    ...(k.sla.compliancePct === null ? ['sla'] : []),
    ...(k.mttr.businessMin === null ? ['mttr'] : []),
    ...(report.csat?.average == null ? ['csat'] : []),
    ...(k.firstContact.pct === null ? ['fcr'] : []),
  ];
  const activity = k.opened + k.resolved + k.openAtEnd + k.sla.breaches.total;
  if (unmeasured.length === 4 && activity === 0) return [t('reports.digest.no_activity')];
  if (unmeasured.length === 4) return [t('reports.digest.unmeasured', { list: listOf(t, unmeasured) })];
  if (!unmeasured.length) return [t('reports.digest.action_none')];
  return [t('reports.digest.action_none'), t('reports.digest.unmeasured', { list: listOf(t, unmeasured) })];
}

function listOf(t: Translate, keys: string[]): string {
  return keys.map((key) => t(`reports.digest.unmeasured_item.${key}`)).join(', ');
}

function signedMinutes(t: Translate, locale: Locale, minutes: number): string {
  const rounded = Math.round(minutes);
  if (rounded === 0) return '=';
  return `${rounded > 0 ? '+' : '−'}${formatMinutes(t, Math.abs(rounded))}`;
}

/** Categories with support-caused breaches, worst first (then the lowest compliance, then volume). */
function worstCategories(groups: GroupKpis[]): GroupKpis[] {
  return groups
    .filter((g) => g.kpis.sla.breaches.support > 0)
    .sort(
      (a, b) =>
        b.kpis.sla.breaches.support - a.kpis.sla.breaches.support ||
        (a.kpis.sla.compliancePct ?? 100) - (b.kpis.sla.compliancePct ?? 100) ||
        b.kpis.opened - a.kpis.opened,
    )
    .slice(0, 3);
}
