import { rmSync } from 'node:fs';
import globalTeardown from '../globalTeardown';
import { report, uncoveredShapes } from './guard';

/**
 * The run's teardown, then the index guard (issue 17): every command the app sent during the run
 * must be served by a declared index, or the run fails listing those that are not.
 */
export default async function teardownWithQueryGuard(...args: unknown[]): Promise<void> {
  await (globalTeardown as (...a: unknown[]) => Promise<void>)(...args);
  const dir = process.env.QUERY_SHAPES_DIR;
  if (!dir) return;
  const uncovered = uncoveredShapes(dir);
  if (process.env.QUERY_SHAPES_KEEP) console.log(`query shapes kept in ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
  if (uncovered.length > 0) throw new Error(report(uncovered));
}
