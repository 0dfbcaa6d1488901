import path from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import type { Env } from '../config';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded';

export interface OpenDatabase {
  connection: Connection;
  /** Set when this process started its own server (no MONGODB_URI). */
  embedded?: EmbeddedDatabase;
  /**
   * Resolves once the connection is open. A MONGODB_URI server that cannot be reached at start is
   * tried again every few seconds until it answers: the process serves meanwhile (deliveries go to
   * the inbox's spool, /readyz says unavailable) instead of exiting.
   */
  ready: Promise<void>;
  close(): Promise<void>;
}

/** Between two attempts to reach a database that was down when the process started. */
export const CONNECT_RETRY_MS = 2_000;

/**
 * The one mongoose connection of a process: to MONGODB_URI, or to an embedded server started in
 * DATA_DIR (whose progress lines go to stderr on a first start that must build FerretDB).
 */
export async function openDatabase(
  env: Pick<Env, 'MONGODB_URI' | 'DATA_DIR'>,
  onRetry: (err: Error) => void = () => undefined,
): Promise<OpenDatabase> {
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
  const options = {
    serverSelectionTimeoutMS: 5_000,
    connectTimeoutMS: 10_000,
    ...(embedded ? { dbName: 'helpdesk' } : {}),
  };
  const connection = mongoose.createConnection();
  let closed = false;
  const connect = async (): Promise<void> => {
    for (;;) {
      try {
        await connection.openUri(uri, options);
        return;
      } catch (err) {
        // The embedded server is ours: if it does not answer, starting is pointless.
        if (embedded || closed) throw err;
        onRetry(err as Error);
        // The failed attempt's client is closed before the next one opens (else its late close
        // would end the next one's operations).
        await connection.close().catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, CONNECT_RETRY_MS));
        if (closed) throw err;
      }
    }
  };
  const ready = connect();
  if (embedded) {
    try {
      await ready;
    } catch (err) {
      await embedded.stop();
      throw err;
    }
  }
  ready.catch(() => undefined);
  return {
    connection,
    embedded,
    ready,
    async close() {
      closed = true;
      await connection.close().catch(() => undefined);
      await embedded?.stop();
    },
  };
}
