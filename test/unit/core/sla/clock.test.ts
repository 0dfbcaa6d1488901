import { loadPolicy } from '../../../../src/config/policy';
import { calendarForPolicy } from '../../../../src/core/sla/calendar';
import {
  acknowledge,
  changePriority,
  dueCheckpoints,
  elapsedBusinessMinutes,
  extendResolve,
  nextCheckpoint,
  pauseClock,
  recordCheckpoints,
  resumeClock,
  startClock,
  stopClock,
  type SlaClockState,
} from '../../../../src/core/sla/clock';
import { inParis, paris } from './support';

// Default policy: P1 15m/4h 24×7, P2 30m/8h, P3 2h/3d, P4 8h/5d; desk 09:00–18:00 Mon–Fri; warn at 75 %.
const policy = loadPolicy();
const office = calendarForPolicy(policy, { priority: 'P3' });
const allHours = calendarForPolicy(policy, { priority: 'P1' });

const kinds = (state: SlaClockState, at: string) =>
  dueCheckpoints(state, paris(at)).map((c) => (c.cause ? `${c.kind}:${c.cause}` : c.kind));

/** Runs what the sweep does at `at`: fire due checkpoints and record them. */
function sweep(state: SlaClockState, at: string): SlaClockState {
  return recordCheckpoints(state, dueCheckpoints(state, paris(at)));
}

/** A P2 opened Monday 2 March 10:00 and acknowledged at 10:05: resolve by 18:00, warning at 16:00. */
function acknowledgedP2(): SlaClockState {
  return acknowledge(startClock(paris('2026-03-02T10:00'), 'P2', policy, office), paris('2026-03-02T10:05'), office);
}

describe('SLA clock: targets at creation', () => {
  it('a P3 opened Monday 09:00 must be acknowledged by 11:00 and resolved by Wednesday 18:00 (3 opening days)', () => {
    const clock = startClock(paris('2026-03-02T09:00'), 'P3', policy, office);
    expect(clock.acknowledgeTargetMin).toBe(120);
    expect(clock.resolveTargetMin).toBe(1620);
    expect(inParis(clock.acknowledgeBy)).toBe('2026-03-02T11:00+01:00');
    expect(inParis(clock.resolveBy)).toBe('2026-03-04T18:00+01:00');
    expect(inParis(clock.nextCheckAt)).toBe('2026-03-02T10:30+01:00');
  });

  it('warnings fall at 75 % of business time: a P3 opened Friday 17:00 warns on Monday 09:30 and on Wednesday 10:15', () => {
    const clock = startClock(paris('2026-03-13T17:00'), 'P3', policy, office);
    expect(inParis(clock.acknowledgeWarnBy)).toBe('2026-03-16T09:30+01:00');
    expect(inParis(clock.resolveWarnBy)).toBe('2026-03-18T10:15+01:00');
    expect(inParis(clock.resolveBy)).toBe('2026-03-18T17:00+01:00');
    expect(inParis(nextCheckpoint(clock))).toBe('2026-03-16T09:30+01:00');
  });

  it('a P1 runs 24×7 and counts real minutes across the spring DST change', () => {
    const clock = startClock(paris('2026-03-29T01:30'), 'P1', policy, allHours);
    expect(inParis(clock.acknowledgeBy)).toBe('2026-03-29T01:45+01:00');
    expect(inParis(clock.resolveWarnBy)).toBe('2026-03-29T05:30+02:00');
    expect(inParis(clock.resolveBy)).toBe('2026-03-29T06:30+02:00');
  });
  it('a P3 opened on the Friday before the October DST change is due on Wednesday at the same wall-clock time', () => {
    const clock = startClock(paris('2026-10-23T16:00'), 'P3', policy, office);
    expect(inParis(clock.acknowledgeBy)).toBe('2026-10-23T18:00+02:00');
    expect(inParis(clock.resolveBy)).toBe('2026-10-28T16:00+01:00');
  });
});

describe('SLA clock: the sweep walks through the checkpoints of a P2', () => {
  it('warns on acknowledge at 75 %, records the first response, warns on resolve at 16:00, breaches at 18:00', () => {
    let clock = startClock(paris('2026-03-02T10:00'), 'P2', policy, office);
    expect(inParis(clock.nextCheckAt)).toBe('2026-03-02T10:22+01:00');
    expect(kinds(clock, '2026-03-02T10:20')).toEqual([]);
    expect(kinds(clock, '2026-03-02T10:23')).toEqual(['warn-acknowledge']);
    clock = sweep(clock, '2026-03-02T10:23');
    expect(inParis(clock.nextCheckAt)).toBe('2026-03-02T10:30+01:00');

    clock = acknowledge(clock, paris('2026-03-02T10:25'), office);
    expect(clock.acknowledgeElapsedMin).toBe(25);
    expect(clock.breachedAcknowledge).toBe(false);
    expect(inParis(clock.nextCheckAt)).toBe('2026-03-02T16:00+01:00');

    expect(kinds(clock, '2026-03-02T15:59')).toEqual([]);
    clock = sweep(clock, '2026-03-02T16:00');
    expect(clock.warnedResolve).toBe(true);
    expect(inParis(clock.nextCheckAt)).toBe('2026-03-02T18:00+01:00');

    expect(kinds(clock, '2026-03-02T18:05')).toEqual(['breach-resolve:support']);
    clock = sweep(clock, '2026-03-02T18:05');
    expect(clock).toMatchObject({ breachedResolve: true, breachCause: 'support', nextCheckAt: null });
  });

  it('a sweep that comes late reports the breach alone, without the warning it overtook', () => {
    const clock = startClock(paris('2026-03-02T10:00'), 'P2', policy, office);
    expect(kinds(clock, '2026-03-02T10:40')).toEqual(['breach-acknowledge:support']);
    const swept = sweep(clock, '2026-03-02T10:40');
    expect(swept).toMatchObject({ warnedAcknowledge: true, breachedAcknowledge: true });
  });

  it('a first response after the deadline is recorded as an acknowledge breach even if no sweep saw it', () => {
    const clock = acknowledge(
      startClock(paris('2026-03-02T10:00'), 'P2', policy, office),
      paris('2026-03-02T10:45'),
      office,
    );
    expect(clock).toMatchObject({ acknowledgeElapsedMin: 45, breachedAcknowledge: true });
    expect(acknowledge(clock, paris('2026-03-02T11:00'), office).acknowledgedAt).toEqual(paris('2026-03-02T10:45'));
  });
});

describe('SLA clock: waiting on the requester', () => {
  it('a pause over two nights keeps the remaining time: resolve-by moves from Wednesday 18:00 to Friday 12:00', () => {
    const started = acknowledge(
      startClock(paris('2026-03-02T09:00'), 'P3', policy, office),
      paris('2026-03-02T09:30'),
      office,
    );
    const paused = pauseClock(started, paris('2026-03-02T17:00'), office);
    expect(paused.elapsedMin).toBe(480);
    expect(started.runningSince).toEqual(paris('2026-03-02T09:00'));
    expect(pauseClock(paused, paris('2026-03-03T10:00'), office)).toBe(paused);
    expect(elapsedBusinessMinutes(paused, paris('2026-03-03T17:00'), office)).toBe(480);
    // While paused the date committed before the pause is kept, but nothing can fall due.
    expect(inParis(paused.resolveBy)).toBe('2026-03-04T18:00+01:00');
    expect(paused.nextCheckAt).toBeNull();
    expect(kinds(paused, '2026-03-04T18:00')).toEqual([]);

    const resumed = resumeClock(paused, paris('2026-03-04T11:00'), office);
    expect(resumed.pausedTotalMin).toBe(42 * 60);
    expect(resumed.pausedBusinessMin).toBe(60 + 540 + 120);
    expect(inParis(resumed.resolveBy)).toBe('2026-03-06T12:00+01:00');
    expect(inParis(resumed.nextCheckAt)).toBe('2026-03-05T14:15+01:00');
    expect(kinds(resumed, '2026-03-04T11:00')).toEqual([]);
    expect(elapsedBusinessMinutes(resumed, paris('2026-03-06T12:00'), office)).toBe(1620);
  });

  it('a pause over the 14 July holiday costs the SLA only the open hours it covered', () => {
    const paused = pauseClock(
      startClock(paris('2026-07-13T09:00'), 'P3', policy, office),
      paris('2026-07-13T17:00'),
      office,
    );
    const resumed = resumeClock(paused, paris('2026-07-15T10:00'), office);
    expect(resumed.pausedTotalMin).toBe(41 * 60);
    expect(resumed.pausedBusinessMin).toBe(120);
  });

  it('no breach can fall while waiting on the requester; on resume support gets exactly its remaining hour, and a miss is support’s, once', () => {
    let clock = sweep(acknowledgedP2(), '2026-03-02T16:00');
    clock = pauseClock(clock, paris('2026-03-02T17:00'), office);
    expect(kinds(clock, '2026-03-02T17:59')).toEqual([]);
    // The committed 18:00 passes, and the nights and days after it: the clock is stopped.
    expect(kinds(clock, '2026-03-02T18:00')).toEqual([]);
    expect(kinds(clock, '2026-03-10T12:00')).toEqual([]);
    expect(clock.breachedResolve).toBeUndefined();
    expect(clock.nextCheckAt).toBeNull();

    clock = resumeClock(clock, paris('2026-03-03T10:00'), office);
    expect(clock.breachedResolve).toBeUndefined();
    expect(inParis(clock.resolveBy)).toBe('2026-03-03T11:00+01:00');
    expect(clock.pausedBusinessMin).toBe(60 + 60); // Monday 17:00–18:00 and Tuesday 09:00–10:00
    expect(kinds(clock, '2026-03-03T10:00')).toEqual([]);
    expect(inParis(clock.nextCheckAt)).toBe('2026-03-03T11:00+01:00');

    expect(kinds(clock, '2026-03-03T11:00')).toEqual(['breach-resolve:support']);
    clock = sweep(clock, '2026-03-03T11:00');
    expect(clock).toMatchObject({ breachedResolve: true, breachCause: 'support', nextCheckAt: null });
    // Paused and resumed again, or extended: the target was missed once, it is not missed again.
    clock = resumeClock(pauseClock(clock, paris('2026-03-03T12:00'), office), paris('2026-03-03T15:00'), office);
    expect(kinds(clock, '2026-03-05T12:00')).toEqual([]);
    clock = extendResolve(clock, paris('2026-03-03T15:00'), 60, office);
    expect(kinds(clock, '2026-03-05T12:00')).toEqual([]);
  });

  it('a deadline support had already missed before the pause stays support’s breach', () => {
    const paused = pauseClock(acknowledgedP2(), paris('2026-03-02T18:30'), office);
    expect(kinds(paused, '2026-03-03T09:00')).toEqual(['breach-resolve:support']);
  });

  it('resuming days after the committed time records nothing: support still has its remaining hour', () => {
    const paused = pauseClock(acknowledgedP2(), paris('2026-03-02T17:00'), office);
    const resumed = resumeClock(paused, paris('2026-03-04T10:00'), office);
    expect(resumed.breachedResolve).toBeUndefined();
    expect(inParis(resumed.resolveBy)).toBe('2026-03-04T11:00+01:00');
    // Only the 75 % warning of 16:00, which fell before the pause and no sweep recorded, is owed.
    expect(kinds(resumed, '2026-03-04T10:00')).toEqual(['warn-resolve']);
  });

  it('the acknowledge clock stops with the pause too and does not breach while waiting', () => {
    const paused = pauseClock(
      startClock(paris('2026-03-02T10:00'), 'P2', policy, office),
      paris('2026-03-02T10:10'),
      office,
    );
    expect(kinds(paused, '2026-03-02T11:00')).toEqual([]);
    const resumed = resumeClock(paused, paris('2026-03-02T14:00'), office);
    expect(inParis(resumed.acknowledgeBy)).toBe('2026-03-02T14:20+01:00');
  });
});

describe('SLA clock: priority changes keep the business time already used', () => {
  it('a P4 raised to P2 after 3 h keeps its 180 minutes: resolve by 17:00, acknowledge overdue at once', () => {
    const clock = changePriority(
      startClock(paris('2026-03-02T09:00'), 'P4', policy, office),
      paris('2026-03-02T12:00'),
      'P2',
      policy,
      office,
    );
    expect(clock).toMatchObject({ priority: 'P2', elapsedMin: 180, acknowledgeTargetMin: 30, resolveTargetMin: 480 });
    expect(inParis(clock.resolveBy)).toBe('2026-03-02T17:00+01:00');
    expect(kinds(clock, '2026-03-02T12:00')).toEqual(['breach-acknowledge:support']);
  });

  it('a P3 raised to P1 on Friday evening switches to 24×7 and has 3 real hours left', () => {
    const p3 = startClock(paris('2026-03-13T16:00'), 'P3', policy, office);
    const p1 = changePriority(p3, paris('2026-03-13T17:00'), 'P1', policy, allHours, office);
    expect(p1.elapsedMin).toBe(60);
    expect(inParis(p1.resolveBy)).toBe('2026-03-13T20:00+01:00');
  });

  it('a P2 lowered to P4 after its warning gets a fresh warning for the new target', () => {
    const warned = sweep(acknowledgedP2(), '2026-03-02T16:00');
    const lowered = changePriority(warned, paris('2026-03-02T16:30'), 'P4', policy, office);
    expect(lowered.warnedResolve).toBe(false);
    expect(inParis(lowered.resolveWarnBy)).toBe('2026-03-05T16:45+01:00');
    expect(inParis(lowered.resolveBy)).toBe('2026-03-09T10:00+01:00');
    expect(inParis(lowered.nextCheckAt)).toBe('2026-03-05T16:45+01:00');
  });

  it('a priority change while paused keeps the clock paused and dates the commitment from the pause', () => {
    const paused = pauseClock(acknowledgedP2(), paris('2026-03-02T12:00'), office);
    const changed = changePriority(paused, paris('2026-03-03T10:00'), 'P3', policy, office);
    expect(changed.runningSince).toBeNull();
    expect(changed.elapsedMin).toBe(120);
    expect(inParis(changed.resolveBy)).toBe('2026-03-05T10:00+01:00');
  });
});

describe('SLA clock: extension accepted by the requester', () => {
  it('4 more hours move resolve-by from Monday 18:00 to Tuesday 13:00 and re-arm the warning', () => {
    const warned = sweep(acknowledgedP2(), '2026-03-02T16:00');
    const extended = extendResolve(warned, paris('2026-03-02T16:30'), 240, office);
    expect(extended.resolveTargetMin).toBe(720);
    expect(inParis(extended.resolveBy)).toBe('2026-03-03T13:00+01:00');
    expect(inParis(extended.resolveWarnBy)).toBe('2026-03-03T10:00+01:00');
    expect(extended.warnedResolve).toBe(false);
    expect(() => extendResolve(warned, paris('2026-03-02T16:30'), 0, office)).toThrow(RangeError);
  });
});

describe('SLA clock: resolution and reopening', () => {
  it('resolving after the deadline records the breach the sweep had not reached, and nothing is checked afterwards', () => {
    const resolved = stopClock(acknowledgedP2(), paris('2026-03-02T18:30'), office);
    expect(resolved).toMatchObject({
      breachedResolve: true,
      breachCause: 'support',
      elapsedMin: 480,
      nextCheckAt: null,
    });
    expect(kinds(resolved, '2026-03-10T09:00')).toEqual([]);
  });

  it('resolving while waiting on the requester closes the pause', () => {
    const paused = pauseClock(acknowledgedP2(), paris('2026-03-02T12:00'), office);
    const resolved = stopClock(paused, paris('2026-03-02T15:00'), office);
    expect(resolved).toMatchObject({ pausedTotalMin: 180, pausedBusinessMin: 180, pausedSince: null, elapsedMin: 120 });
    expect(resolved.breachedResolve).toBeUndefined();
  });

  it('a ticket reopened days later continues with the time it had left, the resolved days not counted', () => {
    const resolved = stopClock(
      startClock(paris('2026-03-02T09:00'), 'P3', policy, office),
      paris('2026-03-02T12:00'),
      office,
    );
    const reopened = resumeClock(resolved, paris('2026-03-05T09:00'), office);
    expect(reopened).toMatchObject({ stoppedAt: null, pausedTotalMin: 0, elapsedMin: 180 });
    expect(inParis(reopened.resolveBy)).toBe('2026-03-09T15:00+01:00');
  });
});
