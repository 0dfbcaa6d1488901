process.env.DOTENV_CONFIG_QUIET = 'true';

import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db/connection';
import { createLogger } from './observability/logger';

async function main(): Promise<void> {
  // A local .env is optional; real deployments set the environment directly.
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`\n${err.message}\n\nFix the value above and start again.\n`);
      process.exit(78);
    }
    throw err;
  }
  const { env, policy } = config;
  const logger = createLogger(env.LOG_LEVEL);

  const database = await openDatabase(env, (err) =>
    logger.warn({ err: err.message }, 'database unreachable; serving meanwhile, trying again in 2 s'),
  );
  const { connection, embedded } = database;
  if (embedded) logger.info({ kind: embedded.kind, dataDir: env.DATA_DIR }, 'embedded database started');

  // The rest of the bot (Slack, Teams, NLP, web pages) loads once there is a database: on a machine
  // without one, the start stops within seconds with the ways out instead of after every import.
  const { createHelpdesk, finalizeHelpdesk } = await import('./compose');
  const { seedSampleKb } = await import('./core/kb');
  const { serveHttp } = await import('./http/server');

  // Served at once, database or not: while it is down, deliveries are spooled and answered
  // "kept", /readyz says unavailable, and everything below waits for the database.
  const helpdesk = createHelpdesk({ connection, env, policy, logger });
  finalizeHelpdesk(helpdesk, logger);
  const server: Server = await serveHttp(helpdesk.app, { port: env.PORT, host: env.HOST });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  const base = `http://${env.HOST === '0.0.0.0' ? 'localhost' : env.HOST}:${port}`;
  logger.info({ url: base }, 'helpdesk listening');
  process.stderr.write(`\nHelpdesk is running.\n  Console:  ${base}/console\n  Health:   ${base}/healthz\n\n`);

  let kbSync: NodeJS.Timeout | undefined;
  const startOnce = async () => {
    await database.ready;
    await helpdesk.syncIndexes();
    // The sample knowledge base is loaded on first start only (an empty collection).
    const seeded = await seedSampleKb(helpdesk.kb, path.resolve(__dirname, '..', 'kb'));
    const articles = await helpdesk.kb.load();
    logger.info({ articles, seeded }, 'knowledge base loaded');
    // Other processes may change articles: pick their changes up regularly.
    kbSync = setInterval(() => void helpdesk.kb.syncChanges().catch(() => undefined), 60_000);
    await helpdesk.scheduler.start();
  };
  // The database may go away again while this runs: start again once it is back.
  const started = (async () => {
    const { isDatabaseUnavailable } = await import('./core/errors');
    for (;;) {
      try {
        return await startOnce();
      } catch (err) {
        if (!isDatabaseUnavailable(err)) throw err;
        logger.warn({ err: (err as Error).message }, 'database lost during start; starting again in 2 s');
        clearInterval(kbSync);
        await new Promise((resolve) => setTimeout(resolve, 2_000));
      }
    }
  })();
  started.catch((err: Error) => {
    logger.error({ err: err.message }, 'helpdesk failed to start');
    process.exit(1);
  });

  // What was spooled while the database was down goes back in, in order, and is worked; so are
  // deliveries a crashed process acknowledged but did not finish (this one's before a restart too).
  let up = false;
  let recovering = false;
  const recover = async () => {
    // Not before the knowledge base is loaded: a message worked now would miss its articles.
    if (!up || recovering) return;
    recovering = true;
    try {
      await helpdesk.inbox.recover();
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'inbox: recovery failed');
    } finally {
      recovering = false;
    }
  };
  // Every 2 s while deliveries wait for the database, every 10 s otherwise.
  let ticks = 0;
  const recoverer = setInterval(() => {
    if (helpdesk.inbox.waiting > 0 || ++ticks % 5 === 0) void recover();
  }, 2_000);
  void started.then(
    () => {
      up = true;
      return recover();
    },
    () => undefined,
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    clearInterval(recoverer);
    clearInterval(kbSync);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await helpdesk.scheduler.stop();
    for (const channel of helpdesk.channels) await channel.stop().catch(() => undefined);
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(`Helpdesk failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
