import os from 'node:os';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import globalSetup from '../globalSetup';

/** The run's setup, plus the folder where each test file's worker writes the query shapes it saw. */
export default async function setupWithQueryGuard(...args: unknown[]): Promise<void> {
  process.env.QUERY_SHAPES_DIR = mkdtempSync(path.join(os.tmpdir(), 'helpdesk-test-queries-'));
  await (globalSetup as (...a: unknown[]) => Promise<void>)(...args);
}
