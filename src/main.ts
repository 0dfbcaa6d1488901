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

  const database = await openDatabase(env);
  const { connection, embedded } = database;
  if (embedded) logger.info({ kind: embedded.kind, dataDir: env.DATA_DIR }, 'embedded database started');

  // The rest of the bot (Slack, Teams, NLP, web pages) loads once there is a database: on a machine
  // without one, the start stops within seconds with the ways out instead of after every import.
  const { createHelpdesk, finalizeHelpdesk } = await import('./compose');
  const { seedSampleKb } = await import('./core/kb');
  const { serveHttp } = await import('./http/server');

  const helpdesk = createHelpdesk({ connection, env, policy, logger });
  await helpdesk.syncIndexes();
  // The sample knowledge base is loaded on first start only (an empty collection).
  const seeded = await seedSampleKb(helpdesk.kb, path.resolve(__dirname, '..', 'kb'));
  const articles = await helpdesk.kb.load();
  logger.info({ articles, seeded }, 'knowledge base loaded');
  // Other processes may change articles: pick their changes up regularly.
  const kbSync = setInterval(() => void helpdesk.kb.syncChanges().catch(() => undefined), 60_000);
  finalizeHelpdesk(helpdesk, logger);
  await helpdesk.scheduler.start();

  const server: Server = await serveHttp(helpdesk.app, { port: env.PORT, host: env.HOST });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  const base = `http://${env.HOST === '0.0.0.0' ? 'localhost' : env.HOST}:${port}`;
  logger.info({ url: base }, 'helpdesk listening');
  process.stderr.write(`\nHelpdesk is running.\n  Console:  ${base}/console\n  Health:   ${base}/healthz\n\n`);

  const retry = setInterval(() => {
    if (helpdesk.assistant.pendingCount > 0) void helpdesk.deliverPending();
  }, 5_000);
  // Deliveries a crashed process acknowledged but did not finish (this one's before a restart too).
  const resume = () =>
    void helpdesk.inbox.resume().catch((err: Error) => logger.warn({ err: err.message }, 'inbox: resume failed'));
  resume();
  const resumer = setInterval(resume, 10_000);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    clearInterval(retry);
    clearInterval(resumer);
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
