import { Schema, type Connection, type Model } from 'mongoose';

/**
 * Exactly-once claims by unique insert.
 *
 * FerretDB 1.x runs findAndModify/update as "query, then write by _id" without re-checking the
 * document, so `$inc` counters and compare-and-set filters can lose updates under concurrency.
 * An insert into a unique `_id` is atomic on FerretDB (SQLite/PostgreSQL primary key) and on
 * MongoDB, so every "only one of us may do this" decision goes through `claim()`.
 */
interface Claim {
  _id: string;
  at: Date;
}

const claimSchema = new Schema<Claim>({ _id: String, at: { type: Date, required: true } }, { collection: 'claims', versionKey: false });

export function claimModel(connection: Connection): Model<Claim> {
  return (connection.models.Claim as Model<Claim>) ?? connection.model<Claim>('Claim', claimSchema);
}

export function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number })?.code === 11000;
}

/** True when this caller is the first (and only) one to claim `key`. */
export async function claim(connection: Connection, key: string, at: Date = new Date()): Promise<boolean> {
  try {
    await claimModel(connection).create({ _id: key, at });
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/** Gives up a claim whose holder never finished (crashed between claim and write). */
export async function releaseStaleClaim(connection: Connection, key: string, olderThan: Date): Promise<boolean> {
  // A read first: under contention the claim is almost always fresh, and reads are cheap.
  const existing = await claimModel(connection).findById(key).lean();
  if (!existing || existing.at >= olderThan) return false;
  const result = await claimModel(connection).deleteOne({ _id: key, at: { $lt: olderThan } });
  return result.deletedCount === 1;
}
