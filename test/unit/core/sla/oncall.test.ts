import { loadPolicy } from '../../../../src/config/policy';
import {
  isOutOfHours,
  onCallNow,
  onCallShift,
  whoIsOnCall,
  type OnCallRotation,
} from '../../../../src/core/sla/oncall';
import { ZONE, inParis, officeCalendar, paris } from './support';

const weekly: OnCallRotation = {
  level: 'L1',
  handover: 'weekly',
  at: '09:00',
  start: '2026-01-05',
  members: ['console:sam', 'console:agnes'],
  overrides: [],
};

describe('on-call rotation: weekly hand-over on Monday 09:00 from 5 January 2026', () => {
  it('Sam holds the first week, Agnès the second, then Sam again', () => {
    expect(whoIsOnCall(weekly, paris('2026-01-05T09:00'), ZONE)).toBe('console:sam');
    expect(whoIsOnCall(weekly, paris('2026-01-11T23:00'), ZONE)).toBe('console:sam');
    expect(whoIsOnCall(weekly, paris('2026-01-12T08:59'), ZONE)).toBe('console:sam');
    expect(whoIsOnCall(weekly, paris('2026-01-12T09:00'), ZONE)).toBe('console:agnes');
    expect(whoIsOnCall(weekly, paris('2026-01-19T09:00'), ZONE)).toBe('console:sam');
  });

  it('before the start date the cycle runs backwards: the week before belongs to the last member', () => {
    expect(whoIsOnCall(weekly, paris('2026-01-05T08:59'), ZONE)).toBe('console:agnes');
  });

  it('hands over at 09:00 local time after the spring DST change, not at 09:00 winter time', () => {
    // Monday 30 March 2026 is twelve weeks after the start: Sam's turn, from 09:00 CEST (07:00 UTC).
    expect(whoIsOnCall(weekly, new Date('2026-03-30T06:59:00Z'), ZONE)).toBe('console:agnes');
    expect(whoIsOnCall(weekly, new Date('2026-03-30T07:00:00Z'), ZONE)).toBe('console:sam');
    const shift = onCallShift(weekly, paris('2026-04-01T12:00'), ZONE);
    expect([inParis(shift.from), inParis(shift.to)]).toEqual(['2026-03-30T09:00+02:00', '2026-04-06T09:00+02:00']);
  });
});

describe('on-call rotation: daily hand-over', () => {
  const daily: OnCallRotation = { ...weekly, handover: 'daily', members: ['console:a', 'console:b', 'console:c'] };

  it('moves to the next member every morning at 09:00', () => {
    expect(whoIsOnCall(daily, paris('2026-01-07T10:00'), ZONE)).toBe('console:c');
    expect(whoIsOnCall(daily, paris('2026-01-08T08:00'), ZONE)).toBe('console:c');
    expect(whoIsOnCall(daily, paris('2026-01-08T09:00'), ZONE)).toBe('console:a');
  });

  it('the night of the October DST change is one shift of 25 hours', () => {
    const shift = onCallShift(daily, paris('2026-10-25T12:00'), ZONE);
    expect([inParis(shift.from), inParis(shift.to)]).toEqual(['2026-10-25T09:00+01:00', '2026-10-26T09:00+01:00']);
    expect(whoIsOnCall(daily, paris('2026-10-24T10:00'), ZONE)).not.toBe(shift.member);
  });

  it('a hand-over at 24:00 happens at midnight', () => {
    const midnight: OnCallRotation = { ...daily, at: '24:00' };
    expect(whoIsOnCall(midnight, paris('2026-01-05T23:59'), ZONE)).toBe('console:c');
    expect(whoIsOnCall(midnight, paris('2026-01-06T00:00'), ZONE)).toBe('console:a');
  });
});

describe('on-call overrides', () => {
  const swapped: OnCallRotation = {
    ...weekly,
    overrides: [
      { from: '2026-01-13T18:00:00+01:00', to: '2026-01-14T09:00:00+01:00', member: 'console:lucas' },
      { from: '2026-01-13T22:00:00+01:00', to: '2026-01-14T02:00:00+01:00', member: 'console:marie' },
    ],
  };

  it('an override wins over the rotation for its period only', () => {
    expect(whoIsOnCall(swapped, paris('2026-01-13T17:59'), ZONE)).toBe('console:agnes');
    expect(whoIsOnCall(swapped, paris('2026-01-13T20:00'), ZONE)).toBe('console:lucas');
    expect(whoIsOnCall(swapped, paris('2026-01-14T09:00'), ZONE)).toBe('console:agnes');
  });

  it('when overrides overlap, the one listed last wins', () => {
    expect(whoIsOnCall(swapped, paris('2026-01-13T23:00'), ZONE)).toBe('console:marie');
  });

  it('the rotation shift around an override says when the pager really moves', () => {
    const before = onCallShift(swapped, paris('2026-01-13T10:00'), ZONE);
    expect(before).toMatchObject({ member: 'console:agnes', override: false });
    expect([inParis(before.from), inParis(before.to)]).toEqual(['2026-01-12T09:00+01:00', '2026-01-13T18:00+01:00']);
    const after = onCallShift(swapped, paris('2026-01-15T10:00'), ZONE);
    expect([inParis(after.from), inParis(after.to)]).toEqual(['2026-01-14T09:00+01:00', '2026-01-19T09:00+01:00']);
    expect(onCallShift(swapped, paris('2026-01-13T20:00'), ZONE)).toMatchObject({
      member: 'console:lucas',
      override: true,
    });
  });
});

describe('on call now, from the policy', () => {
  const policy = loadPolicy();

  it('names the L1 and L3 people on call and nobody for a level without a rotation', () => {
    expect(onCallNow(policy, 'L1', paris('2026-01-13T20:00'))).toBe('console:agnes');
    expect(onCallNow(policy, 'L3', paris('2026-01-13T20:00'))).toBe('console:marie');
    expect(
      onCallNow({ ...policy, oncall: policy.oncall.filter((r) => r.level !== 'L2') }, 'L2', paris('2026-01-13T20:00')),
    ).toBeNull();
  });

  it('is out of hours at night, at weekends and on public holidays', () => {
    const desk = officeCalendar();
    expect(isOutOfHours(desk, paris('2026-03-16T10:00'))).toBe(false);
    expect(isOutOfHours(desk, paris('2026-03-16T20:00'))).toBe(true);
    expect(isOutOfHours(desk, paris('2026-03-14T10:00'))).toBe(true);
    expect(isOutOfHours(desk, paris('2026-07-14T10:00'))).toBe(true);
  });
});
