import type { Policy } from '../../config';
import type { Notifier } from '../notify';
import type { TicketPresenter } from './presenter';
import type { TicketChange, TicketService } from './service';

/**
 * Proactive updates (ITIL: keep the requester informed) and the agents' channel mirror.
 * The requester hears about claim, escalation, questions, workaround, replies and resolution;
 * the agents' post is updated in place on every change, and its thread mirrors the conversation.
 */
export function wireTicketNotifications(deps: {
  tickets: TicketService;
  notifier: Notifier;
  presenter: TicketPresenter;
  policy: Policy;
}): void {
  const { notifier, presenter, policy } = deps;
  const locale = policy.locale.default;

  deps.tickets.onChange(async (change: TicketChange) => {
    const { ticket, event, actor } = change;
    const agent = actor.person.name;
    const requester = ticket.requester;
    const tellRequester = (key: string, vars: Record<string, string | number>) =>
      notifier.toPerson(requester, (t) => ({
        text: t(key, { number: ticket.number, agent, ...vars }),
        ticketNumber: ticket.number,
      }));
    const mirror = (key: string, vars: Record<string, string | number> = {}) =>
      notifier.toAgentsThread(ticket, (t) => ({
        text: t(key, { number: ticket.number, agent, requester: requester.name, ...vars }),
        ticketNumber: ticket.number,
      }));

    await notifier.upsertAgentsPost(ticket, (t) => presenter.agentsPost(t, locale, ticket));

    switch (change.type) {
      case 'claimed':
      case 'assigned':
        if (ticket.assignee) await tellRequester('ticket.claimed', { agent: ticket.assignee.name });
        await mirror('ticket.assigned_to', { agent: ticket.assignee?.name ?? '' });
        break;
      case 'escalated':
        await tellRequester('ticket.escalated', { level: ticket.level, team: teamName(policy, ticket.team) });
        await mirror('ticket.escalated_agents', {
          level: ticket.level,
          team: teamName(policy, ticket.team),
          reason: event.text ?? '',
        });
        break;
      case 'waiting':
        await tellRequester('ticket.waiting', { question: event.text ?? '' });
        await mirror('ticket.reply_from_agent', { text: event.text ?? '' });
        break;
      case 'workaround':
        await tellRequester('ticket.workaround', { text: event.text ?? '' });
        await mirror('ticket.workaround', { text: event.text ?? '' });
        break;
      case 'reply':
        await tellRequester('ticket.reply_from_agent', { text: event.text ?? '' });
        await mirror('ticket.reply_from_agent', { text: event.text ?? '' });
        break;
      case 'requester_message':
        await mirror('ticket.message_from_requester', { text: event.text ?? '' });
        break;
      case 'note':
        // Internal: agents' thread only, never the requester.
        await mirror('ticket.reply_from_agent', { text: `📝 ${event.text ?? ''}` });
        break;
      case 'resolved':
        await tellRequester('ticket.resolved', { resolution: event.text ?? '', days: policy.sla.autoCloseAfterDays });
        break;
      case 'reopened':
        if (actor.person.key === requester.key) await mirror('ticket.reopened');
        else await tellRequester('ticket.reopened', {});
        break;
      case 'cancelled':
        if (actor.person.key === requester.key) await mirror('ticket.cancelled');
        else await tellRequester('ticket.cancelled', {});
        break;
      default:
        break;
    }
  });
}

function teamName(policy: Policy, teamId: string): string {
  return policy.teams.find((t) => t.id === teamId)?.name ?? teamId;
}
