import type { Connection } from 'mongoose';
import { isDuplicateKey } from '../../db/claims';
import type { Logger } from '../../observability/logger';
import type { InboundActivity } from './activity';
import { RECEIPT_TTL_SECONDS, teamsReceiptModel } from './model';

const PRUNE_EVERY_MS = 10 * 60_000;

/**
 * The Bot Framework redelivers an activity it thinks we missed, and several processes may share
 * the work: the first insert of an activity id wins, the others drop the activity.
 */
export class ActivityReceipts {
  private readonly model;
  private expiry?: Promise<'ttl' | 'prune'>;
  private lastPrune = 0;

  constructor(private readonly deps: { connection: Connection; logger: Pick<Logger, 'warn'> }) {
    this.model = teamsReceiptModel(deps.connection);
  }

  /** True the first time an activity is seen. */
  async firstDelivery(activity: InboundActivity): Promise<boolean> {
    if (!activity.id) return true;
    const mode = await this.ensureExpiry();
    // Wall-clock time on purpose: the TTL monitor compares it with the server's clock.
    const now = new Date();
    try {
      await this.model.create({ _id: `${activity.conversation.id}|${activity.id}`, receivedAt: now });
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
    if (mode === 'prune' && now.getTime() - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = now.getTime();
      await this.model.deleteMany({ receivedAt: { $lt: new Date(now.getTime() - RECEIPT_TTL_SECONDS * 1000) } });
    }
    return true;
  }

  /** Lets a re-delivery be handled again: the first attempt failed before doing anything lasting. */
  async forget(activity: InboundActivity): Promise<void> {
    if (activity.id) await this.model.deleteOne({ _id: `${activity.conversation.id}|${activity.id}` });
  }

  /**
   * Receipts expire through a TTL index; FerretDB 1.x does not implement TTL indexes, so there
   * the receipts are pruned by date (through a plain index) at most every ten minutes.
   */
  private ensureExpiry(): Promise<'ttl' | 'prune'> {
    this.expiry ??= this.model.collection
      .createIndex({ receivedAt: 1 }, { expireAfterSeconds: RECEIPT_TTL_SECONDS, name: 'receivedAt_ttl' })
      .then(() => 'ttl' as const)
      .catch(async (err: { code?: number; message?: string }) => {
        if (err?.code !== 238 && !/not implemented/i.test(err?.message ?? '')) {
          this.expiry = undefined;
          throw err;
        }
        this.deps.logger.warn(
          { collection: this.model.collection.name },
          'TTL indexes unsupported by this database: receipts are pruned instead',
        );
        await this.model.collection.createIndex({ receivedAt: 1 }, { name: 'receivedAt_prune' });
        return 'prune' as const;
      });
    return this.expiry;
  }
}
