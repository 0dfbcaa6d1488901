/**
 * Imports knowledge-base articles: `npm run kb:import -- <folder|file.json|file.csv>`.
 * Connects to MONGODB_URI, or starts the embedded database in DATA_DIR as the app does (stop the
 * app first: two servers cannot share that folder). Prints what changed; exits 1 on bad articles.
 */
process.env.DOTENV_CONFIG_QUIET = 'true';

import { existsSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config';
import { systemClock } from '../core/clock';
import { KnowledgeBase, importArticles } from '../core/kb';
import { openDatabase } from '../db/connection';

async function main(): Promise<number> {
  const target = process.argv[2];
  if (!target || process.argv.length > 3) {
    process.stderr.write('usage: npm run kb:import -- <folder of .md files | file.json | file.csv>\n');
    return 2;
  }
  if (!existsSync(target)) {
    process.stderr.write(`${target}: no such file or folder\n`);
    return 2;
  }
  if (existsSync('.env')) process.loadEnvFile('.env');
  const { env, policy } = loadConfig();

  // A one-off command: a database that does not answer is an error, not something to wait for.
  const database = await openDatabase(env, (err) => {
    throw err;
  });
  await database.ready;
  const { connection } = database;
  try {
    const kb = new KnowledgeBase({ connection, policy, clock: systemClock });
    const report = await importArticles(kb, path.resolve(target));
    process.stdout.write(
      `${report.read} read: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.errors.length} rejected\n`,
    );
    for (const e of report.errors) process.stdout.write(`  ${e.source}: ${e.message}\n`);
    return report.errors.length ? 1 : 0;
  } finally {
    await database.close();
  }
}

main()
  .then((code) => process.exit(code))
  .catch((err) => {
    process.stderr.write(
      `${err instanceof ConfigError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  });
