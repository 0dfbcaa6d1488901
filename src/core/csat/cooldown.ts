import type { Connection } from 'mongoose';
import { claim, releaseStaleClaim } from '../../db/claims';
import { LEASE_MS, addDays } from './delivery';
import { surveyRecipientModel, type SurveyRecipient } from './model';

/** What the ledger held before a reservation, to put back if the poll could not be delivered. */
export interface CooldownReservation {
  lastCsatAt?: Date | null;
  lastCsatSurvey?: string | null;
}

const ATTEMPTS = 20;

/**
 * Anti-fatigue: one ledger document per person records the last CSAT poll sent to them. Every
 * change claims the ledger's next revision first (unique insert, see src/db/claims.ts), so two
 * sweeps can never both decide that the same person is out of their cool-down.
 */
export class CooldownLedger {
  private readonly model;

  constructor(private readonly connection: Connection) {
    this.model = surveyRecipientModel(connection);
  }

  /**
   * Reserves the person's slot for `surveyId` when their last poll is older than `days` (or was
   * this very survey, when a sweep retries). Null while they are cooling down.
   */
  async reserve(personKey: string, surveyId: string, now: Date, days: number): Promise<CooldownReservation | null> {
    const cutoff = addDays(now, -days);
    // Set by the last decision taken (a lost claim means deciding again on the newer state).
    const outcome: { reservation: CooldownReservation | null } = { reservation: null };
    await this.change(personKey, now, (current) => {
      const before = {
        lastCsatAt: current.lastCsatAt ?? undefined,
        lastCsatSurvey: current.lastCsatSurvey ?? undefined,
      };
      outcome.reservation = null;
      if (current.lastCsatSurvey === surveyId) {
        outcome.reservation = before;
        return null;
      }
      if (current.lastCsatAt && current.lastCsatAt.getTime() > cutoff.getTime()) return null;
      outcome.reservation = before;
      return { lastCsatAt: now, lastCsatSurvey: surveyId };
    });
    return outcome.reservation;
  }

  /** Gives the slot back (the poll was not delivered), unless a newer poll took it since. */
  async release(personKey: string, surveyId: string, previous: CooldownReservation, now: Date): Promise<void> {
    await this.change(personKey, now, (current) =>
      current.lastCsatSurvey === surveyId
        ? { lastCsatAt: previous.lastCsatAt ?? null, lastCsatSurvey: previous.lastCsatSurvey ?? null }
        : null,
    );
  }

  /** Read, decide, claim the next revision, write; true when this caller's change was written. */
  private async change(
    key: string,
    now: Date,
    decide: (current: SurveyRecipient) => Record<string, unknown> | null,
  ): Promise<boolean> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (attempt) await new Promise((resolve) => setTimeout(resolve, Math.min(10 * attempt, 100) * Math.random()));
      const doc = await this.model.findOne({ key }).lean<SurveyRecipient>();
      const current = { key, ...doc, rev: doc?.rev ?? 0 };
      const set = decide(current);
      if (!set) return false;
      const claimKey = `survey-recipient:${key}:${current.rev + 1}`;
      if (!(await claim(this.connection, claimKey, now))) {
        await releaseStaleClaim(this.connection, claimKey, new Date(now.getTime() - LEASE_MS));
        continue;
      }
      await this.model.updateOne({ key }, { $set: { ...set, rev: current.rev + 1 } }, { upsert: true });
      return true;
    }
    throw new Error(`survey ledger of ${key} kept changing`);
  }
}
