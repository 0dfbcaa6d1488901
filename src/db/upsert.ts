import type { Model, UpdateQuery } from 'mongoose';
import { isDuplicateKey } from './claims';

/**
 * `updateOne(filter, update, { upsert: true })` that survives a concurrent first write. Two
 * upserts of a record that does not exist yet both look, find nothing and insert: one insert wins,
 * the other fails with a duplicate key (MongoDB documents this; FerretDB 1.x does it for every
 * concurrent upsert, since it runs them as "query, then write"). The loser's write is then a plain
 * update of the record that now exists, so it is tried again.
 */
export async function upsertOne<T>(
  model: Model<T>,
  filter: Record<string, unknown>,
  update: UpdateQuery<T>,
  attempts = 3,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await model.updateOne(filter, update, { upsert: true });
      return;
    } catch (err) {
      if (!isDuplicateKey(err) || attempt >= attempts) throw err;
    }
  }
}
