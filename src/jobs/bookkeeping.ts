import type { Connection } from 'mongoose';
import type { Drafts } from '../core/conversation';
import { pruneClaims } from '../db/claims';
import type { SweepJob } from './scheduler';

export const BOOKKEEPING_PRUNE = 'bookkeeping.prune';

/**
 * Keeps the collections that exist only for bookkeeping bounded: claims and drafts past their
 * retention are deleted every hour, by date through an index. A job rather than TTL indexes,
 * since FerretDB 1.x has none; the same job runs on MongoDB. (Delivery receipts have their own
 * TTL index, or date pruning where TTL is unsupported: src/db/receipts.ts.)
 */
export function bookkeepingJob(deps: { connection: Connection; drafts: Drafts }): SweepJob {
  return {
    name: BOOKKEEPING_PRUNE,
    every: '1 hour',
    async run(now) {
      const claims = await pruneClaims(deps.connection, now);
      const drafts = await deps.drafts.prune(now);
      return { claims, drafts };
    },
  };
}
