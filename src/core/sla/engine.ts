import type { Priority } from '../../config';
import type { SlaClockState } from './clock';

/**
 * What the ticket service needs from the SLA clock. Implemented by `SlaService` over the policy's
 * calendars; every method is pure (returns a new state) so the ticket write stays one atomic update.
 */
export interface SlaEngine {
  start(now: Date, priority: Priority, team: string): SlaClockState;
  // `team` picks the calendar (a team may have its own opening hours): the state does not record it.
  pause(state: SlaClockState, now: Date, team: string): SlaClockState;
  resume(state: SlaClockState, now: Date, team: string): SlaClockState;
  changePriority(state: SlaClockState, now: Date, priority: Priority, team: string): SlaClockState;
  acknowledge(state: SlaClockState, now: Date, team: string): SlaClockState;
  /** Resolution stops the clock; a reopen resumes it. */
  stop(state: SlaClockState, now: Date, team: string): SlaClockState;
  extend(state: SlaClockState, now: Date, extraMinutes: number, team: string): SlaClockState;
  nextCheckAt(state: SlaClockState): Date | null;
}
