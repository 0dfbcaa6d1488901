import type { Connection } from 'mongoose';
import { platformSchema, type Platform, type Policy } from '../../config';
import { claim, claimModel } from '../../db/claims';
import type { Locale } from '../../i18n';
import type { Clock } from '../clock';
import { DomainError } from '../errors';
import { isAgent, toRef, type Actor, type People, type Person, type PersonRef } from '../people';
import { onCallNow } from '../sla/oncall';
import type { Ticket, TicketService } from '../tickets';
import { linkedTicket } from './links';
import {
  newMember,
  uniquePeople,
  type Crisis,
  type CrisisResult,
  type CrisisRole,
  type Invocation,
  type Severity,
  type TimelineEntry,
} from './model';
import { voice, type CrisisPresenter } from './presenter';
import type { CrisisReactions } from './reactions';
import type { RoomSteps } from './roomSteps';
import type { CrisisRooms } from './rooms';
import { crisisTitle } from './schemas';
import type { CrisisService } from './service';

const LEVEL_OF = { 'oncall:L1': 'L1', 'oncall:L2': 'L2', 'oncall:L3': 'L3' } as const;

/**
 * `crisis declare` and the "Declare major incident" button: the record with its roles (from the
 * on-call rotation or the declarer), the room on the declarer's platform, every member told their
 * role, the stakeholders told of the crisis; declared from a ticket, the ticket is linked, handed to
 * the technical lead, and declared once however many click.
 */
export class CrisisDeclaration {
  constructor(
    private readonly deps: {
      connection: Connection;
      clock: Clock;
      policy: Policy;
      people: People;
      tickets: TicketService;
      records: CrisisService;
      rooms: CrisisRooms;
      roomSteps: RoomSteps;
      presenter: CrisisPresenter;
      reactions: CrisisReactions;
      locale: Locale;
    },
  ) {}

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
      const existing = await this.deps.records.forTicket(source.number);
      if (existing)
        throw new DomainError('crisis.already_declared', { ticket: source.number, number: existing.number });
      if (!(await claim(this.deps.connection, sourceKey, this.deps.clock.now()))) {
        const other = await this.deps.records.forTicket(source.number);
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
      await this.deps.reactions.recordLink(actor, source.number, crisis.number);
      await this.deps.reactions.handToTechnicalLead(actor, crisis, source.number);
    }

    const setup = await this.deps.roomSteps.setup(crisis);
    crisis = setup.crisis;
    await this.deps.reactions.tellMembers(
      crisis,
      crisis.members.map((m) => m.key),
    );
    await this.deps.reactions.tellStakeholders(`crisis:${crisis.number}:declared`, (t) => ({
      text: t('crisis.declared_stakeholders', {
        number: crisis.number,
        severity: this.deps.presenter.severity(t, crisis),
        title: crisis.title,
        due: this.deps.presenter.nextDue(t, this.deps.locale, crisis),
      }),
    }));

    const { t, locale } = voice(actor);
    const text = t('crisis.declared_reply', {
      number: crisis.number,
      severity: this.deps.presenter.severity(t, crisis),
      title: crisis.title,
      room: this.deps.presenter.room(t, crisis, actor.person.platform),
      roles: this.deps.presenter.roleLines(t, crisis),
      due: this.deps.presenter.nextDue(t, locale, crisis),
    });
    return { crisis, replies: [{ text }, ...this.deps.presenter.stepWarnings(t, crisis, setup.failures)] };
  }

  private async createRecord(actor: Actor, title: string, severity: Severity, source?: Ticket): Promise<Crisis> {
    const now = this.deps.clock.now();
    const number = await this.deps.records.nextNumber();
    const roles = await this.rolesAt(now, actor.person);
    const provider = this.deps.rooms.choose(actor.channel);
    // No platform has rooms: the record says where the declaration came from (the system acts as its person).
    const platform: Platform =
      provider?.platform ?? (actor.channel === 'system' ? actor.person.platform : actor.channel);
    const holders = Object.values(roles).filter((p): p is PersonRef => Boolean(p));
    const people = [toRef(actor.person), ...holders, ...(source?.assignee ? [source.assignee] : [])];
    const members = uniquePeople(people).map((p) => newMember(p, now));
    const due = new Date(now.getTime() + this.deps.presenter.intervalMinutes(severity) * 60_000);
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
    return this.deps.records.create({
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
}

/** The platform of a `platform:id` key; none for a key of another shape (the role then falls back). */
function platformOf(key: string): Platform | undefined {
  const platform = platformSchema.safeParse(key.split(':')[0]);
  return platform.success ? platform.data : undefined;
}
