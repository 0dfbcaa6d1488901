import Holidays from 'date-holidays';
import { DateTime, IANAZone } from 'luxon';
import type { Policy, Priority } from '../../config/policy';

const MINUTE_MS = 60_000;
const DAY_MINUTES = 1440;
const DAY_MS = 86_400_000;
/** luxon numbers ISO weekdays 1 (Monday) to 7 (Sunday): this is the same order. */
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
/** A calendar with no opening at all for this long is broken; better to fail than to spin. */
const MAX_CLOSED_DAYS = 400;
/** Day windows are cached for speed; the cap keeps a long-running process from hoarding them. */
const MAX_CACHED_DAYS = 5000;

export type Weekday = (typeof WEEKDAYS)[number];
/** Opening intervals per weekday, local wall-clock "HH:MM" (closing may be "24:00"). */
export type WeeklyOpening = Partial<Record<Weekday, ReadonlyArray<readonly [string, string]>>>;

export interface HolidayRegion {
  /** ISO 3166-1 alpha-2, e.g. "FR". */
  country: string;
  /** A state/region code known to date-holidays, e.g. "57" for Moselle. */
  region?: string;
}

export interface BusinessCalendarOptions {
  /** IANA zone in which the weekly hours and holidays are read. */
  timezone: string;
  weeklyHours: WeeklyOpening;
  holidays?: HolidayRegion;
  /** 24×7 wall-clock time: weekly hours and holidays no longer close anything. */
  allHours?: boolean;
}

/**
 * Business time: the instants at which the service desk counts SLA time. All minute counts are
 * real elapsed minutes inside opening windows, so a window that spans a DST change counts what a
 * stopwatch would, not what the wall clock shows.
 */
export interface BusinessCalendar {
  readonly timezone: string;
  readonly allHours: boolean;
  /** Length of a standard opening day: what "1d" means in an SLA target on this calendar. */
  readonly businessDayMinutes: number;
  /** Earliest instant at which `minutes` of business time have passed since `start`. */
  addBusinessMinutes(start: Date, minutes: number): Date;
  /** Business minutes in [from, to); negative when `to` is before `from`. */
  businessMinutesBetween(from: Date, to: Date): number;
  isOpen(at: Date): boolean;
  /** `at` itself when open, otherwise the start of the next opening window. */
  nextOpening(at: Date): Date;
  /** Whether `at` falls within a public holiday of the calendar's country/region. */
  isHoliday(at: Date): boolean;
}

export function createBusinessCalendar(options: BusinessCalendarOptions): BusinessCalendar {
  if (!DateTime.now().setZone(options.timezone).isValid) throw new RangeError(`unknown time zone ${options.timezone}`);
  const holidays = new PublicHolidays(options.timezone, options.holidays);
  const weekly = parseWeeklyOpening(options.weeklyHours);
  return options.allHours
    ? new RoundTheClock(options.timezone, holidays)
    : new WeeklyCalendar(options.timezone, weekly, holidays);
}

/**
 * Converts a policy duration into target minutes on `calendar`. "m" and "h" are minutes and hours
 * of business time; "d" is business days of `calendar.businessDayMinutes` each, so "3d" on a
 * 09:00–18:00 desk is 3 × 540 minutes (three opening days), and on a 24×7 calendar 3 × 1440.
 * Counting a day as 1440 business minutes would make "1d" last almost three opening days.
 */
export function targetMinutes(duration: string, calendar: Pick<BusinessCalendar, 'businessDayMinutes'>): number {
  const match = /^(\d+(?:\.\d+)?)\s*(m|h|d)$/.exec(duration.trim());
  if (!match) throw new RangeError(`invalid duration ${duration}`);
  const n = Number(match[1]);
  if (match[2] === 'm') return n;
  if (match[2] === 'h') return n * 60;
  return n * calendar.businessDayMinutes;
}

export interface CalendarSelector {
  /** The SLA of this priority decides whether the clock runs 24×7. */
  priority?: Priority;
  /** A team with its own opening hours replaces the desk's. */
  teamId?: string;
}

const policyCalendars = new WeakMap<Policy, Map<string, BusinessCalendar>>();

/**
 * The calendar an SLA clock runs on for a policy: the team's or the desk's weekly hours, the
 * policy's zone and holidays, and 24×7 when the priority's target says `allHours`. Calendars are
 * shared per policy object so their holiday and day caches are reused across tickets.
 */
export function calendarForPolicy(policy: Policy, selector: CalendarSelector = {}): BusinessCalendar {
  const team = selector.teamId ? policy.teams.find((t) => t.id === selector.teamId) : undefined;
  const allHours = selector.priority ? policy.sla.targets[selector.priority].allHours : false;
  const key = allHours ? '24x7' : team?.businessHours ? `team:${team.id}` : 'desk';
  let cache = policyCalendars.get(policy);
  if (!cache) policyCalendars.set(policy, (cache = new Map()));
  let calendar = cache.get(key);
  if (!calendar) {
    calendar = createBusinessCalendar({
      timezone: policy.timezone,
      weeklyHours: team?.businessHours ?? policy.businessHours,
      holidays: policy.holidays,
      allHours,
    });
    cache.set(key, calendar);
  }
  return calendar;
}

/** Minutes of the local day, [open, close) pairs, merged and sorted, per ISO weekday index 0..6. */
type WeeklyMinutes = ReadonlyArray<ReadonlyArray<readonly [number, number]>>;

function parseWeeklyOpening(hours: WeeklyOpening): WeeklyMinutes {
  return WEEKDAYS.map((day) => {
    const ranges = (hours[day] ?? []).map(([from, to]) => {
      const open = clockMinutes(from);
      const close = clockMinutes(to);
      if (open >= close) throw new RangeError(`${day}: opening ${from} must be before closing ${to}`);
      return [open, close] as [number, number];
    });
    ranges.sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const range of ranges) {
      const last = merged[merged.length - 1];
      if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
      else merged.push(range);
    }
    return merged;
  });
}

function clockMinutes(hhmm: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(hhmm);
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
  if (!match || Number(match[2]) > 59 || minutes > DAY_MINUTES) throw new RangeError(`invalid time of day ${hhmm}`);
  return minutes;
}

function toMs(minutes: number): number {
  if (!Number.isFinite(minutes) || minutes < 0)
    throw new RangeError(`business minutes must be a non-negative number, got ${minutes}`);
  return Math.round(minutes * MINUTE_MS);
}

/** Public holidays as closed instants, looked up once per year and kept. */
class PublicHolidays {
  private readonly source: Holidays | null;
  private readonly byYear = new Map<number, ReadonlyArray<readonly [number, number]>>();

  constructor(timezone: string, region: HolidayRegion | undefined) {
    if (!region) {
      this.source = null;
      return;
    }
    const probe = new Holidays();
    if (!probe.getCountries()?.[region.country.toUpperCase()])
      throw new RangeError(`no public holiday data for country ${region.country}`);
    if (region.region && !probe.getStates(region.country.toUpperCase())?.[region.region.toUpperCase()])
      throw new RangeError(`no public holiday data for region ${region.region} of ${region.country}`);
    // The library computes start/end in the zone it is given: the calendar's, not the country's.
    this.source = region.region
      ? new Holidays(region.country, region.region, { types: ['public'], timezone })
      : new Holidays(region.country, { types: ['public'], timezone });
  }

  /** Closed intervals [start, end) in epoch ms that may touch local year `year`. */
  closures(year: number): ReadonlyArray<readonly [number, number]> {
    let list = this.byYear.get(year);
    if (!list) {
      list = (this.source?.getHolidays(year) ?? [])
        .filter((h) => h.type === 'public')
        .map((h) => [h.start.getTime(), h.end.getTime()] as const)
        .sort((a, b) => a[0] - b[0]);
      this.byYear.set(year, list);
    }
    return list;
  }

  contains(at: Date, timezone: string): boolean {
    const ms = at.getTime();
    const year = DateTime.fromMillis(ms, { zone: timezone }).year;
    return [year - 1, year].some((y) => this.closures(y).some(([s, e]) => s <= ms && ms < e));
  }
}

class RoundTheClock implements BusinessCalendar {
  readonly allHours = true;
  readonly businessDayMinutes = DAY_MINUTES;

  constructor(
    readonly timezone: string,
    private readonly holidays: PublicHolidays,
  ) {}

  addBusinessMinutes(start: Date, minutes: number): Date {
    return new Date(start.getTime() + toMs(minutes));
  }
  businessMinutesBetween(from: Date, to: Date): number {
    return (to.getTime() - from.getTime()) / MINUTE_MS;
  }
  isOpen(): boolean {
    return true;
  }
  nextOpening(at: Date): Date {
    return new Date(at.getTime());
  }
  isHoliday(at: Date): boolean {
    return this.holidays.contains(at, this.timezone);
  }
}

/**
 * Days are walked as local day numbers (days since 1970-01-01 on the local calendar) so that a long
 * span costs one map lookup per day; luxon is only asked once per distinct day, then cached.
 */
class WeeklyCalendar implements BusinessCalendar {
  readonly allHours = false;
  readonly businessDayMinutes: number;
  private readonly zone: IANAZone;
  /** Local day number → flat [open, close, open, close, …] epoch ms, holidays removed. */
  private readonly days = new Map<number, number[]>();

  constructor(
    readonly timezone: string,
    private readonly weekly: WeeklyMinutes,
    private readonly holidays: PublicHolidays,
  ) {
    const lengths = weekly
      .map((ranges) => ranges.reduce((sum, [open, close]) => sum + close - open, 0))
      .filter((n) => n > 0);
    if (lengths.length === 0) throw new RangeError('business hours open on no day of the week');
    this.businessDayMinutes = standardDay(lengths);
    this.zone = IANAZone.create(timezone);
  }

  addBusinessMinutes(start: Date, minutes: number): Date {
    let remaining = toMs(minutes);
    const from = start.getTime();
    if (remaining === 0) return new Date(from);
    let day = this.dayOf(from);
    for (let closedDays = 0; closedDays <= MAX_CLOSED_DAYS; day++) {
      const windows = this.windows(day);
      let opened = false;
      for (let i = 0; i < windows.length; i += 2) {
        const open = Math.max(windows[i], from);
        const available = windows[i + 1] - open;
        if (available <= 0) continue;
        opened = true;
        if (remaining <= available) return new Date(open + remaining);
        remaining -= available;
      }
      closedDays = opened ? 0 : closedDays + 1;
    }
    throw new RangeError(`no business time within ${MAX_CLOSED_DAYS} days after ${start.toISOString()}`);
  }

  businessMinutesBetween(from: Date, to: Date): number {
    const start = from.getTime();
    const end = to.getTime();
    if (end < start) return -this.businessMinutesBetween(to, from);
    let total = 0;
    const last = this.dayOf(end);
    for (let day = this.dayOf(start); day <= last; day++) {
      const windows = this.windows(day);
      for (let i = 0; i < windows.length; i += 2) {
        const overlap = Math.min(windows[i + 1], end) - Math.max(windows[i], start);
        if (overlap > 0) total += overlap;
      }
    }
    return total / MINUTE_MS;
  }

  isOpen(at: Date): boolean {
    const ms = at.getTime();
    const windows = this.windows(this.dayOf(ms));
    for (let i = 0; i < windows.length; i += 2) if (windows[i] <= ms && ms < windows[i + 1]) return true;
    return false;
  }

  nextOpening(at: Date): Date {
    const ms = at.getTime();
    const first = this.dayOf(ms);
    for (let day = first; day <= first + MAX_CLOSED_DAYS; day++) {
      const windows = this.windows(day);
      for (let w = 0; w < windows.length; w += 2) if (windows[w + 1] > ms) return new Date(Math.max(windows[w], ms));
    }
    throw new RangeError(`no opening within ${MAX_CLOSED_DAYS} days after ${at.toISOString()}`);
  }

  isHoliday(at: Date): boolean {
    return this.holidays.contains(at, this.timezone);
  }

  private dayOf(ms: number): number {
    return Math.floor((ms + this.zone.offset(ms) * MINUTE_MS) / DAY_MS);
  }

  private windows(dayNumber: number): number[] {
    const cached = this.days.get(dayNumber);
    if (cached) return cached;
    const utc = new Date(dayNumber * DAY_MS);
    const day = DateTime.fromObject(
      { year: utc.getUTCFullYear(), month: utc.getUTCMonth() + 1, day: utc.getUTCDate() },
      { zone: this.timezone },
    );
    let windows: number[] = [];
    for (const [open, close] of this.weekly[day.weekday - 1]) {
      const start = atClock(day, open);
      const end = atClock(day, close);
      // A window swallowed by a DST gap (e.g. 02:00–03:00 on the spring change) is simply absent.
      if (end > start) windows.push(start, end);
    }
    for (const year of [day.year - 1, day.year]) {
      for (const [s, e] of this.holidays.closures(year)) windows = subtract(windows, s, e);
    }
    if (this.days.size >= MAX_CACHED_DAYS) this.days.clear();
    this.days.set(dayNumber, windows);
    return windows;
  }
}

/** The most common daily opening length; on a tie, the longer one. */
function standardDay(lengths: number[]): number {
  const counts = new Map<number, number>();
  for (const n of lengths) counts.set(n, (counts.get(n) ?? 0) + 1);
  let best = 0;
  let bestCount = 0;
  for (const [n, count] of counts) {
    if (count > bestCount || (count === bestCount && n > best)) [best, bestCount] = [n, count];
  }
  return best;
}

function nextDay(day: DateTime): DateTime {
  return day.plus({ days: 1 }).startOf('day');
}

/** Instant of a local wall-clock minute of `day`; luxon moves times inside a DST gap forward. */
function atClock(day: DateTime, minutes: number): number {
  if (minutes === DAY_MINUTES) return nextDay(day).toMillis();
  return day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0, millisecond: 0 }).toMillis();
}

function subtract(windows: number[], closedFrom: number, closedTo: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < windows.length; i += 2) {
    const [open, close] = [windows[i], windows[i + 1]];
    if (closedTo <= open || closedFrom >= close) {
      out.push(open, close);
      continue;
    }
    if (open < closedFrom) out.push(open, closedFrom);
    if (closedTo < close) out.push(closedTo, close);
  }
  return out;
}
