import os from 'node:os';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import type { Config } from 'jest';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../src/db/embedded';
import { ensureChromium, type RunSelection } from './chromium';

declare global {
  var __TEST_DATABASE__: EmbeddedDatabase | undefined;
}

/**
 * What the run needs, found or installed before any test starts: chromium when browser tests are
 * selected (Debian's package, installed when root), and one database server for the whole run
 * (FerretDB built with Go on first use); each test file gets its own database on it.
 */
export default async function globalSetup(globalConfig: unknown, projectConfig: unknown): Promise<void> {
  const selection: RunSelection = {
    testPathPatterns: (globalConfig as RunSelection).testPathPatterns,
    testPathIgnorePatterns: (projectConfig as Config | undefined)?.testPathIgnorePatterns,
  };
  const chromium = ensureChromium(selection, (line) => console.log(line));
  if (chromium) process.env.CHROMIUM_PATH = chromium;

  if (process.env.MONGODB_URI) {
    process.env.TEST_MONGODB_URI = process.env.MONGODB_URI;
    return;
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'helpdesk-test-db-'));
  const db = await startEmbeddedDatabase({ dataDir, progress: (line) => console.log(line) });
  globalThis.__TEST_DATABASE__ = db;
  process.env.TEST_MONGODB_URI = db.uri;
}
