import { DateTime } from 'luxon';
import { createBusinessCalendar, type WeeklyOpening } from '../../../../src/core/sla/calendar';

export const ZONE = 'Europe/Paris';

/** An instant given as Paris wall-clock time, e.g. "2026-03-27T16:00". */
export function paris(local: string): Date {
  const at = DateTime.fromISO(local, { zone: ZONE });
  if (!at.isValid) throw new Error(`bad local time ${local}`);
  return at.toJSDate();
}

/** Paris wall-clock time with its offset, so DST shows in expectations. */
export function inParis(at: Date | null | undefined): string {
  if (!at) return String(at);
  return DateTime.fromJSDate(at, { zone: ZONE }).toFormat("yyyy-MM-dd'T'HH:mmZZ");
}

export const OFFICE_HOURS: WeeklyOpening = {
  mon: [['09:00', '18:00']],
  tue: [['09:00', '18:00']],
  wed: [['09:00', '18:00']],
  thu: [['09:00', '18:00']],
  fri: [['09:00', '18:00']],
};

export const officeCalendar = () =>
  createBusinessCalendar({ timezone: ZONE, weeklyHours: OFFICE_HOURS, holidays: { country: 'FR' } });
export const roundTheClock = () =>
  createBusinessCalendar({ timezone: ZONE, weeklyHours: OFFICE_HOURS, holidays: { country: 'FR' }, allHours: true });
