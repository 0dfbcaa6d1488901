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

const claimSchema = new Schema<Claim>(
  { _id: String, at: { type: Date, required: true } },
  { collection: 'claims', versionKey: false },
);
claimSchema.index({ at: 1 });

/**
 * Claims only matter while the step they decide can still be attempted. A ticket revision
 * (`ticket:<number>:<rev>`) or a number (`number:<number>`) is decided within seconds, and the
 * ticket itself then refuses a second attempt (its `rev`, its unique `number`): those go after a
 * day. Other once-only steps (a crisis notice, a survey reminder, a weekly digest) concern things
 * that are over long before 90 days.
 */
export const CLAIM_RETENTION = {
  shortLived: { prefixes: ['ticket:', 'number:'], ms: 24 * 3600_000 },
  others: { ms: 90 * 24 * 3600_000 },
};

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

/**
 * A claim that survives its holder's death: when `key` is held for longer than `staleAfterMs`,
 * the next claimant takes a new generation (`key~2`, `key~3`...), again by an atomic insert, so at
 * most one process owns each generation and a crashed one never blocks the work for good.
 */
export async function claimWithTakeover(
  connection: Connection,
  key: string,
  now: Date,
  staleAfterMs: number,
  maxGenerations = 20,
): Promise<boolean> {
  for (let generation = 1; generation <= maxGenerations; generation++) {
    const id = generation === 1 ? key : `${key}~${generation}`;
    if (await claim(connection, id, now)) return true;
    const held = await claimModel(connection).findById(id).lean();
    if (!held || now.getTime() - held.at.getTime() < staleAfterMs) return false;
  }
  return false;
}

/** Deletes the claims whose decision can no longer be attempted (see CLAIM_RETENTION). */
export async function pruneClaims(connection: Connection, now: Date): Promise<number> {
  const claims = claimModel(connection);
  const { shortLived, others } = CLAIM_RETENTION;
  let deleted = 0;
  for (const prefix of shortLived.prefixes) {
    const result = await claims.deleteMany({
      _id: { $regex: `^${prefix}` },
      at: { $lt: new Date(now.getTime() - shortLived.ms) },
    });
    deleted += result.deletedCount;
  }
  const result = await claims.deleteMany({ at: { $lt: new Date(now.getTime() - others.ms) } });
  return deleted + result.deletedCount;
}
