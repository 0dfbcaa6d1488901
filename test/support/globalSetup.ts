import os from 'node:os';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../src/db/embedded';

declare global {
  var __TEST_DATABASE__: EmbeddedDatabase | undefined;
}

/** One database server for the whole run; each test file gets its own database on it. */
export default async function globalSetup(): Promise<void> {
  if (process.env.MONGODB_URI) {
    process.env.TEST_MONGODB_URI = process.env.MONGODB_URI;
    return;
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'helpdesk-test-db-'));
  const db = await startEmbeddedDatabase({ dataDir, progress: (line) => console.log(line) });
  globalThis.__TEST_DATABASE__ = db;
  process.env.TEST_MONGODB_URI = db.uri;
}
