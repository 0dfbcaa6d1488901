import { DateTime } from 'luxon';
import { MAX_PERIOD_DAYS } from './schemas';

export interface Period {
  from: Date;
  to: Date;
}

/** ISO weeks (Monday 00:00 local) overlapping the period, clipped to it. */
export function weeksOf(period: Period, timezone: string): { week: string; from: Date; to: Date }[] {
  const end = DateTime.fromJSDate(period.to, { zone: timezone });
  let start = DateTime.fromJSDate(period.from, { zone: timezone }).startOf('week');
  const weeks: { week: string; from: Date; to: Date }[] = [];
  while (start < end) {
    const next = start.plus({ weeks: 1 });
    weeks.push({
      week: start.toISODate()!,
      from: new Date(Math.max(start.toMillis(), period.from.getTime())),
      to: new Date(Math.min(next.toMillis(), period.to.getTime())),
    });
    start = next;
  }
  return weeks;
}

/** The last complete ISO week before `now`, and the one before it (for the weekly digest). */
export function lastCompleteWeek(
  now: Date,
  timezone: string,
): { current: Period & { week: string }; previous: Period } {
  const thisMonday = DateTime.fromJSDate(now, { zone: timezone }).startOf('week');
  const start = thisMonday.minus({ weeks: 1 });
  return {
    current: { week: start.toISODate()!, from: start.toJSDate(), to: thisMonday.toJSDate() },
    previous: { from: start.minus({ weeks: 1 }).toJSDate(), to: start.toJSDate() },
  };
}

/** The period of equal length just before this one (trends: "vs previous period"). */
export function previousPeriod(period: Period): Period {
  const length = period.to.getTime() - period.from.getTime();
  return { from: new Date(period.from.getTime() - length), to: period.from };
}

/**
 * Parses the argument of `report [period]`, in English or French:
 * `today`, `week` (this week so far), `last week`, `month`, `last month`, `7d`/`30j` (the last N
 * days, today included), `2026-03` (a month), `2026-W11` (an ISO week), `2026-03-01..2026-03-15`
 * (inclusive dates). Empty: the last 7 days. Returns null when it does not understand.
 */
export function parsePeriod(text: string, now: Date, timezone: string): Period | null {
  const arg = text
    .trim()
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\s+/g, ' ');
  const today = DateTime.fromJSDate(now, { zone: timezone }).startOf('day');
  const span = (from: DateTime, to: DateTime): Period | null =>
    from.isValid && to.isValid && from < to && to.diff(from, 'days').days <= MAX_PERIOD_DAYS
      ? { from: from.toJSDate(), to: to.toJSDate() }
      : null;

  if (!arg) return span(today.minus({ days: 6 }), today.plus({ days: 1 }));
  if (['today', "aujourd'hui", 'aujourdhui'].includes(arg)) return span(today, today.plus({ days: 1 }));
  if (['week', 'this week', 'semaine', 'cette semaine'].includes(arg))
    return span(today.startOf('week'), today.plus({ days: 1 }));
  if (['last week', 'semaine derniere', 'la semaine derniere'].includes(arg)) {
    const monday = today.startOf('week');
    return span(monday.minus({ weeks: 1 }), monday);
  }
  if (['month', 'this month', 'mois', 'ce mois'].includes(arg))
    return span(today.startOf('month'), today.plus({ days: 1 }));
  if (['last month', 'mois dernier', 'le mois dernier'].includes(arg)) {
    const first = today.startOf('month');
    return span(first.minus({ months: 1 }), first);
  }
  let match = /^(\d{1,3}) ?(d|j|days?|jours?)$/.exec(arg);
  if (match) {
    const days = Number(match[1]);
    return days >= 1 ? span(today.minus({ days: days - 1 }), today.plus({ days: 1 })) : null;
  }
  match = /^(\d{4})-(\d{2})$/.exec(arg);
  if (match) {
    const first = DateTime.fromObject({ year: Number(match[1]), month: Number(match[2]), day: 1 }, { zone: timezone });
    return span(first, first.plus({ months: 1 }));
  }
  match = /^(\d{4})-?w(\d{2})$/.exec(arg);
  if (match) {
    const monday = DateTime.fromObject(
      { weekYear: Number(match[1]), weekNumber: Number(match[2]), weekday: 1 },
      { zone: timezone },
    );
    return span(monday, monday.plus({ weeks: 1 }));
  }
  match = /^(\d{4}-\d{2}-\d{2})(?: ?\.\. ?| | to | au | a )(\d{4}-\d{2}-\d{2})$/.exec(arg);
  if (match)
    return span(
      DateTime.fromISO(match[1], { zone: timezone }),
      DateTime.fromISO(match[2], { zone: timezone }).plus({ days: 1 }),
    );
  match = /^(\d{4}-\d{2}-\d{2})$/.exec(arg);
  if (match) {
    const day = DateTime.fromISO(match[1], { zone: timezone });
    return span(day, day.plus({ days: 1 }));
  }
  return null;
}
