import type { Policy } from '../../config';
import type { Translate } from '../../i18n';
import type { ActionButton, Notifier } from '../notify';
import { isAgent } from '../people';
import type { TicketPresenter } from './presenter';
import type { TicketChange, TicketService } from './service';

/**
 * Proactive updates (ITIL: keep the requester informed) and the agents' channel mirror.
 * The requester hears about claim, escalation, questions, workaround, replies and resolution;
 * the agents' post is updated in place on every change, and its thread mirrors the conversation.
 *
 * An agent who changes a ticket is answered by the verb itself, in their language: the thread
 * does not repeat that confirmation (claim, assign, escalate, reopen, cancel), the updated post
 * shows the new state to everyone. The thread carries the conversation (replies, questions,
 * notes, workarounds) and what agents would not otherwise see: the requester's words and changes,
 * and the system's (an escalation on SLA breach).
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
    // An agent's verb answers them directly; the system (SLA sweeps) has nobody to answer.
    const byAgent = actor.channel !== 'system' && isAgent(actor.person);
    const byRequester = actor.person.key === requester.key;
    // A problem record has no requester (the desk stands in): nobody to keep informed.
    const tellRequester = async (
      key: string,
      vars: Record<string, string | number>,
      actions?: (t: Translate) => ActionButton[],
    ) =>
      ticket.type !== 'problem' &&
      notifier.toPerson(requester, (t) => ({
        text: t(key, { number: ticket.number, agent, ...vars }),
        ticketNumber: ticket.number,
        ...(actions ? { actions: actions(t) } : {}),
      }));
    const mirror = (key: string, vars: Record<string, string | number> = {}) =>
      notifier.toAgentsThread(ticket, (t) => ({
        text: t(key, { number: ticket.number, agent, requester: requester.name, ...vars }),
        ticketNumber: ticket.number,
      }));

    const withReason = { reason: event.text ?? '' };

    /**
     * A handover is news for the agents it concerns, in their own language: the colleague given the
     * ticket gets it by direct message, and whoever held it hears who took it. The agent who made the
     * change is answered by the verb.
     */
    const tellAgentsConcerned = async () => {
      const assignee = ticket.assignee;
      if (assignee && assignee.key !== actor.person.key)
        await notifier.toPerson(assignee, (t) => ({
          text: t('ticket.assigned_you', {
            number: ticket.number,
            agent,
            title: ticket.title,
            priority: t(`common.priority.${ticket.priority}`),
            requester: requester.name,
          }),
          card: presenter.card(t, assignee.locale, ticket, 'agent'),
          ticketNumber: ticket.number,
        }));
      const before = change.previous?.assignee;
      if (before && before.key !== actor.person.key && before.key !== assignee?.key)
        await notifier.toPerson(before, (t) => ({
          text:
            assignee?.key === actor.person.key
              ? t('ticket.taken_over', { number: ticket.number, agent, title: ticket.title })
              : t('ticket.reassigned', {
                  number: ticket.number,
                  agent,
                  title: ticket.title,
                  assignee: assignee?.name ?? '',
                }),
          ticketNumber: ticket.number,
        }));
    };

    await notifier.upsertAgentsPost(ticket, (t) => presenter.agentsPost(t, locale, ticket));

    switch (change.type) {
      case 'claimed':
      case 'assigned':
        if (ticket.assignee) await tellRequester('ticket.claimed', { agent: ticket.assignee.name });
        await tellAgentsConcerned();
        if (!byAgent) await mirror('ticket.assigned_to', { agent: ticket.assignee?.name ?? '' });
        break;
      case 'escalated':
        await tellRequester('ticket.escalated', { level: ticket.level, team: deps.tickets.teamName(ticket.team) });
        if (!byAgent)
          await mirror('ticket.escalated_agents', {
            level: ticket.level,
            team: deps.tickets.teamName(ticket.team),
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
      case 'requester_message': {
        await mirror('ticket.message_from_requester', { text: event.text ?? '' });
        // An answer that restarted the SLA clock: the agents see the new deadline too.
        if (event.data?.slaResumed)
          await notifier.toAgentsThread(ticket, (t) => ({
            text: presenter.resumedClock(t, locale, event, 'agent') ?? '',
            ticketNumber: ticket.number,
          }));
        break;
      }
      case 'linked':
        // A major incident declared from the ticket, or the ticket joined to one: its requester
        // hears it, and will get the crisis updates.
        if (event.to?.startsWith('CRI-')) await tellRequester('ticket.crisis_linked', { crisis: event.to });
        break;
      case 'priority_changed':
        await tellRequester('ticket.priority_changed_requester', {
          from: event.from ?? '',
          to: event.to ?? '',
          resolveBy: presenter.when(requester.locale, ticket.sla?.resolveBy),
        });
        break;
      case 'problem_state': {
        await notifier.toAgentsThread(ticket, (t) => ({
          text: t('problem.moved_thread', {
            number: ticket.number,
            agent,
            state: t(`problem.state.${event.to ?? 'investigating'}`),
            text: event.text ?? '',
          }),
          ticketNumber: ticket.number,
        }));
        // A known error's workaround is news for the incidents it explains: their agents see it.
        if (event.to === 'known_error')
          for (const number of ticket.links.filter((l) => l.startsWith('INC-') || l.startsWith('REQ-'))) {
            const incident = await deps.tickets.find(number).catch(() => null);
            if (!incident || !['new', 'assigned', 'waiting_user'].includes(incident.status)) continue;
            await notifier.toAgentsThread(incident, (t) => ({
              text: t('problem.known_error_for_incident', {
                problem: ticket.number,
                number: incident.number,
                text: event.text ?? '',
              }),
              ticketNumber: incident.number,
            }));
          }
        break;
      }
      case 'note':
        // Internal: agents' thread only, never the requester.
        await mirror('ticket.reply_from_agent', { text: `📝 ${event.text ?? ''}` });
        break;
      case 'resolved':
        await tellRequester(
          'ticket.resolved',
          { resolution: event.text ?? '', days: policy.sla.autoCloseAfterDays },
          (t) => [{ id: 'ticket.reopen', label: t('actions.reopen'), value: ticket.number }],
        );
        break;
      case 'reopened':
        if (byRequester) await mirror(event.text ? 'ticket.reopened_by_requester' : 'ticket.reopened', withReason);
        else await tellRequester('ticket.reopened', {});
        break;
      case 'cancelled':
        if (byRequester) await mirror(event.text ? 'ticket.cancelled_by_requester' : 'ticket.cancelled', withReason);
        // The requester hears who cancelled their ticket, and why when a reason was given.
        else if (byAgent)
          await tellRequester(
            event.text ? 'ticket.cancelled_by_agent_reason' : 'ticket.cancelled_by_agent',
            withReason,
          );
        else await tellRequester('ticket.cancelled', {});
        break;
      default:
        break;
    }
  });
}
