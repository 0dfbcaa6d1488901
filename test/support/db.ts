import { randomBytes } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';

/**
 * A fresh database on the run's server, for one test file. Never a mock. With `ownUri`, on a server
 * the test runs itself to stop and restart: operations then give up on it after a second.
 */
export async function openTestDatabase(ownUri?: string): Promise<Connection> {
  const uri = ownUri ?? process.env.TEST_MONGODB_URI;
  if (!uri)
    throw new Error('TEST_MONGODB_URI is not set: run the tests through jest (globalSetup starts the database).');
  const name = `t_${process.env.JEST_WORKER_ID ?? '0'}_${randomBytes(4).toString('hex')}`;
  const connection = mongoose.createConnection(uri, {
    dbName: name,
    serverSelectionTimeoutMS: ownUri ? 1_000 : 10_000,
  });
  await connection.asPromise();
  return connection;
}

export async function closeTestDatabase(connection: Connection): Promise<void> {
  await connection.dropDatabase().catch(() => undefined);
  await connection.close();
}
