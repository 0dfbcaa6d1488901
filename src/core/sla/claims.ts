import type { Connection } from 'mongoose';
import { claimWithTakeover } from '../../db/claims';
import type { Clock } from '../clock';

/** A claim older than this is taken to belong to a process that died before finishing. */
const STALE_AFTER_MS = 10 * 60_000;

/**
 * Who handles one SLA occurrence (a checkpoint of a ticket, the answer to a request, the closing
 * of a resolution): the process that claims its key (src/db/claims.ts). Notifications are then at
 * most once; a holder that died is replaced after STALE_AFTER_MS.
 */
export class SlaClaims {
  constructor(private readonly deps: { connection: Connection; clock: Clock }) {}

  claim(key: string): Promise<boolean> {
    return claimWithTakeover(this.deps.connection, `sla:${key}`, this.deps.clock.now(), STALE_AFTER_MS);
  }
}
