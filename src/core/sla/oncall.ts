import { DateTime } from 'luxon';
import type { Policy, SupportLevel } from '../../config/policy';
import type { BusinessCalendar } from './calendar';

export type OnCallRotation = Policy['oncall'][number];

export interface OnCallShift {
  /** Member key, "platform:id". */
  member: string;
  from: Date;
  to: Date;
  /** True when an override replaced the rotation for this period. */
  override: boolean;
}

/**
 * Who holds the pager at `at` and until when. Hand-overs happen at the rotation's local time `at`
 * in `timezone`, every day or every 7 days from `start`, so they follow the wall clock across DST
 * changes. Before `start` the cycle is extended backwards. When overrides overlap, the one listed
 * last wins, so appending an override is how a swap is changed.
 */
export function onCallShift(rotation: OnCallRotation, at: Date, timezone: string): OnCallShift {
  const override = rotation.overrides.findLast(
    (o) => Date.parse(o.from) <= at.getTime() && at.getTime() < Date.parse(o.to),
  );
  if (override)
    return { member: override.member, from: new Date(override.from), to: new Date(override.to), override: true };

  const first = DateTime.fromISO(rotation.start, { zone: timezone });
  if (!first.isValid) throw new RangeError(`invalid rotation start ${rotation.start} in ${timezone}`);
  const local = DateTime.fromJSDate(at, { zone: timezone });
  const shiftDay = local < handoverOn(local, rotation.at) ? local.minus({ days: 1 }) : local;
  // Counted on dates, not durations, so a 23 h or 25 h DST day is still one day.
  const days = Math.round(
    DateTime.fromISO(shiftDay.toISODate() as string, { zone: 'utc' }).diff(
      DateTime.fromISO(rotation.start, { zone: 'utc' }),
      'days',
    ).days,
  );
  const length = rotation.handover === 'daily' ? 1 : 7;
  const index = Math.floor(days / length);
  const member = rotation.members[mod(index, rotation.members.length)];
  const from = handoverOn(first.plus({ days: index * length }), rotation.at);
  const to = handoverOn(first.plus({ days: (index + 1) * length }), rotation.at);
  // An override starting or ending inside the shift cuts it, so "until" is when the pager really moves.
  const ms = at.getTime();
  const cuts = rotation.overrides.map((o) => [Date.parse(o.from), Date.parse(o.to)] as const);
  const start = Math.max(from.toMillis(), ...cuts.map(([, end]) => end).filter((end) => end <= ms));
  const end = Math.min(to.toMillis(), ...cuts.map(([begin]) => begin).filter((begin) => begin > ms));
  return { member, from: new Date(start), to: new Date(end), override: false };
}

/** Member key of the person on call at `at`. */
export function whoIsOnCall(rotation: OnCallRotation, at: Date, timezone: string): string {
  return onCallShift(rotation, at, timezone).member;
}

/** The person on call for a support level, or null when the policy has no rotation for it. */
export function onCallNow(policy: Pick<Policy, 'oncall' | 'timezone'>, level: SupportLevel, at: Date): string | null {
  const rotation = policy.oncall.find((r) => r.level === level);
  return rotation ? whoIsOnCall(rotation, at, policy.timezone) : null;
}

/**
 * Whether the desk is closed at `at`: the moment to page the on-call person rather than wait.
 * Pass the desk's business calendar, not a 24×7 SLA calendar, which is never out of hours.
 */
export function isOutOfHours(calendar: BusinessCalendar, at: Date): boolean {
  return !calendar.isOpen(at);
}

/** The hand-over instant on the local date of `day`; "24:00" is the following midnight. */
function handoverOn(day: DateTime, hhmm: string): DateTime {
  const [hour, minute] = hhmm.split(':').map(Number);
  const midnight = day.startOf('day');
  return hour === 24 ? midnight.plus({ days: 1 }).startOf('day') : midnight.set({ hour, minute });
}

function mod(n: number, m: number): number {
  return ((n % m) + m) % m;
}
