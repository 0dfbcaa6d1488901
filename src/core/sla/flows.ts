import type { Connection } from 'mongoose';
import type { Policy, Priority, SupportLevel } from '../../config';
import { translator, type Locale, type Translate } from '../../i18n';
import type { Clock } from '../clock';
import { isDomainError } from '../errors';
import type { Notifier, OutboundMessage } from '../notify';
import { isAgent, SYSTEM_ACTOR, SYSTEM_PERSON, toRef, type Actor, type People, type PersonRef } from '../people';
import { OPEN_STATUSES, ticketModel, type Ticket, type TicketChange, type TicketService } from '../tickets';
import type { TicketPresenter } from '../tickets/presenter';
import { calendarForPolicy, targetMinutes } from './calendar';
import { dueCheckpoints, recordCheckpoints, type Checkpoint, type SlaClockState } from './clock';
import type { SlaTarget } from './breaches';
import { isOutOfHours, onCallShift } from './oncall';
import { SlaClaims } from './claims';
import { SlaRequests, type SlaRequest } from './requests';
import type { SlaService } from './service';

/** Tickets read per query of the sweep; a run reads at most MAX_BATCHES of them. */
const BATCH = 200;
const MAX_BATCHES = 25;
/** Due tickets handled at once: notifications wait on chat platforms, not on the database. */
const PARALLEL = 4;
const LEVELS: SupportLevel[] = ['L1', 'L2', 'L3'];
const PAGED_PRIORITIES: Priority[] = ['P1', 'P2'];
const DAY_MS = 86_400_000;

type DueTicket = Pick<Ticket, 'number' | 'status' | 'sla' | 'slaNextCheckAt'>;

export interface SlaFlowsLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface SweepReport {
  tickets: number;
  warnings: number;
  breaches: number;
  escalations: number;
  failures: number;
}

export type ExtensionAsked =
  | { ok: true; ticket: Ticket; request: SlaRequest; proposed: Date; delivered: boolean }
  | { ok: false; refused: 'not_open' | 'agents_only'; ticket?: Ticket };

export type RequestRefusal = 'unknown' | 'answered' | 'not_requester' | 'agents_only' | 'closed';

export type ExtensionAnswer =
  | { ok: true; outcome: 'accepted' | 'declined'; ticket: Ticket }
  | { ok: false; refused: RequestRefusal; ticket?: Ticket };

export type ProblemAnswer =
  | { ok: true; outcome: 'opened'; incident: Ticket; problem: Ticket }
  | { ok: true; outcome: 'dismissed'; incident: Ticket }
  | { ok: false; refused: RequestRefusal; ticket?: Ticket };

export interface OnCallLine {
  level: SupportLevel;
  team: string;
  person?: PersonRef;
  member?: string;
  until?: Date;
  override?: boolean;
}

interface Deps {
  connection: Connection;
  policy: Policy;
  clock: Clock;
  tickets: TicketService;
  people: People;
  notifier: Notifier;
  sla: SlaService;
  presenter: TicketPresenter;
  logger: SlaFlowsLogger;
}

/**
 * The SLA processes of DESIGN.md §3 that span tickets, people and notifications: the checkpoint
 * sweep (warnings, breaches, escalation, problem proposal), deadline extensions agreed with the
 * requester, on-call paging out of hours, and the auto-close of resolved tickets.
 *
 * Every checkpoint is claimed before anyone is told: the process whose insert of the checkpoint's
 * key wins (SlaClaims) records it on the ticket through `recordSla` (compare-and-set on `rev`, so a
 * concurrent agent action is not overwritten) and notifies; the others leave it alone. A process
 * that dies after claiming hands the checkpoint over once its claim is stale; one that dies between
 * the history write and the message loses the message, never the event: delivery is at most once.
 */
export class SlaFlows {
  private readonly model;
  readonly requests: SlaRequests;
  private readonly claims: SlaClaims;

  constructor(private readonly deps: Deps) {
    this.model = ticketModel(deps.connection);
    this.claims = new SlaClaims({ connection: deps.connection, clock: deps.clock });
    this.requests = new SlaRequests({ connection: deps.connection, clock: deps.clock, claims: this.claims });
  }

  /** Pages the on-call person when a P1/P2 appears while the desk is closed. */
  listen(): void {
    this.deps.tickets.onChange(async (change) => {
      try {
        await this.pageIfOutOfHours(change);
        await this.pageOnManualEscalation(change);
      } catch (err) {
        // The ticket write already succeeded: a failed page is logged, never thrown at the caller.
        this.deps.logger.error({ err, ticket: change.ticket.number }, 'out-of-hours page failed');
      }
    });
  }

  // ─── Checkpoint sweep ─────────────────────────────────────────────────────────────────────

  /**
   * Handles every ticket whose next SLA checkpoint is due at `now`. Reads only those tickets, through
   * the `slaNextCheckAt` index in date order, in bounded batches (a backlog is drained over several
   * runs, oldest first); its cost follows the number of tickets due, not the number open.
   */
  async sweep(now: Date): Promise<SweepReport> {
    const report: SweepReport = { tickets: 0, warnings: 0, breaches: 0, escalations: 0, failures: 0 };
    const seen = new Set<string>();
    let from: Date | undefined;
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const due = await this.model
        .find(
          { slaNextCheckAt: from ? { $gte: from, $lte: now } : { $lte: now } },
          { number: 1, status: 1, sla: 1, slaNextCheckAt: 1 },
        )
        .sort({ slaNextCheckAt: 1 })
        .limit(BATCH)
        .lean<DueTicket[]>();
      // Handled tickets move past `now`; one that failed stays, and is skipped until the next run.
      const fresh = due.filter((d) => !seen.has(d.number));
      if (!fresh.length) break;
      fresh.forEach((d) => seen.add(d.number));
      await forEachLimited(fresh, PARALLEL, async (ticket) => {
        report.tickets++;
        try {
          await this.watch(ticket, report);
        } catch (err) {
          report.failures++;
          this.deps.logger.error({ err, ticket: ticket.number }, 'SLA checkpoint failed');
        }
      });
      if (due.length < BATCH) break;
      from = due[due.length - 1].slaNextCheckAt ?? undefined;
    }
    return report;
  }

  /**
   * Handles the ticket's due checkpoints one by one, in date order. Each is first claimed (an atomic
   * insert of its key, see SlaClaims): the process that claims it records the history event and
   * notifies; any other finds the claim taken and leaves the ticket to it.
   */
  private async watch(due: DueTicket, report: SweepReport): Promise<void> {
    let seen: DueTicket = due;
    for (let i = 0; i < 4; i++) {
      if (!seen.sla || !OPEN_STATUSES.includes(seen.status)) return;
      const [next] = dueCheckpoints(seen.sla, this.deps.clock.now()).sort((a, b) => a.at.getTime() - b.at.getTime());
      if (!next) return;
      if (!(await this.claims.claim(`checkpoint:${seen.number}:${next.kind}:${next.at.getTime()}`))) return;
      let recorded = false;
      const ticket = await this.deps.tickets.recordSla(SYSTEM_ACTOR, seen.number, (t, at) => {
        // Still due on the ticket as it is now (resolved meanwhile, or recorded before a crash: not).
        recorded =
          t.sla !== undefined &&
          OPEN_STATUSES.includes(t.status) &&
          dueCheckpoints(t.sla, at).some((c) => c.kind === next.kind && c.at.getTime() === next.at.getTime());
        if (!recorded) return null;
        const breach = next.kind.startsWith('breach-');
        return {
          set: { sla: recordCheckpoints(t.sla, [next]) },
          event: {
            type: breach ? 'sla_breach' : 'sla_warning',
            data: {
              checkpoint: next.kind,
              target: targetOf(next),
              due: deadlineOf(t.sla, next),
              priority: t.priority,
              level: t.level,
              ...(breach
                ? {
                    cause: next.cause ?? 'support',
                    escalation: escalationFor(this.deps.policy, targetOf(next), t.priority),
                  }
                : { fraction: t.sla.warnAt }),
            },
          },
        };
      });
      if (!ticket || !recorded) return;
      if (next.kind.startsWith('warn-')) {
        report.warnings++;
        await this.warn(ticket, next);
      } else {
        report.breaches++;
        if (await this.breach(ticket, next)) report.escalations++;
      }
      seen = ticket;
    }
  }

  private async warn(ticket: Ticket, checkpoint: Checkpoint): Promise<void> {
    await this.toOwner(ticket, (t, locale) => ({
      text: t('sla.warning', {
        ...this.vars(t, locale, ticket, checkpoint),
        percent: Math.round(ticket.sla.warnAt * 100),
      }),
      ticketNumber: ticket.number,
    }));
  }

  /**
   * A breach follows the policy's escalation matrix (`sla.escalation`, see `escalationFor`). Always:
   * the owner (assignee, or the agents' channel) and the team lead are told, and a missed acknowledge
   * re-pages the on-call person of the level that missed it. Functional: the ticket goes up one
   * level, whose on-call person and team lead are paged (at L3 they are paged again). Hierarchical:
   * the managers are told, each once (a manager already paged for the level is not told twice). An
   * incident that missed its resolve target gets a problem proposal. The clock only runs while
   * support holds the ticket, so a breach is always support's. Returns whether it was escalated.
   */
  private async breach(ticket: Ticket, checkpoint: Checkpoint): Promise<boolean> {
    const target = targetOf(checkpoint);
    const matrix = escalationFor(this.deps.policy, target, ticket.priority);
    await this.toOwner(ticket, (t, locale) => ({
      text: t('sla.breach', this.vars(t, locale, ticket, checkpoint)),
      ticketNumber: ticket.number,
    }));
    const told = new Set<string>(ticket.assignee ? [ticket.assignee.key] : []);
    const lead = this.leadOf(ticket.team);
    if (lead && !told.has(lead)) {
      told.add(lead);
      const person = await this.personFor(lead);
      if (person)
        await this.deps.notifier.toPerson(person, (t) => ({
          text: t('sla.breach_lead', {
            ...this.vars(t, person.locale, ticket, checkpoint),
            team: this.teamName(ticket.team),
            assignee: ticket.assignee?.name ?? t('common.unassigned'),
          }),
          ticketNumber: ticket.number,
        }));
    }
    if (target === 'acknowledge') await this.repageOnCall(ticket, checkpoint, told);
    let escalated = false;
    if (matrix.functional) escalated = await this.escalateAfterBreach(ticket, checkpoint, told);
    if (matrix.hierarchical) await this.tellManagers(ticket, checkpoint, told);
    if (target === 'resolve' && ticket.type === 'incident')
      await this.proposeProblem((await this.deps.tickets.find(ticket.number)) ?? ticket);
    return escalated;
  }

  /** Nobody answered in time: the on-call person of the ticket's level is paged again. */
  private async repageOnCall(ticket: Ticket, checkpoint: Checkpoint, told: Set<string>): Promise<void> {
    const member = this.shiftFor(ticket.level, this.deps.clock.now())?.member;
    if (!member || told.has(member)) return;
    told.add(member);
    const person = await this.personFor(member);
    if (!person) return;
    await this.deps.notifier.toPerson(person, (t) => ({
      text: t('sla.repage', { ...this.vars(t, person.locale, ticket, checkpoint), level: ticket.level }),
      ticketNumber: ticket.number,
    }));
  }

  /** Hierarchical escalation: every agent the policy gives the `manager` role, unless already told. */
  private async tellManagers(ticket: Ticket, checkpoint: Checkpoint, told: Set<string>): Promise<void> {
    for (const agent of this.deps.policy.agents.filter((a) => a.role === 'manager')) {
      const key = `${agent.platform}:${agent.id}`;
      if (told.has(key)) continue;
      told.add(key);
      const person = await this.personFor(key);
      if (!person) continue;
      await this.deps.notifier.toPerson(person, (t) => ({
        text: t('sla.breach_manager', {
          ...this.vars(t, person.locale, ticket, checkpoint),
          team: this.teamName(ticket.team),
          level: ticket.level,
          assignee: ticket.assignee?.name ?? t('common.unassigned'),
        }),
        ticketNumber: ticket.number,
      }));
    }
  }

  /**
   * Functional escalation after a breach: one level up, whose on-call person and lead are paged (at
   * L3, the top level is paged instead). Everyone paged joins `told`.
   */
  private async escalateAfterBreach(ticket: Ticket, checkpoint: Checkpoint, told: Set<string>): Promise<boolean> {
    const desk = translator(this.deps.policy.locale.default);
    const target = targetOf(checkpoint);
    let escalated: Ticket | null = null;
    if (ticket.level !== 'L3') {
      try {
        escalated = await this.deps.tickets.escalate(
          SYSTEM_ACTOR,
          ticket.number,
          undefined,
          desk('sla.escalation_reason', {
            target: desk(`sla.target.${target}`),
            due: this.deps.presenter.when(this.deps.policy.locale.default, checkpoint.at),
          }),
        );
      } catch (err) {
        // Resolved or escalated by hand in the meantime: the breach stays recorded, nothing to move.
        if (!isDomainError(err)) throw err;
        this.deps.logger.warn({ ticket: ticket.number, code: err.code }, 'SLA escalation skipped');
        return false;
      }
    }
    const current = escalated ?? ticket;
    // At the top level nobody new is asked: who was already told of this breach is not paged again.
    const paged = escalated
      ? await this.pageLevel(current, 'sla.escalated_page', { target })
      : await this.pageLevel(current, 'sla.top_level_page', { target, except: told });
    paged.forEach((key) => told.add(key));
    return escalated !== null;
  }

  /**
   * An agent's escalation hands the ticket to the next level unassigned, as a breach does: that
   * level's on-call person and team lead are asked to pick it up (the agent who escalated is not,
   * should they hold one of those roles). Escalations by the SLA sweep page on their own.
   */
  private async pageOnManualEscalation(change: TicketChange): Promise<void> {
    if (change.type !== 'escalated' || change.actor.person.key === SYSTEM_PERSON.key) return;
    if (!OPEN_STATUSES.includes(change.ticket.status)) return;
    await this.pageLevel(change.ticket, 'sla.manual_escalation_page', {
      except: new Set([change.actor.person.key]),
      vars: { agent: change.actor.person.name, reason: change.event.text ?? '' },
    });
  }

  /** The level's on-call person and its team lead, each once, with the roles they hold. */
  private async pageLevel(
    ticket: Ticket,
    key: string,
    options: { except?: ReadonlySet<string>; vars?: Record<string, string>; target?: SlaTarget } = {},
  ): Promise<string[]> {
    const now = this.deps.clock.now();
    const roles = new Map<string, { level?: SupportLevel; team?: string }>();
    const oncall = this.shiftFor(ticket.level, now)?.member;
    if (oncall) roles.set(oncall, { level: ticket.level });
    const lead = this.leadOf(ticket.team);
    if (lead) roles.set(lead, { ...roles.get(lead), team: this.teamName(ticket.team) });
    for (const member of options.except ?? []) roles.delete(member);
    const paged: string[] = [];
    for (const [member, held] of roles) {
      const person = await this.personFor(member);
      if (!person) continue;
      paged.push(member);
      await this.deps.notifier.toPerson(person, (t) => {
        const parts = [
          ...(held.level ? [t('sla.role.oncall', { level: held.level })] : []),
          ...(held.team ? [t('sla.role.lead', { team: held.team })] : []),
        ];
        return {
          text: t(key, {
            number: ticket.number,
            priority: ticket.priority,
            level: ticket.level,
            team: this.teamName(ticket.team),
            roles: parts.join(t('sla.roles_join')),
            title: ticket.title,
            ...options.vars,
            ...(options.target ? { target: t(`sla.target.${options.target}`) } : {}),
          }),
          ticketNumber: ticket.number,
        };
      });
    }
    return paged;
  }

  /**
   * ITIL keeps problem management a deliberate decision: one missed deadline is not always an
   * underlying cause. The agents get a proposal with a button; one click opens the `PRB-` record
   * linked both ways, and the proposal can be answered once only.
   */
  private async proposeProblem(incident: Ticket): Promise<void> {
    if (incident.links.some((l) => l.startsWith('PRB-'))) return;
    if (await this.requests.pending(incident.number, 'problem')) return;
    const request = await this.requests.create({
      kind: 'problem',
      ticket: incident.number,
      requestedBy: toRef(SYSTEM_PERSON),
    });
    const value = String(request._id);
    await this.deps.notifier.toAgentsThread(incident, (t) => ({
      text: t('sla.problem_proposal', { number: incident.number }),
      actions: [
        { id: 'sla.problem.open', label: t('sla.problem_open'), value, style: 'primary' },
        { id: 'sla.problem.dismiss', label: t('sla.problem_dismiss'), value },
      ],
      ticketNumber: incident.number,
    }));
  }

  async answerProblem(actor: Actor, requestId: string, open: boolean): Promise<ProblemAnswer> {
    if (!isAgent(actor.person)) return { ok: false, refused: 'agents_only' };
    const request = await this.requests.find(requestId);
    if (!request || request.kind !== 'problem') return { ok: false, refused: 'unknown' };
    const incident = await this.deps.tickets.find(request.ticket);
    if (request.status !== 'pending') return { ok: false, refused: 'answered', ticket: incident };
    const answered = await this.requests.answer(request._id, open ? 'accepted' : 'declined', toRef(actor.person));
    if (!answered) return { ok: false, refused: 'answered', ticket: incident };
    if (!open) {
      await this.deps.tickets.note(
        actor,
        incident.number,
        translator(this.deps.policy.locale.default)('sla.problem_dismissed', {
          number: incident.number,
          agent: actor.person.name,
        }),
      );
      return { ok: true, outcome: 'dismissed', incident };
    }
    const desk = translator(this.deps.policy.locale.default);
    const problem = await this.deps.tickets.open(actor, {
      type: 'problem',
      title: clip(desk('sla.problem_title', { number: incident.number, title: incident.title }), 200),
      description: clip(
        desk('sla.problem_description', {
          number: incident.number,
          due: this.deps.presenter.when(this.deps.policy.locale.default, incident.sla?.resolveBy),
          description: incident.description,
        }),
        this.deps.policy.limits.maxMessageLength,
      ),
      impact: incident.impact,
      urgency: incident.urgency,
      category: incident.category,
      raisedFrom: incident.number,
    });
    await this.deps.tickets.link(actor, problem.number, incident.number);
    const linked = await this.deps.tickets.link(actor, incident.number, problem.number);
    return { ok: true, outcome: 'opened', incident: linked, problem: await this.deps.tickets.find(problem.number) };
  }

  // ─── Deadline extension agreed with the requester ────────────────────────────────────────

  /**
   * Asks the requester to accept resolving later. Nothing changes until they accept; a new request
   * replaces an unanswered one, whose buttons then do nothing.
   */
  async requestExtension(actor: Actor, number: string, duration: string, reason: string): Promise<ExtensionAsked> {
    if (!isAgent(actor.person)) return { ok: false, refused: 'agents_only' };
    const ticket = await this.deps.tickets.get(actor, number);
    if (!OPEN_STATUSES.includes(ticket.status) || !ticket.sla) return { ok: false, refused: 'not_open', ticket };
    const minutes = targetMinutes(duration, this.deps.sla.calendar(ticket.priority, ticket.team));
    const now = this.deps.clock.now();
    const proposed = this.deps.sla.extend(ticket.sla, now, minutes, ticket.team).resolveBy;
    const request = await this.requests.create({
      kind: 'extension',
      ticket: ticket.number,
      requestedBy: toRef(actor.person),
      duration,
      minutes,
      reason,
    });
    const desk = translator(this.deps.policy.locale.default);
    await this.deps.tickets.recordSla(actor, ticket.number, () => ({
      event: {
        type: 'note',
        internal: true,
        text: desk('sla.extend.note', { duration, reason }),
        data: { slaExtension: 'requested', request: String(request._id), duration, minutes },
      },
    }));
    const value = String(request._id);
    const delivered = await this.deps.notifier.toPerson(ticket.requester, (t) => ({
      text: t('sla.extend.ask', {
        agent: actor.person.name,
        number: ticket.number,
        duration,
        proposed: this.deps.presenter.when(ticket.requester.locale, proposed),
        current: this.deps.presenter.when(ticket.requester.locale, ticket.sla.resolveBy),
        reason,
      }),
      actions: [
        { id: 'sla.extend.accept', label: t('sla.extend.accept'), value, style: 'primary' },
        { id: 'sla.extend.decline', label: t('sla.extend.decline'), value },
      ],
      ticketNumber: ticket.number,
    }));
    return { ok: true, ticket, request, proposed, delivered };
  }

  /**
   * The requester's answer. Only the ticket's requester may answer, once; acceptance adds the
   * business time to the resolve target (history: `sla_extended`), refusal keeps the commitment.
   */
  async answerExtension(actor: Actor, requestId: string, accept: boolean): Promise<ExtensionAnswer> {
    const request = await this.requests.find(requestId);
    if (!request || request.kind !== 'extension' || !request.minutes) return { ok: false, refused: 'unknown' };
    const ticket = await this.deps.tickets.find(request.ticket);
    if (ticket.requester.key !== actor.person.key) return { ok: false, refused: 'not_requester', ticket };
    if (request.status !== 'pending') return { ok: false, refused: 'answered', ticket };
    if (!OPEN_STATUSES.includes(ticket.status)) return { ok: false, refused: 'closed', ticket };
    const answered = await this.requests.answer(request._id, accept ? 'accepted' : 'declined', toRef(actor.person));
    if (!answered) return { ok: false, refused: 'answered', ticket };

    const minutes = request.minutes;
    const duration = request.duration ?? `${minutes}m`;
    const desk = translator(this.deps.policy.locale.default);
    const updated = await this.deps.tickets.recordSla(actor, ticket.number, (t, now) => {
      if (!OPEN_STATUSES.includes(t.status)) return null;
      if (!accept)
        return {
          event: {
            type: 'note',
            internal: true,
            text: desk('sla.extend.declined_note', {
              duration,
              current: this.deps.presenter.when(this.deps.policy.locale.default, t.sla.resolveBy),
            }),
            data: { slaExtension: 'declined', request: requestId, duration, minutes },
          },
        };
      const sla = this.deps.sla.extend(t.sla, now, minutes, t.team);
      return {
        set: { sla },
        event: {
          type: 'sla_extended',
          from: t.sla.resolveBy.toISOString(),
          to: sla.resolveBy.toISOString(),
          text: request.reason,
          data: { request: requestId, duration, minutes, requestedBy: request.requestedBy.key },
        },
      };
    });
    if (!updated) return { ok: false, refused: 'closed', ticket };
    await this.deps.notifier.toPerson(request.requestedBy, (t) => ({
      text: t(accept ? 'sla.extend.accepted_agent' : 'sla.extend.declined_agent', {
        requester: updated.requester.name,
        number: updated.number,
        resolveBy: this.deps.presenter.when(request.requestedBy.locale, updated.sla.resolveBy),
      }),
      ticketNumber: updated.number,
    }));
    return { ok: true, outcome: accept ? 'accepted' : 'declined', ticket: updated };
  }

  // ─── On-call ──────────────────────────────────────────────────────────────────────────────

  /** Who holds the pager for each support level at `at`, and until when. */
  async onCall(at: Date): Promise<OnCallLine[]> {
    const lines: OnCallLine[] = [];
    for (const level of LEVELS) {
      const team = this.deps.policy.teams.find((tm) => tm.level === level);
      const shift = this.shiftFor(level, at);
      if (!team && !shift) continue;
      const teamName = team?.name ?? level;
      if (!shift) {
        lines.push({ level, team: teamName });
        continue;
      }
      lines.push({
        level,
        team: teamName,
        member: shift.member,
        person: (await this.personFor(shift.member)) ?? undefined,
        until: shift.to,
        override: shift.override,
      });
    }
    return lines;
  }

  /** Whether the desk (its own weekly hours and holidays, not a 24×7 SLA calendar) is closed. */
  isDeskClosed(at: Date, team?: string): boolean {
    return isOutOfHours(calendarForPolicy(this.deps.policy, { teamId: team }), at);
  }

  /**
   * A P1/P2 opened, or raised to P1/P2, while the desk is closed pages the on-call person of the
   * ticket's level (L1 for a new ticket) by direct message; when they cannot be reached the agents'
   * channel gets the page instead.
   */
  private async pageIfOutOfHours(change: TicketChange): Promise<void> {
    if (change.type !== 'opened' && change.type !== 'priority_changed') return;
    const ticket = change.ticket;
    // A problem record is worked to its root cause, not against a clock: nobody is paged at night.
    if (ticket.type === 'problem') return;
    if (!PAGED_PRIORITIES.includes(ticket.priority) || !OPEN_STATUSES.includes(ticket.status)) return;
    if (change.type === 'priority_changed' && change.previous && change.previous.priority <= ticket.priority) return;
    const now = this.deps.clock.now();
    if (!this.isDeskClosed(now, ticket.team)) return;
    const shift = this.shiftFor(ticket.level, now);
    const person = shift ? await this.personFor(shift.member) : null;
    const delivered =
      person !== null &&
      shift !== undefined &&
      (await this.deps.notifier.toPerson(person, (t) => ({
        text: t('sla.page_out_of_hours', {
          priority: ticket.priority,
          number: ticket.number,
          requester: ticket.requester.name,
          level: ticket.level,
          until: this.deps.presenter.when(person.locale, shift.to),
          title: ticket.title,
        }),
        ticketNumber: ticket.number,
      })));
    if (!delivered)
      await this.deps.notifier.toAgentsThread(ticket, (t) => ({
        text: t('sla.page_unreachable', {
          priority: ticket.priority,
          number: ticket.number,
          level: ticket.level,
          title: ticket.title,
        }),
        ticketNumber: ticket.number,
      }));
  }

  // ─── Auto-close ───────────────────────────────────────────────────────────────────────────

  /**
   * Closes tickets resolved at least `policy.sla.autoCloseAfterDays` calendar days ago (the delay
   * the requester was told when the ticket was resolved). A reopened ticket is no longer resolved
   * and is not read; one reopened or closed by another process meanwhile is skipped by the
   * ticket's own state machine.
   */
  async autoClose(now: Date): Promise<{ closed: number; skipped: number }> {
    const cutoff = new Date(now.getTime() - this.deps.policy.sla.autoCloseAfterDays * DAY_MS);
    const report = { closed: 0, skipped: 0 };
    const seen = new Set<string>();
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const due = await this.model
        .find({ status: 'resolved', resolvedAt: { $lte: cutoff } }, { number: 1, resolvedAt: 1 })
        .sort({ resolvedAt: 1 })
        .limit(BATCH)
        .lean<Pick<Ticket, 'number' | 'resolvedAt'>[]>();
      const fresh = due.filter((d) => !seen.has(d.number));
      if (!fresh.length) break;
      for (const { number, resolvedAt } of fresh) {
        seen.add(number);
        if (!(await this.claims.claim(`close:${number}:${resolvedAt?.getTime()}`))) {
          report.skipped++;
          continue;
        }
        try {
          await this.deps.tickets.close(SYSTEM_ACTOR, number);
          report.closed++;
        } catch (err) {
          if (!isDomainError(err)) throw err;
          report.skipped++;
        }
      }
      if (due.length < BATCH) break;
    }
    return report;
  }

  // ─── Helpers ──────────────────────────────────────────────────────────────────────────────

  /** The assignee by direct message, or the agents' channel when nobody holds the ticket. */
  private async toOwner(ticket: Ticket, build: (t: Translate, locale: Locale) => OutboundMessage): Promise<void> {
    const assignee = ticket.assignee;
    if (assignee && (await this.deps.notifier.toPerson(assignee, (t) => build(t, assignee.locale)))) return;
    await this.deps.notifier.toAgentsThread(ticket, (t) => build(t, this.deps.policy.locale.default));
  }

  private vars(t: Translate, locale: Locale, ticket: Ticket, checkpoint: Checkpoint) {
    return {
      number: ticket.number,
      priority: ticket.priority,
      title: ticket.title,
      target: t(`sla.target.${targetOf(checkpoint)}`),
      due: this.deps.presenter.when(locale, deadlineOf(ticket.sla, checkpoint)),
    };
  }

  private shiftFor(level: SupportLevel, at: Date) {
    const rotation = this.deps.policy.oncall.find((r) => r.level === level);
    return rotation ? onCallShift(rotation, at, this.deps.policy.timezone) : undefined;
  }

  private leadOf(teamId: string): string | undefined {
    return this.deps.policy.teams.find((tm) => tm.id === teamId)?.lead;
  }

  private teamName(teamId: string): string {
    return this.deps.policy.teams.find((tm) => tm.id === teamId)?.name ?? teamId;
  }

  /** A `platform:id` from the policy (on-call member, team lead) as someone we can message. */
  private async personFor(key: string): Promise<PersonRef | null> {
    const known = await this.deps.people.findByKey(key);
    if (known) return toRef(known);
    const agent = this.deps.policy.agents.find((a) => `${a.platform}:${a.id}` === key);
    if (!agent) return null;
    return { key, platform: agent.platform, name: agent.name, locale: agent.locale ?? this.deps.policy.locale.default };
  }
}

/**
 * What the policy's escalation matrix (`sla.escalation`) sets off when a ticket of this priority
 * misses this target: functional (one level up) and hierarchical (the managers told).
 */
export function escalationFor(
  policy: Policy,
  target: SlaTarget,
  priority: Priority,
): { functional: boolean; hierarchical: boolean } {
  const rule = policy.sla.escalation[target];
  return { functional: rule.functional.includes(priority), hierarchical: rule.hierarchical.includes(priority) };
}

function targetOf(checkpoint: Checkpoint): SlaTarget {
  return checkpoint.kind.endsWith('acknowledge') ? 'acknowledge' : 'resolve';
}

/** The target a checkpoint is about: a warning comes before it, a breach falls on it. */
function deadlineOf(sla: Pick<SlaClockState, 'acknowledgeBy' | 'resolveBy'>, checkpoint: Checkpoint): Date {
  return targetOf(checkpoint) === 'acknowledge' ? sla.acknowledgeBy : sla.resolveBy;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(lanes);
}
