import { translator, type Locale } from '../../i18n';
import type { Crisis } from './model';
import type { CrisisPresenter } from './presenter';
import { firstReportedAt } from './service';

const minutesBetween = (from?: Date | null, to?: Date | null) =>
  from && to ? (new Date(to).getTime() - new Date(from).getTime()) / 60_000 : null;

/** A cell of a markdown table: no pipe or line break may break the row. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

/**
 * The post-incident report in markdown: summary, impact, durations, roles, actions with owners and
 * status, every update, the full timeline in order, and the linked tickets with what closing did
 * to them. Written in the desk's language: it is one shared document.
 */
export function postIncidentReport(crisis: Crisis, presenter: CrisisPresenter, locale: Locale): string {
  const t = translator(locale);
  const when = (at?: Date | null) => presenter.when(locale, at ?? null);
  const firstReport = firstReportedAt(crisis);
  const toDeclare = minutesBetween(firstReport, crisis.declaredAt);
  const requesters = new Set(crisis.tickets.map((tk) => tk.requester.key)).size;

  const lines: string[] = [
    t('crisis.report.title', { number: crisis.number, title: crisis.title }),
    '',
    t('crisis.report.summary'),
    t('crisis.report.severity', {
      severity: presenter.severity(t, crisis),
      impact: t(`crisis.severity_impact.${crisis.severity}`),
    }),
    t('crisis.report.declared', { at: when(crisis.declaredAt), person: crisis.declaredBy.name }),
    t('crisis.report.identified', { at: when(crisis.identifiedAt) }),
    t('crisis.report.resolved', { at: when(crisis.resolvedAt) }),
    t('crisis.report.closed', { at: when(crisis.closedAt) }),
    t('crisis.report.resolution', { text: crisis.resolution ?? t('crisis.none') }),
    t('crisis.report.room', { room: presenter.room(t, crisis) }),
    '',
    t('crisis.report.impact'),
    crisis.tickets.length
      ? t('crisis.report.impact_line', { tickets: crisis.tickets.length, requesters, at: when(firstReport) })
      : t('crisis.report.impact_none'),
    t('crisis.report.updates_line', { count: crisis.updates.length }),
    '',
    t('crisis.report.durations'),
    t('crisis.report.duration_header'),
    t('crisis.report.to_declare', {
      value: presenter.duration(t, toDeclare !== null && toDeclare >= 0 ? toDeclare : null),
    }),
    t('crisis.report.to_identify', {
      value: presenter.duration(t, minutesBetween(crisis.declaredAt, crisis.identifiedAt)),
    }),
    t('crisis.report.to_resolve', {
      value: presenter.duration(t, minutesBetween(crisis.declaredAt, crisis.resolvedAt)),
    }),
    t('crisis.report.total', { value: presenter.duration(t, minutesBetween(crisis.declaredAt, crisis.closedAt)) }),
    '',
    t('crisis.report.roles'),
    presenter.roleLines(t, crisis).replace(/^• /gm, '- '),
    '',
    t('crisis.report.actions'),
  ];

  if (crisis.actions.length) {
    lines.push(t('crisis.report.action_header'));
    for (const action of [...crisis.actions].sort((a, b) => a.n - b.n))
      lines.push(
        `| ${action.n} | ${cell(action.text)} | ${cell(action.owner?.name ?? t('crisis.nobody'))} | ${action.due ? cell(when(action.due)) : '—'} | ${cell(
          action.done
            ? t('crisis.report.action_done', { at: when(action.doneAt), person: action.doneBy?.name ?? '' })
            : t('crisis.report.action_open'),
        )} |`,
      );
  } else lines.push(t('crisis.report.no_actions'));

  lines.push('', t('crisis.report.updates'));
  if (crisis.updates.length)
    for (const update of [...crisis.updates].sort((a, b) => a.n - b.n))
      lines.push(
        t('crisis.report.update_line', {
          n: update.n,
          at: when(update.at),
          author: update.author.name,
          status: presenter.status(t, update.status),
          text: update.text.replace(/\s*\n\s*/g, ' '),
        }),
      );
  else lines.push(t('crisis.report.no_updates'));

  lines.push('', t('crisis.report.timeline'));
  for (const entry of crisis.timeline)
    lines.push(
      t('crisis.report.timeline_line', {
        at: when(entry.at),
        author: entry.author.name,
        text: presenter.timeline(t, locale, entry).replace(/\s*\n\s*/g, ' '),
      }),
    );

  lines.push('', t('crisis.report.tickets'));
  if (crisis.tickets.length) {
    lines.push(t('crisis.report.ticket_header'));
    for (const ticket of crisis.tickets)
      lines.push(
        `| ${ticket.number} | ${cell(ticket.title)} | ${cell(ticket.requester.name)} | ${cell(
          t(`crisis.outcome.${ticket.outcome ?? 'pending'}`, {
            status: ticket.finalStatus ? t(`common.status.${ticket.finalStatus}`) : '',
            error: ticket.outcomeError ?? '',
          }),
        )} |`,
      );
  } else lines.push(t('crisis.report.no_tickets'));

  lines.push('', t('crisis.report.members'), crisis.members.map((m) => `- ${m.name}`).join('\n'));
  return lines.join('\n');
}
