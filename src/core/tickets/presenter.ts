import { formatDateTime, formatDuration, type Locale, type Translate } from '../../i18n';
import type { ActionButton, OutboundMessage, TicketCard } from '../notify/messages';
import type { PersonRef } from '../people/model';
import { OPEN_STATUSES, type HistoryEvent, type Ticket } from './model';

/**
 * Who reads: a status reads differently for the requester ("waiting on you") and for the agents
 * ("waiting on the requester").
 */
export type Audience = 'requester' | 'agent';

/** Turns a ticket into translated text and cards; shared by every channel. */
export class TicketPresenter {
  constructor(private readonly timezone: string) {}

  when(locale: Locale, at: Date | string | null | undefined): string {
    return formatDateTime(locale, at ? new Date(at) : null, this.timezone);
  }

  fields(t: Translate, locale: Locale, ticket: Ticket, audience: Audience = 'requester') {
    const problem = ticket.type === 'problem';
    return {
      number: ticket.number,
      title: ticket.title,
      type: t(`common.type.${ticket.type}`),
      priority: t(`common.priority.${ticket.priority}`),
      status: this.status(t, ticket.status, audience, ticket),
      level: ticket.level,
      assignee: ticket.assignee?.name ?? t(problem ? 'problem.no_owner' : 'common.unassigned'),
      /** "Assignee Sam Carter" / "Unassigned": "Assignee unassigned" reads badly in both languages. */
      assignment: ticket.assignee
        ? t(problem ? 'problem.owner' : 'ticket.assignment', { agent: ticket.assignee.name })
        : t(problem ? 'problem.no_owner' : 'ticket.unassigned'),
      assignmentDetail: ticket.assignee
        ? t(problem ? 'problem.owner' : 'ticket.assignment_detail', { agent: ticket.assignee.name })
        : t(problem ? 'problem.no_owner' : 'ticket.unassigned'),
      requester: ticket.requester.name,
      channel: ticket.channel,
      ackBy: this.when(locale, ticket.sla?.acknowledgeBy),
      resolveBy: this.when(locale, ticket.sla?.resolveBy),
    };
  }

  /** A status in the reader's words: `waiting_user` is "waiting on you" to the requester only. */
  status(t: Translate, status: Ticket['status'], audience: Audience = 'requester', ticket?: Ticket): string {
    // An open problem record reads by its own lifecycle: investigating, root cause known, known error.
    if (ticket?.problem && OPEN_STATUSES.includes(status)) return t(`problem.state.${ticket.problem.state}`);
    return t(audience === 'agent' ? `common.agent_status.${status}` : `common.status.${status}`);
  }

  card(t: Translate, locale: Locale, ticket: Ticket, audience: Audience = 'requester'): TicketCard {
    const f = this.fields(t, locale, ticket, audience);
    if (ticket.problem)
      return {
        number: ticket.number,
        title: t('ticket.card_title', f),
        status: ticket.status,
        priority: ticket.priority,
        lines: [t('problem.card_fields', f), ...this.problemLines(t, locale, ticket)],
      };
    const escalation = this.lastEscalation(t, ticket);
    return {
      number: ticket.number,
      title: t('ticket.card_title', f),
      status: ticket.status,
      priority: ticket.priority,
      lines: [
        t('ticket.card_fields', f),
        this.commitments(t, locale, ticket, audience),
        ...(escalation ? [escalation] : []),
        ...(this.crisisOf(ticket) ? [t('ticket.card_crisis', { crisis: this.crisisOf(ticket) })] : []),
        t('ticket.card_requester', f),
      ],
    };
  }

  /**
   * The SLA line: what is still promised while the ticket is open, what happened once it is not
   * (a resolved, closed or cancelled ticket has nothing left to acknowledge or resolve "by").
   */
  commitments(t: Translate, locale: Locale, ticket: Ticket, audience: Audience = 'requester'): string {
    switch (ticket.status) {
      case 'resolved':
        return t('ticket.outcome.resolved', { at: this.when(locale, ticket.resolvedAt) });
      case 'closed':
        return t('ticket.outcome.closed', { at: this.when(locale, ticket.closedAt) });
      case 'cancelled':
        return t('ticket.outcome.cancelled', { at: this.when(locale, ticket.cancelledAt) });
      default:
        if (ticket.sla?.breachedResolve)
          return t('ticket.sla_breached', { resolveBy: this.when(locale, ticket.sla.resolveBy) });
        if (ticket.status === 'waiting_user' && ticket.sla?.pausedSince)
          return t(audience === 'agent' ? 'ticket.sla_paused' : 'ticket.sla_paused_requester', {
            since: this.when(locale, ticket.sla.pausedSince),
            // Paused: nothing runs, so what is left is the target minus the business time banked.
            left: formatDuration(t, ticket.sla.resolveTargetMin - ticket.sla.elapsedMin),
          });
        if (ticket.sla?.acknowledgedAt)
          return t('ticket.card_sla_acknowledged', { resolveBy: this.when(locale, ticket.sla.resolveBy) });
        return t('ticket.card_sla', this.fields(t, locale, ticket));
    }
  }

  /**
   * What a problem record says instead of SLA commitments and a requester: where it came from, its
   * root cause and workaround, its outcome once resolved.
   */
  problemLines(t: Translate, locale: Locale, ticket: Ticket): string[] {
    const problem = ticket.problem;
    if (!problem) return [];
    const lines: string[] = [];
    if (problem.raisedFrom) lines.push(t('problem.raised_from', { number: problem.raisedFrom }));
    if (problem.rootCause) lines.push(t('problem.root_cause_line', { text: problem.rootCause }));
    if (problem.workaround) lines.push(t('problem.workaround_line', { text: problem.workaround }));
    lines.push(OPEN_STATUSES.includes(ticket.status) ? t('problem.no_sla') : this.commitments(t, locale, ticket));
    return lines;
  }

  /** The major incident (`CRI-…`) the ticket belongs to, if any. */
  crisisOf(ticket: Ticket): string | undefined {
    return ticket.links?.find((l) => l.startsWith('CRI-'));
  }

  /** Why the ticket went up a level, for the team that now holds it (the thread does not repeat it). */
  private lastEscalation(t: Translate, ticket: Ticket): string | null {
    if (!OPEN_STATUSES.includes(ticket.status)) return null;
    const event = [...(ticket.history ?? [])].reverse().find((e) => e.type === 'escalated');
    if (!event) return null;
    return t('ticket.card_escalated', {
      level: event.to ?? ticket.level,
      agent: event.actor.name,
      reason: event.text ?? '',
    });
  }

  agentActions(t: Translate, ticket: Ticket): ActionButton[] {
    const open = ['new', 'assigned', 'waiting_user'].includes(ticket.status);
    if (!open)
      return ticket.status === 'resolved'
        ? [{ id: 'ticket.reopen', label: t('actions.reopen'), value: ticket.number }]
        : [];
    // A problem record is not escalated on a clock: its owner changes by claim or assign.
    if (ticket.problem)
      return [
        { id: 'ticket.claim', label: t('actions.claim'), value: ticket.number, style: 'primary' },
        { id: 'ticket.assign', label: t('actions.assign'), value: ticket.number },
        { id: 'ticket.resolve', label: t('actions.resolve'), value: ticket.number },
      ];
    const buttons: ActionButton[] = [
      { id: 'ticket.claim', label: t('actions.claim'), value: ticket.number, style: 'primary' },
      { id: 'ticket.assign', label: t('actions.assign'), value: ticket.number },
      { id: 'ticket.escalate', label: t('actions.escalate'), value: ticket.number },
      { id: 'ticket.resolve', label: t('actions.resolve'), value: ticket.number },
    ];
    // A ticket already in a major incident shows the crisis instead (card line), not a second declaration.
    if (ticket.priority === 'P1' && ticket.type === 'incident' && !this.crisisOf(ticket))
      buttons.push({ id: 'crisis.declare', label: t('actions.declare_crisis'), value: ticket.number, style: 'danger' });
    return buttons;
  }

  agentsPost(t: Translate, locale: Locale, ticket: Ticket): OutboundMessage {
    const f = this.fields(t, locale, ticket, 'agent');
    return {
      text: ticket.problem
        ? t('problem.new_for_agents', {
            ...f,
            owner: ticket.assignee?.name ?? t('problem.no_owner'),
            from: ticket.problem.raisedFrom ?? '–',
          })
        : t('ticket.new_for_agents', f),
      card: this.card(t, locale, ticket, 'agent'),
      actions: this.agentActions(t, ticket),
      ticketNumber: ticket.number,
    };
  }

  opened(t: Translate, locale: Locale, ticket: Ticket): OutboundMessage {
    return {
      text: t('ticket.opened', this.fields(t, locale, ticket)),
      card: this.card(t, locale, ticket),
      ticketNumber: ticket.number,
    };
  }

  statusLine(t: Translate, locale: Locale, ticket: Ticket, audience: Audience = 'requester'): string {
    return t('ticket.status_line', this.fields(t, locale, ticket, audience));
  }

  /** `status <id>`: agents also see what the ticket is linked to (problems, crises, other tickets). */
  statusDetail(t: Translate, locale: Locale, ticket: Ticket, audience: Audience = 'requester'): OutboundMessage {
    const f = this.fields(t, locale, ticket, audience);
    const lines = ticket.problem
      ? [t('problem.status_detail', f), ...this.problemLines(t, locale, ticket)]
      : [t('ticket.status_detail', f), this.commitments(t, locale, ticket, audience)];
    if (ticket.status === 'resolved' && ticket.resolution)
      lines.push(t('ticket.status_resolution', { resolution: ticket.resolution }));
    if (audience === 'agent' && ticket.links?.length)
      lines.push(t('ticket.status_links', { links: ticket.links.join(', ') }));
    return { text: lines.join('\n'), card: this.card(t, locale, ticket, audience), ticketNumber: ticket.number };
  }

  /**
   * The agent's confirmation of `claim` / `assign`: whose ticket it was when someone else held it,
   * and that the colleague it was given to has been sent it.
   */
  assignedForAgent(t: Translate, ticket: Ticket, actor: PersonRef): OutboundMessage {
    const event = [...(ticket.history ?? [])].reverse().find((e) => e.type === 'claimed' || e.type === 'assigned');
    const previous = typeof event?.data?.fromName === 'string' ? event.data.fromName : undefined;
    const previousKey = typeof event?.data?.from === 'string' ? event.data.from : undefined;
    const agent = ticket.assignee?.name ?? '';
    const vars = { number: ticket.number, agent, previous: previous ?? '' };
    const toSelf = ticket.assignee?.key === actor.key;
    const fromOther = previous !== undefined && previousKey !== actor.key;
    const key = toSelf
      ? fromOther
        ? 'ticket.taken_over_from'
        : 'ticket.assigned_to'
      : fromOther
        ? 'ticket.reassigned_from'
        : 'ticket.assigned_to_colleague';
    return { text: t(key, vars), ticketNumber: ticket.number };
  }

  /** The agent's confirmation of `wait`: the ticket now waits on the requester, clock paused. */
  waitingForAgent(t: Translate, ticket: Ticket): OutboundMessage {
    const event = [...(ticket.history ?? [])].reverse().find((e) => e.type === 'waiting');
    const lines = [t('ticket.waiting_agent', { number: ticket.number, requester: ticket.requester.name })];
    if (event?.data?.assigned) lines.push(t('ticket.waiting_agent_assigned'));
    return { text: lines.join(' '), ticketNumber: ticket.number };
  }

  /** The agent's own confirmation of `resolve` (the requester gets `ticket.resolved`). */
  resolvedForAgent(t: Translate, ticket: Ticket, reopenWindowDays: number): OutboundMessage {
    if (ticket.problem)
      return {
        text: t('problem.resolved_agent', {
          number: ticket.number,
          resolution: ticket.resolution ?? '',
          days: reopenWindowDays,
        }),
        ticketNumber: ticket.number,
      };
    return {
      text: t('ticket.resolved_agent', {
        number: ticket.number,
        resolution: ticket.resolution ?? '',
        requester: ticket.requester.name,
        days: reopenWindowDays,
      }),
      ticketNumber: ticket.number,
    };
  }

  /**
   * The answer to a requester's message on their ticket: added (agents told), or the ticket
   * reopened by it, or kept resolved (a thank-you) with a way to reopen it anyway.
   */
  requesterMessageAdded(t: Translate, ticket: Ticket, locale: Locale = ticket.requester.locale): OutboundMessage {
    const last = ticket.history?.[ticket.history.length - 1];
    if (last?.type === 'reopened')
      return { text: t('ticket.reopened_by_message', { number: ticket.number }), ticketNumber: ticket.number };
    if (ticket.status === 'resolved')
      return {
        text: t('ticket.message_added_resolved', { number: ticket.number }),
        ticketNumber: ticket.number,
        actions: [{ id: 'ticket.reopen', label: t('actions.reopen'), value: ticket.number }],
      };
    const added = t('ticket.message_added', { number: ticket.number });
    const resumed = last?.type === 'requester_message' ? this.resumedClock(t, locale, last) : null;
    return { text: resumed ? `${added}\n${resumed}` : added, ticketNumber: ticket.number };
  }

  /**
   * The new commitment when the requester's answer restarted the SLA clock: the deadline moved out
   * by the business time the ticket waited (`data.slaResumed` on the answer event); null otherwise.
   */
  resumedClock(t: Translate, locale: Locale, event: HistoryEvent, audience: Audience = 'requester'): string | null {
    const resumed = event.data?.slaResumed as { pausedBusinessMin?: number; resolveBy?: Date | string } | undefined;
    if (!resumed?.resolveBy) return null;
    // A wait outside business hours cost no business time: the deadline did not move.
    const moved = (resumed.pausedBusinessMin ?? 0) >= 1;
    const key = `ticket.sla_resumed_${audience === 'agent' ? 'agents' : 'requester'}${moved ? '' : '_unmoved'}`;
    return t(key, {
      resolveBy: this.when(locale, resumed.resolveBy),
      paused: formatDuration(t, resumed.pausedBusinessMin ?? 0),
    });
  }
}
