import path from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import type { Env } from '../config';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded';

export interface OpenDatabase {
  connection: Connection;
  /** Set when this process started its own server (no MONGODB_URI). */
  embedded?: EmbeddedDatabase;
  close(): Promise<void>;
}

/**
 * The one mongoose connection of a process: to MONGODB_URI, or to an embedded server started in
 * DATA_DIR (whose progress lines go to stderr on a first start that must build FerretDB).
 */
export async function openDatabase(env: Pick<Env, 'MONGODB_URI' | 'DATA_DIR'>): Promise<OpenDatabase> {
  let embedded: EmbeddedDatabase | undefined;
  let uri = env.MONGODB_URI;
  if (!uri) {
    embedded = await startEmbeddedDatabase({
      dataDir: path.resolve(env.DATA_DIR),
      progress: (line) => process.stderr.write(`${line}\n`),
    });
    uri = embedded.uri;
  }
  // A MONGODB_URI names its database in its path; the embedded server gets `helpdesk`.
  // A server that stops answering (hung rather than down) is given up on when the monitor's check
  // times out: a message then waits about ten seconds before it is kept for retry, not thirty.
  const connection = mongoose.createConnection(uri, {
    serverSelectionTimeoutMS: 5_000,
    connectTimeoutMS: 10_000,
    ...(embedded ? { dbName: 'helpdesk' } : {}),
  });
  try {
    await connection.asPromise();
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
  return {
    connection,
    embedded,
    async close() {
      await connection.close().catch(() => undefined);
      await embedded?.stop();
    },
  };
}
