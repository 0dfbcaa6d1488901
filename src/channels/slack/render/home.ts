import type { Person } from '../../../core/people';
import type { Ticket } from '../../../core/tickets';
import type { Audience, TicketPresenter } from '../../../core/tickets/presenter';
import type { Locale, Translate } from '../../../i18n';
import type { Block, View } from '../api';
import { FORM_ACTIONS } from '../capabilities';
import { toSlack } from '../text';
import { context, plain, section } from './blocks';

/** A Home tab holds at most 100 blocks: two per ticket, a few for headings. */
const TICKETS_PER_LIST = 20;

/** Where the ticket stands against its SLA, read from the clock state the core stored. */
export function slaState(t: Translate, locale: Locale, presenter: TicketPresenter, ticket: Ticket): string {
  const sla = ticket.sla;
  const resolveBy = presenter.when(locale, sla?.resolveBy);
  if (ticket.status === 'resolved' || ticket.status === 'closed')
    return t('slack.sla.stopped', { resolvedAt: presenter.when(locale, ticket.resolvedAt) });
  if (sla?.breachedResolve || sla?.breachedAcknowledge) return t('slack.sla.breached', { resolveBy });
  if (ticket.status === 'waiting_user' || sla?.pausedSince) return t('slack.sla.paused');
  if (sla?.warnedResolve || sla?.warnedAcknowledge) return t('slack.sla.at_risk', { resolveBy });
  return t('slack.sla.on_track', { resolveBy });
}

function ticketList(
  t: Translate,
  locale: Locale,
  presenter: TicketPresenter,
  tickets: Ticket[],
  header: string,
  none: string,
  audience: Audience = 'requester',
): Block[] {
  const blocks: Block[] = [{ type: 'header', text: plain(header) }];
  if (!tickets.length) return [...blocks, section(toSlack(none))];
  for (const ticket of tickets.slice(0, TICKETS_PER_LIST))
    blocks.push(
      section(toSlack(presenter.statusLine(t, locale, ticket, audience))),
      context([toSlack(slaState(t, locale, presenter, ticket))]),
    );
  if (tickets.length > TICKETS_PER_LIST)
    blocks.push(context([toSlack(t('slack.home.more', { count: tickets.length - TICKETS_PER_LIST }))]));
  return blocks;
}

/** The App Home tab: the person's open tickets with their SLA state; agents also see what is theirs to work. */
export function homeView(input: {
  t: Translate;
  person: Person;
  presenter: TicketPresenter;
  mine: Ticket[];
  assigned?: Ticket[];
}): View {
  const { t, person, presenter } = input;
  const locale = person.locale;
  const blocks: Block[] = [
    section(toSlack(t('slack.home.greeting', { name: person.name }))),
    {
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: FORM_ACTIONS.newTicket,
          text: plain(t('slack.home.new_ticket'), 75),
          value: 'home',
          style: 'primary',
        },
      ],
    },
    { type: 'divider' },
    ...ticketList(t, locale, presenter, input.mine, t('slack.home.mine_header'), t('slack.home.mine_none')),
  ];
  if (input.assigned)
    blocks.push(
      { type: 'divider' },
      ...ticketList(
        t,
        locale,
        presenter,
        input.assigned,
        t('slack.home.assigned_header'),
        t('slack.home.assigned_none'),
        'agent',
      ),
    );
  return { type: 'home', blocks };
}
