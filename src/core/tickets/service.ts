import type { Connection } from 'mongoose';
import { claim, releaseStaleClaim } from '../../db/claims';
import type { ImpactLevel, Policy, Priority, SupportLevel } from '../../config';
import type { Clock } from '../clock';
import { crisisModel } from '../crisis/model';
import { DomainError } from '../errors';
import { isAgent, SYSTEM_PERSON, toRef, type Actor, type People, type Person, type PersonRef } from '../people';
import { breachesBetween } from '../sla/breaches';
import type { SlaEngine } from '../sla/engine';
import { canTransition, statusesLeadingTo } from './lifecycle';
import {
  OPEN_STATUSES,
  TICKET_PREFIX,
  ticketModel,
  type HistoryEvent,
  type HistoryType,
  type ProblemState,
  type Ticket,
  type TicketStatus,
} from './model';
import { allocateNumber, parseTicketNumber } from './numbering';
import { confirmsResolution } from './resolutionFeedback';
import { chatText, openTicketInput, queueFilter, type OpenTicketInput, type QueueFilter } from './schemas';

export interface TicketChange {
  type: HistoryType;
  ticket: Ticket;
  previous?: Ticket;
  actor: Actor;
  event: HistoryEvent;
}
export type TicketListener = (change: TicketChange) => Promise<void> | void;

interface Mutation {
  status?: TicketStatus;
  set?: Record<string, unknown>;
  unset?: string[];
  event: Omit<HistoryEvent, 'at' | 'actor' | 'channel'>;
}

const LEVELS: SupportLevel[] = ['L1', 'L2', 'L3'];
/**
 * Where a problem record may go next (ITIL problem management): the root cause found, then the
 * known error (root cause + workaround); restating either is allowed, and a disproved cause sends
 * the investigation back. Resolve and close are the ticket's own statuses.
 */
const PROBLEM_TRANSITIONS: Record<ProblemState, readonly ProblemState[]> = {
  investigating: ['root_cause_known'],
  root_cause_known: ['root_cause_known', 'known_error', 'investigating'],
  known_error: ['known_error', 'investigating'],
};
const DAY_MS = 24 * 3600_000;
/** A revision claimed but not written after this long belongs to a crashed writer. */
const STALE_CLAIM_MS = 30_000;

/** Reads and writes of tickets; every rule of DESIGN.md §3 that concerns one ticket lives here. */
export class TicketService {
  private readonly model;
  private readonly listeners: TicketListener[] = [];

  constructor(
    private readonly deps: { connection: Connection; policy: Policy; clock: Clock; sla: SlaEngine; people: People },
  ) {
    this.model = ticketModel(deps.connection);
  }

  /** Notification, SLA and survey flows subscribe here; they run after the write succeeded. */
  onChange(listener: TicketListener): void {
    this.listeners.push(listener);
  }

  priorityFor(impact: ImpactLevel, urgency: ImpactLevel): Priority {
    return this.deps.policy.priorityMatrix[impact][urgency];
  }

  /** Calendar days after resolution during which the requester may reopen (then it closes). */
  get reopenWindowDays(): number {
    return this.deps.policy.sla.autoCloseAfterDays;
  }

  teamFor(level: SupportLevel): string {
    return (this.deps.policy.teams.find((t) => t.level === level) ?? this.deps.policy.teams[0]).id;
  }

  /**
   * Opens a ticket. `requester` defaults to the actor; someone else is named when a ticket is
   * opened from another person's message (a reaction or shortcut on it): history keeps who did it.
   */
  async open(actor: Actor, input: OpenTicketInput, requester: Person = actor.person): Promise<Ticket> {
    const parsed = openTicketInput.safeParse(input);
    if (!parsed.success)
      throw new DomainError('invalid_input', {
        details: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      });
    const data = parsed.data;
    if (data.type === 'problem') requireAgent(actor, 'problem');
    const { policy, clock, sla, connection } = this.deps;
    const impact = data.impact ?? policy.defaults.impact;
    const urgency = data.urgency ?? policy.defaults.urgency;
    const priority = this.priorityFor(impact, urgency);
    const level: SupportLevel = 'L1';
    const team = this.teamFor(level);
    const now = clock.now();
    const number = await allocateNumber(connection, TICKET_PREFIX[data.type], now);
    // A problem record is no incident: no acknowledge or resolve target (its clock is stopped from
    // the start, so no checkpoint is ever due), no requester (the desk stands in), and the agent who
    // raises it owns it.
    const problem = data.type === 'problem';
    const state = problem ? sla.stop(sla.start(now, priority, team), now, team) : sla.start(now, priority, team);
    const owner = problem ? toRef(actor.person) : undefined;
    const status: TicketStatus = owner ? 'assigned' : 'new';
    const holder = problem ? SYSTEM_PERSON : requester;
    const event: HistoryEvent = {
      at: now,
      type: 'opened',
      actor: toRef(actor.person),
      channel: actor.channel,
      to: status,
      text: data.description,
      data: {
        impact,
        urgency,
        priority,
        ...(holder.key !== actor.person.key && !problem ? { requester: holder.key } : {}),
        ...(owner ? { owner: owner.key } : {}),
        ...(data.raisedFrom ? { raisedFrom: data.raisedFrom } : {}),
      },
    };
    const doc = await this.model.create({
      number,
      type: data.type,
      title: data.title ?? titleFrom(data.description),
      description: data.description,
      status,
      impact,
      urgency,
      priority,
      level,
      team,
      category: data.category,
      channel: actor.channel === 'system' ? actor.person.platform : actor.channel,
      requester: toRef(holder),
      ...(owner ? { assignee: owner } : {}),
      ...(problem
        ? { problem: { state: 'investigating', ...(data.raisedFrom ? { raisedFrom: data.raisedFrom } : {}) } }
        : {}),
      sla: state,
      slaNextCheckAt: sla.nextCheckAt(state),
      reopenCount: 0,
      links: [],
      kbSuggestions: data.kbSuggestions,
      history: [event],
      rev: 0,
      createdAt: now,
      updatedAt: now,
    });
    const ticket = doc.toObject() as Ticket;
    await this.emit({ type: 'opened', ticket, actor, event });
    return ticket;
  }

  async get(actor: Actor, number: string): Promise<Ticket> {
    const ticket = await this.find(number);
    if (!isAgent(actor.person) && ticket.requester.key !== actor.person.key)
      throw new DomainError('ticket.not_requester', { number: ticket.number });
    return ticket;
  }

  async find(number: string): Promise<Ticket> {
    const canonical = parseTicketNumber(number);
    const ticket = await this.model.findOne({ number: canonical }).lean<Ticket>();
    if (!ticket) throw new DomainError('ticket.not_found', { number: canonical });
    return ticket;
  }

  async claim(actor: Actor, number: string): Promise<Ticket> {
    requireAgent(actor, 'claim');
    return this.assignTo(actor, number, toRef(actor.person), 'claimed');
  }

  async assign(actor: Actor, number: string, assignee: string): Promise<Ticket> {
    requireAgent(actor, 'assign');
    const channel = actor.channel === 'system' ? actor.person.platform : actor.channel;
    const person = await this.deps.people.resolveAgent(assignee, channel);
    return this.assignTo(actor, number, toRef(person), 'assigned');
  }

  /**
   * Gives a ticket to a known agent (a crisis' technical lead, say): acknowledged and assigned as by
   * `assign`. Already theirs: nothing changes.
   */
  async assignPerson(actor: Actor, number: string, assignee: PersonRef): Promise<Ticket> {
    requireAgent(actor, 'assign');
    const current = await this.find(number);
    if (current.assignee?.key === assignee.key) return current;
    return this.assignTo(actor, number, assignee, 'assigned');
  }

  /**
   * Gives the ticket to `assignee`. A handover changes only who holds it: a ticket waiting on the
   * requester keeps waiting (clock paused, their answer still reaches it). Giving it to whoever
   * already holds it changes nothing and says so, which also makes a double click harmless: the
   * loser of the revision claim decides again on the new state.
   */
  private assignTo(actor: Actor, number: string, assignee: PersonRef, type: 'claimed' | 'assigned'): Promise<Ticket> {
    return this.mutate(actor, number, (t, now) => {
      requireOpen(t);
      if (t.assignee?.key === assignee.key)
        throw new DomainError(assignee.key === actor.person.key ? 'ticket.already_yours' : 'ticket.already_assigned', {
          number: t.number,
          agent: assignee.name,
        });
      return {
        status: t.status === 'waiting_user' ? 'waiting_user' : 'assigned',
        set: { assignee, sla: this.deps.sla.acknowledge(t.sla, now, t.team) },
        event: {
          type,
          data: {
            from: t.assignee?.key ?? null,
            to: assignee.key,
            ...(t.assignee ? { fromName: t.assignee.name } : {}),
          },
        },
      };
    });
  }

  async setPriority(actor: Actor, number: string, priority: Priority): Promise<Ticket> {
    requireAgent(actor, 'priority');
    return this.mutate(actor, number, (t, now) => {
      if (t.priority === priority) throw new DomainError('ticket.same_priority', { number: t.number, priority });
      requireOpen(t);
      return {
        set: { priority, sla: this.deps.sla.changePriority(t.sla, now, priority, t.team) },
        event: { type: 'priority_changed', from: t.priority, to: priority },
      };
    });
  }

  async escalate(actor: Actor, number: string, level: SupportLevel | undefined, reason: string): Promise<Ticket> {
    if (actor.channel !== 'system') requireAgent(actor, 'escalate');
    const text = chatText(1000).parse(reason);
    return this.mutate(actor, number, (t) => {
      requireOpen(t);
      requireNotProblem(t, 'escalate');
      const current = LEVELS.indexOf(t.level);
      if (current === LEVELS.length - 1 && !level) throw new DomainError('ticket.max_level', { number: t.number });
      const target = level ?? LEVELS[current + 1];
      // Escalation only goes up: `escalate … L1` is a mistake to refuse, not a reason to escalate on.
      if (LEVELS.indexOf(target) < current)
        throw new DomainError('ticket.level_not_higher', { number: t.number, level: target, current: t.level });
      if (LEVELS.indexOf(target) === current)
        throw new DomainError('ticket.already_level', { number: t.number, level: t.level });
      const team = this.teamFor(target);
      return {
        // Functional escalation hands the ticket to the next level's team: it waits there to be claimed.
        status: t.status === 'waiting_user' ? 'waiting_user' : 'new',
        set: { level: target, team },
        unset: ['assignee'],
        event: { type: 'escalated', from: t.level, to: target, text, data: { team } },
      };
    });
  }

  async reply(actor: Actor, number: string, text: string): Promise<Ticket> {
    requireAgent(actor, 'reply');
    const body = chatText(this.deps.policy.limits.maxMessageLength).parse(text);
    return this.mutate(actor, number, (t, now) => {
      requireOpen(t);
      requireNotProblem(t, 'reply');
      return {
        set: {
          ...(t.firstResponseAt ? {} : { firstResponseAt: now }),
          sla: this.deps.sla.acknowledge(t.sla, now, t.team),
        },
        event: { type: 'reply', text: body },
      };
    });
  }

  async note(actor: Actor, number: string, text: string): Promise<Ticket> {
    requireAgent(actor, 'note');
    const body = chatText(this.deps.policy.limits.maxMessageLength).parse(text);
    return this.mutate(actor, number, () => ({ event: { type: 'note', text: body, internal: true } }));
  }

  async wait(actor: Actor, number: string, question: string): Promise<Ticket> {
    requireAgent(actor, 'wait');
    const body = chatText(this.deps.policy.limits.maxMessageLength).parse(question);
    return this.mutate(actor, number, (t, now) => {
      requireOpen(t);
      requireNotProblem(t, 'wait');
      // A follow-up question while the first is unanswered: the clock is already paused.
      if (t.status === 'waiting_user') return { event: { type: 'waiting', text: body } };
      const acknowledged = this.deps.sla.acknowledge(t.sla, now, t.team);
      return {
        status: 'waiting_user',
        set: {
          sla: this.deps.sla.pause(acknowledged, now, t.team),
          ...(t.firstResponseAt ? {} : { firstResponseAt: now }),
          ...(t.assignee ? {} : { assignee: toRef(actor.person) }),
        },
        // `assigned`: the question made its author the assignee, which their confirmation says.
        event: { type: 'waiting', text: body, ...(t.assignee ? {} : { data: { assigned: true } }) },
      };
    });
  }

  async workaround(actor: Actor, number: string, text: string): Promise<Ticket> {
    requireAgent(actor, 'workaround');
    const body = chatText(this.deps.policy.limits.maxMessageLength).parse(text);
    return this.mutate(actor, number, (t) => {
      requireOpen(t);
      requireNotProblem(t, 'workaround');
      return { set: { workaround: body }, event: { type: 'workaround', text: body } };
    });
  }

  /**
   * Moves a problem record along its lifecycle: `root_cause_known` records the root cause,
   * `known_error` the workaround (a known error needs its root cause first), `investigating` sends
   * it back with the reason. Only open problem records, only agents.
   */
  async setProblemState(actor: Actor, number: string, to: ProblemState, text: string): Promise<Ticket> {
    requireAgent(actor, 'problem');
    const body = chatText(this.deps.policy.limits.maxMessageLength).parse(text);
    return this.mutate(actor, number, (t) => {
      if (t.type !== 'problem' || !t.problem) throw new DomainError('ticket.not_problem', { number: t.number });
      requireOpen(t);
      const from = t.problem.state;
      if (!PROBLEM_TRANSITIONS[from].includes(to))
        throw new DomainError(
          to === 'known_error'
            ? 'ticket.problem_root_cause_first'
            : to === 'investigating'
              ? 'ticket.problem_already_investigating'
              : 'ticket.problem_known_error_set',
          { number: t.number },
        );
      const problem = {
        ...t.problem,
        state: to,
        ...(to === 'root_cause_known' ? { rootCause: body } : {}),
        ...(to === 'known_error' ? { workaround: body } : {}),
      };
      return {
        set: { problem, ...(to === 'known_error' ? { workaround: body } : {}) },
        event: { type: 'problem_state', from, to, text: body },
      };
    });
  }

  async resolve(actor: Actor, number: string, resolution: string): Promise<Ticket> {
    if (actor.channel !== 'system') requireAgent(actor, 'resolve');
    const body = chatText(this.deps.policy.limits.maxMessageLength).parse(resolution);
    return this.mutate(actor, number, (t, now) => {
      if (t.status === 'resolved') throw new DomainError('ticket.already_resolved', { number: t.number });
      this.requireTransition(t, 'resolved');
      const running = t.status === 'waiting_user' ? this.deps.sla.resume(t.sla, now, t.team) : t.sla;
      return {
        status: 'resolved',
        set: {
          resolution: body,
          resolvedAt: now,
          sla: this.deps.sla.stop(this.deps.sla.acknowledge(running, now, t.team), now, t.team),
          ...(t.assignee || actor.channel === 'system' ? {} : { assignee: toRef(actor.person) }),
          ...(t.firstResponseAt ? {} : { firstResponseAt: now }),
        },
        event: { type: 'resolved', text: body },
      };
    });
  }

  /**
   * Reopens a resolved ticket (ITIL: the fix did not hold). Only a resolved ticket can be reopened;
   * the requester may do it within the reopen window, after which the ticket closes and a new one
   * is needed. Agents may reopen a resolved ticket until it is closed.
   */
  async reopen(actor: Actor, number: string, reason?: string): Promise<Ticket> {
    const why = optionalReason(reason, this.deps.policy.limits.maxMessageLength);
    return this.mutate(actor, number, (t, now) => {
      requireRequesterOrAgent(actor, t);
      this.requireReopenable(actor, t, now);
      return this.reopening(t, now, { type: 'reopened', text: why });
    });
  }

  async cancel(actor: Actor, number: string, reason?: string): Promise<Ticket> {
    const why = optionalReason(reason, this.deps.policy.limits.maxMessageLength);
    return this.mutate(actor, number, (t, now) => {
      requireRequesterOrAgent(actor, t);
      if (t.status === 'cancelled') throw new DomainError('ticket.already_cancelled', { number: t.number });
      if (t.status === 'resolved') throw new DomainError('ticket.cancel_resolved', { number: t.number });
      if (t.status === 'closed') throw new DomainError('ticket.final', { number: t.number, from: t.status });
      this.requireTransition(t, 'cancelled');
      return {
        status: 'cancelled',
        set: { cancelledAt: now, sla: this.deps.sla.stop(t.sla, now, t.team) },
        event: { type: 'cancelled', text: why },
      };
    });
  }

  /** Auto-close of resolved tickets (policy: N days), run by a job as the system actor. */
  async close(actor: Actor, number: string): Promise<Ticket> {
    return this.mutate(actor, number, (t, now) => {
      this.requireTransition(t, 'closed');
      return { status: 'closed', set: { closedAt: now }, event: { type: 'closed' } };
    });
  }

  /**
   * Links the ticket to a problem, another ticket, a crisis (`CRI-`, which the crisis cell records
   * on its side) or a change (`CHG-`, a reference to the change tool: not stored here, so not
   * checked). The target must exist: a made-up `PRB-` link would stop the SLA flow from ever
   * proposing a problem record. Linking again is a no-op.
   */
  async link(actor: Actor, number: string, target: string): Promise<Ticket> {
    requireAgent(actor, 'link');
    const ref = parseTicketNumber(target);
    const { number: canonical } = await this.find(number);
    if (ref === canonical) throw new DomainError('ticket.link_self', { number: canonical });
    if (!(await this.linkTargetExists(ref)))
      throw new DomainError('ticket.link_not_found', { number: canonical, target: ref });
    return this.mutate(actor, canonical, (t) => {
      if (t.status === 'closed' || t.status === 'cancelled')
        throw new DomainError('ticket.final', { number: t.number, from: t.status });
      if (t.links.includes(ref)) return null;
      return { set: { links: [...t.links, ref] }, event: { type: 'linked', to: ref } };
    });
  }

  private async linkTargetExists(ref: string): Promise<boolean> {
    if (ref.startsWith('CHG-')) return true;
    const found = ref.startsWith('CRI-')
      ? await crisisModel(this.deps.connection).exists({ number: ref })
      : await this.model.exists({ number: ref });
    return found !== null;
  }

  /** A team's name as people read it (`Workplace & Network`), from its id in the policy. */
  teamName(id: string): string {
    return this.deps.policy.teams.find((team) => team.id === id)?.name ?? id;
  }

  /**
   * A message from the requester in the ticket's conversation. An answer ends `waiting_user`; on a
   * resolved ticket it reopens it with the message as the reason, unless it only confirms the fix
   * ("thanks, it works"). A closed or cancelled ticket takes no more messages: the requester is
   * told to describe the problem again, as a new request.
   */
  async addRequesterMessage(actor: Actor, number: string, text: string): Promise<Ticket> {
    const body = chatText(this.deps.policy.limits.maxMessageLength).parse(text);
    return this.mutate(actor, number, (t, now) => {
      if (t.requester.key !== actor.person.key) throw new DomainError('ticket.not_requester', { number: t.number });
      if (t.status === 'closed' || t.status === 'cancelled')
        throw new DomainError(`ticket.message_${t.status}`, { number: t.number });
      if (t.status === 'resolved') {
        if (confirmsResolution(body)) return { event: { type: 'requester_message', text: body } };
        this.requireReopenable(actor, t, now);
        return this.reopening(t, now, { type: 'reopened', text: body, data: { from: 'requester_message' } });
      }
      if (t.status !== 'waiting_user') return { event: { type: 'requester_message', text: body } };
      const sla = this.deps.sla.resume(t.sla, now, t.team);
      // The answer restarts the clock: both sides are told the moved-out deadline (TicketFlows).
      const slaResumed = {
        pausedBusinessMin: sla.pausedBusinessMin - (t.sla?.pausedBusinessMin ?? 0),
        resolveBy: sla.resolveBy,
      };
      return {
        status: t.assignee ? 'assigned' : 'new',
        set: { sla },
        event: {
          type: 'requester_message',
          text: body,
          from: 'waiting_user',
          to: t.assignee ? 'assigned' : 'new',
          data: { slaResumed },
        },
      };
    });
  }

  /** Records an SLA event (warning, breach, extension) decided by the SLA flows; null = nothing to record. */
  async recordSla(
    actor: Actor,
    number: string,
    decide: (t: Ticket, now: Date) => { set?: Record<string, unknown>; event: Mutation['event'] } | null,
  ): Promise<Ticket | null> {
    let changed = false;
    const ticket = await this.mutate(actor, number, (t, now) => {
      const result = decide(t, now);
      changed = result !== null;
      return result;
    });
    return changed ? ticket : null;
  }

  async listForRequester(actor: Actor, includeClosed = false): Promise<Ticket[]> {
    const filter: Record<string, unknown> = { 'requester.key': actor.person.key };
    if (!includeClosed) filter.status = { $in: [...OPEN_STATUSES, 'resolved'] };
    return this.model.find(filter).sort({ createdAt: -1 }).limit(50).lean<Ticket[]>();
  }

  /** The requester's tickets waiting on them, newest first (read alone: a person may have many tickets). */
  async waitingOn(actor: Actor, limit: number): Promise<Ticket[]> {
    return this.model
      .find({ 'requester.key': actor.person.key, status: 'waiting_user' })
      .sort({ createdAt: -1 })
      .limit(limit)
      .lean<Ticket[]>();
  }

  /** The requester's only ticket in `waiting_user`, if exactly one. */
  async soleTicketWaitingOn(actor: Actor): Promise<Ticket | null> {
    const waiting = await this.model
      .find({ 'requester.key': actor.person.key, status: 'waiting_user' })
      .limit(2)
      .lean<Ticket[]>();
    return waiting.length === 1 ? waiting[0] : null;
  }

  async queue(actor: Actor, filter: QueueFilter = 'all'): Promise<Ticket[]> {
    requireAgent(actor, 'queue');
    const which = queueFilter.parse(filter);
    const query: Record<string, unknown> = { status: { $in: OPEN_STATUSES } };
    if (which === 'mine') query['assignee.key'] = actor.person.key;
    if (which === 'unassigned') query.assignee = { $exists: false };
    if (which === 'breaching') return this.breaching(query);
    return this.model.find(query).sort({ priority: 1, createdAt: 1 }).limit(50).lean<Ticket[]>();
  }

  /**
   * "Breaching": a target breached, or warned and still to meet. Selected by the SLA flags (a
   * ticket whose last checkpoint has passed has nothing left to check, yet is the most overdue), the
   * most overdue first: the earliest deadline still owed (acknowledge while unanswered, else resolve).
   */
  private async breaching(open: Record<string, unknown>): Promise<Ticket[]> {
    const tickets = await this.model
      .find({
        ...open,
        $or: [
          { 'sla.breachedResolve': true },
          { 'sla.breachedAcknowledge': true },
          { 'sla.warnedResolve': true },
          { 'sla.warnedAcknowledge': true, 'sla.acknowledgedAt': { $exists: false } },
        ],
      })
      .sort({ 'sla.resolveBy': 1 })
      .limit(500)
      .lean<Ticket[]>();
    const owed = (t: Ticket) =>
      Math.min(
        new Date(t.sla.resolveBy).getTime(),
        t.sla.acknowledgedAt ? Infinity : new Date(t.sla.acknowledgeBy).getTime(),
      );
    return tickets.sort((a, b) => owed(a) - owed(b) || a.number.localeCompare(b.number)).slice(0, 50);
  }

  /** Only a resolved ticket is reopened; the requester within the window, an agent until it closes. */
  private requireReopenable(actor: Actor, t: Ticket, now: Date): void {
    if (t.status === 'cancelled' || t.status === 'closed')
      throw new DomainError(`ticket.reopen_${t.status}`, { number: t.number });
    if (t.status !== 'resolved') throw new DomainError('ticket.not_resolved', { number: t.number });
    const days = this.reopenWindowDays;
    const resolvedAt = t.resolvedAt ? new Date(t.resolvedAt).getTime() : now.getTime();
    if (!isAgent(actor.person) && actor.channel !== 'system' && now.getTime() - resolvedAt > days * DAY_MS)
      throw new DomainError('ticket.reopen_expired', { number: t.number, days });
  }

  private reopening(t: Ticket, now: Date, event: Mutation['event']): Mutation {
    return {
      status: t.assignee ? 'assigned' : 'new',
      set: { sla: this.deps.sla.resume(t.sla, now, t.team), reopenCount: t.reopenCount + 1 },
      unset: ['resolvedAt', 'resolution'],
      event,
    };
  }

  private requireTransition(t: Ticket, to: TicketStatus): void {
    if (!canTransition(t.status, to))
      throw new DomainError('ticket.illegal_transition', { number: t.number, from: t.status, to });
  }

  /**
   * Read, decide, claim the next revision, write. The claim (unique insert of `number:rev`) is the
   * compare-and-set: atomic on FerretDB and MongoDB without transactions, where a filtered
   * findOneAndUpdate alone is not (FerretDB re-writes by _id without re-checking the filter).
   * Whoever loses the claim re-reads and decides again on the new state.
   */
  private async mutate(
    actor: Actor,
    number: string,
    decide: (t: Ticket, now: Date) => Mutation | null,
  ): Promise<Ticket> {
    for (let attempt = 0; attempt < 40; attempt++) {
      if (attempt) await new Promise((r) => setTimeout(r, Math.min(10 * attempt, 200) * Math.random()));
      const current = await this.find(number);
      const now = this.deps.clock.now();
      const decided = decide(current, now);
      if (!decided) return current;
      const mutation = current.type === 'problem' ? withoutClock(decided) : decided;
      if (
        mutation.status &&
        mutation.status !== current.status &&
        !statusesLeadingTo(mutation.status).includes(current.status)
      )
        throw new DomainError('ticket.illegal_transition', {
          number: current.number,
          from: current.status,
          to: mutation.status,
        });
      const event: HistoryEvent = {
        at: now,
        actor: toRef(actor.person),
        channel: actor.channel,
        ...mutation.event,
        ...(mutation.status && mutation.status !== current.status && !mutation.event.from
          ? { from: current.status, to: mutation.status }
          : {}),
      };
      // A change that itself crosses a deadline (late first response, resolution after the resolve
      // deadline the sweep had not reached) records the breach on its event: see breachesOf().
      const crossed =
        event.type === 'sla_breach' ? [] : breachesBetween(current.sla, mutation.set?.sla as Ticket['sla']);
      if (crossed.length) event.data = { ...event.data, slaBreaches: crossed };
      const set: Record<string, unknown> = { ...(mutation.set ?? {}), updatedAt: now };
      if (mutation.status) set.status = mutation.status;
      if (set.sla) set.slaNextCheckAt = this.deps.sla.nextCheckAt(set.sla as Ticket['sla']);
      const rev = current.rev ?? 0;
      const claimKey = `ticket:${current.number}:${rev + 1}`;
      if (!(await claim(this.deps.connection, claimKey, now))) {
        // A holder that died between claim and write would block the ticket forever: expire it.
        await releaseStaleClaim(this.deps.connection, claimKey, new Date(now.getTime() - STALE_CLAIM_MS));
        continue;
      }
      set.rev = rev + 1;
      const update: Record<string, unknown> = { $set: set, $push: { history: event } };
      if (mutation.unset?.length) update.$unset = Object.fromEntries(mutation.unset.map((f) => [f, 1]));
      const updated = await this.model
        .findOneAndUpdate({ number: current.number, rev }, update, {
          returnDocument: 'after',
        })
        .lean<Ticket>();
      if (!updated) continue;
      await this.emit({ type: event.type, ticket: updated, previous: current, actor, event });
      return updated;
    }
    throw new Error(`ticket ${number} kept changing during update`);
  }

  private async emit(change: TicketChange): Promise<void> {
    for (const listener of this.listeners) await listener(change);
  }
}

export function requireAgent(actor: Actor, verb: string): void {
  if (!isAgent(actor.person)) throw new DomainError('forbidden_agent', { verb });
}

function requireRequesterOrAgent(actor: Actor, t: Ticket): void {
  if (actor.channel !== 'system' && !isAgent(actor.person) && t.requester.key !== actor.person.key)
    throw new DomainError('ticket.not_requester', { number: t.number });
}

/** Work on a ticket (claim, reply, escalate...) needs it open: a resolved one is reopened first. */
function requireOpen(t: Ticket): void {
  if (OPEN_STATUSES.includes(t.status)) return;
  if (t.status === 'resolved') throw new DomainError('ticket.reopen_first', { number: t.number });
  throw new DomainError('ticket.final', { number: t.number, from: t.status });
}

/** An optional reason typed after a verb: trimmed and bounded; blank means none. */
function optionalReason(reason: string | undefined, max: number): string | undefined {
  if (reason === undefined || !String(reason).trim()) return undefined;
  return chatText(max).parse(reason);
}

function titleFrom(description: string): string {
  const firstLine = description.split('\n')[0].trim();
  return firstLine.length <= 80 ? firstLine : `${firstLine.slice(0, 77).trimEnd()}…`;
}

/** A problem record keeps its stopped clock whatever happens to it: it has no SLA to count. */
function withoutClock(mutation: Mutation): Mutation {
  if (!mutation.set || !('sla' in mutation.set)) return mutation;
  const { sla: _sla, firstResponseAt: _first, ...set } = mutation.set;
  return { ...mutation, set };
}

/** Verbs that speak to a requester or move an SLA have nothing to act on in a problem record. */
function requireNotProblem(t: Ticket, verb: string): void {
  // `detailsKey`: the verb as the reader types it (`attendre` in French), translated at the edge.
  if (t.type === 'problem')
    throw new DomainError('ticket.problem_verb', { number: t.number, verb, detailsKey: `problem.verb.${verb}` });
}
