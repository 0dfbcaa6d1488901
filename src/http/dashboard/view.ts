import { DateTime } from 'luxon';
import {
  formatMinutes,
  formatPct,
  GROUP_BY,
  type GroupBy,
  type Report,
  BACKLOG_BUCKETS,
  UNASSIGNED,
  UNCATEGORISED,
} from '../../core/reports';
import { translator, type Locale } from '../../i18n';

export interface Kpi {
  id: string;
  label: string;
  value: string;
  hint?: string;
}

/** Everything the dashboard template shows, already translated and formatted for one language. */
export interface DashboardView {
  lang: Locale;
  t: (key: string, vars?: Record<string, string | number>) => string;
  viewerName: string;
  signedIn: boolean;
  query: { from: string; to: string; groupBy?: GroupBy };
  presets: { label: string; href: string }[];
  groupOptions: { value: string; label: string; selected: boolean }[];
  switchHref: string;
  csvHref: string;
  generated: string;
  truncated: boolean;
  kpis: Kpi[];
  gaps: { topic: string; tickets: number; examples: string }[];
  crises: { severity: string; declared: number; closed: number; mean: string; max: string }[] | null;
  groups: { title: string; rows: { label: string; cells: string[] }[]; columns: string[] } | null;
  csatAvailable: boolean;
  /** Serialised into the page for the chart script (no inline code: CSP allows scripts from self only). */
  charts: ChartData;
}

interface ChartData {
  noData: string;
  trend: {
    labels: string[];
    opened: number[];
    resolved: number[];
    openAtEnd: number[];
    sla: (number | null)[];
    names: Record<string, string>;
  };
  slaByPriority: { labels: string[]; values: (number | null)[]; title: string };
  csat: { labels: string[]; values: number[]; title: string } | null;
  backlog: { labels: string[]; values: number[]; title: string };
  categories: { labels: string[]; values: number[]; title: string };
}

/** The local dates shown in the period picker: `to` is the last day included. */
export function pickerDates(report: Report): { from: string; to: string } {
  const zone = report.period.timezone;
  return {
    from: DateTime.fromISO(report.period.from, { zone }).toISODate()!,
    to: DateTime.fromMillis(new Date(report.period.to).getTime() - 1, { zone }).toISODate()!,
  };
}

function href(params: Record<string, string | undefined>, path = '/dashboard'): string {
  const search = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => Boolean(e[1])));
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

export function dashboardView(
  report: Report,
  options: { lang: Locale; viewerName: string; signedIn: boolean; now: Date },
): DashboardView {
  const { lang } = options;
  const t = translator(lang);
  const k = report.tickets;
  const dates = pickerDates(report);
  const groupBy = report.groupBy;
  const zone = report.period.timezone;
  const today = DateTime.fromJSDate(options.now, { zone }).startOf('day');
  const range = (from: DateTime, to: DateTime) => href({ from: from.toISODate()!, to: to.toISODate()!, groupBy, lang });
  const pctOrNone = (v: number | null | undefined) => formatPct(t, lang, v);
  const minutes = (business: number | null, wall: number | null) =>
    `${formatMinutes(t, business)} / ${formatMinutes(t, wall)}`;
  const noData = t('reports.no_data');
  const csatText = (average: number | null | undefined) =>
    average != null ? `${average.toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB')}/5` : noData;
  const groupName = (key: string, label: string) =>
    key === UNCATEGORISED
      ? t('reports.dashboard.uncategorised')
      : key === UNASSIGNED
        ? t('reports.dashboard.unassigned')
        : label;

  const kpis: Kpi[] = [
    { id: 'opened', label: t('reports.dashboard.kpi.opened'), value: String(k.opened) },
    { id: 'resolved', label: t('reports.dashboard.kpi.resolved'), value: String(k.resolved) },
    { id: 'closed', label: t('reports.dashboard.kpi.closed'), value: String(k.closed) },
    { id: 'open-at-end', label: t('reports.dashboard.kpi.open_at_end'), value: String(k.openAtEnd) },
    {
      id: 'sla',
      label: t('reports.dashboard.kpi.sla'),
      value: pctOrNone(k.sla.compliancePct),
      hint: `${k.sla.withinSla}/${k.resolved}`,
    },
    {
      id: 'breaches',
      label: t('reports.dashboard.kpi.breaches'),
      value: `${k.sla.breaches.support} / ${k.sla.breaches.requester}`,
    },
    { id: 'mtta', label: t('reports.dashboard.kpi.mtta'), value: minutes(k.mtta.businessMin, k.mtta.wallMin) },
    { id: 'mttr', label: t('reports.dashboard.kpi.mttr'), value: minutes(k.mttr.businessMin, k.mttr.wallMin) },
    { id: 'fcr', label: t('reports.dashboard.kpi.fcr'), value: pctOrNone(k.firstContact.pct) },
    { id: 'reopen', label: t('reports.dashboard.kpi.reopen'), value: pctOrNone(k.reopen.pct) },
    { id: 'csat', label: t('reports.dashboard.kpi.csat'), value: csatText(report.csat?.average) },
    { id: 'csat-rate', label: t('reports.dashboard.kpi.csat_rate'), value: pctOrNone(report.csat?.responseRatePct) },
    {
      id: 'nps',
      label: t('reports.dashboard.kpi.nps'),
      value: report.nps?.score != null ? String(report.nps.score) : noData,
    },
    { id: 'deflection', label: t('reports.dashboard.kpi.deflection'), value: pctOrNone(report.deflection?.ratePct) },
    {
      id: 'problems',
      label: t('reports.dashboard.kpi.problems'),
      value: `${report.problems.fromIncidents} / ${report.problems.opened}`,
    },
    { id: 'changes', label: t('reports.dashboard.kpi.changes'), value: String(report.problems.changesFromIncidents) },
    {
      id: 'crises',
      label: t('reports.dashboard.kpi.crises'),
      value: report.crises ? String(report.crises.total) : noData,
    },
  ];

  const groups =
    groupBy && report.groups
      ? {
          title: t('reports.dashboard.groups.title', { groupBy: t(`reports.dashboard.group_names.${groupBy}`) }),
          columns: [
            t('reports.dashboard.groups.group'),
            t('reports.dashboard.kpi.opened'),
            t('reports.dashboard.kpi.resolved'),
            t('reports.dashboard.kpi.open_at_end'),
            t('reports.dashboard.kpi.sla'),
            t('reports.dashboard.kpi.mttr'),
            t('reports.dashboard.kpi.fcr'),
            t('reports.dashboard.kpi.reopen'),
            t('reports.dashboard.kpi.csat'),
          ],
          rows: report.groups.map((g) => ({
            label: groupName(g.key, g.label),
            cells: [
              String(g.kpis.opened),
              String(g.kpis.resolved),
              String(g.kpis.openAtEnd),
              pctOrNone(g.kpis.sla.compliancePct),
              minutes(g.kpis.mttr.businessMin, g.kpis.mttr.wallMin),
              pctOrNone(g.kpis.firstContact.pct),
              pctOrNone(g.kpis.reopen.pct),
              csatText(g.csat?.average),
            ],
          })),
        }
      : null;

  return {
    lang,
    t: (key, vars) => t(key, vars),
    viewerName: options.viewerName,
    signedIn: options.signedIn,
    query: { ...dates, groupBy },
    presets: [
      { label: t('reports.dashboard.presets.last7'), href: range(today.minus({ days: 6 }), today) },
      { label: t('reports.dashboard.presets.last28'), href: range(today.minus({ days: 27 }), today) },
      { label: t('reports.dashboard.presets.month'), href: range(today.startOf('month'), today) },
      {
        label: t('reports.dashboard.presets.last_month'),
        href: range(today.startOf('month').minus({ months: 1 }), today.startOf('month').minus({ days: 1 })),
      },
      { label: t('reports.dashboard.presets.quarter'), href: range(today.minus({ days: 89 }), today) },
    ],
    groupOptions: [
      { value: '', label: t('reports.dashboard.group_none'), selected: !groupBy },
      ...GROUP_BY.map((g) => ({ value: g, label: t(`reports.dashboard.group_names.${g}`), selected: g === groupBy })),
    ],
    switchHref: href({ from: dates.from, to: dates.to, groupBy, lang: lang === 'fr' ? 'en' : 'fr' }),
    csvHref: href({ from: dates.from, to: dates.to, groupBy }, '/api/reports.csv'),
    generated: t('reports.dashboard.generated', {
      at: DateTime.fromISO(report.generatedAt, { zone })
        .setLocale(lang === 'fr' ? 'fr' : 'en-GB')
        .toLocaleString(DateTime.DATETIME_MED),
      timezone: zone,
    }),
    truncated: report.truncated,
    kpis,
    gaps: report.knowledgeGaps.map((g) => ({
      topic: groupName(g.topic, g.topic),
      tickets: g.tickets,
      examples: g.examples.join(', '),
    })),
    crises: report.crises
      ? report.crises.bySeverity.map((c) => ({
          severity: c.severity,
          declared: c.declared,
          closed: c.closed,
          mean: formatMinutes(t, c.meanDurationMin),
          max: formatMinutes(t, c.maxDurationMin),
        }))
      : null,
    groups,
    csatAvailable: report.csat !== null,
    charts: {
      noData,
      trend: {
        labels: report.weekly.map((w) => w.week),
        opened: report.weekly.map((w) => w.opened),
        resolved: report.weekly.map((w) => w.resolved),
        openAtEnd: report.weekly.map((w) => w.openAtEnd),
        sla: report.weekly.map((w) => w.slaCompliancePct),
        names: {
          opened: t('reports.dashboard.charts.opened'),
          resolved: t('reports.dashboard.charts.resolved'),
          openAtEnd: t('reports.dashboard.charts.open_at_end'),
          sla: t('reports.dashboard.charts.sla_trend'),
        },
      },
      slaByPriority: {
        title: t('reports.dashboard.charts.sla_priority'),
        labels: report.slaByPriority.map((p) => `${p.priority} (${p.withinSla}/${p.resolved})`),
        values: report.slaByPriority.map((p) => p.compliancePct),
      },
      csat: report.csat
        ? {
            title: t('reports.dashboard.charts.answers'),
            labels: ['1', '2', '3', '4', '5'],
            values: (['1', '2', '3', '4', '5'] as const).map((s) => report.csat!.distribution[s]),
          }
        : null,
      backlog: {
        title: t('reports.dashboard.charts.tickets'),
        labels: BACKLOG_BUCKETS.map((b) => t(`reports.dashboard.backlog.${b}`)),
        values: BACKLOG_BUCKETS.map((b) => report.backlogAge[b]),
      },
      categories: {
        title: t('reports.dashboard.charts.tickets'),
        labels: report.topCategories.map((c) => groupName(c.category, c.category)),
        values: report.topCategories.map((c) => c.tickets),
      },
    },
  };
}
