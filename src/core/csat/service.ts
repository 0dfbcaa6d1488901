import { Types, type Connection } from 'mongoose';
import { durationToMinutes, platformSchema, type Policy } from '../../config';
import { claim, isDuplicateKey, releaseStaleClaim } from '../../db/claims';
import type { Clock } from '../clock';
import { isDomainError } from '../errors';
import type { Notifier } from '../notify/notifier';
import { toRef, type Actor, type People, type PersonRef } from '../people';
import type { Ticket, TicketStatus } from '../tickets/model';
import type { TicketService } from '../tickets/service';
import {
  SWEEP_BATCH,
  MAX_ATTEMPTS,
  addDays,
  addMinutes,
  currentRef,
  emptyReport,
  LEASE_MS,
  retryAt,
  type SurveyLogger,
  type SweepOutcome,
  type SweepReport,
} from './delivery';
import { withdrawComment, type CommentWithdrawal } from './comments';
import { CooldownLedger } from './cooldown';
import { csatSurveyModel, type CsatSurvey } from './model';
import type { SurveyPresenter } from './presenter';
import { ANSWERABLE, answerRefusal, parseScorePayload, type SurveyRefusal } from './schemas';
import type { RandomSource } from './stats';

/** A poll is only worth sending about a ticket that is still solved. */
const SURVEYABLE: TicketStatus[] = ['resolved', 'closed'];

export type { SurveyRefusal };

export type CsatAnswer =
  | {
      ok: true;
      survey: CsatSurvey;
      ticket: Ticket;
      /** The requester had already answered: this score replaced theirs. */
      replaced: boolean;
      low: boolean;
      /** The ticket can still be reopened (resolved, not yet closed). */
      canReopen: boolean;
    }
  | { ok: false; reason: SurveyRefusal };

export type { CommentWithdrawal };

/** What every survey (CSAT, NPS) works with. */
export interface SurveyDeps {
  connection: Connection;
  policy: Policy;
  clock: Clock;
  people: People;
  notifier: Notifier;
  presenter: SurveyPresenter;
  random: RandomSource;
  logger: SurveyLogger;
}

export interface CsatDeps extends SurveyDeps {
  tickets: TicketService;
}

/**
 * Post-resolution satisfaction polls (DESIGN.md §5): one survey per ticket, scheduled on resolve,
 * sent and reminded by sweeps, answered by button (a later click replaces the score), with an
 * optional comment and an alert to the team lead on a low score.
 */
export class CsatService {
  private readonly surveys;
  private readonly cooldown;

  constructor(private readonly deps: CsatDeps) {
    this.surveys = csatSurveyModel(deps.connection);
    this.cooldown = new CooldownLedger(deps.connection);
  }

  private get settings() {
    return this.deps.policy.surveys.csat;
  }

  /** Minutes during which the next direct message after a score is taken as its comment. */
  get commentWindowMinutes(): number {
    return durationToMinutes(this.deps.policy.surveys.commentWindow);
  }

  async forTicket(number: string): Promise<CsatSurvey | null> {
    return this.surveys.findOne({ ticketNumber: String(number) }).lean<CsatSurvey>();
  }

  /**
   * Called when a ticket is resolved. Sampling is decided here, once per ticket; a poll cancelled
   * by an earlier reopen is scheduled again; any other existing survey stands (one per ticket).
   */
  async schedule(ticket: Ticket): Promise<CsatSurvey | null> {
    const settings = this.settings;
    if (!settings.enabled || ticket.type === 'problem' || ticket.requester.key.startsWith('system:')) return null;
    const now = this.deps.clock.now();
    const resolvedAt = ticket.resolvedAt ? new Date(ticket.resolvedAt) : now;
    const dueAt = addMinutes(resolvedAt, durationToMinutes(settings.delay));
    const expiresAt = addDays(dueAt, settings.expiresAfterDays);
    const context = {
      team: ticket.team,
      ...(ticket.assignee ? { agent: ticket.assignee } : {}),
      ...(ticket.category ? { category: ticket.category } : {}),
    };

    const existing = await this.forTicket(ticket.number);
    if (existing) {
      if (existing.status !== 'cancelled') return existing;
      return this.surveys
        .findOneAndUpdate(
          { _id: existing._id, status: 'cancelled' },
          {
            $set: { status: 'scheduled', resolvedAt, dueAt, expiresAt, attempts: 0, ...context },
            $unset: { cancelReason: 1, sentAt: 1, remindAt: 1, remindedAt: 1 },
          },
          { returnDocument: 'after' },
        )
        .lean<CsatSurvey>();
    }

    const sampled = settings.samplingRate >= 1 || this.deps.random() < settings.samplingRate;
    try {
      const doc = await this.surveys.create({
        ticketNumber: ticket.number,
        requester: ticket.requester,
        ...context,
        status: sampled ? 'scheduled' : 'skipped',
        ...(sampled ? { dueAt } : { skipReason: 'sampling' }),
        resolvedAt,
        expiresAt,
        attempts: 0,
        changes: 0,
        createdAt: now,
      });
      return doc.toObject() as CsatSurvey;
    } catch (err) {
      // Another process handled the same resolution first.
      if (isDuplicateKey(err)) return this.forTicket(ticket.number);
      throw err;
    }
  }

  /** The ticket was reopened or cancelled: a poll not yet answered must not go (or be reminded). */
  async cancelFor(ticket: Ticket, reason: string): Promise<number> {
    const result = await this.surveys.updateMany(
      { ticketNumber: ticket.number, status: { $in: ['scheduled', 'sent'] } },
      { $set: { status: 'cancelled', cancelReason: reason }, $unset: { dueAt: 1, remindAt: 1, commentUntil: 1 } },
    );
    return result.modifiedCount;
  }

  /** Sweep: sends the polls due at `now` (none while surveys are disabled in the policy). */
  async sendDue(now: Date): Promise<SweepReport> {
    const report = emptyReport();
    if (!this.settings.enabled) return report;
    const due = await this.surveys
      .find({ status: 'scheduled', dueAt: { $lte: now } })
      .sort({ dueAt: 1 })
      .limit(SWEEP_BATCH)
      .lean<CsatSurvey[]>();
    for (const survey of due) report[await this.guarded(survey, () => this.sendOne(survey, now))]++;
    return report;
  }

  /** Sweep: the one reminder of a poll still unanswered after `reminderAfter`. */
  async remindDue(now: Date): Promise<SweepReport> {
    const report = emptyReport();
    if (!this.settings.enabled) return report;
    const due = await this.surveys
      .find({ status: 'sent', remindAt: { $lte: now } })
      .sort({ remindAt: 1 })
      .limit(SWEEP_BATCH)
      .lean<CsatSurvey[]>();
    for (const survey of due) report[await this.guarded(survey, () => this.remindOne(survey, now))]++;
    return report;
  }

  /** Sweep: polls past their expiry can no longer be sent or answered. */
  async expireDue(now: Date): Promise<SweepReport> {
    const result = await this.surveys.updateMany(
      { status: { $in: ['scheduled', 'sent'] }, expiresAt: { $lte: now } },
      { $set: { status: 'expired' }, $unset: { dueAt: 1, remindAt: 1, commentUntil: 1 } },
    );
    return { ...emptyReport(), expired: result.modifiedCount };
  }

  /**
   * A score button (`<survey id>:<1-5>`). Everything is checked again here: the payload shape, that
   * the survey exists, that the clicker is its requester, that it is still open. The score is
   * written on the survey itself, so a later click replaces it and can never add a second answer.
   */
  async answer(actor: Actor, value: string): Promise<CsatAnswer> {
    const payload = parseScorePayload(value, 1, 5);
    if (!payload) return { ok: false, reason: 'invalid' };
    const survey = await this.surveys.findById(payload.id).lean<CsatSurvey>();
    if (!survey) return { ok: false, reason: 'not_found' };
    const now = this.deps.clock.now();
    const refusal = answerRefusal(survey, survey.requester.key, actor, now);
    if (refusal) return { ok: false, reason: refusal };

    const replaced = survey.score !== undefined && survey.score !== null;
    const updated = await this.surveys
      .findOneAndUpdate(
        { _id: survey._id, 'requester.key': actor.person.key, status: { $in: ANSWERABLE }, expiresAt: { $gt: now } },
        {
          $set: {
            status: 'answered',
            score: payload.score,
            answeredAt: now,
            firstAnsweredAt: survey.firstAnsweredAt ?? now,
            commentUntil: addMinutes(now, this.commentWindowMinutes),
          },
          $unset: { remindAt: 1 },
          $inc: { changes: replaced && survey.score !== payload.score ? 1 : 0 },
        },
        { returnDocument: 'after' },
      )
      .lean<CsatSurvey>();
    // Cancelled or expired between the read and the write.
    if (!updated) return { ok: false, reason: 'closed' };
    await this.closeCommentWindows(actor.person.key, updated._id);

    const ticket = await this.deps.tickets.find(updated.ticketNumber);
    const low = payload.score <= this.settings.lowScoreThreshold;
    if (low) await this.alertLeadOnce(updated, ticket, now);
    return { ok: true, survey: updated, ticket, replaced, low, canReopen: ticket.status === 'resolved' };
  }

  /** The requester's comment, when a score of theirs is waiting for one; null otherwise. */
  async takeComment(actor: Actor, text: string): Promise<CsatSurvey | null> {
    const now = this.deps.clock.now();
    const updated = await this.surveys
      .findOneAndUpdate(
        { 'requester.key': actor.person.key, commentUntil: { $gt: now } },
        { $set: { comment: text.trim(), commentAt: now }, $unset: { commentUntil: 1 } },
        { sort: { commentUntil: -1 }, returnDocument: 'after' },
      )
      .lean<CsatSurvey>();
    if (!updated) return null;
    if (updated.leadAlertedAt && (updated.score ?? 99) <= this.settings.lowScoreThreshold) {
      const lead = await this.leadOf(updated.team);
      if (lead) await this.deps.notifier.toPerson(lead, (t) => this.deps.presenter.leadComment(t, updated));
      else await this.deps.notifier.toChannel('agents', (t) => this.deps.presenter.leadComment(t, updated));
    }
    return updated;
  }

  /** "That was a new request" on this poll's comment: see `withdrawComment`. */
  withdrawComment(actor: Actor, id: string, commentAt: number): Promise<CommentWithdrawal> {
    return withdrawComment({
      connection: this.deps.connection,
      now: this.deps.clock.now(),
      model: this.surveys,
      kind: 'csat',
      id,
      commentAt,
      actor,
      askedKey: (survey: CsatSurvey) => survey.requester.key,
    });
  }

  /** Only the last score given waits for a comment: older windows of the person close. */
  async closeCommentWindows(personKey: string, except?: Types.ObjectId): Promise<void> {
    await this.surveys.updateMany(
      { 'requester.key': personKey, commentUntil: { $exists: true }, ...(except ? { _id: { $ne: except } } : {}) },
      { $unset: { commentUntil: 1 } },
    );
  }

  private async sendOne(survey: CsatSurvey, now: Date): Promise<SweepOutcome> {
    const attempt = (survey.attempts ?? 0) + 1;
    // Keyed by resolution and attempt: a poll scheduled again after a reopen is a new round.
    if (!(await this.claimOnce(`csat:send:${String(survey._id)}:${survey.resolvedAt.getTime()}:${attempt}`, now)))
      return 'busy';
    // Written by _id from here on: the claim, not the filter, makes this sweep the only writer.
    const settle = (set: Record<string, unknown>, unsetDue = true) =>
      this.surveys.updateOne(
        { _id: survey._id, status: 'scheduled' },
        { $set: { ...set, attempts: attempt }, ...(unsetDue ? { $unset: { dueAt: 1 } } : {}) },
      );

    const ticket = await this.ticketOrNull(survey.ticketNumber);
    // Re-checked at send time: a reopen the change listener missed still stops the poll.
    if (!ticket || !SURVEYABLE.includes(ticket.status)) {
      await settle({ status: 'cancelled', cancelReason: ticket ? `ticket_${ticket.status}` : 'ticket_missing' });
      return 'cancelled';
    }
    if (survey.expiresAt.getTime() <= now.getTime()) {
      await settle({ status: 'expired' });
      return 'expired';
    }
    const id = String(survey._id);
    const reservation = await this.cooldown.reserve(survey.requester.key, id, now, this.settings.cooldownDays);
    if (!reservation) {
      await settle({ status: 'skipped', skipReason: 'cooldown' });
      return 'skipped';
    }
    const to = await currentRef(this.deps.people, survey.requester);
    const delivered = await this.deps.notifier.toPerson(to, (t) =>
      this.deps.presenter.csatPoll(t, survey, ticket, false),
    );
    if (!delivered) {
      await this.cooldown.release(survey.requester.key, id, reservation, now);
      if (attempt >= MAX_ATTEMPTS) await settle({ status: 'undelivered' });
      else await settle({ dueAt: retryAt(now, attempt) }, false);
      return 'failed';
    }
    const expiresAt = addDays(now, this.settings.expiresAfterDays);
    const remindAt = addMinutes(now, durationToMinutes(this.settings.reminderAfter));
    await settle({ status: 'sent', sentAt: now, expiresAt, ...(remindAt < expiresAt ? { remindAt } : {}) });
    return 'sent';
  }

  private async remindOne(survey: CsatSurvey, now: Date): Promise<SweepOutcome> {
    // Whatever happens next, there is never a second reminder.
    if (!(await this.claimOnce(`csat:remind:${String(survey._id)}:${survey.sentAt?.getTime() ?? 0}`, now)))
      return 'busy';
    await this.surveys.updateOne({ _id: survey._id }, { $set: { remindedAt: now }, $unset: { remindAt: 1 } });
    const ticket = await this.ticketOrNull(survey.ticketNumber);
    if (!ticket || !SURVEYABLE.includes(ticket.status)) {
      await this.surveys.updateOne(
        { _id: survey._id, status: 'sent' },
        {
          $set: { status: 'cancelled', cancelReason: ticket ? `ticket_${ticket.status}` : 'ticket_missing' },
          $unset: { commentUntil: 1 },
        },
      );
      return 'cancelled';
    }
    if (survey.expiresAt.getTime() <= now.getTime()) return 'expired';
    const to = await currentRef(this.deps.people, survey.requester);
    const delivered = await this.deps.notifier.toPerson(to, (t) =>
      this.deps.presenter.csatPoll(t, survey, ticket, true),
    );
    return delivered ? 'sent' : 'failed';
  }

  /** First low score of a survey: the team lead hears about it once, however often it changes. */
  private async alertLeadOnce(survey: CsatSurvey, ticket: Ticket, now: Date): Promise<void> {
    if (!(await claim(this.deps.connection, `csat:lead:${String(survey._id)}`, now))) return;
    await this.surveys.updateOne({ _id: survey._id }, { $set: { leadAlertedAt: now } });
    const lead = await this.leadOf(ticket.team);
    if (lead) await this.deps.notifier.toPerson(lead, (t) => this.deps.presenter.leadAlert(t, survey, ticket));
    // No lead in the policy: the agents' channel is told instead, so a bad experience never goes unseen.
    else await this.deps.notifier.toChannel('agents', (t) => this.deps.presenter.leadAlert(t, survey, ticket));
  }

  /**
   * "Only one of us does this": a unique insert (src/db/claims.ts), since a filtered update is
   * not atomic on FerretDB. A claim left by a process that died mid-way is freed after the lease.
   */
  private async claimOnce(key: string, now: Date): Promise<boolean> {
    if (await claim(this.deps.connection, key, now)) return true;
    await releaseStaleClaim(this.deps.connection, key, new Date(now.getTime() - LEASE_MS));
    return false;
  }

  /** The team lead of the policy (`teams[].lead`, a person key such as `slack:U024BE7LH`). */
  private async leadOf(teamId: string): Promise<PersonRef | null> {
    const key = this.deps.policy.teams.find((team) => team.id === teamId)?.lead;
    if (!key) return null;
    const platform = platformSchema.safeParse(key.split(':')[0]);
    if (!platform.success) {
      this.deps.logger.warn({ team: teamId, lead: key }, 'team lead is not a platform:id person key');
      return null;
    }
    try {
      return toRef(await this.deps.people.resolve(key, platform.data));
    } catch (err) {
      if (!isDomainError(err)) throw err;
      this.deps.logger.warn({ team: teamId, lead: key }, 'team lead unknown; alerting the agents channel instead');
      return null;
    }
  }

  private async ticketOrNull(number: string): Promise<Ticket | null> {
    try {
      return await this.deps.tickets.find(number);
    } catch (err) {
      if (isDomainError(err)) return null;
      throw err;
    }
  }

  /** One bad survey never stops a sweep: it is logged and the next one is handled. */
  private async guarded(survey: CsatSurvey, work: () => Promise<SweepOutcome>): Promise<SweepOutcome> {
    try {
      return await work();
    } catch (err) {
      this.deps.logger.error(
        { err, survey: String(survey._id), ticket: survey.ticketNumber },
        'csat sweep failed on one survey',
      );
      return 'failed';
    }
  }
}
