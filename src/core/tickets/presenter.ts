import { formatDateTime, type Locale, type Translate } from '../../i18n';
import type { ActionButton, OutboundMessage, TicketCard } from '../notify/messages';
import type { Ticket } from './model';

/** Turns a ticket into translated text and cards; shared by every channel. */
export class TicketPresenter {
  constructor(private readonly timezone: string) {}

  when(locale: Locale, at: Date | string | null | undefined): string {
    return formatDateTime(locale, at ? new Date(at) : null, this.timezone);
  }

  fields(t: Translate, locale: Locale, ticket: Ticket) {
    return {
      number: ticket.number,
      title: ticket.title,
      type: t(`common.type.${ticket.type}`),
      priority: t(`common.priority.${ticket.priority}`),
      status: t(`common.status.${ticket.status}`),
      level: ticket.level,
      assignee: ticket.assignee?.name ?? t('common.unassigned'),
      requester: ticket.requester.name,
      channel: ticket.channel,
      ackBy: this.when(locale, ticket.sla?.acknowledgeBy),
      resolveBy: this.when(locale, ticket.sla?.resolveBy),
    };
  }

  card(t: Translate, locale: Locale, ticket: Ticket): TicketCard {
    const f = this.fields(t, locale, ticket);
    const sla = ticket.sla?.breachedResolve ? t('ticket.sla_breached') : t('ticket.card_sla', f);
    return {
      number: ticket.number,
      title: t('ticket.card_title', f),
      status: ticket.status,
      priority: ticket.priority,
      lines: [t('ticket.card_fields', f), sla, t('ticket.card_requester', f)],
    };
  }

  agentActions(t: Translate, ticket: Ticket): ActionButton[] {
    const open = ['new', 'assigned', 'waiting_user'].includes(ticket.status);
    if (!open)
      return ticket.status === 'resolved'
        ? [{ id: 'ticket.reopen', label: t('actions.reopen'), value: ticket.number }]
        : [];
    const buttons: ActionButton[] = [
      { id: 'ticket.claim', label: t('actions.claim'), value: ticket.number, style: 'primary' },
      { id: 'ticket.assign', label: t('actions.assign'), value: ticket.number },
      { id: 'ticket.escalate', label: t('actions.escalate'), value: ticket.number },
      { id: 'ticket.resolve', label: t('actions.resolve'), value: ticket.number },
    ];
    if (ticket.priority === 'P1' && ticket.type === 'incident')
      buttons.push({ id: 'crisis.declare', label: t('actions.declare_crisis'), value: ticket.number, style: 'danger' });
    return buttons;
  }

  agentsPost(t: Translate, locale: Locale, ticket: Ticket): OutboundMessage {
    const f = this.fields(t, locale, ticket);
    return {
      text: t('ticket.new_for_agents', f),
      card: this.card(t, locale, ticket),
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

  statusLine(t: Translate, locale: Locale, ticket: Ticket): string {
    return t('ticket.status_line', this.fields(t, locale, ticket));
  }

  statusDetail(t: Translate, locale: Locale, ticket: Ticket): OutboundMessage {
    return {
      text: t('ticket.status_detail', this.fields(t, locale, ticket)),
      card: this.card(t, locale, ticket),
      ticketNumber: ticket.number,
    };
  }
}
