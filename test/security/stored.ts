import { createHash } from 'node:crypto';
import type { Connection } from 'mongoose';

/** Every collection of the database: its count and a hash of its documents (in _id order). */
export async function storedState(connection: Connection): Promise<Record<string, string>> {
  const db = connection.db!;
  const state: Record<string, string> = {};
  const collections = await db.listCollections({}, { nameOnly: true }).toArray();
  for (const { name } of collections.sort((a, b) => a.name.localeCompare(b.name))) {
    const docs = await db.collection(name).find({}).sort({ _id: 1 }).toArray();
    state[name] = `${docs.length}:${createHash('sha256').update(JSON.stringify(docs)).digest('hex').slice(0, 16)}`;
  }
  return state;
}
