import { Schema, type Connection, type Model } from 'mongoose';
import { isDuplicateKey } from './claims';

const PRUNE_EVERY_MS = 10 * 60_000;

export interface DeliveryReceipt {
  _id: string;
  receivedAt: Date;
}

interface ReceiptLogger {
  warn(obj: object, msg: string): void;
}

/**
 * Platforms redeliver what they think we missed (Slack's X-Slack-Retry-Num, Bot Framework
 * re-sends), and several processes may share the work: the first insert of a delivery's key
 * (unique `_id`) wins and the others drop it. Receipts are kept `ttlSeconds`.
 */
export class DeliveryReceipts {
  readonly model: Model<DeliveryReceipt>;
  private expiry?: Promise<'ttl' | 'prune'>;
  private lastPrune = 0;

  constructor(
    private readonly deps: { connection: Connection; logger: ReceiptLogger; collection: string; ttlSeconds: number },
  ) {
    const name = `Receipt:${deps.collection}`;
    this.model =
      (deps.connection.models[name] as Model<DeliveryReceipt>) ??
      deps.connection.model<DeliveryReceipt>(
        name,
        new Schema<DeliveryReceipt>(
          { _id: { type: String, required: true }, receivedAt: { type: Date, required: true } },
          { collection: deps.collection, versionKey: false },
        ),
      );
  }

  /** True the first time `key` is seen. */
  async firstDelivery(key: string): Promise<boolean> {
    const mode = await this.ensureExpiry();
    // Wall-clock time on purpose: the TTL monitor compares it with the server's clock.
    const now = new Date();
    try {
      await this.model.create({ _id: key, receivedAt: now });
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
    if (mode === 'prune' && now.getTime() - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = now.getTime();
      await this.model.deleteMany({ receivedAt: { $lt: new Date(now.getTime() - this.deps.ttlSeconds * 1000) } });
    }
    return true;
  }

  /** Lets a redelivery be handled again: the first attempt failed before doing anything lasting. */
  async forget(key: string): Promise<void> {
    await this.model.deleteOne({ _id: key });
  }

  /**
   * Receipts expire through a TTL index on MongoDB. FerretDB 1.x does not implement TTL indexes:
   * there they are pruned by date (through a plain index) at most every ten minutes.
   */
  private ensureExpiry(): Promise<'ttl' | 'prune'> {
    this.expiry ??= this.model.collection
      .createIndex({ receivedAt: 1 }, { expireAfterSeconds: this.deps.ttlSeconds, name: 'receivedAt_ttl' })
      .then(() => 'ttl' as const)
      .catch(async (err: { code?: number; message?: string }) => {
        if (err?.code !== 238 && !/not implemented/i.test(err?.message ?? '')) {
          this.expiry = undefined;
          throw err;
        }
        this.deps.logger.warn(
          { collection: this.deps.collection },
          'TTL indexes unsupported by this database: delivery receipts are pruned instead',
        );
        await this.model.collection.createIndex({ receivedAt: 1 }, { name: 'receivedAt_prune' });
        return 'prune' as const;
      });
    return this.expiry;
  }
}
