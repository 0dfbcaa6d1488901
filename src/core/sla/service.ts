import type { Policy, Priority } from '../../config';
import { calendarForPolicy, type BusinessCalendar } from './calendar';
import {
  acknowledge,
  changePriority,
  extendResolve,
  nextCheckpoint,
  pauseClock,
  resumeClock,
  startClock,
  stopClock,
  type SlaClockState,
} from './clock';
import type { SlaEngine } from './engine';

/**
 * The SLA clock bound to the policy's calendars: the priority decides 24×7 or business hours,
 * the team may have its own opening hours.
 */
export class SlaService implements SlaEngine {
  constructor(private readonly policy: Policy) {}

  calendar(priority: Priority, team?: string): BusinessCalendar {
    return calendarForPolicy(this.policy, { priority, teamId: team });
  }

  private cal(state: SlaClockState, team: string): BusinessCalendar {
    return this.calendar(state.priority, team);
  }

  start(now: Date, priority: Priority, team: string): SlaClockState {
    return startClock(now, priority, this.policy, this.calendar(priority, team));
  }

  pause(state: SlaClockState, now: Date, team: string): SlaClockState {
    return pauseClock(state, now, this.cal(state, team));
  }

  resume(state: SlaClockState, now: Date, team: string): SlaClockState {
    return resumeClock(state, now, this.cal(state, team));
  }

  changePriority(state: SlaClockState, now: Date, priority: Priority, team: string): SlaClockState {
    return changePriority(state, now, priority, this.policy, this.calendar(priority, team), this.cal(state, team));
  }

  acknowledge(state: SlaClockState, now: Date, team: string): SlaClockState {
    return acknowledge(state, now, this.cal(state, team));
  }

  stop(state: SlaClockState, now: Date, team: string): SlaClockState {
    return stopClock(state, now, this.cal(state, team));
  }

  extend(state: SlaClockState, now: Date, extraMinutes: number, team: string): SlaClockState {
    return extendResolve(state, now, extraMinutes, this.cal(state, team));
  }

  nextCheckAt(state: SlaClockState): Date | null {
    return nextCheckpoint(state);
  }
}
