import type { Policy, Priority } from '../../config/policy';
import { targetMinutes, type BusinessCalendar } from './calendar';

const MINUTE_MS = 60_000;

export type BreachCause = 'requester' | 'support';
export type CheckpointKind = 'warn-acknowledge' | 'warn-resolve' | 'breach-acknowledge' | 'breach-resolve';

export interface Checkpoint {
  kind: CheckpointKind;
  at: Date;
  /**
   * Who held the clock when the target ran out; set on breaches only. Always `support` now that a
   * paused clock cannot run out; `requester` survives in records written by earlier versions.
   */
  cause?: BreachCause;
}

/** The part of the policy an SLA clock reads. */
export type SlaPolicy = Pick<Policy, 'sla'>;

/**
 * The SLA clock of one ticket, stored on the ticket. Elapsed time is business time on the calendar
 * of the ticket's priority (24×7 for an `allHours` priority) and excludes pauses.
 *
 * Exactly one of `runningSince`, `pausedSince`, `stoppedAt` is set: the clock runs, waits on the
 * requester, or the ticket is resolved. `elapsedMin` is the business time banked up to that date.
 */
export interface SlaClockState {
  priority: Priority;
  startedAt: Date;
  /** Fraction of a target at which the warning falls, from the policy when the clock started. */
  warnAt: number;
  acknowledgeTargetMin: number;
  resolveTargetMin: number;
  elapsedMin: number;
  runningSince: Date | null;
  pausedSince: Date | null;
  stoppedAt: Date | null;
  /** Wall-clock minutes spent waiting on the requester, finished pauses only. */
  pausedTotalMin: number;
  /** Business minutes those pauses covered: what the requester cost the SLA. */
  pausedBusinessMin: number;
  /** First response. */
  acknowledgedAt?: Date;
  /** Business minutes (pauses excluded) from opening to first response. */
  acknowledgeElapsedMin?: number;
  acknowledgeBy: Date;
  acknowledgeWarnBy: Date;
  /** While paused: the commitment given before the pause; on resume it moves out by the pause. */
  resolveBy: Date;
  resolveWarnBy: Date;
  warnedAcknowledge?: boolean;
  warnedResolve?: boolean;
  breachedAcknowledge?: boolean;
  breachedResolve?: boolean;
  breachCause?: BreachCause;
  /** Earliest pending checkpoint: the indexed field the sweep reads; null when nothing is pending. */
  nextCheckAt: Date | null;
}

export function startClock(
  now: Date,
  priority: Priority,
  policy: SlaPolicy,
  calendar: BusinessCalendar,
): SlaClockState {
  const target = policy.sla.targets[priority];
  return reschedule(
    {
      priority,
      startedAt: now,
      warnAt: policy.sla.warnAt,
      acknowledgeTargetMin: targetMinutes(target.acknowledge, calendar),
      resolveTargetMin: targetMinutes(target.resolve, calendar),
      elapsedMin: 0,
      runningSince: now,
      pausedSince: null,
      stoppedAt: null,
      pausedTotalMin: 0,
      pausedBusinessMin: 0,
      acknowledgeBy: now,
      acknowledgeWarnBy: now,
      resolveBy: now,
      resolveWarnBy: now,
      nextCheckAt: null,
    },
    calendar,
    now,
  );
}

/** Business minutes consumed by support at `at`, pauses excluded. */
export function elapsedBusinessMinutes(state: SlaClockState, at: Date, calendar: BusinessCalendar): number {
  if (!state.runningSince || at <= state.runningSince) return state.elapsedMin;
  return state.elapsedMin + calendar.businessMinutesBetween(state.runningSince, at);
}

/** The ticket waits on the requester: elapsed time stops, deadlines stay as last committed. */
export function pauseClock(state: SlaClockState, now: Date, calendar: BusinessCalendar): SlaClockState {
  if (!state.runningSince) return state;
  return withNextCheck({ ...bank(state, now, calendar), runningSince: null, pausedSince: now });
}

/**
 * The requester answered (or a resolved ticket was reopened): the remaining business time runs from
 * now, so the deadlines move out by exactly the business time the pause covered and a resume never
 * lands on an instant breach. Nothing can lapse while paused: the clock did not run. Time spent
 * resolved is neither elapsed nor a requester pause.
 */
export function resumeClock(state: SlaClockState, now: Date, calendar: BusinessCalendar): SlaClockState {
  if (state.runningSince) return state;
  const paused = state.pausedSince ? closePause(state, now, calendar) : {};
  return reschedule({ ...state, ...paused, runningSince: now, pausedSince: null, stoppedAt: null }, calendar, now);
}

/** Business minutes support still has on the resolve target at `at` (negative once overdue). */
export function remainingResolveMinutes(state: SlaClockState, at: Date, calendar: BusinessCalendar): number {
  return state.resolveTargetMin - elapsedBusinessMinutes(state, at, calendar);
}

/**
 * The ticket is resolved. A breach the sweep had not reached yet is recorded now, with its cause,
 * so the ticket's record does not depend on sweep timing.
 */
export function stopClock(state: SlaClockState, now: Date, calendar: BusinessCalendar): SlaClockState {
  if (state.stoppedAt) return state;
  const missed = dueCheckpoints(state, now).filter((c) => c.kind.startsWith('breach-'));
  const recorded = recordCheckpoints(state, missed);
  const paused = recorded.pausedSince ? closePause(recorded, now, calendar) : {};
  return {
    ...bank(recorded, now, calendar),
    ...paused,
    runningSince: null,
    pausedSince: null,
    stoppedAt: now,
    nextCheckAt: null,
  };
}

/**
 * New priority, new targets; the business time already consumed is kept. `previousCalendar` counts
 * the time up to now when the priorities run on different calendars (e.g. P2 office hours → P1 24×7).
 * While paused, deadlines are those the new priority would have committed to when the pause began.
 */
export function changePriority(
  state: SlaClockState,
  now: Date,
  priority: Priority,
  policy: SlaPolicy,
  calendar: BusinessCalendar,
  previousCalendar: BusinessCalendar = calendar,
): SlaClockState {
  const target = policy.sla.targets[priority];
  const banked = state.runningSince ? { ...bank(state, now, previousCalendar), runningSince: now } : state;
  return reschedule(
    {
      ...banked,
      priority,
      acknowledgeTargetMin: targetMinutes(target.acknowledge, calendar),
      resolveTargetMin: targetMinutes(target.resolve, calendar),
    },
    calendar,
    now,
  );
}

/** First response. Idempotent: only the first one counts. */
export function acknowledge(state: SlaClockState, now: Date, calendar: BusinessCalendar): SlaClockState {
  if (state.acknowledgedAt) return state;
  const elapsed = elapsedBusinessMinutes(state, now, calendar);
  return withNextCheck({
    ...state,
    acknowledgedAt: now,
    acknowledgeElapsedMin: elapsed,
    breachedAcknowledge: state.breachedAcknowledge || elapsed >= state.acknowledgeTargetMin,
  });
}

/** The requester accepted a longer resolve deadline: `extraMinutes` of business time are added. */
export function extendResolve(
  state: SlaClockState,
  now: Date,
  extraMinutes: number,
  calendar: BusinessCalendar,
): SlaClockState {
  if (!Number.isFinite(extraMinutes) || extraMinutes <= 0)
    throw new RangeError(`an extension must be positive, got ${extraMinutes}`);
  return reschedule({ ...state, resolveTargetMin: state.resolveTargetMin + extraMinutes }, calendar, now);
}

/**
 * Checkpoints whose date has come. Only a running clock consumes a target, so a breach is always
 * support's: the clock was theirs when it ran out (ITIL: time waiting on the user does not count).
 * While the ticket waits on the requester nothing new can fall due; a checkpoint that fell before the
 * pause began (the sweep had not reached it yet) is still due. Each target is breached at most once:
 * an extension or a resume after a breach moves the deadline, never records a second breach.
 * A warning is dropped when the breach of the same target is due in the same batch.
 */
export function dueCheckpoints(state: SlaClockState, now: Date): Checkpoint[] {
  const due = pendingCheckpoints(state).filter((c) => c.at <= now);
  const breached = new Set(due.filter((c) => c.kind.startsWith('breach-')).map((c) => c.kind.slice('breach-'.length)));
  return due.filter((c) => !(c.kind.startsWith('warn-') && breached.has(c.kind.slice('warn-'.length))));
}

/** Date of the earliest pending checkpoint (possibly already past), or null. */
export function nextCheckpoint(state: SlaClockState): Date | null {
  const dates = pendingCheckpoints(state).map((c) => c.at.getTime());
  return dates.length ? new Date(Math.min(...dates)) : null;
}

/** Marks checkpoints as handled (warned, breached and why) and moves `nextCheckAt` on. */
export function recordCheckpoints(state: SlaClockState, fired: readonly Checkpoint[]): SlaClockState {
  const next = { ...state };
  for (const checkpoint of fired) {
    switch (checkpoint.kind) {
      case 'warn-acknowledge':
        next.warnedAcknowledge = true;
        break;
      case 'warn-resolve':
        next.warnedResolve = true;
        break;
      case 'breach-acknowledge':
        next.warnedAcknowledge = true;
        next.breachedAcknowledge = true;
        break;
      case 'breach-resolve':
        next.warnedResolve = true;
        next.breachedResolve = true;
        next.breachCause = checkpoint.cause ?? 'support';
        break;
    }
  }
  return withNextCheck(next);
}

function pendingCheckpoints(state: SlaClockState): Checkpoint[] {
  if (state.stoppedAt) return [];
  const all: Checkpoint[] = [];
  if (!state.acknowledgedAt) {
    if (!state.warnedAcknowledge) all.push({ kind: 'warn-acknowledge', at: state.acknowledgeWarnBy });
    if (!state.breachedAcknowledge) all.push({ kind: 'breach-acknowledge', at: state.acknowledgeBy, cause: 'support' });
  }
  if (!state.warnedResolve) all.push({ kind: 'warn-resolve', at: state.resolveWarnBy });
  if (!state.breachedResolve) all.push({ kind: 'breach-resolve', at: state.resolveBy, cause: 'support' });

  const pausedSince = state.pausedSince;
  return pausedSince ? all.filter((c) => c.at <= pausedSince) : all;
}

/** Moves the business time since `runningSince` into `elapsedMin`. */
function bank(state: SlaClockState, now: Date, calendar: BusinessCalendar): SlaClockState {
  return { ...state, elapsedMin: elapsedBusinessMinutes(state, now, calendar) };
}

function closePause(state: SlaClockState, now: Date, calendar: BusinessCalendar): Partial<SlaClockState> {
  const since = state.pausedSince as Date;
  return {
    pausedTotalMin: state.pausedTotalMin + Math.max(0, now.getTime() - since.getTime()) / MINUTE_MS,
    pausedBusinessMin: state.pausedBusinessMin + Math.max(0, calendar.businessMinutesBetween(since, now)),
  };
}

/**
 * Deadlines from the date up to which `elapsedMin` is banked. A target already used up falls due at
 * that date. Warnings pushed into the future re-arm, so an extended or relaxed target warns again;
 * breaches stay recorded: they happened, and the history says so.
 */
function reschedule(state: SlaClockState, calendar: BusinessCalendar, now: Date): SlaClockState {
  const anchor = (state.runningSince ?? state.pausedSince ?? state.stoppedAt) as Date;
  const at = (target: number) => {
    const remaining = target - state.elapsedMin;
    return remaining > 0 ? calendar.addBusinessMinutes(anchor, remaining) : anchor;
  };
  const acknowledgeWarnBy = at(state.acknowledgeTargetMin * state.warnAt);
  const resolveWarnBy = at(state.resolveTargetMin * state.warnAt);
  return withNextCheck({
    ...state,
    acknowledgeBy: at(state.acknowledgeTargetMin),
    acknowledgeWarnBy,
    resolveBy: at(state.resolveTargetMin),
    resolveWarnBy,
    warnedAcknowledge: state.warnedAcknowledge && acknowledgeWarnBy <= now,
    warnedResolve: state.warnedResolve && resolveWarnBy <= now,
  });
}

function withNextCheck(state: SlaClockState): SlaClockState {
  return { ...state, nextCheckAt: nextCheckpoint(state) };
}
