/**
 * One helpdesk process for the multi-process SLA test: its own connection, services and agenda
 * instance on the given database, with the clock frozen at the given instant.
 * Usage: tsx worker.ts <mongodb-uri> <database> <iso-instant>
 * Prints "ready" once agenda runs; SIGTERM (or the parent going away) stops the scheduler and exits 0.
 */
process.env.DOTENV_CONFIG_QUIET = 'true';

import mongoose from 'mongoose';
import { createHelpdesk } from '../../../src/compose';
import { loadPolicy, parseEnv } from '../../../src/config';
import { ManualClock } from '../../../src/core/clock';
import { Scheduler } from '../../../src/jobs/scheduler';
import { createLogger } from '../../../src/observability/logger';
import { installQueryRecorder } from '../../support/queries/recorder';

// The index guard covers this process too: it records what it sends where the test run says.
const recorder = process.env.QUERY_SHAPES_DIR
  ? installQueryRecorder(mongoose, process.env.QUERY_SHAPES_DIR, () => 'test/integration/sla/worker.ts')
  : undefined;

async function main(): Promise<void> {
  const [uri, dbName, at] = process.argv.slice(2);
  const connection = mongoose.createConnection(uri, { dbName, serverSelectionTimeoutMS: 10_000 });
  await connection.asPromise();
  const clock = new ManualClock(at);
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const helpdesk = createHelpdesk({
    connection,
    env: parseEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }),
    policy: loadPolicy(),
    logger,
    clock,
  });
  const scheduler = new Scheduler({ connection, clock, logger, processEvery: 100 });
  scheduler.register(...helpdesk.scheduler.registered());
  await scheduler.start();
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    void scheduler
      .stop()
      .then(() => connection.close())
      .then(() => recorder?.flush())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.on('SIGTERM', shutdown);
  // Never outlive the test: its end of the stdin pipe closes when it exits, however it exits.
  process.stdin.on('end', shutdown).resume();
  setTimeout(shutdown, 5 * 60_000).unref();
  process.stdout.write('ready\n');
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
