import type { Connection } from 'mongoose';
import type { Policy } from '../../config';
import { claim } from '../../db/claims';
import type { Clock } from '../clock';
import { DomainError } from '../errors';
import type { Notifier } from '../notify';
import type { Actor, People } from '../people';
import type { ReportRange } from '../reports/sources';
import type { TicketService } from '../tickets';
import { CrisisActions } from './actions';
import { CrisisClosing } from './close';
import { CrisisDeclaration } from './declare';
import { UpdateReminders } from './jobs';
import { CrisisTickets } from './links';
import { CrisisMembers } from './members';
import {
  requireRunner,
  type Crisis,
  type CrisisResult,
  type CrisisRole,
  type Invocation,
  type Severity,
  type SettableStatus,
} from './model';
import { CrisisPresenter, voice } from './presenter';
import { CrisisReactions } from './reactions';
import { RoomSteps, type CrisisLogger } from './roomSteps';
import { CrisisRooms, type CrisisRoomProvider } from './rooms';
import { CrisisService, type CrisisStats } from './service';
import { CrisisUpdates } from './updates';

export interface CrisisCellDeps {
  connection: Connection;
  policy: Policy;
  clock: Clock;
  people: People;
  tickets: TicketService;
  notifier: Notifier;
  logger: CrisisLogger;
}

/**
 * The crisis cell (DESIGN.md §6): declaring a major incident opens a room on the declarer's
 * platform with the on-call roles in it; agent members log actions, post updates (broadcast to the
 * stakeholders and to every requester of a linked ticket), change the status, link tickets and
 * close; roles are held by agents, anyone else invited only follows (reads the room, marks their own
 * actions done); a sweep reminds the communications lead of each update deadline; closing resolves
 * the linked tickets and leaves a post-incident report. Each platform step is recorded as it happens, so a
 * failure half-way leaves a consistent record that `crisis retry` completes.
 *
 * This class builds the cell's parts once and is the one door to its verbs. Each verb checks who
 * may (`model.ts`), writes the record (`service.ts`), lets the others hear of it (`reactions.ts`)
 * and answers (`presenter.ts`); the verbs live by group: `declare.ts`, `members.ts`, `actions.ts`,
 * `updates.ts`, `links.ts`, `close.ts`. Their words are `commands.ts`, the update reminders
 * `jobs.ts`, the room on its platform `roomSteps.ts` over the channels' `rooms.ts` providers.
 */
export class CrisisCell {
  readonly records: CrisisService;
  readonly rooms = new CrisisRooms();
  readonly presenter: CrisisPresenter;
  /** The update-deadline sweep (reminders, then escalation), run every minute by the scheduler. */
  readonly reminders: UpdateReminders;
  private readonly roomSteps: RoomSteps;
  private readonly reactions: CrisisReactions;
  private readonly declaration: CrisisDeclaration;
  private readonly members: CrisisMembers;
  private readonly actions: CrisisActions;
  private readonly updates: CrisisUpdates;
  private readonly tickets: CrisisTickets;
  private readonly closing: CrisisClosing;

  constructor(private readonly deps: CrisisCellDeps) {
    const { connection, clock, policy, people, tickets, notifier, logger } = deps;
    const records = new CrisisService({ connection, clock });
    const rooms = this.rooms;
    const presenter = new CrisisPresenter(policy, (room, reader) => rooms.get(room.platform)?.cite?.(room, reader));
    const locale = policy.locale.default;
    const shared = { records, presenter, locale, logger };
    const roomSteps = new RoomSteps({ ...shared, rooms, timezone: policy.timezone });
    const reactions = new CrisisReactions({ ...shared, connection, clock, tickets, notifier, rooms: roomSteps });
    const parts = { records, presenter, roomSteps, reactions };
    const members = new CrisisMembers({ ...parts, policy, people });
    this.records = records;
    this.presenter = presenter;
    this.roomSteps = roomSteps;
    this.reactions = reactions;
    this.reminders = new UpdateReminders({ ...shared, connection, notifier, rooms: roomSteps });
    this.declaration = new CrisisDeclaration({ ...parts, connection, clock, policy, people, tickets, rooms, locale });
    this.members = members;
    this.actions = new CrisisActions({ ...parts, policy, people, members });
    this.updates = new CrisisUpdates({ ...parts, policy, locale });
    this.tickets = new CrisisTickets({ ...parts, tickets, members });
    this.closing = new CrisisClosing({ ...parts, connection, clock, locale });
  }

  registerRooms(provider: CrisisRoomProvider): void {
    this.rooms.register(provider);
  }

  crisisStats(range: ReportRange): Promise<CrisisStats> {
    return this.records.crisisStats(range);
  }

  /** The crisis a verb is about: named explicitly, or the one whose room the verb was typed in. */
  async target(actor: Actor, explicit: string | undefined, room: string | undefined, verb: string): Promise<Crisis> {
    if (explicit) return this.records.get(explicit);
    if (room && actor.channel !== 'system') {
      const here = await this.records.forRoom(actor.channel, room);
      if (here) return here;
    }
    throw new DomainError('crisis.no_crisis_here', { verb });
  }

  declare(inv: Invocation, input: { title?: string; severity?: Severity; ticket?: string }): Promise<CrisisResult> {
    return this.declaration.declare(inv, input);
  }

  assignRole(inv: Invocation, crisis: Crisis, role: CrisisRole, who: string): Promise<CrisisResult> {
    return this.members.assignRole(inv, crisis, role, who);
  }

  invite(inv: Invocation, crisis: Crisis, who: string): Promise<CrisisResult> {
    return this.members.invite(inv, crisis, who);
  }

  addAction(
    inv: Invocation,
    crisis: Crisis,
    input: { text: string; owner?: string; due?: Date },
  ): Promise<CrisisResult> {
    return this.actions.addAction(inv, crisis, input);
  }

  completeAction(inv: Invocation, crisis: Crisis, n: number): Promise<CrisisResult> {
    return this.actions.completeAction(inv, crisis, n);
  }

  postUpdate(inv: Invocation, crisis: Crisis, text: string): Promise<CrisisResult> {
    return this.updates.postUpdate(inv, crisis, text);
  }

  setStatus(inv: Invocation, crisis: Crisis, status: SettableStatus): Promise<CrisisResult> {
    return this.updates.setStatus(inv, crisis, status);
  }

  link(inv: Invocation, crisis: Crisis, ticketNumber: string): Promise<CrisisResult> {
    return this.tickets.link(inv, crisis, ticketNumber);
  }

  /** The ticket verb `link <ticket> CRI-…` (see `CrisisTickets.linkTicket`). */
  linkTicket(actor: Actor, crisisReference: string, ticketNumber: string, room?: string): Promise<CrisisResult> {
    return this.tickets.linkTicket(actor, crisisReference, ticketNumber, room);
  }

  close(inv: Invocation, crisis: Crisis, resolution?: string): Promise<CrisisResult> {
    return this.closing.close(inv, crisis, resolution);
  }

  /** Completes what a platform failure left undone: room steps while open, close steps once closed. */
  async retry(inv: Invocation, reference: Crisis): Promise<CrisisResult> {
    const crisis = requireRunner(inv.actor, reference, 'retry');
    const { t } = voice(inv.actor);
    if (!(await claim(this.deps.connection, `crisis:${crisis.number}:retry:${crisis.rev}`, this.deps.clock.now())))
      return { crisis, replies: [{ text: t('crisis.nothing_to_retry', { number: crisis.number }) }] };
    if (crisis.status === 'closed') {
      const pending =
        crisis.tickets.some((tk) => tk.outcome === 'failed' || !tk.outcome) ||
        !crisis.room.reportPosted ||
        crisis.room.state !== 'archived';
      if (!pending) return { crisis, replies: [{ text: t('crisis.nothing_to_retry', { number: crisis.number }) }] };
      return this.closing.finish(inv, crisis);
    }
    if (crisis.room.state === 'ready' && !crisis.members.some((m) => m.platform === crisis.room.platform && !m.inRoom))
      return { crisis, replies: [{ text: t('crisis.nothing_to_retry', { number: crisis.number }) }] };
    const setup = await this.roomSteps.setup(crisis);
    await this.reactions.tellMembers(
      setup.crisis,
      setup.crisis.members.map((m) => m.key),
    );
    return {
      crisis: setup.crisis,
      replies: [
        { text: t(setup.failures.length ? 'crisis.retried_partial' : 'crisis.retried_ok', { number: crisis.number }) },
        ...this.presenter.stepWarnings(t, setup.crisis, setup.failures),
      ],
    };
  }
}
