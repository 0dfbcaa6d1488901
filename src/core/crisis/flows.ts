import type { Connection } from 'mongoose';
import { platformSchema, type Platform, type Policy } from '../../config';
import { claim, claimModel } from '../../db/claims';
import { translator, type Locale, type Translate } from '../../i18n';
import type { Clock } from '../clock';
import { DomainError, isDomainError } from '../errors';
import type { Notifier, OutboundMessage } from '../notify';
import {
  isAgent,
  SYSTEM_ACTOR,
  SYSTEM_PERSON,
  toRef,
  type Actor,
  type People,
  type Person,
  type PersonRef,
} from '../people';
import { onCallNow } from '../sla/oncall';
import { OPEN_STATUSES, type Ticket, type TicketService } from '../tickets';
import {
  isMember,
  UPDATING_STATUSES,
  type Crisis,
  type CrisisMember,
  type CrisisRole,
  type LinkedTicket,
  type Severity,
  type SettableStatus,
  type TimelineEntry,
} from './model';
import { CrisisPresenter, type RoleOrParticipant } from './presenter';
import { postIncidentReport } from './report';
import { UpdateReminders, type ReminderReport } from './reminders';
import { RoomSteps, type CrisisLogger, type StepFailure } from './roomSteps';
import { CrisisRooms, type CrisisRoomProvider } from './rooms';
import { crisisText, crisisTitle } from './schemas';
import { CrisisService, type CrisisMutation, type CrisisStats } from './service';
import type { ReportRange } from '../reports/sources';

/** Who runs a crisis verb, and the room they typed it in (replies typed in the room may already show there). */
export interface Invocation {
  actor: Actor;
  room?: string;
}

export interface CrisisResult {
  crisis: Crisis;
  /** What to answer the person who ran the verb, in their language. */
  replies: OutboundMessage[];
}

export interface CrisisCellDeps {
  connection: Connection;
  policy: Policy;
  clock: Clock;
  people: People;
  tickets: TicketService;
  notifier: Notifier;
  logger: CrisisLogger;
}

const LEVEL_OF = { 'oncall:L1': 'L1', 'oncall:L2': 'L2', 'oncall:L3': 'L3' } as const;
const SYSTEM_REF = toRef(SYSTEM_PERSON);

/**
 * The crisis cell (DESIGN.md §6): declaring a major incident opens a room on the declarer's
 * platform with the on-call roles in it; agent members log actions, post updates (broadcast to the
 * stakeholders and to every requester of a linked ticket), change the status, link tickets and
 * close; roles are held by agents, anyone else invited only follows (reads the room, marks their own
 * actions done); a sweep reminds the communications lead of each update deadline; closing resolves
 * the linked tickets and leaves a post-incident report. Each platform step is recorded as it happens, so a
 * failure half-way leaves a consistent record that `crisis retry` completes.
 */
export class CrisisCell {
  readonly records: CrisisService;
  readonly rooms = new CrisisRooms();
  readonly presenter: CrisisPresenter;
  private readonly roomSteps: RoomSteps;
  private readonly reminders: UpdateReminders;
  private readonly deskLocale: Locale;
  private readonly deskT: Translate;

  constructor(private readonly deps: CrisisCellDeps) {
    const { connection, clock, policy, notifier, logger } = deps;
    this.records = new CrisisService({ connection, clock });
    this.presenter = new CrisisPresenter(policy, (room, reader) => this.rooms.get(room.platform)?.cite?.(room, reader));
    this.deskLocale = policy.locale.default;
    this.deskT = translator(this.deskLocale);
    const shared = { records: this.records, presenter: this.presenter, locale: this.deskLocale, logger };
    this.roomSteps = new RoomSteps({ ...shared, rooms: this.rooms, timezone: policy.timezone });
    this.reminders = new UpdateReminders({ ...shared, connection, notifier, rooms: this.roomSteps });
  }

  registerRooms(provider: CrisisRoomProvider): void {
    this.rooms.register(provider);
  }

  crisisStats(range: ReportRange): Promise<CrisisStats> {
    return this.records.crisisStats(range);
  }

  /** The update-deadline sweep (reminders, then escalation), run every minute by the scheduler. */
  sweep(now: Date): Promise<ReminderReport> {
    return this.reminders.sweep(now);
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

  // ── Declaring ────────────────────────────────────────────────────────────────────────────

  /**
   * Declares a major incident (agents only): a `CRI-` record first, then the room step by step
   * (each recorded as it succeeds or fails), then each member hears their role and the
   * stakeholders hear of the crisis. With `ticket`, the ticket is linked and its agent joins.
   */
  async declare(
    inv: Invocation,
    input: { title?: string; severity?: Severity; ticket?: string },
  ): Promise<CrisisResult> {
    const { actor } = inv;
    if (!isAgent(actor.person)) throw new DomainError('forbidden_agent', { verb: 'crisis declare' });
    const source = input.ticket ? await this.deps.tickets.find(input.ticket) : undefined;
    const title = crisisTitle.parse(input.title ?? source?.title ?? '');
    const severity: Severity = input.severity ?? 'sev1';
    const sourceKey = source ? `crisis:declare:${source.number}` : undefined;
    if (source && sourceKey) {
      const existing = await this.records.forTicket(source.number);
      if (existing)
        throw new DomainError('crisis.already_declared', { ticket: source.number, number: existing.number });
      if (!(await claim(this.deps.connection, sourceKey, this.deps.clock.now()))) {
        const other = await this.records.forTicket(source.number);
        throw other
          ? new DomainError('crisis.already_declared', { ticket: source.number, number: other.number })
          : new DomainError('crisis.declaring', { ticket: source.number });
      }
    }

    let crisis: Crisis;
    try {
      crisis = await this.createRecord(actor, title, severity, source);
    } catch (err) {
      // Nothing was recorded: let the button be clicked again.
      if (sourceKey)
        await claimModel(this.deps.connection)
          .deleteOne({ _id: sourceKey })
          .catch(() => undefined);
      throw err;
    }
    if (source) {
      await this.linkTicketHistory(actor, source.number, crisis.number);
      await this.handToTechnicalLead(actor, crisis, source.number);
    }

    const setup = await this.roomSteps.setup(crisis);
    crisis = setup.crisis;
    await this.tellMembers(
      crisis,
      crisis.members.map((m) => m.key),
    );
    await this.broadcastOnce(`crisis:${crisis.number}:declared`, (t) => ({
      text: t('crisis.declared_stakeholders', {
        number: crisis.number,
        severity: this.presenter.severity(t, crisis),
        title: crisis.title,
        due: this.presenter.nextDue(t, this.deskLocale, crisis),
      }),
    }));

    const { t, locale } = this.voice(actor);
    const text = t('crisis.declared_reply', {
      number: crisis.number,
      severity: this.presenter.severity(t, crisis),
      title: crisis.title,
      room: this.presenter.room(t, crisis, actor.person.platform),
      roles: this.presenter.roleLines(t, crisis),
      due: this.presenter.nextDue(t, locale, crisis),
    });
    return { crisis, replies: [{ text }, ...this.warnings(t, crisis, setup.failures)] };
  }

  /**
   * The ticket a crisis is declared from is taken in hand at once: acknowledged and assigned to the
   * cell's technical lead (the declarer when the role is not staffed), so its acknowledge target
   * cannot lapse while a whole cell works on it. Its requester hears who handles it (TicketFlows).
   */
  private async handToTechnicalLead(actor: Actor, crisis: Crisis, ticket: string): Promise<void> {
    const lead = crisis.roles.technical ?? toRef(actor.person);
    await this.deps.tickets.assignPerson(actor, ticket, lead).catch((err: Error) => {
      // A ticket resolved in the meantime stays as it is; the crisis goes on.
      if (!isDomainError(err)) throw err;
      this.deps.logger.warn({ crisis: crisis.number, ticket, code: err.code }, 'crisis ticket not assigned');
    });
  }

  private async createRecord(actor: Actor, title: string, severity: Severity, source?: Ticket): Promise<Crisis> {
    const now = this.deps.clock.now();
    const number = await this.records.nextNumber();
    const roles = await this.rolesAt(now, actor.person);
    const provider = this.rooms.choose(actor.channel);
    // No platform has rooms: the record says where the declaration came from (the system acts as its person).
    const platform: Platform =
      provider?.platform ?? (actor.channel === 'system' ? actor.person.platform : actor.channel);
    const holders = Object.values(roles).filter((p): p is PersonRef => Boolean(p));
    const people = [toRef(actor.person), ...holders, ...(source?.assignee ? [source.assignee] : [])];
    const members = dedupe(people).map((p) => member(p, now));
    const due = new Date(now.getTime() + this.presenter.intervalMinutes(severity) * 60_000);
    const author = toRef(actor.person);
    const timeline: TimelineEntry[] = [
      { at: now, author, kind: 'declared', text: title, data: { severity, title } },
      ...this.deps.policy.crisis.roles
        .filter((role) => roles[role])
        .map((role): TimelineEntry => ({ at: now, author, kind: 'role', data: { role, person: roles[role]!.name } })),
      ...(source
        ? [{ at: now, author, kind: 'link' as const, data: { ticket: source.number, title: source.title } }]
        : []),
    ];
    return this.records.create({
      number,
      title,
      severity,
      status: 'investigating',
      declaredBy: author,
      declaredAt: now,
      sourceTicket: source?.number,
      roles,
      members,
      actions: [],
      updates: [],
      timeline,
      tickets: source ? [linkedTicket(source, now)] : [],
      room: { platform, state: provider ? 'pending' : 'failed', steps: [] },
      nextUpdateDue: due,
      sweepAt: due,
    });
  }

  /** Each role from the policy's source (the person on call at a level, or the declarer). */
  private async rolesAt(now: Date, declarer: Person): Promise<Partial<Record<CrisisRole, PersonRef>>> {
    const { policy, people } = this.deps;
    const roles: Partial<Record<CrisisRole, PersonRef>> = {};
    for (const role of policy.crisis.roles) {
      const from = policy.crisis.roleFrom[role];
      const key = from === 'declarer' ? declarer.key : onCallNow(policy, LEVEL_OF[from], now);
      let person: Person | null = null;
      // Roles are held by agents: an on-call entry that is not (or no longer) one falls back to the declarer.
      const platform = key && key !== declarer.key ? platformOf(key) : undefined;
      if (key && platform) person = await people.resolveAgent(key, platform).catch(() => null);
      roles[role] = toRef(person ?? declarer);
    }
    return roles;
  }

  // ── Members and roles ────────────────────────────────────────────────────────────────────

  /** Gives a role to an agent (they join the cell if needed); someone who is not an agent can only be invited. */
  async assignRole(inv: Invocation, reference: Crisis, role: CrisisRole, who: string): Promise<CrisisResult> {
    const crisis0 = this.editable(inv.actor, reference, 'role');
    if (!this.deps.policy.crisis.roles.includes(role))
      throw new DomainError('crisis.unknown_role', { role, roles: this.deps.policy.crisis.roles.join(', ') });
    const person = toRef(
      await this.deps.people.resolveAgent(who, this.platformFor(inv.actor, crisis0)).catch((err: unknown) => {
        if (isDomainError(err) && err.code === 'ticket.not_an_agent')
          throw new DomainError('crisis.role_needs_agent', { person: err.params.user, number: crisis0.number });
        throw err;
      }),
    );
    let crisis = await this.records.mutate(crisis0.number, (c, now): CrisisMutation => {
      this.refuseClosed(c);
      const joining = !isMember(c, person.key);
      return {
        set: {
          roles: { ...c.roles, [role]: person },
          ...(joining ? { members: [...c.members, member(person, now)] } : {}),
        },
        timeline: [
          { author: toRef(inv.actor.person), kind: 'role', data: { role, person: person.name } },
          ...(joining
            ? [{ author: toRef(inv.actor.person), kind: 'member' as const, data: { person: person.name } }]
            : []),
        ],
      };
    });
    const invited = await this.roomSteps.inviteMissing(crisis);
    crisis = invited.crisis;
    const failures = invited.failures;
    await this.tellMembers(crisis, [person.key], `role:${role}:${crisis.rev}`);
    if (role === 'commander') await this.roomSteps.refreshTopic(crisis);
    const replies = await this.announce(crisis, inv, (t) =>
      t('crisis.role_set', { person: person.name, role: this.presenter.role(t, role), number: crisis.number }),
    );
    return { crisis, replies: [...replies, ...this.warnings(this.voice(inv.actor).t, crisis, failures)] };
  }

  /**
   * Adds someone to the cell without a role. An agent takes part; anyone else (a manager, the owner
   * of an affected service) follows: reads the room and marks their own actions done, nothing more.
   */
  async invite(inv: Invocation, reference: Crisis, who: string): Promise<CrisisResult> {
    const crisis0 = this.editable(inv.actor, reference, 'invite');
    const found = await this.deps.people.resolve(who, this.platformFor(inv.actor, crisis0));
    const person = toRef(found);
    const { t } = this.voice(inv.actor);
    if (isMember(crisis0, person.key))
      return {
        crisis: crisis0,
        replies: [{ text: t('crisis.already_member', { person: person.name, number: crisis0.number }) }],
      };
    const follower = !isAgent(found);
    const added = await this.addMembers(inv.actor, crisis0, [person], follower ? [person.key] : []);
    const replies = await this.announce(added.crisis, inv, (tt) =>
      tt(follower ? 'crisis.follower_added' : 'crisis.member_added', { person: person.name, number: crisis0.number }),
    );
    return { crisis: added.crisis, replies: [...replies, ...this.warnings(t, added.crisis, added.failures)] };
  }

  /** New members join the record, the room (same platform) and hear their role (followers: that they follow). */
  private async addMembers(
    actor: Actor,
    crisis: Crisis,
    people: PersonRef[],
    followers: string[] = [],
  ): Promise<{ crisis: Crisis; failures: StepFailure[] }> {
    const joining = dedupe(people).filter((p) => !isMember(crisis, p.key));
    if (!joining.length) return { crisis, failures: [] };
    let updated = await this.records.mutate(crisis.number, (c, now) => {
      const fresh = joining.filter((p) => !isMember(c, p.key));
      if (!fresh.length) return null;
      return {
        set: { members: [...c.members, ...fresh.map((p) => member(p, now))] },
        timeline: fresh.map((p) => ({
          author: toRef(actor.person),
          kind: 'member' as const,
          data: { person: p.name },
        })),
      };
    });
    const invited = await this.roomSteps.inviteMissing(updated);
    updated = invited.crisis;
    await this.tellMembers(
      updated,
      joining.map((p) => p.key),
      'joined',
      new Set(followers),
    );
    return { crisis: updated, failures: invited.failures };
  }

  /** Each person hears their role(s) and duties, in their language, once per change of role. */
  private async tellMembers(
    crisis: Crisis,
    keys: string[],
    occasion = 'joined',
    followers: ReadonlySet<string> = new Set(),
  ): Promise<void> {
    for (const key of new Set(keys)) {
      const person = crisis.members.find((m) => m.key === key);
      if (!person || key === SYSTEM_PERSON.key) continue;
      if (
        !(await claim(this.deps.connection, `crisis:${crisis.number}:told:${key}:${occasion}`, this.deps.clock.now()))
      )
        continue;
      const roles: RoleOrParticipant[] = followers.has(key) ? ['follower'] : this.presenter.rolesOf(crisis, key);
      await this.deps.notifier.toPerson(person, (t) => ({
        text: this.presenter.invited(t, crisis, roles, person.platform),
      }));
    }
  }

  // ── Actions ──────────────────────────────────────────────────────────────────────────────

  async addAction(
    inv: Invocation,
    reference: Crisis,
    input: { text: string; owner?: string; due?: Date },
  ): Promise<CrisisResult> {
    const crisis0 = this.editable(inv.actor, reference, 'action');
    const found = input.owner
      ? await this.deps.people.resolve(input.owner, this.platformFor(inv.actor, crisis0))
      : undefined;
    const owner = found ? toRef(found) : undefined;
    const author = toRef(inv.actor.person);
    let n = 0;
    let crisis = await this.records.mutate(crisis0.number, (c, now) => {
      this.refuseClosed(c);
      n = Math.max(0, ...c.actions.map((a) => a.n)) + 1;
      return {
        set: {
          actions: [
            ...c.actions,
            { n, text: input.text, owner, due: input.due, done: false, createdAt: now, createdBy: author },
          ],
        },
        timeline: [{ author, kind: 'action', text: input.text, data: { n, ...(owner ? { owner: owner.name } : {}) } }],
      };
    });
    let failures: StepFailure[] = [];
    if (found && owner && !isMember(crisis, owner.key))
      ({ crisis, failures } = await this.addMembers(inv.actor, crisis, [owner], isAgent(found) ? [] : [owner.key]));
    const replies = await this.announce(crisis, inv, (t, locale) =>
      t('crisis.action_added', {
        n,
        text: input.text,
        owner: owner?.name ?? t('crisis.nobody'),
        due: input.due ? this.presenter.when(locale, input.due) : t('crisis.none'),
      }),
    );
    return { crisis, replies: [...replies, ...this.warnings(this.voice(inv.actor).t, crisis, failures)] };
  }

  /** Agents of the cell mark any action done; a follower only the actions they own. */
  async completeAction(inv: Invocation, reference: Crisis, n: number): Promise<CrisisResult> {
    const crisis0 = this.member(inv.actor, reference);
    this.refuseClosed(crisis0);
    const by = toRef(inv.actor.person);
    const crisis = await this.records.mutate(crisis0.number, (c, now) => {
      this.refuseClosed(c);
      const action = c.actions.find((a) => a.n === n);
      if (!action) throw new DomainError('crisis.action_not_found', { number: c.number, n });
      if (!this.runsTheCell(inv.actor) && action.owner?.key !== by.key)
        throw action.owner
          ? new DomainError('crisis.not_action_owner', { number: c.number, n, owner: action.owner.name })
          : new DomainError('crisis.unowned_action', { number: c.number, n });
      if (action.done) throw new DomainError('crisis.action_already_done', { number: c.number, n });
      return {
        set: { actions: c.actions.map((a) => (a.n === n ? { ...a, done: true, doneAt: now, doneBy: by } : a)) },
        timeline: [{ author: by, kind: 'action_done', text: action.text, data: { n } }],
      };
    });
    const action = crisis.actions.find((a) => a.n === n)!;
    const replies = await this.announce(crisis, inv, (t) =>
      t('crisis.action_done', { n, text: action.text, person: by.name }),
    );
    return { crisis, replies };
  }

  // ── Updates and status ───────────────────────────────────────────────────────────────────

  /**
   * A timestamped update: into the room, to the stakeholders' channel, and by direct message to
   * every requester of a linked ticket (once per requester, whatever their number of tickets, in
   * their language). Each delivery is claimed, so a retried call never sends it twice.
   */
  async postUpdate(inv: Invocation, reference: Crisis, text: string): Promise<CrisisResult> {
    const crisis0 = this.editable(inv.actor, reference, 'update');
    const body = crisisText(this.deps.policy.limits.maxMessageLength).parse(text);
    const author = toRef(inv.actor.person);
    let n = 0;
    let crisis = await this.records.mutate(crisis0.number, (c, now) => {
      this.refuseClosed(c);
      n = c.updates.length + 1;
      const due = UPDATING_STATUSES.includes(c.status)
        ? new Date(now.getTime() + this.presenter.intervalMinutes(c.severity) * 60_000)
        : null;
      return {
        set: {
          updates: [...c.updates, { n, at: now, author, text: body, status: c.status, requestersNotified: 0 }],
          nextUpdateDue: due,
          sweepAt: due,
        },
        timeline: [{ author, kind: 'update', text: body, data: { n } }],
      };
    });
    const update = crisis.updates.find((u) => u.n === n)!;
    const vars = (t: Translate, locale: Locale) => ({
      n,
      number: crisis.number,
      title: crisis.title,
      severity: this.presenter.severity(t, crisis),
      status: this.presenter.status(t, update.status),
      author: author.name,
      text: body.replace(/\n/g, '\n> '),
      at: this.presenter.when(locale, update.at),
      due: this.presenter.nextDue(t, locale, crisis),
    });
    await this.broadcastOnce(`crisis:${crisis.number}:update:${n}:stakeholders`, (t) => ({
      text: t('crisis.update_stakeholders', vars(t, this.deskLocale)),
    }));
    const notified = await this.tellRequesters(crisis, `update:${n}`, (t, locale, tickets) =>
      t('crisis.update_requester', { ...vars(t, locale), tickets }),
    );
    crisis = await this.records.mutate(crisis.number, (c) => ({
      set: {
        updates: c.updates.map((u) => (u.n === n ? { ...u, requestersNotified: u.requestersNotified + notified } : u)),
      },
    }));
    const replies = await this.announce(
      crisis,
      inv,
      (t, locale) => t('crisis.update_room', vars(t, locale)),
      (t, locale) =>
        t('crisis.update_reply', { n, requesters: notified, due: this.presenter.nextDue(t, locale, crisis) }),
    );
    return { crisis, replies };
  }

  /** One direct message per requester of the linked tickets, naming their tickets; returns how many were delivered. */
  private async tellRequesters(
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
      if (!(await claim(this.deps.connection, `crisis:${crisis.number}:${occasion}:to:${key}`, this.deps.clock.now())))
        continue;
      if (await this.deps.notifier.toPerson(person, (t) => ({ text: build(t, person.locale, tickets.join(', ')) })))
        delivered++;
    }
    return delivered;
  }

  async setStatus(inv: Invocation, reference: Crisis, status: SettableStatus): Promise<CrisisResult> {
    const crisis0 = this.editable(inv.actor, reference, 'status');
    const author = toRef(inv.actor.person);
    let from = crisis0.status;
    const crisis = await this.records.mutate(crisis0.number, (c, now): CrisisMutation => {
      this.refuseClosed(c);
      if (c.status === status) throw new DomainError('crisis.same_status', { number: c.number, status });
      from = c.status;
      const set: CrisisMutation['set'] = { status };
      const unset: (keyof Crisis)[] = [];
      // Reaching any status past investigation means the cause is known.
      if (status !== 'investigating' && !c.identifiedAt) set.identifiedAt = now;
      if (status === 'resolved') Object.assign(set, { resolvedAt: now, nextUpdateDue: null, sweepAt: null });
      else if (c.status === 'resolved') {
        // Back from resolved: the incident recurred, so updates are owed again.
        const due = new Date(now.getTime() + this.presenter.intervalMinutes(c.severity) * 60_000);
        Object.assign(set, { nextUpdateDue: due, sweepAt: due });
        unset.push('resolvedAt');
      }
      return { set, unset, timeline: [{ author, kind: 'status', data: { from: c.status, to: status } }] };
    });
    await this.roomSteps.refreshTopic(crisis);
    await this.broadcastOnce(`crisis:${crisis.number}:status:${crisis.rev}`, (t) => ({
      text: t('crisis.status_stakeholders', {
        number: crisis.number,
        title: crisis.title,
        status: this.presenter.status(t, status),
      }),
    }));
    const replies = await this.announce(crisis, inv, (t) =>
      t('crisis.status_changed', {
        number: crisis.number,
        status: this.presenter.status(t, status),
        person: author.name,
        from,
      }),
    );
    return { crisis, replies };
  }

  /** `crisis link <ticket>`, by an agent of the cell. */
  async link(inv: Invocation, reference: Crisis, ticketNumber: string): Promise<CrisisResult> {
    return this.attach(inv, this.editable(inv.actor, reference, 'link'), ticketNumber);
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
    const crisis = await this.records.get(crisisReference);
    this.refuseClosed(crisis);
    return this.attach({ actor, room }, crisis, ticketNumber);
  }

  private async attach(inv: Invocation, crisis0: Crisis, ticketNumber: string): Promise<CrisisResult> {
    const ticket = await this.deps.tickets.find(ticketNumber);
    // A closed or cancelled ticket is over: the crisis could neither update nor resolve it.
    if (ticket.status === 'closed' || ticket.status === 'cancelled')
      throw new DomainError('ticket.final', { number: ticket.number, from: ticket.status });
    const author = toRef(inv.actor.person);
    let crisis = await this.records.mutate(crisis0.number, (c, now) => {
      this.refuseClosed(c);
      if (c.tickets.some((tk) => tk.number === ticket.number))
        throw new DomainError('crisis.already_linked', { ticket: ticket.number, number: c.number });
      return {
        set: { tickets: [...c.tickets, linkedTicket(ticket, now)] },
        timeline: [{ author, kind: 'link', data: { ticket: ticket.number, title: ticket.title } }],
      };
    });
    await this.linkTicketHistory(inv.actor, ticket.number, crisis.number);
    let failures: StepFailure[] = [];
    if (ticket.assignee && !isMember(crisis, ticket.assignee.key))
      ({ crisis, failures } = await this.addMembers(inv.actor, crisis, [ticket.assignee]));
    const replies = await this.announce(crisis, inv, (t) =>
      t('crisis.linked', {
        ticket: ticket.number,
        title: ticket.title,
        requester: ticket.requester.name,
        number: crisis.number,
      }),
    );
    return { crisis, replies: [...replies, ...this.warnings(this.voice(inv.actor).t, crisis, failures)] };
  }

  /** The ticket's own history says it belongs to the crisis; the crisis record already does either way. */
  private async linkTicketHistory(actor: Actor, ticket: string, crisis: string): Promise<void> {
    await this.deps.tickets.link(isAgent(actor.person) ? actor : SYSTEM_ACTOR, ticket, crisis).catch((err: Error) => {
      this.deps.logger.warn(
        { crisis, ticket, err: err.message },
        'could not record the crisis link in the ticket history',
      );
    });
  }

  // ── Closing ──────────────────────────────────────────────────────────────────────────────

  /**
   * Closes the crisis once (claimed): the linked tickets are resolved with its resolution (their
   * requesters get the usual resolution message and CSAT poll), the report is built, stored,
   * posted in the room, and the room archived.
   */
  async close(inv: Invocation, reference: Crisis, resolution?: string): Promise<CrisisResult> {
    const crisis0 = this.editable(inv.actor, reference, 'close');
    const closing = `crisis:${crisis0.number}:close`;
    if (!(await claim(this.deps.connection, closing, this.deps.clock.now())))
      throw new DomainError('crisis.closing', { number: crisis0.number });
    const given = resolution?.trim() || crisis0.updates.at(-1)?.text;
    const text = given || this.deskT('crisis.default_resolution');
    const author = toRef(inv.actor.person);
    let closed: Crisis;
    try {
      closed = await this.records.mutate(crisis0.number, (c, now) => ({
        set: {
          status: 'closed',
          closedAt: now,
          resolvedAt: c.resolvedAt ?? now,
          resolution: text,
          nextUpdateDue: null,
          sweepAt: null,
        },
        // Nothing was said: each requester's ticket gets the default in their own language.
        timeline: [{ author, kind: 'closed', text, ...(given ? {} : { data: { defaulted: true } }) }],
      }));
    } catch (err) {
      // Not closed after all: `crisis close` must stay possible.
      await claimModel(this.deps.connection)
        .deleteOne({ _id: closing })
        .catch(() => undefined);
      throw err;
    }
    const result = await this.finishClose(inv, closed);
    return { ...result, replies: [...result.replies, ...this.openActionsWarning(inv.actor, result.crisis)] };
  }

  /** Closing does not wait for open actions, but whoever closes sees which ones were left (the report lists them too). */
  private openActionsWarning(actor: Actor, crisis: Crisis): OutboundMessage[] {
    const open = crisis.actions.filter((a) => !a.done);
    if (!open.length) return [];
    const { t, locale } = this.voice(actor);
    const lines = open.map((a) =>
      t('crisis.open_action_line', {
        n: a.n,
        text: a.text,
        owner: a.owner?.name ?? t('crisis.nobody'),
        due: a.due ? this.presenter.when(locale, a.due) : t('crisis.none'),
      }),
    );
    return [
      { text: t('crisis.open_actions', { count: open.length, number: crisis.number, actions: lines.join('\n') }) },
    ];
  }

  /** The steps after the status: each skipped when already done, so `crisis retry` can finish them. */
  private async finishClose(inv: Invocation, start: Crisis): Promise<CrisisResult> {
    let crisis = start;
    const failures: StepFailure[] = [];
    const defaulted = crisis.timeline.some((e) => e.kind === 'closed' && e.data?.defaulted === true);
    const closedText = crisis.resolution ?? '';
    // Stored on the ticket and sent as is to its requester: written in the requester's language.
    const resolution = (locale: Locale) => {
      const t = translator(locale);
      return t('crisis.ticket_resolution', {
        number: crisis.number,
        title: crisis.title,
        resolution: defaulted ? t('crisis.default_resolution') : closedText,
      });
    };
    for (const linked of crisis.tickets.filter((tk) => tk.outcome !== 'resolved' && tk.outcome !== 'unchanged')) {
      crisis = await this.resolveLinked(crisis, linked, resolution);
      const after = crisis.tickets.find((tk) => tk.number === linked.number);
      if (after?.outcome === 'failed')
        failures.push({ step: 'tickets', error: `${linked.number}: ${after.outcomeError ?? ''}` });
    }
    const report = postIncidentReport(crisis, this.presenter, this.deskLocale);
    crisis = await this.records.mutate(crisis.number, () => ({ set: { report } }));

    const room = await this.roomSteps.close(crisis, report);
    crisis = room.crisis;
    failures.push(...room.failures);
    await this.broadcastOnce(`crisis:${crisis.number}:closed`, (t) => ({
      text: t('crisis.closed_stakeholders', {
        number: crisis.number,
        title: crisis.title,
        resolution: crisis.resolution ?? '',
      }),
    }));
    const { t } = this.voice(inv.actor);
    const resolved = crisis.tickets.filter((tk) => tk.outcome === 'resolved').length;
    const text = t('crisis.closed_reply', {
      number: crisis.number,
      resolved,
      posted: crisis.room.reportPosted ? t('crisis.closed_posted') : '',
      archived: crisis.room.state === 'archived' ? t('crisis.closed_archived') : '',
    });
    return { crisis, replies: [{ text }, ...this.warnings(t, crisis, failures)] };
  }

  private async resolveLinked(
    crisis: Crisis,
    linked: LinkedTicket,
    resolution: (locale: Locale) => string,
  ): Promise<Crisis> {
    let outcome: LinkedTicket['outcome'];
    let finalStatus: string | undefined;
    let error: string | undefined;
    try {
      const ticket = await this.deps.tickets.find(linked.number);
      if (OPEN_STATUSES.includes(ticket.status)) {
        finalStatus = (
          await this.deps.tickets.resolve(SYSTEM_ACTOR, ticket.number, resolution(ticket.requester.locale))
        ).status;
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
    return this.records.mutate(crisis.number, (c) => ({
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

  /** Completes what a platform failure left undone: room steps while open, close steps once closed. */
  async retry(inv: Invocation, reference: Crisis): Promise<CrisisResult> {
    const crisis = this.runner(inv.actor, reference, 'retry');
    const { t } = this.voice(inv.actor);
    if (!(await claim(this.deps.connection, `crisis:${crisis.number}:retry:${crisis.rev}`, this.deps.clock.now())))
      return { crisis, replies: [{ text: t('crisis.nothing_to_retry', { number: crisis.number }) }] };
    if (crisis.status === 'closed') {
      const pending =
        crisis.tickets.some((tk) => tk.outcome === 'failed' || !tk.outcome) ||
        !crisis.room.reportPosted ||
        crisis.room.state !== 'archived';
      if (!pending) return { crisis, replies: [{ text: t('crisis.nothing_to_retry', { number: crisis.number }) }] };
      return this.finishClose(inv, crisis);
    }
    if (crisis.room.state === 'ready' && !crisis.members.some((m) => m.platform === crisis.room.platform && !m.inRoom))
      return { crisis, replies: [{ text: t('crisis.nothing_to_retry', { number: crisis.number }) }] };
    const setup = await this.roomSteps.setup(crisis);
    await this.tellMembers(
      setup.crisis,
      setup.crisis.members.map((m) => m.key),
    );
    return {
      crisis: setup.crisis,
      replies: [
        { text: t(setup.failures.length ? 'crisis.retried_partial' : 'crisis.retried_ok', { number: crisis.number }) },
        ...this.warnings(t, setup.crisis, setup.failures),
      ],
    };
  }

  // ── Helpers ──────────────────────────────────────────────────────────────────────────────

  /** Only members run a crisis's verbs (the system acts for the desk). */
  private member(actor: Actor, crisis: Crisis): Crisis {
    if (actor.channel !== 'system' && !isMember(crisis, actor.person.key))
      throw new DomainError('crisis.not_member', { number: crisis.number });
    return crisis;
  }

  /** The desk (system) and agents run the cell; a member who is no agent only follows it. */
  private runsTheCell(actor: Actor): boolean {
    return actor.channel === 'system' || isAgent(actor.person);
  }

  /** Members who are agents run the verbs that change the cell or speak for it. */
  private runner(actor: Actor, crisis: Crisis, verb: string): Crisis {
    this.member(actor, crisis);
    if (!this.runsTheCell(actor)) throw new DomainError('crisis.agents_only', { number: crisis.number, verb });
    return crisis;
  }

  private editable(actor: Actor, crisis: Crisis, verb: string): Crisis {
    this.runner(actor, crisis, verb);
    this.refuseClosed(crisis);
    return crisis;
  }

  private refuseClosed(crisis: Crisis): void {
    if (crisis.status === 'closed') throw new DomainError('crisis.closed', { number: crisis.number });
  }

  /** Names typed in a command are looked up on the platform the command came from. */
  private platformFor(actor: Actor, crisis: Crisis): Platform {
    return actor.channel === 'system' ? crisis.room.platform : actor.channel;
  }

  private voice(actor: Actor): { t: Translate; locale: Locale } {
    return { t: translator(actor.person.locale), locale: actor.person.locale };
  }

  /**
   * Tells the room what changed (in the desk's language) and answers the person. When the verb
   * was typed in the room on a platform that shows answers to everyone there, the answer is the
   * announcement: posting it too would say it twice.
   */
  private async announce(
    crisis: Crisis,
    inv: Invocation,
    roomText: (t: Translate, locale: Locale) => string,
    reply?: (t: Translate, locale: Locale) => string,
  ): Promise<OutboundMessage[]> {
    const fromRoom = Boolean(inv.room && inv.room === crisis.room.id && inv.actor.channel === crisis.room.platform);
    const echoed = fromRoom && this.roomSteps.echoes(crisis);
    const { t, locale } = this.voice(inv.actor);
    const replies: OutboundMessage[] = [];
    if (!echoed) {
      const failed = await this.roomSteps.post(crisis, { text: roomText(this.deskT, this.deskLocale) });
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

  private async broadcastOnce(key: string, build: (t: Translate) => OutboundMessage): Promise<void> {
    if (await claim(this.deps.connection, key, this.deps.clock.now()))
      await this.deps.notifier.toChannel('stakeholders', build);
  }

  private warnings(t: Translate, crisis: Crisis, failures: StepFailure[]): OutboundMessage[] {
    return failures.map(({ step, error }) => ({
      text:
        step === 'create'
          ? t('crisis.room_failed', { error, number: crisis.number })
          : t('crisis.step_failed', { step: t(`crisis.steps.${step}`), error, number: crisis.number }),
    }));
  }
}

function member(person: PersonRef, now: Date): CrisisMember {
  return {
    key: person.key,
    platform: person.platform,
    name: person.name,
    locale: person.locale,
    joinedAt: now,
    inRoom: false,
  };
}

function dedupe(people: PersonRef[]): PersonRef[] {
  const seen = new Map<string, PersonRef>();
  for (const p of people) if (!seen.has(p.key) && p.key !== SYSTEM_PERSON.key) seen.set(p.key, p);
  return [...seen.values()];
}

function linkedTicket(ticket: Ticket, now: Date): LinkedTicket {
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

/** The platform of a `platform:id` key; none for a key of another shape (the role then falls back). */
function platformOf(key: string): Platform | undefined {
  const platform = platformSchema.safeParse(key.split(':')[0]);
  return platform.success ? platform.data : undefined;
}
