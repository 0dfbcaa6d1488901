import type { Connection } from 'mongoose';
import { isDuplicateKey } from '../../db/claims';
import type { Logger } from '../../observability/logger';
import { EVENT_RECEIPT_TTL_SECONDS, slackEventReceiptModel } from './model';

const PRUNE_EVERY_MS = 10 * 60_000;

/**
 * Slack redelivers an event it thinks we missed (X-Slack-Retry-Num), and several processes may
 * share the work: the first insert of an event id (unique index) wins, the others drop the event.
 */
export class EventReceipts {
  private readonly model;
  private expiry?: Promise<'ttl' | 'prune'>;
  private lastPrune = 0;

  constructor(private readonly deps: { connection: Connection; logger: Pick<Logger, 'warn'> }) {
    this.model = slackEventReceiptModel(deps.connection);
  }

  /** True the first time an event id is seen. */
  async firstDelivery(eventId: string): Promise<boolean> {
    const mode = await this.ensureExpiry();
    // Wall-clock time on purpose: the TTL monitor compares it with the server's clock.
    const now = new Date();
    try {
      await this.model.create({ eventId, receivedAt: now });
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
    if (mode === 'prune' && now.getTime() - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = now.getTime();
      await this.model.deleteMany({ receivedAt: { $lt: new Date(now.getTime() - EVENT_RECEIPT_TTL_SECONDS * 1000) } });
    }
    return true;
  }

  /**
   * Receipts expire through a TTL index on MongoDB. FerretDB 1.x does not implement TTL indexes:
   * there they are pruned by date (through a plain index) at most every ten minutes.
   */
  private ensureExpiry(): Promise<'ttl' | 'prune'> {
    this.expiry ??= this.model.collection
      .createIndex({ receivedAt: 1 }, { expireAfterSeconds: EVENT_RECEIPT_TTL_SECONDS, name: 'receivedAt_ttl' })
      .then(() => 'ttl' as const)
      .catch(async (err: { code?: number; message?: string }) => {
        if (err?.code !== 238 && !/not implemented/i.test(err?.message ?? '')) {
          this.expiry = undefined;
          throw err;
        }
        this.deps.logger.warn(
          { collection: this.model.collection.name },
          'TTL indexes unsupported by this database: Slack event receipts are pruned instead',
        );
        await this.model.collection.createIndex({ receivedAt: 1 }, { name: 'receivedAt_prune' });
        return 'prune' as const;
      });
    return this.expiry;
  }
}
