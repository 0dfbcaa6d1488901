import { DateTime } from 'luxon';
import {
  formatMinutes,
  formatPct,
  GROUP_BY,
  type GroupBy,
  type Report,
  BACKLOG_BUCKETS,
  MAX_PERIOD_DAYS,
  UNASSIGNED,
  UNCATEGORISED,
} from '../../core/reports';
import { hasKey, translator, type Locale } from '../../i18n';

export interface Kpi {
  id: string;
  label: string;
  value: string;
  hint?: string;
  /** "no data": shown as a note, not as a figure. */
  empty?: boolean;
}

type T = (key: string, vars?: Record<string, string | number>) => string;

/** The page's top bar and period picker: on the dashboard, and again on a refused period. */
export interface PickerView {
  lang: Locale;
  t: T;
  /** "Signed in as Sam Carter", or "with a dashboard token" for a wall screen. */
  signedInAs: string;
  signedIn: boolean;
  query: { from: string; to: string; groupBy?: GroupBy };
  /** `min`/`max` of the date fields, so the browser refuses a reversed or over-long period. */
  bounds: { fromMin: string; fromMax: string; toMin: string; toMax: string };
  presets: { label: string; href: string }[];
  groupOptions: { value: string; label: string; selected: boolean }[];
  switchHref: string;
  /** No CSV link for a period that was refused. */
  csvHref: string | null;
}

/** One chart: its canvas, or a "no data" line, and the same figures as a table for everyone. */
export interface ChartFigure {
  id: string;
  title: string;
  empty: boolean;
  alt: string;
  legend?: string;
  columns: string[];
  rows: string[][];
}

/** Everything the dashboard template shows, already translated and formatted for one language. */
export interface DashboardView extends PickerView {
  generated: string;
  truncated: boolean;
  kpis: Kpi[];
  gaps: { topic: string; tickets: number; examples: string }[];
  crises: { severity: string; declared: number; closed: number; mean: string; max: string }[] | null;
  groups: { title: string; rows: { label: string; cells: string[] }[]; columns: string[] } | null;
  figures: ChartFigure[];
  /** Serialised into the page for the chart script (no inline code: CSP allows scripts from self only). */
  charts: ChartData;
}

/** A period the dashboard refused: the picker again, and why, in the reader's language. */
export interface PeriodErrorView extends PickerView {
  message: string;
  hint: { before: string; link: { label: string; href: string }; after: string };
}

interface ChartData {
  trend: {
    labels: string[];
    opened: number[];
    resolved: number[];
    openAtEnd: number[];
    sla: (number | null)[];
    names: Record<string, string>;
  };
  slaByPriority: { labels: string[]; values: (number | null)[]; colors: string[]; title: string };
  csat: { labels: string[]; values: number[]; colors: string[]; title: string } | null;
  backlog: { labels: string[]; values: number[]; title: string };
  categories: { labels: string[]; values: number[]; title: string };
}

/** SLA compliance colours mean something: green is on target, red needs attention. */
export const SLA_GOOD_PCT = 95;
export const SLA_WARN_PCT = 80;
const GREEN = '#16a34a';
const AMBER = '#d97706';
const RED = '#dc2626';
const GREY = '#94a3b8';
const CSAT_COLOURS = [RED, '#f97316', '#eab308', '#84cc16', GREEN];

export function slaColour(pct: number | null | undefined): string {
  if (pct === null || pct === undefined) return GREY;
  return pct >= SLA_GOOD_PCT ? GREEN : pct >= SLA_WARN_PCT ? AMBER : RED;
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

interface PickerOptions {
  lang: Locale;
  /** The signed-in person; none for a dashboard token. */
  viewerName?: string;
  signedIn: boolean;
  now: Date;
  timezone: string;
  dates: { from: string; to: string };
  groupBy?: GroupBy;
  csv: boolean;
}

function presetsOf(t: T, today: DateTime, link: (from: DateTime, to: DateTime) => string) {
  return {
    last7: { label: t('reports.dashboard.presets.last7'), href: link(today.minus({ days: 6 }), today) },
    last28: { label: t('reports.dashboard.presets.last28'), href: link(today.minus({ days: 27 }), today) },
    month: { label: t('reports.dashboard.presets.month'), href: link(today.startOf('month'), today) },
    lastMonth: {
      label: t('reports.dashboard.presets.last_month'),
      href: link(today.startOf('month').minus({ months: 1 }), today.startOf('month').minus({ days: 1 })),
    },
    quarter: { label: t('reports.dashboard.presets.quarter'), href: link(today.minus({ days: 89 }), today) },
  };
}

/** The top bar and period picker for a period given as local dates (`to` included). */
export function pickerView(options: PickerOptions): PickerView {
  const { lang, dates, groupBy } = options;
  const t = translator(lang);
  const today = DateTime.fromJSDate(options.now, { zone: options.timezone }).startOf('day');
  const range = (from: DateTime, to: DateTime) => href({ from: from.toISODate()!, to: to.toISODate()!, groupBy, lang });
  const span = MAX_PERIOD_DAYS - 1;
  return {
    lang,
    t: (key, vars) => t(key, vars),
    signedInAs: options.viewerName
      ? t('reports.dashboard.signed_in_as', { name: options.viewerName })
      : t('reports.dashboard.signed_in_token'),
    signedIn: options.signedIn,
    query: { ...dates, groupBy },
    bounds: {
      fromMin: DateTime.fromISO(dates.to).minus({ days: span }).toISODate() ?? '',
      fromMax: dates.to,
      toMin: dates.from,
      toMax: DateTime.fromISO(dates.from).plus({ days: span }).toISODate() ?? '',
    },
    presets: Object.values(presetsOf(t, today, range)),
    groupOptions: [
      { value: '', label: t('reports.dashboard.group_none'), selected: !groupBy },
      ...GROUP_BY.map((g) => ({ value: g, label: t(`reports.dashboard.group_names.${g}`), selected: g === groupBy })),
    ],
    switchHref: href({ from: dates.from, to: dates.to, groupBy, lang: lang === 'fr' ? 'en' : 'fr' }),
    csvHref: options.csv ? href({ from: dates.from, to: dates.to, groupBy }, '/api/reports.csv') : null,
  };
}

type PeriodError = { code: string } & Record<string, string | number>;

/**
 * The page for a refused period: what was wrong in the reader's language, the picker filled with
 * what still makes sense of the request, and a link back to the default period.
 */
export function periodErrorView(
  reason: PeriodError,
  raw: { from?: unknown; to?: unknown; groupBy?: unknown },
  options: Omit<PickerOptions, 'dates' | 'groupBy' | 'csv'>,
): PeriodErrorView {
  const { lang } = options;
  const t = translator(lang);
  const today = DateTime.fromJSDate(options.now, { zone: options.timezone }).startOf('day');
  const date = (value: unknown) =>
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value).isValid
      ? value
      : undefined;
  const from = date(raw.from);
  const to = date(raw.to);
  // A reversed period keeps the dates the person typed: they see what to change.
  const dates = {
    from: from ?? (to ? DateTime.fromISO(to).minus({ days: 27 }).toISODate()! : today.minus({ days: 27 }).toISODate()!),
    to: to ?? (from ? DateTime.fromISO(from).plus({ days: 27 }).toISODate()! : today.toISODate()!),
  };
  const groupBy = (GROUP_BY as readonly unknown[]).includes(raw.groupBy) ? (raw.groupBy as GroupBy) : undefined;
  const picker = pickerView({ ...options, dates, groupBy, csv: false });
  const vars: Record<string, string | number> = { ...reason };
  if (reason.code === 'bad_date') vars.field = t(`reports.dashboard.${reason.field === 'to' ? 'to' : 'from'}`);
  if (reason.code === 'bad_group_by')
    vars.options = GROUP_BY.map((g) => t(`reports.dashboard.group_names.${g}`)).join(', ');
  const key = `reports.period_error.${reason.code}`;
  const details = hasKey(lang, key) ? t(key, vars) : t('reports.period_error.invalid');
  const back = presetsOf(t, today, (a, b) => href({ from: a.toISODate()!, to: b.toISODate()!, groupBy, lang })).last28;
  const [before, after = ''] = t('reports.period_error.hint', { preset: '\u0000' }).split('\u0000');
  return {
    ...picker,
    message: t('reports.dashboard.bad_query', { details }),
    hint: { before, link: { label: back.label.toLowerCase(), href: back.href }, after },
  };
}

export function dashboardView(
  report: Report,
  options: { lang: Locale; viewerName?: string; signedIn: boolean; now: Date },
): DashboardView {
  const { lang } = options;
  const t = translator(lang);
  const k = report.tickets;
  const dates = pickerDates(report);
  const groupBy = report.groupBy;
  const zone = report.period.timezone;
  const noData = t('reports.no_data');
  const pctOrNone = (v: number | null | undefined) => formatPct(t, lang, v);
  const minutes = (business: number | null, wall: number | null) =>
    business === null && wall === null ? noData : `${formatMinutes(t, business)} / ${formatMinutes(t, wall)}`;
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
      hint: `${k.sla.withinSla}/${k.sla.measured}`,
    },
    {
      id: 'breaches',
      label: t('reports.dashboard.kpi.breaches'),
      value: String(k.sla.breaches.total),
      hint: t('reports.dashboard.kpi.breaches_hint', {
        acknowledge: k.sla.breaches.acknowledge.support + k.sla.breaches.acknowledge.requester,
        resolve: k.sla.breaches.resolve.support + k.sla.breaches.resolve.requester,
        requester: k.sla.breaches.requester,
      }),
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

  for (const kpi of kpis) kpi.empty = kpi.value === noData;

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

  const trendEmpty =
    !report.weekly.length ||
    report.weekly.every((w) => !w.opened && !w.resolved && !w.openAtEnd && w.slaCompliancePct == null);
  const csatValues = report.csat
    ? (['1', '2', '3', '4', '5'] as const).map((s) => report.csat!.distribution[s])
    : [0, 0, 0, 0, 0];
  const backlogValues = BACKLOG_BUCKETS.map((b) => report.backlogAge[b]);
  const backlogLabels = BACKLOG_BUCKETS.map((b) => t(`reports.dashboard.backlog.${b}`));
  const categoryLabels = report.topCategories.map((c) => groupName(c.category, c.category));
  const count = (n: number) => n.toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB');
  const figure = (id: string, titleKey: string, empty: boolean, columns: string[], rows: string[][]) => {
    const title = t(`reports.dashboard.charts.${titleKey}`);
    return { id, title, empty, alt: t('reports.dashboard.charts.alt', { title }), columns, rows };
  };
  const c = (key: string) => t(`reports.dashboard.charts.${key}`);
  const figures: ChartFigure[] = [
    figure(
      'trend',
      'trend',
      trendEmpty,
      [c('week'), c('opened'), c('resolved'), c('open_at_end'), c('sla_trend')],
      report.weekly.map((w) => [
        w.week,
        count(w.opened),
        count(w.resolved),
        count(w.openAtEnd),
        pctOrNone(w.slaCompliancePct),
      ]),
    ),
    {
      ...figure(
        'sla',
        'sla_priority',
        report.slaByPriority.every((p) => p.compliancePct == null),
        [c('priority'), c('sla_priority'), c('within')],
        report.slaByPriority.map((p) => [p.priority, pctOrNone(p.compliancePct), `${p.withinSla}/${p.resolved}`]),
      ),
      legend: [
        t('reports.dashboard.charts.legend_good', { good: SLA_GOOD_PCT }),
        t('reports.dashboard.charts.legend_warn', { warn: SLA_WARN_PCT, good: SLA_GOOD_PCT }),
        t('reports.dashboard.charts.legend_bad', { warn: SLA_WARN_PCT }),
      ].join(' · '),
    },
    figure(
      'csat',
      'csat',
      csatValues.every((v) => !v),
      [c('score'), c('answers')],
      csatValues.map((v, i) => [String(i + 1), count(v)]),
    ),
    figure(
      'backlog',
      'backlog',
      backlogValues.every((v) => !v),
      [c('age'), c('tickets')],
      backlogValues.map((v, i) => [backlogLabels[i], count(v)]),
    ),
    figure(
      'categories',
      'categories',
      report.topCategories.every((cat) => !cat.tickets),
      [c('category'), c('tickets')],
      report.topCategories.map((cat, i) => [categoryLabels[i], count(cat.tickets)]),
    ),
  ];

  return {
    ...pickerView({
      lang,
      viewerName: options.viewerName,
      signedIn: options.signedIn,
      now: options.now,
      timezone: zone,
      dates,
      groupBy,
      csv: true,
    }),
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
      ? report.crises.bySeverity.map((cr) => ({
          severity: cr.severity,
          declared: cr.declared,
          closed: cr.closed,
          mean: formatMinutes(t, cr.meanDurationMin),
          max: formatMinutes(t, cr.maxDurationMin),
        }))
      : null,
    groups,
    figures,
    charts: {
      trend: {
        labels: report.weekly.map((w) => w.week),
        opened: report.weekly.map((w) => w.opened),
        resolved: report.weekly.map((w) => w.resolved),
        openAtEnd: report.weekly.map((w) => w.openAtEnd),
        sla: report.weekly.map((w) => w.slaCompliancePct),
        names: {
          opened: c('opened'),
          resolved: c('resolved'),
          openAtEnd: c('open_at_end'),
          sla: c('sla_trend'),
        },
      },
      slaByPriority: {
        title: c('sla_priority'),
        labels: report.slaByPriority.map((p) => `${p.priority} (${p.withinSla}/${p.resolved})`),
        values: report.slaByPriority.map((p) => p.compliancePct),
        colors: report.slaByPriority.map((p) => slaColour(p.compliancePct)),
      },
      csat: report.csat
        ? { title: c('answers'), labels: ['1', '2', '3', '4', '5'], values: csatValues, colors: CSAT_COLOURS }
        : null,
      backlog: { title: c('tickets'), labels: backlogLabels, values: backlogValues },
      categories: {
        title: c('tickets'),
        labels: categoryLabels,
        values: report.topCategories.map((cat) => cat.tickets),
      },
    },
  };
}
