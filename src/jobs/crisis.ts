import type { UpdateReminders } from '../core/crisis';
import type { SweepJob } from './scheduler';

export const CRISIS_REMINDERS = 'crisis.reminders';

/**
 * Every minute: remind the communications lead of each crisis whose update is due, and alert the
 * commander when the deadline plus the grace passed without one. Due crises are read through the
 * `sweepAt` index and each reminder is claimed per deadline, so any process may run it.
 */
export function crisisJobs(cell: { reminders: UpdateReminders }): SweepJob[] {
  return [{ name: CRISIS_REMINDERS, every: '1 minute', run: (now) => cell.reminders.sweep(now) }];
}
