import { loadPolicy } from '../../../../src/config/policy';
import { calendarForPolicy, createBusinessCalendar, targetMinutes } from '../../../../src/core/sla/calendar';
import { OFFICE_HOURS, ZONE, inParis, officeCalendar, paris, roundTheClock } from './support';

describe('business calendar: office hours Monday to Friday 09:00–18:00, Paris, French holidays', () => {
  const calendar = officeCalendar();

  describe('weekends', () => {
    it('a 2 h target started on Friday at 17:00 ends on Monday at 10:00', () => {
      const due = calendar.addBusinessMinutes(paris('2026-03-13T17:00'), 120);
      expect(inParis(due)).toBe('2026-03-16T10:00+01:00');
      expect(calendar.businessMinutesBetween(paris('2026-03-13T17:00'), due)).toBe(120);
    });

    it('a target that uses the last minute of Friday ends at 18:00 on Friday, not on Monday morning', () => {
      expect(inParis(calendar.addBusinessMinutes(paris('2026-03-13T17:00'), 60))).toBe('2026-03-13T18:00+01:00');
    });

    it('a ticket opened on Saturday starts counting at Monday 09:00', () => {
      expect(inParis(calendar.addBusinessMinutes(paris('2026-03-14T11:00'), 30))).toBe('2026-03-16T09:30+01:00');
      expect(calendar.businessMinutesBetween(paris('2026-03-14T11:00'), paris('2026-03-16T09:30'))).toBe(30);
    });

    it('counts nothing over a weekend and counts backwards as negative', () => {
      expect(calendar.businessMinutesBetween(paris('2026-03-13T18:00'), paris('2026-03-16T09:00'))).toBe(0);
      expect(calendar.businessMinutesBetween(paris('2026-03-16T10:00'), paris('2026-03-13T17:00'))).toBe(-120);
    });

    it('is closed on Saturday and opens again on Monday at 09:00', () => {
      expect(calendar.isOpen(paris('2026-03-14T11:00'))).toBe(false);
      expect(calendar.isOpen(paris('2026-03-13T12:00'))).toBe(true);
      expect(calendar.isOpen(paris('2026-03-13T18:00'))).toBe(false);
      expect(inParis(calendar.nextOpening(paris('2026-03-14T11:00')))).toBe('2026-03-16T09:00+01:00');
      expect(inParis(calendar.nextOpening(paris('2026-03-13T12:00')))).toBe('2026-03-13T12:00+01:00');
    });
  });

  describe('French public holidays', () => {
    it('skips 14 July: Monday 17:00 + 2 h is Wednesday 10:00', () => {
      expect(calendar.isHoliday(paris('2026-07-14T12:00'))).toBe(true);
      expect(calendar.isOpen(paris('2026-07-14T12:00'))).toBe(false);
      expect(inParis(calendar.addBusinessMinutes(paris('2026-07-13T17:00'), 120))).toBe('2026-07-15T10:00+02:00');
    });

    it('skips 1 May and the weekend after it: Thursday 17:00 + 2 h is Monday 4 May 10:00', () => {
      expect(inParis(calendar.addBusinessMinutes(paris('2026-04-30T17:00'), 120))).toBe('2026-05-04T10:00+02:00');
    });

    it('skips Easter Monday: Friday 3 April 17:30 + 1 h is Tuesday 7 April 09:30', () => {
      expect(calendar.isHoliday(paris('2026-04-06T10:00'))).toBe(true);
      expect(inParis(calendar.addBusinessMinutes(paris('2026-04-03T17:30'), 60))).toBe('2026-04-07T09:30+02:00');
    });

    it('counts only public holidays: Pentecost Sunday and Mothers Day are observances', () => {
      expect(calendar.isHoliday(paris('2026-05-24T12:00'))).toBe(false);
      expect(calendar.isHoliday(paris('2026-05-25T12:00'))).toBe(true);
      expect(calendar.isHoliday(paris('2026-07-15T12:00'))).toBe(false);
    });

    it('knows regional holidays: Good Friday closes the desk in Moselle only', () => {
      const moselle = createBusinessCalendar({
        timezone: ZONE,
        weeklyHours: OFFICE_HOURS,
        holidays: { country: 'FR', region: '57' },
      });
      expect(inParis(moselle.addBusinessMinutes(paris('2026-04-02T17:00'), 120))).toBe('2026-04-07T10:00+02:00');
      expect(inParis(calendar.addBusinessMinutes(paris('2026-04-02T17:00'), 120))).toBe('2026-04-03T10:00+02:00');
    });

    it('counts a whole year in one call: 252 working days of 2026 are 136,080 minutes', () => {
      const year = calendar.businessMinutesBetween(paris('2026-01-01T00:00'), paris('2027-01-01T00:00'));
      expect(year).toBe(252 * 540);
      expect(inParis(calendar.addBusinessMinutes(paris('2026-01-01T00:00'), year))).toBe('2026-12-31T18:00+01:00');
    });
  });

  describe('DST changes in Europe/Paris', () => {
    it('a business-hours target crossing the spring-forward weekend keeps whole opening days', () => {
      // Sunday 29 March 2026: 02:00 CET becomes 03:00 CEST.
      const opened = paris('2026-03-27T16:00');
      expect(inParis(calendar.addBusinessMinutes(opened, 180))).toBe('2026-03-30T10:00+02:00');
      expect(inParis(calendar.addBusinessMinutes(opened, 3 * 540))).toBe('2026-04-01T16:00+02:00');
      expect(calendar.businessMinutesBetween(opened, paris('2026-03-30T10:00'))).toBe(180);
    });

    it('a business-hours target crossing the fall-back weekend keeps whole opening days', () => {
      // Sunday 25 October 2026: 03:00 CEST becomes 02:00 CET.
      const opened = paris('2026-10-23T16:00');
      expect(inParis(calendar.addBusinessMinutes(opened, 180))).toBe('2026-10-26T10:00+01:00');
      expect(calendar.businessMinutesBetween(opened, paris('2026-10-26T10:00'))).toBe(180);
    });

    it('a 24×7 target crossing the spring change counts real minutes: 4 h from 01:30 ends at 06:30 on the wall', () => {
      const p1 = roundTheClock();
      const due = p1.addBusinessMinutes(paris('2026-03-29T01:30'), 240);
      expect(inParis(due)).toBe('2026-03-29T06:30+02:00');
      expect(p1.businessMinutesBetween(paris('2026-03-29T01:30'), due)).toBe(240);
    });

    it('a 24×7 target crossing the autumn change counts real minutes: 4 h from 01:30 ends at 04:30 on the wall', () => {
      const p1 = roundTheClock();
      const start = paris('2026-10-25T01:30');
      expect(inParis(start)).toBe('2026-10-25T01:30+02:00');
      expect(inParis(p1.addBusinessMinutes(start, 240))).toBe('2026-10-25T04:30+01:00');
    });

    it('a desk open 00:00–24:00 every day has a 23 h day in March and a 25 h day in October', () => {
      const always = Object.fromEntries(
        ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']] as const]),
      );
      const desk = createBusinessCalendar({ timezone: ZONE, weeklyHours: always });
      expect(desk.businessMinutesBetween(paris('2026-03-29T00:00'), paris('2026-03-30T00:00'))).toBe(23 * 60);
      expect(desk.businessMinutesBetween(paris('2026-10-25T00:00'), paris('2026-10-26T00:00'))).toBe(25 * 60);
      expect(inParis(desk.addBusinessMinutes(paris('2026-03-29T00:00'), 23 * 60))).toBe('2026-03-30T00:00+02:00');
    });

    it('an opening window inside the spring gap does not exist that night', () => {
      const night = createBusinessCalendar({
        timezone: ZONE,
        weeklyHours: { sun: [['02:00', '03:00']], mon: [['09:00', '10:00']] },
      });
      expect(night.businessMinutesBetween(paris('2026-03-29T00:00'), paris('2026-03-30T00:00'))).toBe(0);
      expect(night.businessMinutesBetween(paris('2026-03-22T00:00'), paris('2026-03-23T00:00'))).toBe(60);
    });
  });

  describe('split days', () => {
    const lunch = createBusinessCalendar({
      timezone: ZONE,
      weeklyHours: {
        mon: [
          ['09:00', '12:00'],
          ['14:00', '18:00'],
        ],
      },
    });

    it('a target reaching the lunch break resumes at 14:00', () => {
      expect(inParis(lunch.addBusinessMinutes(paris('2026-03-16T11:30'), 60))).toBe('2026-03-16T14:30+01:00');
      expect(inParis(lunch.nextOpening(paris('2026-03-16T12:30')))).toBe('2026-03-16T14:00+01:00');
    });

    it('a Monday-only desk waits a week for its next opening', () => {
      expect(inParis(lunch.addBusinessMinutes(paris('2026-03-16T17:00'), 120))).toBe('2026-03-23T10:00+01:00');
    });
  });
});

describe('SLA durations: "d" is one standard opening day of the calendar', () => {
  it('on a 09:00–18:00 desk, 3d is three opening days of 540 minutes', () => {
    const calendar = officeCalendar();
    expect(calendar.businessDayMinutes).toBe(540);
    expect(targetMinutes('3d', calendar)).toBe(1620);
    expect(targetMinutes('4h', calendar)).toBe(240);
    expect(targetMinutes('15m', calendar)).toBe(15);
    expect(targetMinutes('1.5h', calendar)).toBe(90);
  });

  it('on a 24×7 calendar, 1d is 1440 minutes', () => {
    expect(targetMinutes('1d', roundTheClock())).toBe(1440);
  });

  it('a short Friday does not shorten the standard day', () => {
    const shortFriday = createBusinessCalendar({
      timezone: ZONE,
      weeklyHours: { ...OFFICE_HOURS, fri: [['09:00', '17:00']] },
    });
    expect(shortFriday.businessDayMinutes).toBe(540);
  });

  it('rejects a malformed duration', () => {
    expect(() => targetMinutes('3 weeks', officeCalendar())).toThrow(RangeError);
  });
});

describe('calendar set-up errors', () => {
  it('refuses a week with no opening, an unknown zone, country or region, and a negative duration', () => {
    expect(() => createBusinessCalendar({ timezone: ZONE, weeklyHours: {} })).toThrow(/no day/);
    expect(() => createBusinessCalendar({ timezone: 'Mars/Olympus', weeklyHours: OFFICE_HOURS })).toThrow(/time zone/);
    expect(() =>
      createBusinessCalendar({ timezone: ZONE, weeklyHours: OFFICE_HOURS, holidays: { country: 'XX' } }),
    ).toThrow(/country/);
    expect(() =>
      createBusinessCalendar({ timezone: ZONE, weeklyHours: OFFICE_HOURS, holidays: { country: 'FR', region: '99' } }),
    ).toThrow(/region/);
    expect(() => createBusinessCalendar({ timezone: ZONE, weeklyHours: { mon: [['18:00', '09:00']] } })).toThrow(
      /before/,
    );
    expect(() => officeCalendar().addBusinessMinutes(new Date(), -5)).toThrow(RangeError);
  });
});

describe('calendars from the policy file', () => {
  const policy = loadPolicy();

  it('P1 runs 24×7 and P3 on the desk hours, in the policy time zone', () => {
    expect(calendarForPolicy(policy, { priority: 'P1' }).allHours).toBe(true);
    const p3 = calendarForPolicy(policy, { priority: 'P3' });
    expect(p3.allHours).toBe(false);
    expect(p3.timezone).toBe('Europe/Paris');
    expect(p3.isHoliday(paris('2026-07-14T12:00'))).toBe(true);
  });

  it('a team with its own hours gets its own calendar; other teams share the desk one', () => {
    const withNightTeam = {
      ...policy,
      teams: [
        ...policy.teams,
        {
          id: 'night',
          name: 'Night shift',
          level: 'L2' as const,
          channel: {},
          businessHours: { ...policy.businessHours, sat: [['09:00', '12:00']] as [string, string][] },
        },
      ],
    };
    const night = calendarForPolicy(withNightTeam, { priority: 'P3', teamId: 'night' });
    expect(night.isOpen(paris('2026-03-14T10:00'))).toBe(true);
    expect(calendarForPolicy(withNightTeam, { teamId: 'servicedesk' })).toBe(
      calendarForPolicy(withNightTeam, { priority: 'P4' }),
    );
    expect(calendarForPolicy(withNightTeam, { teamId: 'servicedesk' }).isOpen(paris('2026-03-14T10:00'))).toBe(false);
  });
});
