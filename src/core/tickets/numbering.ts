import type { Connection } from 'mongoose';
import { DomainError } from '../errors';
import { claim, isDuplicateKey } from '../../db/claims';
import { counterModel } from './model';

const NUMBER_PATTERN = /^(INC|REQ|PRB|CRI|CHG)-?(\d{1,9})$/i;

/**
 * Allocates the next number of a sequence (`INC-000042`), never reused, without gaps.
 * The counter's `$inc` proposes a number and a unique claim on it decides: on FerretDB a `$inc`
 * can be lost under concurrency (two callers get the same value), and the loser of the claim
 * simply draws again. Values are drawn one by one from the counter, so no number is skipped.
 * `now` dates the claim (pruned a day later: the counter never goes back to it).
 */
export async function allocateNumber(connection: Connection, prefix: string, now = new Date()): Promise<string> {
  const counters = counterModel(connection);
  for (let attempt = 0; attempt < 200; attempt++) {
    let seq: number;
    try {
      const doc = await counters
        .findOneAndUpdate({ _id: prefix }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' })
        .lean();
      seq = doc!.seq;
    } catch (err) {
      // Two first-ever allocations can both insert the counter: the loser draws again.
      if (isDuplicateKey(err)) continue;
      throw err;
    }
    const number = formatNumber(prefix, seq);
    if (await claim(connection, `number:${number}`, now)) return number;
  }
  throw new Error(`could not allocate a ${prefix} number`);
}

export function formatNumber(prefix: string, seq: number): string {
  return `${prefix}-${String(seq).padStart(6, '0')}`;
}

/** Accepts `INC-42`, `inc-000042`, `INC42`; returns the canonical `INC-000042`. */
export function parseTicketNumber(input: string): string {
  const match = NUMBER_PATTERN.exec(String(input).trim());
  if (!match) throw new DomainError('ticket.invalid_number', { number: String(input).slice(0, 40) });
  return formatNumber(match[1].toUpperCase(), Number(match[2]));
}
