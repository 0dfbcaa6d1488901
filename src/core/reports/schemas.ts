import { DateTime } from 'luxon';
import { z } from 'zod';

export const GROUP_BY = ['team', 'category', 'channel', 'agent', 'priority'] as const;
export const groupBySchema = z.enum(GROUP_BY);
export type GroupBy = z.infer<typeof groupBySchema>;

/** The longest period one report covers: a year and a day, so "last 12 months" always fits. */
export const MAX_PERIOD_DAYS = 367;

/** A period as the core takes it: instants, already resolved from dates in a time zone. */
export interface ReportQuery {
  from: Date;
  to: Date;
  timezone: string;
  groupBy?: GroupBy;
}

const timezoneSchema = z
  .string()
  .max(64)
  .refine((tz) => DateTime.now().setZone(tz).isValid, { message: 'unknown IANA time zone' });

const dateOrDateTime = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/**
 * The query of `GET /api/reports` and the dashboard. `from`/`to` are local dates (`2026-03-09`,
 * `to` inclusive: the whole day) or ISO instants (`to` exclusive). Query strings only carry
 * strings, so anything else (arrays, objects such as `{"$gt": ""}`) is refused here.
 */
export const reportQuerySchema = z.object({
  from: dateOrDateTime.optional(),
  to: dateOrDateTime.optional(),
  timezone: timezoneSchema.optional(),
  groupBy: groupBySchema.optional(),
});
export type ReportQueryInput = z.input<typeof reportQuerySchema>;

/** Why a period was refused, for a message in the reader's language (`reports.period_error.<code>`). */
export type PeriodError =
  | { code: 'from_after_to' }
  | { code: 'too_long'; max: number }
  | { code: 'bad_date'; field: 'from' | 'to' }
  | { code: 'bad_group_by' }
  | { code: 'bad_timezone' }
  | { code: 'unknown_parameter'; names: string }
  | { code: 'invalid' };

export type ResolvedReportQuery =
  | { ok: true; query: ReportQuery }
  /** `error` is the English text the JSON API answers; `reason` is for pages to translate. */
  | { ok: false; error: string; reason: PeriodError };

function reasonOf(field: PropertyKey | undefined): PeriodError {
  if (field === 'from' || field === 'to') return { code: 'bad_date', field };
  if (field === 'groupBy') return { code: 'bad_group_by' };
  if (field === 'timezone') return { code: 'bad_timezone' };
  return { code: 'invalid' };
}

/**
 * Resolves the HTTP/command query into instants in the time zone. Without dates: the last 28 days,
 * today included. Refuses an empty or reversed period and one longer than MAX_PERIOD_DAYS.
 */
export function resolveReportQuery(input: unknown, defaults: { timezone: string; now: Date }): ResolvedReportQuery {
  const parsed = reportQuerySchema.safeParse(input);
  if (!parsed.success)
    return {
      ok: false,
      error: parsed.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; '),
      reason: reasonOf(parsed.error.issues[0]?.path[0]),
    };
  const q = parsed.data;
  const timezone = q.timezone ?? defaults.timezone;
  const today = DateTime.fromJSDate(defaults.now, { zone: timezone }).startOf('day');
  const to = q.to ? boundary(q.to, timezone, 'end') : today.plus({ days: 1 });
  const from = q.from ? boundary(q.from, timezone, 'start') : to.minus({ days: 28 });
  if (!from.isValid || !to.isValid)
    return {
      ok: false,
      error: 'from/to: invalid date',
      reason: { code: 'bad_date', field: from.isValid ? 'to' : 'from' },
    };
  if (from >= to) return { ok: false, error: 'from must be before to', reason: { code: 'from_after_to' } };
  if (to.diff(from, 'days').days > MAX_PERIOD_DAYS)
    return {
      ok: false,
      error: `the period may not exceed ${MAX_PERIOD_DAYS} days`,
      reason: { code: 'too_long', max: MAX_PERIOD_DAYS },
    };
  return { ok: true, query: { from: from.toJSDate(), to: to.toJSDate(), timezone, groupBy: q.groupBy } };
}

function boundary(value: string, zone: string, side: 'start' | 'end'): DateTime {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const day = DateTime.fromISO(value, { zone }).startOf('day');
    return side === 'end' ? day.plus({ days: 1 }) : day;
  }
  return DateTime.fromISO(value, { setZone: true });
}
