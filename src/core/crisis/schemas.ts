import { DateTime } from 'luxon';
import { z } from 'zod';
import type { CrisisRole, Severity, SettableStatus } from './model';

/** Words people type for each value, in English and French. */
const SEVERITY_WORDS: Record<string, Severity> = { sev1: 'sev1', sev2: 'sev2', 'sev-1': 'sev1', 'sev-2': 'sev2' };
const STATUS_WORDS: Record<string, SettableStatus> = {
  investigating: 'investigating',
  investigation: 'investigating',
  identified: 'identified',
  identifie: 'identified',
  monitoring: 'monitoring',
  surveillance: 'monitoring',
  resolved: 'resolved',
  resolu: 'resolved',
};
const ROLE_WORDS: Record<string, CrisisRole> = {
  commander: 'commander',
  commandant: 'commander',
  ic: 'commander',
  communications: 'communications',
  communication: 'communications',
  comms: 'communications',
  scribe: 'scribe',
  technical: 'technical',
  tech: 'technical',
  technique: 'technical',
};

const fold = (word: string) =>
  word
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim();

export const crisisTitle = z.string().trim().min(3, 'a title of at least 3 characters is required').max(200);
export const crisisText = (max: number) => z.string().trim().min(1, 'text is required').max(max);
export const actionText = z.string().trim().min(1, 'the action needs a description').max(500);
export const actionNumber = z.coerce.number().int().positive().max(10_000);

export function severityOf(word: string | undefined): Severity | undefined {
  return word ? SEVERITY_WORDS[fold(word)] : undefined;
}

export const settableStatus = z
  .string()
  .transform(fold)
  .refine((word) => word in STATUS_WORDS, 'expected investigating, identified, monitoring or resolved')
  .transform((word) => STATUS_WORDS[word]);

export function roleOf(word: string | undefined): CrisisRole | undefined {
  return word ? ROLE_WORDS[fold(word)] : undefined;
}

/** A person named in a command: `@sam`, `@slack:U123`, `console:agnes`. */
export const personReference = z.string().trim().min(1).max(120);

/**
 * A due time typed after an action: `14:30` / `14h30` (the next such time, desk time zone),
 * `30m` / `+2h` / `1d` (from now), or an ISO date-time. Undefined when the word is none of these.
 */
export function parseDue(word: string, now: Date, timezone: string): Date | undefined {
  const text = word.trim().toLowerCase();
  const relative = /^\+?(\d{1,4})(m|min|h|d|j)$/.exec(text);
  if (relative) {
    const n = Number(relative[1]);
    const minutes = relative[2].startsWith('m') ? n : relative[2] === 'h' ? n * 60 : n * 1440;
    return minutes > 0 && minutes <= 30 * 1440 ? new Date(now.getTime() + minutes * 60_000) : undefined;
  }
  const clock = /^([01]?\d|2[0-3])[:h]([0-5]\d)$/.exec(text);
  if (clock) {
    const local = DateTime.fromJSDate(now, { zone: timezone });
    let at = local.set({ hour: Number(clock[1]), minute: Number(clock[2]), second: 0, millisecond: 0 });
    if (at <= local) at = at.plus({ days: 1 });
    return at.toJSDate();
  }
  if (/^\d{4}-\d{2}-\d{2}t\d{2}:\d{2}/.test(text)) {
    const at = DateTime.fromISO(word.trim(), { zone: timezone });
    return at.isValid ? at.toJSDate() : undefined;
  }
  return undefined;
}

/**
 * `crisis action <text> [@owner] [due]`: the owner and the due time are the last words when they
 * look like one (either order); everything before is the action.
 */
export function parseActionArgs(
  args: string,
  now: Date,
  timezone: string,
): { text: string; owner?: string; due?: Date } {
  const words = args.trim().split(/\s+/).filter(Boolean);
  let owner: string | undefined;
  let due: Date | undefined;
  for (let i = 0; i < 2 && words.length > 1; i++) {
    const last = words[words.length - 1];
    if (!owner && /^@\S+$/.test(last)) owner = words.pop();
    else if (!due && parseDue(last, now, timezone)) due = parseDue(words.pop()!, now, timezone);
  }
  return { text: words.join(' '), owner, due };
}
