import { DateTime } from 'luxon';
import { z } from 'zod';
import { DomainError } from '../errors';
import type { CrisisRole, Severity, SettableStatus } from './model';

/**
 * Words people type for each value, in English and French (accents, case and apostrophes
 * folded). Every label the bot shows, in either language, is accepted back.
 */
const SEVERITY_WORDS: Record<string, Severity> = { sev1: 'sev1', sev2: 'sev2', 'sev-1': 'sev1', 'sev-2': 'sev2' };
const STATUS_WORDS: Record<string, SettableStatus> = {
  investigating: 'investigating',
  investigation: 'investigating',
  'en investigation': 'investigating',
  enquete: 'investigating',
  'en enquete': 'investigating',
  identified: 'identified',
  identifie: 'identified',
  identifiee: 'identified',
  'cause identifiee': 'identified',
  monitoring: 'monitoring',
  surveillance: 'monitoring',
  'sous surveillance': 'monitoring',
  resolved: 'resolved',
  resolu: 'resolved',
  resolue: 'resolved',
};
const ROLE_WORDS: Record<string, CrisisRole> = {
  commander: 'commander',
  'incident commander': 'commander',
  commandant: 'commander',
  "commandant de l'incident": 'commander',
  ic: 'commander',
  communications: 'communications',
  communication: 'communications',
  comms: 'communications',
  'communications lead': 'communications',
  'responsable communication': 'communications',
  scribe: 'scribe',
  technical: 'technical',
  tech: 'technical',
  technique: 'technical',
  'technical lead': 'technical',
  'responsable technique': 'technical',
};
/** The longest role label, in words ("commandant de l'incident"). */
const ROLE_MAX_WORDS = Math.max(...Object.keys(ROLE_WORDS).map((w) => w.split(' ').length));

const fold = (word: string) =>
  word
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’‘`]/g, "'")
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();

export const crisisTitle = z.string().trim().min(3, 'a title of at least 3 characters is required').max(200);
export const crisisText = (max: number) => z.string().trim().min(1, 'text is required').max(max);
export const actionText = z.string().trim().min(1, 'the action needs a description').max(500);
export const actionNumber = z.coerce.number().int().positive().max(10_000);

export function severityOf(word: string | undefined): Severity | undefined {
  return word ? SEVERITY_WORDS[fold(word)] : undefined;
}

/** `identified`, `identifiée`, `cause identifiée`, `sous surveillance`…; undefined when none. */
export function statusOf(words: string | undefined): SettableStatus | undefined {
  return words ? STATUS_WORDS[fold(words)] : undefined;
}

export function roleOf(word: string | undefined): CrisisRole | undefined {
  return word ? ROLE_WORDS[fold(word)] : undefined;
}

/**
 * `crisis role <role> <user>`: the role may be several words (`responsable technique`,
 * `incident commander`), the longest label that matches wins and the rest names the person.
 * Without a match, the first word is returned as the unknown role.
 */
export function splitRoleArgs(args: string): { role?: CrisisRole; roleWord: string; who: string } {
  const words = args.trim().split(/\s+/).filter(Boolean);
  for (let k = Math.min(ROLE_MAX_WORDS, words.length); k >= 1; k--) {
    const role = roleOf(words.slice(0, k).join(' '));
    if (role) return { role, roleWord: words.slice(0, k).join(' '), who: words.slice(k).join(' ') };
  }
  return { roleWord: words[0] ?? '', who: words.slice(1).join(' ') };
}

/** A person named in a command: `@sam`, `@slack:U123`, `console:agnes`. */
export const personReference = z.string().trim().min(1).max(120);

const RELATIVE = /^\+?(\d{1,4})(m|min|mins|minutes?|h|hr|hrs|hours?|heures?|d|days?|j|jours?)$/;
const CLOCK = /^([01]?\d|2[0-3])(?:[:h]([0-5]\d)|h)$/;
const IN_WORDS = new Set(['in', 'dans']);
const TOMORROW_WORDS = new Set(['tomorrow', 'demain']);
const TODAY_WORDS = new Set(['today', "aujourd'hui", 'auj']);
// `à` is folded to `a`.
const AT_WORDS = new Set(['at', 'by', 'a', 'avant', 'before']);
/** Words that only make sense in a due time: seen at the end without a readable time, the due is refused. */
const DUE_WORDS = new Set([...IN_WORDS, ...TOMORROW_WORDS, ...TODAY_WORDS, ...AT_WORDS]);

function relativeMinutes(text: string): number | undefined {
  const relative = RELATIVE.exec(text);
  if (!relative) return undefined;
  const n = Number(relative[1]);
  const unit = relative[2];
  return unit.startsWith('m') ? n : /^(h|hr|hrs|hours?|heures?)$/.test(unit) ? n * 60 : n * 1440;
}

function fromNow(minutes: number | undefined, now: Date): Date | undefined {
  return minutes !== undefined && minutes > 0 && minutes <= 30 * 1440
    ? new Date(now.getTime() + minutes * 60_000)
    : undefined;
}

/** The time of day of `14:30` / `14h30` / `14h`, on the day `dayOffset` from today (desk time zone). */
function clockOn(text: string, now: Date, timezone: string, dayOffset: number | 'next'): Date | undefined {
  const clock = CLOCK.exec(text);
  if (!clock) return undefined;
  const local = DateTime.fromJSDate(now, { zone: timezone });
  let at = local.set({ hour: Number(clock[1]), minute: Number(clock[2] ?? 0), second: 0, millisecond: 0 });
  if (dayOffset === 'next') {
    if (at <= local) at = at.plus({ days: 1 });
  } else {
    at = at.plus({ days: dayOffset });
    if (at <= local) return undefined;
  }
  return at.toJSDate();
}

/**
 * A due time typed after an action, in one to three words: `14:30` / `14h30` / `10h` (the next
 * such time, desk time zone), `30m` / `+2h` / `1d` / `in 2h` / `dans 30 min` (from now),
 * `tomorrow 10:00` / `demain 10h`, `today 17:00`, `at 14:30`, or an ISO date-time. Undefined
 * when the words are none of these.
 */
export function parseDue(words: string, now: Date, timezone: string): Date | undefined {
  const parts = fold(words).split(' ').filter(Boolean);
  if (parts.length === 0 || parts.length > 3) return undefined;
  const [first, ...rest] = parts;
  if (parts.length === 1) {
    const relative = fromNow(relativeMinutes(first), now);
    if (relative) return relative;
    const clock = clockOn(first, now, timezone, 'next');
    if (clock) return clock;
    if (/^\d{4}-\d{2}-\d{2}t\d{2}:\d{2}/.test(first)) {
      const at = DateTime.fromISO(words.trim(), { zone: timezone });
      return at.isValid ? at.toJSDate() : undefined;
    }
    return undefined;
  }
  const tail = rest.join('');
  if (IN_WORDS.has(first)) return fromNow(relativeMinutes(tail), now);
  // `30 min`, `2 h`: a number and its unit.
  if (parts.length === 2 && /^\d+$/.test(first) && /^[a-z]+$/.test(parts[1]))
    return fromNow(relativeMinutes(parts.join('')), now);
  if (parts.length !== 2) return undefined;
  if (TOMORROW_WORDS.has(first)) return clockOn(tail, now, timezone, 1);
  if (TODAY_WORDS.has(first)) return clockOn(tail, now, timezone, 0);
  if (AT_WORDS.has(first)) return clockOn(tail, now, timezone, 'next');
  if (TOMORROW_WORDS.has(parts[1])) return clockOn(first, now, timezone, 1);
  return undefined;
}

/** A word that reads as a time or a duration (`25:00`, `10h75`, `45d`): typed as a due time, even if unreadable. */
const TIME_LIKE = /^\+?\d{1,4}(?::\d*|h\d*|m|min|mins|minutes?|hr|hrs|hours?|heures?|d|days?|j|jours?)$/;

/**
 * `crisis action <text> [@owner] [due]`: the owner is the `@name` found anywhere in the text; the
 * due time is the last one to three words when they read as one (`30m`, `in 2h`, `tomorrow 10:00`,
 * `demain 10h`); everything else is the action. Rather than file a wrong action, it refuses two
 * different owners (`crisis.action_many_owners`) and a time at the end it cannot read
 * (`crisis.action_bad_due`).
 */
export function parseActionArgs(
  args: string,
  now: Date,
  timezone: string,
): { text: string; owner?: string; due?: Date } {
  const words = args.trim().split(/\s+/).filter(Boolean);
  const isMention = (w: string) => /^@[^@\s]*[\p{L}\p{N}_-]/u.test(w);
  const owners = [...new Set(words.filter(isMention).map((w) => w.replace(/[.,;:!?)]+$/, '')))];
  if (owners.length > 1) throw new DomainError('crisis.action_many_owners', { owners: owners.join(', ') });
  const owner = owners[0];
  const rest = words.filter((w) => !isMention(w));

  const unreadable = (due: string[]) => new DomainError('crisis.action_bad_due', { due: due.join(' ') });
  for (let k = Math.min(3, rest.length - 1); k >= 1; k--) {
    const ending = rest.slice(-k);
    const due = parseDue(ending.join(' '), now, timezone);
    if (due) return { text: rest.slice(0, -k).join(' '), owner, due };
    // "tomorrow 25:00", "in 45d", "today 09:00" at 10:00: meant as a due time, not to be read as a shorter one.
    if (k > 1 && DUE_WORDS.has(fold(ending[0])) && TIME_LIKE.test(fold(ending[k - 1]))) throw unreadable(ending);
  }
  if (rest.length > 1 && TIME_LIKE.test(fold(rest[rest.length - 1]))) throw unreadable(rest.slice(-1));
  return { text: rest.join(' '), owner };
}
