import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Connection } from 'mongoose';
import { createHelpdesk, finalizeHelpdesk, type Helpdesk, type HelpdeskOptions } from '../../src/compose';
import { loadPolicy, parseEnv, parsePolicy, type Env, type Policy } from '../../src/config';
import { ManualClock } from '../../src/core/clock';
import { seedSampleKb } from '../../src/core/kb';
import type { Actor, Person } from '../../src/core/people';
import { serveHttp } from '../../src/http/server';
import { createLogger } from '../../src/observability/logger';
import { closeTestDatabase, openTestDatabase } from './db';

const SAMPLE_KB = path.resolve(__dirname, '../../kb');

export interface TestHelpdesk {
  helpdesk: Helpdesk;
  connection: Connection;
  clock: ManualClock;
  policy: Policy;
  env: Env;
  /** Base URL of the running HTTP server (`http://127.0.0.1:PORT`). */
  url: string;
  actor(platform: Person['platform'], id: string, extra?: { name?: string; locale?: string }): Promise<Actor>;
  close(): Promise<void>;
}

/**
 * The whole helpdesk on a fresh database with a manual clock, serving HTTP on a free port.
 * `customize` may patch the policy (given the shipped default) before services are built.
 */
export async function startTestHelpdesk(
  options: {
    env?: Record<string, string>;
    policy?: (policy: Policy) => Policy;
    clock?: ManualClock;
    extend?: (opts: HelpdeskOptions) => HelpdeskOptions;
    beforeFinalize?: (helpdesk: Helpdesk) => Promise<void> | void;
    /** A database server of the test's own (one it stops and restarts), instead of the run's. */
    databaseUri?: string;
    /** Loads the sample knowledge base shipped in `kb/`, as a first start does. */
    sampleKb?: boolean;
    /** Size bound of the spool used while the database is down (bytes). */
    spoolMaxBytes?: number;
  } = {},
): Promise<TestHelpdesk> {
  const connection = await openTestDatabase(options.databaseUri);
  const clock = options.clock ?? new ManualClock('2026-03-02T09:00:00Z');
  const base = loadPolicy();
  const policy = parsePolicy(options.policy ? options.policy(structuredClone(base)) : base);
  const env = parseEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...options.env });
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  // A spool of its own: test files run side by side, and some of them stop their database.
  const spool = { dir: mkdtempSync(path.join(os.tmpdir(), 'helpdesk-spool-')), maxBytes: options.spoolMaxBytes };
  let helpdeskOptions: HelpdeskOptions = { connection, env, policy, logger, clock, spool };
  if (options.extend) helpdeskOptions = options.extend(helpdeskOptions);
  const helpdesk = createHelpdesk(helpdeskOptions);
  await helpdesk.syncIndexes();
  if (options.sampleKb) {
    await seedSampleKb(helpdesk.kb, SAMPLE_KB);
    await helpdesk.kb.load();
  }
  await options.beforeFinalize?.(helpdesk);
  finalizeHelpdesk(helpdesk, logger);
  const server: Server = await serveHttp(helpdesk.app, { port: 0, host: '127.0.0.1' });
  const { port } = server.address() as AddressInfo;
  return {
    helpdesk,
    connection,
    clock,
    policy,
    env,
    url: `http://127.0.0.1:${port}`,
    async actor(platform, id, extra = {}) {
      const person = await helpdesk.people.identify({
        platform,
        platformId: id,
        name: extra.name,
        locale: extra.locale,
      });
      return { person, channel: platform };
    },
    async close() {
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await closeTestDatabase(connection);
    },
  };
}

/** POSTs JSON to the console API as a persona. */
export async function consoleSay(url: string, persona: string, text: string, extra: Record<string, unknown> = {}) {
  const res = await fetch(`${url}/console/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ persona, text, ...extra }),
  });
  return {
    status: res.status,
    body: (await res.json()) as {
      replies: { text: string; actions?: { id: string; value: string }[]; ticketNumber?: string }[];
      error?: string;
    },
  };
}

export async function consoleAct(
  url: string,
  persona: string,
  id: string,
  value: string,
  extra: Record<string, unknown> = {},
) {
  const res = await fetch(`${url}/console/api/actions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ persona, id, value, ...extra }),
  });
  return {
    status: res.status,
    body: (await res.json()) as {
      replies: { text: string; actions?: { id: string; value: string }[]; ticketNumber?: string }[];
      error?: string;
    },
  };
}

/**
 * Works what waited for the database (spooled or postponed deliveries), as main.ts does every
 * few seconds, until nothing waits any more; how many deliveries were worked.
 */
export async function recoverUntilDone(helpdesk: Helpdesk, attempts = 40): Promise<number> {
  let worked = 0;
  for (let i = 0; i < attempts && helpdesk.inbox.waiting > 0; i++) {
    worked += await helpdesk.inbox.recover();
    if (helpdesk.inbox.waiting > 0) await new Promise((r) => setTimeout(r, 500));
  }
  if (helpdesk.inbox.waiting > 0) throw new Error(`${helpdesk.inbox.waiting} deliveries still waiting`);
  return worked;
}
