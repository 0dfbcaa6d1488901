import { stringify } from 'csv-stringify/sync';
import type { CsatKpis, Report, TicketKpis } from '../../core/reports';

const COLUMNS = [
  'group_by',
  'group',
  'label',
  'opened',
  'resolved',
  'closed',
  'cancelled',
  'open_at_end',
  'sla_measured',
  'within_sla',
  'sla_compliance_pct',
  'breaches_total',
  'breaches_support',
  'breaches_requester',
  'acknowledge_breaches',
  'resolve_breaches',
  'mtta_business_min',
  'mtta_wall_min',
  'mttr_business_min',
  'mttr_wall_min',
  'first_contact_pct',
  'reopen_pct',
  'csat_average',
  'csat_responses',
  'csat_response_rate_pct',
  'nps',
  'deflection_pct',
  'problems_opened',
  'problems_from_incidents',
  'changes_from_incidents',
  'crises',
] as const;

type Row = Partial<Record<(typeof COLUMNS)[number], string | number | null>>;

function ticketColumns(k: TicketKpis): Row {
  return {
    opened: k.opened,
    resolved: k.resolved,
    closed: k.closed,
    cancelled: k.cancelled,
    open_at_end: k.openAtEnd,
    sla_measured: k.sla.measured,
    within_sla: k.sla.withinSla,
    sla_compliance_pct: k.sla.compliancePct,
    breaches_total: k.sla.breaches.total,
    breaches_support: k.sla.breaches.support,
    breaches_requester: k.sla.breaches.requester,
    acknowledge_breaches: k.sla.acknowledgeBreaches,
    resolve_breaches: k.sla.breaches.resolve.support + k.sla.breaches.resolve.requester,
    mtta_business_min: k.mtta.businessMin,
    mtta_wall_min: k.mtta.wallMin,
    mttr_business_min: k.mttr.businessMin,
    mttr_wall_min: k.mttr.wallMin,
    first_contact_pct: k.firstContact.pct,
    reopen_pct: k.reopen.pct,
  };
}

function csatColumns(c: CsatKpis | null | undefined): Row {
  return c ? { csat_average: c.average, csat_responses: c.responses, csat_response_rate_pct: c.responseRatePct } : {};
}

/** A spreadsheet reads `=`, `+`, `-`, `@` at the start of a text cell as a formula: neutralise it. */
function cell(value: string | number | null | undefined): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * One row for the whole period (`all`), one per group when grouped, one per week. An empty cell
 * means "no data" (no source, or nothing to divide), never zero.
 */
export function reportCsv(report: Report): string {
  const rows: Row[] = [
    {
      group_by: 'all',
      group: 'all',
      label: `${report.period.from}/${report.period.to}`,
      ...ticketColumns(report.tickets),
      ...csatColumns(report.csat),
      nps: report.nps?.score ?? null,
      deflection_pct: report.deflection?.ratePct ?? null,
      problems_opened: report.problems.opened,
      problems_from_incidents: report.problems.fromIncidents,
      changes_from_incidents: report.problems.changesFromIncidents,
      crises: report.crises?.total ?? null,
    },
    ...(report.groups ?? []).map((g) => ({
      group_by: report.groupBy,
      group: g.key,
      label: g.label,
      ...ticketColumns(g.kpis),
      ...csatColumns(g.csat),
    })),
    ...report.weekly.map((w) => ({
      group_by: 'week',
      group: w.week,
      label: `${w.from}/${w.to}`,
      opened: w.opened,
      resolved: w.resolved,
      open_at_end: w.openAtEnd,
      sla_compliance_pct: w.slaCompliancePct,
      csat_average: w.csatAverage,
    })),
  ];
  return stringify(
    rows.map((row) => COLUMNS.map((c) => cell(row[c]))),
    { header: true, columns: [...COLUMNS] },
  );
}
