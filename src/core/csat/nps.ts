import { Types } from 'mongoose';
import { durationToMinutes } from '../../config';
import { claim, isDuplicateKey, releaseStaleClaim } from '../../db/claims';
import { personModel, toRef, type Actor, type PersonRef } from '../people';
import { ticketModel } from '../tickets/model';
import {
  DAY_MS,
  MAX_ATTEMPTS,
  SWEEP_BATCH,
  addDays,
  addMinutes,
  currentRef,
  emptyReport,
  LEASE_MS,
  retryAt,
  type SweepOutcome,
  type SweepReport,
} from './delivery';
import { npsCampaignModel, npsResponseModel, type NpsCampaign, type NpsResponse } from './model';
import { ANSWERABLE, answerRefusal, parseScorePayload, type SurveyRefusal } from './schemas';
import { withdrawComment, type CommentWithdrawal } from './comments';
import type { SurveyDeps } from './service';
import { sample } from './stats';

/** Distinct recent requesters read per campaign (bounded; the sample is drawn among them). */
const MAX_REQUESTERS = 20_000;

export type NpsAnswer = { ok: true; response: NpsResponse; replaced: boolean } | { ok: false; reason: SurveyRefusal };

export type NpsDeps = SurveyDeps;

/**
 * The periodic Net Promoter survey: every `periodDays`, a random sample of `sampleSize` employees
 * who opened a ticket during the period is asked the 0–10 question, then "why?".
 */
export class NpsService {
  private readonly campaigns;
  private readonly responses;

  constructor(private readonly deps: NpsDeps) {
    this.campaigns = npsCampaignModel(deps.connection);
    this.responses = npsResponseModel(deps.connection);
  }

  private get settings() {
    return this.deps.policy.surveys.nps;
  }

  /** Sweep: starts the period's campaign when due, sends due invitations, expires old ones. */
  async run(now: Date): Promise<{ launched: NpsCampaign | null; delivery: SweepReport }> {
    const launched = this.settings.enabled ? await this.launchIfDue(now) : null;
    const delivery = this.settings.enabled ? await this.sendDue(now) : emptyReport();
    delivery.expired += (await this.expireDue(now)).expired;
    return { launched, delivery };
  }

  /**
   * Starts a campaign when the last one that asked someone is at least `periodDays` old (or there is
   * none). A round with nobody eligible (a new install, a quiet period) is no campaign: nothing is
   * stored and the next sweep tries again, so the first real round runs as soon as there are
   * requesters to ask. The campaign's `seq` is unique, so two processes cannot both start a round.
   */
  async launchIfDue(now: Date): Promise<NpsCampaign | null> {
    const { periodDays, sampleSize } = this.settings;
    // Empty rounds stored by earlier versions do not count either.
    const last = await this.campaigns
      .findOne({ invited: { $gt: 0 } })
      .sort({ seq: -1 })
      .lean<NpsCampaign>();
    if (last && last.startedAt.getTime() + periodDays * DAY_MS > now.getTime()) return null;
    const latest = await this.campaigns.findOne().sort({ seq: -1 }).lean<NpsCampaign>();
    const since = addDays(now, -periodDays);
    // Distinct requesters via $match + $group on the indexed opening date (FerretDB-safe); the
    // sample is drawn in TypeScript.
    const rows = await ticketModel(this.deps.connection).aggregate<{ _id: unknown }>([
      { $match: { createdAt: { $gte: since, $lte: now } } },
      { $group: { _id: '$requester.key' } },
      { $sort: { _id: 1 } },
      { $limit: MAX_REQUESTERS },
    ]);
    const keys = rows
      .map((row) => row._id)
      .filter((key): key is string => typeof key === 'string' && !key.startsWith('system:'));
    const invitees = await this.drawEmployees(keys, sampleSize);
    if (!invitees.length) return null;
    let campaign: NpsCampaign;
    try {
      campaign = (
        await this.campaigns.create({
          seq: (latest?.seq ?? 0) + 1,
          startedAt: now,
          eligibleSince: since,
          eligible: keys.length,
          invited: invitees.length,
        })
      ).toObject() as NpsCampaign;
    } catch (err) {
      if (isDuplicateKey(err)) return null;
      throw err;
    }
    await this.responses
      .insertMany(
        invitees.map((person) => ({
          campaignId: campaign._id,
          person,
          status: 'scheduled',
          dueAt: now,
          attempts: 0,
          changes: 0,
          createdAt: now,
        })),
        { ordered: false },
      )
      .catch((err) => {
        if (!isDuplicateKey(err)) throw err;
      });
    return campaign;
  }

  /** Sweep: sends the invitations due at `now`. */
  async sendDue(now: Date): Promise<SweepReport> {
    const report = emptyReport();
    const due = await this.responses
      .find({ status: 'scheduled', dueAt: { $lte: now } })
      .sort({ dueAt: 1 })
      .limit(SWEEP_BATCH)
      .lean<NpsResponse[]>();
    for (const response of due) {
      try {
        report[await this.sendOne(response, now)]++;
      } catch (err) {
        this.deps.logger.error({ err, response: String(response._id) }, 'nps sweep failed on one invitation');
        report.failed++;
      }
    }
    return report;
  }

  async expireDue(now: Date): Promise<SweepReport> {
    const result = await this.responses.updateMany(
      { status: 'sent', expiresAt: { $lte: now } },
      { $set: { status: 'expired' }, $unset: { commentUntil: 1 } },
    );
    return { ...emptyReport(), expired: result.modifiedCount };
  }

  /** A 0–10 button (`<response id>:<score>`), re-validated like every survey button. */
  async answer(actor: Actor, value: string): Promise<NpsAnswer> {
    const payload = parseScorePayload(value, 0, 10);
    if (!payload) return { ok: false, reason: 'invalid' };
    const response = await this.responses.findById(payload.id).lean<NpsResponse>();
    if (!response) return { ok: false, reason: 'not_found' };
    const now = this.deps.clock.now();
    const refusal = answerRefusal(response, response.person.key, actor, now);
    if (refusal) return { ok: false, reason: refusal };
    const replaced = response.score !== undefined && response.score !== null;
    const updated = await this.responses
      .findOneAndUpdate(
        { _id: response._id, 'person.key': actor.person.key, status: { $in: ANSWERABLE }, expiresAt: { $gt: now } },
        {
          $set: {
            status: 'answered',
            score: payload.score,
            answeredAt: now,
            commentUntil: addMinutes(now, this.commentWindowMinutes),
          },
          $inc: { changes: replaced && response.score !== payload.score ? 1 : 0 },
        },
        { returnDocument: 'after' },
      )
      .lean<NpsResponse>();
    if (!updated) return { ok: false, reason: 'closed' };
    await this.closeCommentWindows(actor.person.key, updated._id);
    return { ok: true, response: updated, replaced };
  }

  /** Only the last score given waits for its "why?": older windows of the person close. */
  async closeCommentWindows(personKey: string, except?: Types.ObjectId): Promise<void> {
    await this.responses.updateMany(
      { 'person.key': personKey, commentUntil: { $exists: true }, ...(except ? { _id: { $ne: except } } : {}) },
      { $unset: { commentUntil: 1 } },
    );
  }

  /** The "why?" of a score given in the last minutes; null when none is waiting for one. */
  async takeComment(actor: Actor, text: string): Promise<NpsResponse | null> {
    const now = this.deps.clock.now();
    return this.responses
      .findOneAndUpdate(
        { 'person.key': actor.person.key, commentUntil: { $gt: now } },
        { $set: { comment: text.trim(), commentAt: now }, $unset: { commentUntil: 1 } },
        { sort: { commentUntil: -1 }, returnDocument: 'after' },
      )
      .lean<NpsResponse>();
  }

  /** "That was a new request" on the "why?" of a score: see `withdrawComment`. */
  withdrawComment(actor: Actor, id: string, commentAt: number): Promise<CommentWithdrawal> {
    return withdrawComment({
      connection: this.deps.connection,
      now: this.deps.clock.now(),
      model: this.responses,
      kind: 'nps',
      id,
      commentAt,
      actor,
      askedKey: (response: NpsResponse) => response.person.key,
    });
  }

  get commentWindowMinutes(): number {
    return durationToMinutes(this.deps.policy.surveys.commentWindow);
  }

  private async sendOne(response: NpsResponse, now: Date): Promise<SweepOutcome> {
    const attempt = (response.attempts ?? 0) + 1;
    // One sender per invitation and attempt: a unique insert, since a filtered update is not atomic on FerretDB.
    const key = `nps:send:${String(response._id)}:${attempt}`;
    if (!(await claim(this.deps.connection, key, now))) {
      await releaseStaleClaim(this.deps.connection, key, new Date(now.getTime() - LEASE_MS));
      return 'busy';
    }
    const settle = (set: Record<string, unknown>, unsetDue = true) =>
      this.responses.updateOne(
        { _id: response._id, status: 'scheduled' },
        { $set: { ...set, attempts: attempt }, ...(unsetDue ? { $unset: { dueAt: 1 } } : {}) },
      );
    const to = await currentRef(this.deps.people, response.person);
    const delivered = await this.deps.notifier.toPerson(to, (t) => this.deps.presenter.npsPoll(t, response));
    if (!delivered) {
      if (attempt >= MAX_ATTEMPTS) await settle({ status: 'undelivered' });
      else await settle({ dueAt: retryAt(now, attempt) }, false);
      return 'failed';
    }
    await settle({ status: 'sent', sentAt: now, expiresAt: addDays(now, this.settings.responseDays) });
    return 'sent';
  }

  /**
   * Draws employees (agents do not rate their own desk) uniformly among the recent requesters:
   * the keys are shuffled, then read in bounded chunks until the sample is full.
   */
  private async drawEmployees(keys: string[], size: number): Promise<PersonRef[]> {
    const order = sample(keys, keys.length, this.deps.random);
    const people = personModel(this.deps.connection);
    const chunk = Math.min(Math.max(size * 2, 100), 1000);
    const chosen: PersonRef[] = [];
    for (let i = 0; i < order.length && chosen.length < size; i += chunk) {
      const slice = order.slice(i, i + chunk);
      const found = await people.find({ key: { $in: slice }, role: 'employee' }).lean();
      const byKey = new Map(found.map((person) => [person.key, person]));
      for (const key of slice) {
        const person = byKey.get(key);
        if (person && chosen.length < size) chosen.push(toRef(person));
      }
    }
    return chosen;
  }
}
