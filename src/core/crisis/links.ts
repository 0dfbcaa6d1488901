import { DomainError } from '../errors';
import { isAgent, toRef, type Actor } from '../people';
import type { Ticket, TicketService } from '../tickets';
import type { CrisisMembers } from './members';
import {
  isMember,
  refuseClosed,
  requireEditable,
  type Crisis,
  type CrisisResult,
  type Invocation,
  type LinkedTicket,
  type StepFailure,
} from './model';
import { voice, type CrisisPresenter } from './presenter';
import type { CrisisReactions } from './reactions';
import type { CrisisService } from './service';

/**
 * Tickets joined to the cell: their requesters hear its updates, its close resolves them, their
 * agents join it. From inside the cell (`crisis link`) or from the ticket (`link <ticket> CRI-…`).
 */
export class CrisisTickets {
  constructor(
    private readonly deps: {
      tickets: TicketService;
      records: CrisisService;
      members: CrisisMembers;
      presenter: CrisisPresenter;
      reactions: CrisisReactions;
    },
  ) {}

  /** `crisis link <ticket>`, by an agent of the cell. */
  async link(inv: Invocation, reference: Crisis, ticketNumber: string): Promise<CrisisResult> {
    return this.attach(inv, requireEditable(inv.actor, reference, 'link'), ticketNumber);
  }

  /**
   * Links a ticket to a crisis from outside the cell: the ticket verb `link <ticket> CRI-…`. Any
   * agent may (the one who sees a ticket about the outage is rarely in the cell), with the effect of
   * `crisis link`: the crisis record holds the ticket, its requester hears the updates, the close
   * resolves it, and the ticket's history records the link. Throws `crisis.*` errors
   * (`not_found`, `invalid_number`, `closed`, `already_linked`; `withCrisisErrors` translates
   * them), `forbidden_agent` and `ticket.not_found`.
   */
  async linkTicket(actor: Actor, crisisReference: string, ticketNumber: string, room?: string): Promise<CrisisResult> {
    if (actor.channel !== 'system' && !isAgent(actor.person))
      throw new DomainError('forbidden_agent', { verb: 'link' });
    const crisis = await this.deps.records.get(crisisReference);
    refuseClosed(crisis);
    return this.attach({ actor, room }, crisis, ticketNumber);
  }

  private async attach(inv: Invocation, crisis0: Crisis, ticketNumber: string): Promise<CrisisResult> {
    const ticket = await this.deps.tickets.find(ticketNumber);
    // A closed or cancelled ticket is over: the crisis could neither update nor resolve it.
    if (ticket.status === 'closed' || ticket.status === 'cancelled')
      throw new DomainError('ticket.final', { number: ticket.number, from: ticket.status });
    const author = toRef(inv.actor.person);
    let crisis = await this.deps.records.mutate(crisis0.number, (c, now) => {
      refuseClosed(c);
      if (c.tickets.some((tk) => tk.number === ticket.number))
        throw new DomainError('crisis.already_linked', { ticket: ticket.number, number: c.number });
      return {
        set: { tickets: [...c.tickets, linkedTicket(ticket, now)] },
        timeline: [{ author, kind: 'link', data: { ticket: ticket.number, title: ticket.title } }],
      };
    });
    await this.deps.reactions.recordLink(inv.actor, ticket.number, crisis.number);
    let failures: StepFailure[] = [];
    if (ticket.assignee && !isMember(crisis, ticket.assignee.key))
      ({ crisis, failures } = await this.deps.members.add(inv.actor, crisis, [ticket.assignee]));
    const replies = await this.deps.reactions.announce(crisis, inv, (t) =>
      t('crisis.linked', {
        ticket: ticket.number,
        title: ticket.title,
        requester: ticket.requester.name,
        number: crisis.number,
      }),
    );
    return { crisis, replies: [...replies, ...this.deps.presenter.stepWarnings(voice(inv.actor).t, crisis, failures)] };
  }
}

/** A ticket as the crisis record keeps it, from the moment it is linked. */
export function linkedTicket(ticket: Ticket, now: Date): LinkedTicket {
  // The domain time of opening (history), not the document's `createdAt`, which is the server's clock.
  const openedAt = ticket.history.find((e) => e.type === 'opened')?.at ?? ticket.sla?.startedAt ?? now;
  return {
    number: ticket.number,
    title: ticket.title,
    requester: ticket.requester,
    assignee: ticket.assignee,
    openedAt,
    linkedAt: now,
  };
}
