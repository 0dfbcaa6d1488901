import type { Connection } from 'mongoose';
import { DomainError } from '../errors';
import { counterModel } from './model';

const NUMBER_PATTERN = /^(INC|REQ|PRB|CRI|CHG)-?(\d{1,9})$/i;

/**
 * Allocates the next number of a sequence (`INC-000042`) atomically with `$inc` on one counter
 * document: correct on MongoDB and FerretDB without transactions, never reused.
 */
export async function allocateNumber(connection: Connection, prefix: string): Promise<string> {
  const counters = counterModel(connection);
  for (let attempt = 0; ; attempt++) {
    try {
      const doc = await counters
        .findOneAndUpdate({ _id: prefix }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' })
        .lean();
      return formatNumber(prefix, doc!.seq);
    } catch (err) {
      // Two first-ever allocations can both try to insert the counter: the loser retries the $inc.
      if ((err as { code?: number }).code === 11000 && attempt < 3) continue;
      throw err;
    }
  }
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
