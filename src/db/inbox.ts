import { Schema, type Connection, type Model } from 'mongoose';
import { claim, isDuplicateKey } from './claims';

export type InboxState = 'pending' | 'done' | 'failed';

/** One inbound delivery (a Slack event, command, action or view; a Teams activity; a console message). */
export interface InboxEntry {
  /** `platform:key`, the platform's own id of the delivery: a redelivery is the same entry. */
  _id: string;
  platform: string;
  /** Deliveries of one conversation are resumed in the order they came. */
  conversation: string;
  /** The delivery as received, JSON (platform payloads may hold keys MongoDB refuses). */
  payload: string;
  state: InboxState;
  receivedAt: Date;
  /** Arrival order among the deliveries this process received in the same millisecond. */
  order: number;
  /** Until then the process working on it owns it; past it, any process may take it over. */
  leaseUntil: Date;
  attempts: number;
  /** When it was done (or given up): done entries are pruned after a while. */
  settledAt?: Date;
  error?: string;
}

const inboxSchema = new Schema<InboxEntry>(
  {
    _id: { type: String, required: true },
    platform: { type: String, required: true },
    conversation: { type: String, required: true },
    payload: { type: String, required: true },
    state: { type: String, required: true, enum: ['pending', 'done', 'failed'] },
    receivedAt: { type: Date, required: true },
    order: { type: Number, required: true },
    leaseUntil: { type: Date, required: true },
    attempts: { type: Number, required: true },
    settledAt: { type: Date },
    error: { type: String },
  },
  { collection: 'inbox', versionKey: false },
);
// What is left to do, in arrival order (resume: equality, sort, then range), and what may go (prune).
inboxSchema.index({ state: 1, receivedAt: 1, order: 1, leaseUntil: 1 });
inboxSchema.index({ settledAt: 1 }, { sparse: true });

export function inboxModel(connection: Connection): Model<InboxEntry> {
  return (connection.models.InboxEntry as Model<InboxEntry>) ?? connection.model<InboxEntry>('InboxEntry', inboxSchema);
}

let sequence = 0;

/**
 * The inbox collection: written before a delivery is acknowledged, settled once it has been
 * worked. Taking over an entry whose worker died goes through `claim()` (a unique insert), since
 * FerretDB's findAndModify is no compare-and-set.
 */
export class InboxStore {
  readonly model: Model<InboxEntry>;

  constructor(private readonly connection: Connection) {
    this.model = inboxModel(connection);
  }

  /** Keeps a delivery, leased to this process; null when its id was kept before (a redelivery). */
  async add(
    entry: Pick<InboxEntry, '_id' | 'platform' | 'conversation' | 'payload'>,
    now: Date,
    leaseMs: number,
  ): Promise<InboxEntry | null> {
    const doc: InboxEntry = {
      ...entry,
      state: 'pending',
      receivedAt: now,
      order: ++sequence,
      leaseUntil: new Date(now.getTime() + leaseMs),
      attempts: 1,
    };
    try {
      await this.model.collection.insertOne(doc as never);
      return doc;
    } catch (err) {
      if (isDuplicateKey(err)) return null;
      throw err;
    }
  }

  /**
   * Puts back a delivery kept elsewhere (the local spool, while the database was down), pending
   * and free to take, with its own arrival time; nothing when its id is kept already.
   */
  async restore(
    entry: Pick<InboxEntry, '_id' | 'platform' | 'conversation' | 'payload' | 'receivedAt' | 'order'>,
    leaseUntil: Date,
  ): Promise<void> {
    const doc: InboxEntry = { ...entry, state: 'pending', leaseUntil, attempts: 0 };
    try {
      await this.model.collection.insertOne(doc as never);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }

  async renew(id: string, until: Date): Promise<void> {
    await this.model.updateOne({ _id: id, state: 'pending' }, { $set: { leaseUntil: until } });
  }

  async settle(id: string, state: 'done' | 'failed', at: Date, error?: string): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { state, settledAt: at, ...(error ? { error } : {}) } });
  }

  /** Gives a failed attempt back, to be tried again after `retryAt`. */
  async release(id: string, retryAt: Date, error: string): Promise<void> {
    await this.model.updateOne({ _id: id, state: 'pending' }, { $set: { leaseUntil: retryAt, error } });
  }

  /** Pending entries nobody holds (and `own` ones this process gave back), oldest first. */
  async orphans(now: Date, limit: number, own: string[] = []): Promise<InboxEntry[]> {
    const free = { leaseUntil: { $lt: now } };
    return this.model
      .find({ state: 'pending', ...(own.length ? { $or: [free, { _id: { $in: own } }] } : free) })
      .sort({ receivedAt: 1, order: 1 })
      .limit(limit)
      .lean<InboxEntry[]>();
  }

  /** Takes an orphan for one more attempt; false when another process took it first. */
  async takeOver(entry: InboxEntry, now: Date, leaseMs: number): Promise<boolean> {
    const attempt = entry.attempts + 1;
    if (!(await claim(this.connection, `inbox:${entry._id}:${attempt}`, now))) return false;
    await this.model.updateOne(
      { _id: entry._id },
      { $set: { attempts: attempt, leaseUntil: new Date(now.getTime() + leaseMs) } },
    );
    return true;
  }

  async pending(): Promise<number> {
    return this.model.countDocuments({ state: 'pending' });
  }

  /** Deletes settled entries (and their takeover claims) older than `before`. */
  async prune(before: Date): Promise<number> {
    const old = await this.model
      .find({ settledAt: { $lt: before } }, { _id: 1, attempts: 1 })
      .limit(5000)
      .lean<Pick<InboxEntry, '_id' | 'attempts'>[]>();
    if (!old.length) return 0;
    const claims = old.flatMap((e) => Array.from({ length: e.attempts }, (_, i) => `inbox:${e._id}:${i + 1}`));
    if (claims.length) await this.connection.collection('claims').deleteMany({ _id: { $in: claims as never[] } });
    const { deletedCount } = await this.model.deleteMany({ _id: { $in: old.map((e) => e._id) } });
    return deletedCount;
  }
}
