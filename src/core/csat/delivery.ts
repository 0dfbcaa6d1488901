import { toRef, type People, type PersonRef } from '../people';

/**
 * How survey sweeps hand out work. A sweep reads what is due through an indexed date, then claims
 * each item with a unique insert (`src/db/claims.ts`, keyed by item and attempt) before touching
 * it: on FerretDB a filtered update is not atomic, a unique insert is. A claim left by a process
 * that died mid-way is released after `LEASE_MS`, so the item is handled again (at least once
 * after a crash, exactly once otherwise).
 */
export const LEASE_MS = 5 * 60_000;
/** Items read per sweep run; the rest are due at the next run. */
export const SWEEP_BATCH = 200;
/** Delivery attempts before an invitation is given up as undeliverable. */
export const MAX_ATTEMPTS = 5;

export const MINUTE_MS = 60_000;
export const DAY_MS = 24 * 60 * MINUTE_MS;

/** A platform that refused the message is retried later: 15 min, 30 min, 45 min... */
export function retryAt(now: Date, attempts: number): Date {
  return new Date(now.getTime() + attempts * 15 * MINUTE_MS);
}

export function addMinutes(at: Date, minutes: number): Date {
  return new Date(at.getTime() + minutes * MINUTE_MS);
}

export function addDays(at: Date, days: number): Date {
  return new Date(at.getTime() + days * DAY_MS);
}

export interface SweepReport {
  sent: number;
  skipped: number;
  cancelled: number;
  expired: number;
  /** Delivery refused by the platform (retried later) or an unexpected error (logged). */
  failed: number;
  /** Claimed meanwhile by another process. */
  busy: number;
}

export type SweepOutcome = keyof SweepReport;

export function emptyReport(): SweepReport {
  return { sent: 0, skipped: 0, cancelled: 0, expired: 0, failed: 0, busy: 0 };
}

export interface SurveyLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** The person as they are now (their language may have changed since the survey was created). */
export async function currentRef(people: People, ref: PersonRef): Promise<PersonRef> {
  const person = await people.findByKey(ref.key);
  return person ? toRef(person) : ref;
}
