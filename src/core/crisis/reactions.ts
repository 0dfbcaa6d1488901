import type { Connection } from 'mongoose';
import { claim } from '../../db/claims';
import { translator, type Locale, type Translate } from '../../i18n';
import type { Clock } from '../clock';
import { isDomainError } from '../errors';
import type { Notifier, OutboundMessage } from '../notify';
import { isAgent, SYSTEM_ACTOR, SYSTEM_PERSON, toRef, type Actor, type PersonRef } from '../people';
import { OPEN_STATUSES, type TicketService } from '../tickets';
import type { Crisis, Invocation, LinkedTicket } from './model';
import type { CrisisPresenter, RoleOrParticipant } from './presenter';
import type { CrisisLogger, RoomSteps } from './roomSteps';
import type { CrisisService } from './service';

const SYSTEM_REF = toRef(SYSTEM_PERSON);

/**
 * What follows a change of the cell, beyond the answer to whoever made it: the room hears it, each
 * member their role, the stakeholders' channel the milestones, the requesters of linked tickets the
 * updates; and the linked tickets follow the cell (the link in their history, the ticket it was
 * declared from handed to the technical lead, every open one resolved at the close). Each delivery
 * is claimed, so a verb run again, or by two processes, never sends it twice.
 */
export class CrisisReactions {
  private readonly deskT: Translate;

  constructor(
    private readonly deps: {
      connection: Connection;
      clock: Clock;
      records: CrisisService;
      tickets: TicketService;
      notifier: Notifier;
      presenter: CrisisPresenter;
      rooms: RoomSteps;
      locale: Locale;
      logger: CrisisLogger;
    },
  ) {
    this.deskT = translator(deps.locale);
  }

  // ── People ───────────────────────────────────────────────────────────────────────────────

  /**
   * Tells the room what changed (in the desk's language) and answers the person. When the verb
   * was typed in the room on a platform that shows answers to everyone there, the answer is the
   * announcement: posting it too would say it twice.
   */
  async announce(
    crisis: Crisis,
    inv: Invocation,
    roomText: (t: Translate, locale: Locale) => string,
    reply?: (t: Translate, locale: Locale) => string,
  ): Promise<OutboundMessage[]> {
    const fromRoom = Boolean(inv.room && inv.room === crisis.room.id && inv.actor.channel === crisis.room.platform);
    const echoed = fromRoom && this.deps.rooms.echoes(crisis);
    const locale = inv.actor.person.locale;
    const t = translator(locale);
    const replies: OutboundMessage[] = [];
    if (!echoed) {
      const failed = await this.deps.rooms.post(crisis, { text: roomText(this.deskT, this.deps.locale) });
      if (failed)
        replies.push({
          text: t('crisis.step_failed', { step: t('crisis.steps.post'), error: failed, number: crisis.number }),
        });
    }
    const texts = echoed
      ? [roomText(t, locale), ...(reply ? [reply(t, locale)] : [])]
      : [reply ? reply(t, locale) : roomText(t, locale)];
    return [...texts.map((text) => ({ text })), ...replies];
  }

  /** Each person hears their role(s) and duties, in their language, once per change of role. */
  async tellMembers(
    crisis: Crisis,
    keys: string[],
    occasion = 'joined',
    followers: ReadonlySet<string> = new Set(),
  ): Promise<void> {
    const { presenter } = this.deps;
    for (const key of new Set(keys)) {
      const person = crisis.members.find((m) => m.key === key);
      if (!person || key === SYSTEM_PERSON.key) continue;
      if (!(await this.once(`crisis:${crisis.number}:told:${key}:${occasion}`))) continue;
      const roles: RoleOrParticipant[] = followers.has(key) ? ['follower'] : presenter.rolesOf(crisis, key);
      await this.deps.notifier.toPerson(person, (t) => ({
        text: presenter.invited(t, crisis, roles, person.platform),
      }));
    }
  }

  /** One direct message per requester of the linked tickets, naming their tickets; returns how many were delivered. */
  async tellRequesters(
    crisis: Crisis,
    occasion: string,
    build: (t: Translate, locale: Locale, tickets: string) => string,
  ): Promise<number> {
    const byRequester = new Map<string, { person: PersonRef; tickets: string[] }>();
    for (const ticket of crisis.tickets) {
      const entry = byRequester.get(ticket.requester.key) ?? { person: ticket.requester, tickets: [] };
      entry.tickets.push(ticket.number);
      byRequester.set(ticket.requester.key, entry);
    }
    let delivered = 0;
    for (const [key, { person, tickets }] of byRequester) {
      if (!(await this.once(`crisis:${crisis.number}:${occasion}:to:${key}`))) continue;
      if (await this.deps.notifier.toPerson(person, (t) => ({ text: build(t, person.locale, tickets.join(', ')) })))
        delivered++;
    }
    return delivered;
  }

  /** The stakeholders' channel hears a milestone once (`key` names it). */
  async tellStakeholders(key: string, build: (t: Translate) => OutboundMessage): Promise<void> {
    if (await this.once(key)) await this.deps.notifier.toChannel('stakeholders', build);
  }

  // ── Tickets ──────────────────────────────────────────────────────────────────────────────

  /** The ticket's own history says it belongs to the crisis; the crisis record already does either way. */
  async recordLink(actor: Actor, ticket: string, crisis: string): Promise<void> {
    await this.deps.tickets.link(isAgent(actor.person) ? actor : SYSTEM_ACTOR, ticket, crisis).catch((err: Error) => {
      this.deps.logger.warn(
        { crisis, ticket, err: err.message },
        'could not record the crisis link in the ticket history',
      );
    });
  }

  /**
   * The ticket a crisis is declared from is taken in hand at once: acknowledged and assigned to the
   * cell's technical lead (the declarer when the role is not staffed), so its acknowledge target
   * cannot lapse while a whole cell works on it. Its requester hears who handles it (TicketFlows).
   */
  async handToTechnicalLead(actor: Actor, crisis: Crisis, ticket: string): Promise<void> {
    const lead = crisis.roles.technical ?? toRef(actor.person);
    await this.deps.tickets.assignPerson(actor, ticket, lead).catch((err: Error) => {
      // A ticket resolved in the meantime stays as it is; the crisis goes on.
      if (!isDomainError(err)) throw err;
      this.deps.logger.warn({ crisis: crisis.number, ticket, code: err.code }, 'crisis ticket not assigned');
    });
  }

  /**
   * Resolves a linked ticket still open with the crisis's resolution (its requester gets the usual
   * resolution message and CSAT poll) and records the outcome on the crisis, whatever it is.
   */
  async resolveLinked(crisis: Crisis, linked: LinkedTicket, resolution: (locale: Locale) => string): Promise<Crisis> {
    const { tickets } = this.deps;
    let outcome: LinkedTicket['outcome'];
    let finalStatus: string | undefined;
    let error: string | undefined;
    try {
      const ticket = await tickets.find(linked.number);
      if (OPEN_STATUSES.includes(ticket.status)) {
        finalStatus = (await tickets.resolve(SYSTEM_ACTOR, ticket.number, resolution(ticket.requester.locale))).status;
        outcome = 'resolved';
      } else {
        finalStatus = ticket.status;
        outcome = 'unchanged';
      }
    } catch (err) {
      outcome = 'failed';
      error = (err as Error).message.slice(0, 200);
      this.deps.logger.warn(
        { crisis: crisis.number, ticket: linked.number, err: error },
        'could not resolve a ticket linked to a closing crisis',
      );
    }
    return this.deps.records.mutate(crisis.number, (c) => ({
      set: {
        tickets: c.tickets.map((tk) =>
          tk.number === linked.number ? { ...tk, outcome, finalStatus, outcomeError: error } : tk,
        ),
      },
      timeline: [
        {
          author: SYSTEM_REF,
          kind: 'ticket',
          data: {
            ticket: linked.number,
            outcome: outcome!,
            ...(finalStatus ? { status: finalStatus } : {}),
            ...(error ? { error } : {}),
          },
        },
      ],
    }));
  }

  private once(key: string): Promise<boolean> {
    return claim(this.deps.connection, key, this.deps.clock.now());
  }
}
