/**
 * SLA sweep benchmark: seeds open tickets (a few of them with an SLA checkpoint due) into a real
 * database with insertMany, then times one run of the `sla.sweep` job, which records, notifies and
 * escalates every due ticket. Its cost must follow the tickets due, not the tickets open.
 *
 * Usage: npm run bench --silent -- sla [--runs 10000:100,100000:100,100000:1000]
 * Uses MONGODB_URI when set, else starts the embedded database in a temporary folder.
 * Prints {"runs":[{"open":N,"due":D,"sweep_ms":T},...],"server":…,"due_query":…}; progress on stderr.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DateTime } from 'luxon';
import mongoose, { type Connection } from 'mongoose';
import { createHelpdesk, type Helpdesk } from '../src/compose';
import { loadPolicy, parseEnv, type Policy, type Priority } from '../src/config';
import { ManualClock } from '../src/core/clock';
import { recordCheckpoints, type SlaClockState } from '../src/core/sla/clock';
import type { SweepReport } from '../src/core/sla/flows';
import type { SlaService } from '../src/core/sla/service';
import type { HistoryEvent, Ticket } from '../src/core/tickets';
import { startEmbeddedDatabase } from '../src/db/embedded';
import { SLA_SWEEP } from '../src/jobs/sla';
import { createLogger } from '../src/observability/logger';

const DEFAULT_RUNS: RunSize[] = [
  { open: 10_000, due: 100 },
  { open: 100_000, due: 100 },
  { open: 100_000, due: 1_000 },
];
/**
 * Stock FerretDB 1.24 on SQLite pushes no filter but `_id` equality down to SQLite and uses no index
 * at all: every ticket read or write decodes the whole collection, so a sweep costs due × open there
 * and the sizes above would take hours. On it the bench runs these smaller sizes unless told. Our
 * build (ferretdb/README.md, the embedded default) runs the full sizes.
 */
const SCAN_ONLY_RUNS: RunSize[] = [
  { open: 100, due: 1 },
  { open: 1_000, due: 1 },
  { open: 1_000, due: 10 },
];
const INSERT_BATCH = 2_000;
const ZONE = 'Europe/Paris';
/** Wednesday 4 March 2026, 15:00 in Paris: office hours, so business time is running. */
const NOW = DateTime.fromISO('2026-03-04T15:00', { zone: ZONE }).toJSDate();
const paris = (local: string) => DateTime.fromISO(local, { zone: ZONE }).toJSDate();
const MINUTE = 60_000;

interface RunSize {
  open: number;
  due: number;
}

interface Run extends RunSize {
  sweep_ms: number;
}

function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

function parseArgs(argv: string[]): RunSize[] | undefined {
  if (argv.length === 0) return undefined;
  if (argv[0] !== '--runs' || !argv[1] || argv.length > 2)
    throw new Error('usage: sla [--runs OPEN:DUE[,OPEN:DUE...]] e.g. --runs 10000:100,100000:1000');
  return argv[1].split(',').map((pair) => {
    const [open, due] = pair.split(':').map(Number);
    if (!Number.isInteger(open) || !Number.isInteger(due) || due < 0 || open < due)
      throw new Error(`bad run size ${pair}`);
    return { open, due };
  });
}

export async function run(argv: string[]): Promise<{ runs: Run[]; server: string; due_query: string; note?: string }> {
  const asked = parseArgs(argv);
  const policy = loadPolicy();
  let uri = process.env.MONGODB_URI;
  let stop = async () => undefined;
  if (!uri) {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'helpdesk-bench-sla-'));
    progress(`starting the embedded database in ${dataDir}`);
    const db = await startEmbeddedDatabase({ dataDir, progress });
    uri = db.uri;
    stop = async () => {
      await db.stop();
      rmSync(dataDir, { recursive: true, force: true });
    };
  }
  const runs: Run[] = [];
  let server = 'unknown';
  let dueQuery = 'unknown';
  let note: string | undefined;
  try {
    const probe = mongoose.createConnection(uri, { serverSelectionTimeoutMS: 10_000 });
    await probe.asPromise();
    server = await describeServer(probe);
    await probe.close();
    let sizes = asked ?? DEFAULT_RUNS;
    if (!asked && server.startsWith('ferretdb') && !server.includes('-helpdesk.')) {
      sizes = SCAN_ONLY_RUNS;
      note =
        'Stock FerretDB 1.24 (SQLite) uses no index for these queries: every ticket read/write scans the collection, so the sweep costs due x open and the requested sizes (10k/100k open) would take hours. Smaller sizes were run; use our build (scripts/install-ferretdb.sh) or MongoDB (MONGODB_URI) for the real ones.';
      progress(`note: ${note}`);
    }
    for (const size of sizes) {
      const connection = mongoose.createConnection(uri, {
        dbName: `bench_sla_${randomBytes(4).toString('hex')}`,
        serverSelectionTimeoutMS: 10_000,
      });
      await connection.asPromise();
      try {
        const helpdesk = createHelpdesk({
          connection,
          env: parseEnv({ NODE_ENV: 'production', LOG_LEVEL: 'silent' }),
          policy,
          logger: createLogger('silent'),
          clock: new ManualClock(NOW),
        });
        await helpdesk.syncIndexes();
        progress(`[${size.open} open / ${size.due} due] seeding on ${server}`);
        const seeded = performance.now();
        await seed(connection, helpdesk.sla, policy, size);
        progress(
          `[${size.open} open / ${size.due} due] seeded in ${Math.round(performance.now() - seeded)} ms; sweeping`,
        );
        dueQuery = await explainDueQuery(connection);
        const started = performance.now();
        const report = (await helpdesk.scheduler.runNow(SLA_SWEEP)) as SweepReport;
        const ms = performance.now() - started;
        await check(helpdesk, connection, size, report);
        progress(`[${size.open} open / ${size.due} due] sweep ${Math.round(ms)} ms: ${JSON.stringify(report)}`);
        runs.push({ ...size, sweep_ms: Math.round(ms) });
      } finally {
        await connection.dropDatabase().catch(() => undefined);
        await connection.close();
      }
    }
  } finally {
    await stop();
  }
  return { runs, server, due_query: dueQuery, ...(note ? { note } : {}) };
}

/**
 * Open tickets as the ticket service stores them. Not due: P3/P4 acknowledged this week, next
 * checkpoint days ahead. Due: P2 claimed tickets, half at their 75 % warning, half past their
 * resolve deadline (which escalates them and proposes a problem record, the heaviest path).
 */
async function seed(connection: Connection, sla: SlaService, policy: Policy, size: RunSize): Promise<void> {
  const collection = connection.collection('tickets');
  const team = policy.teams.find((t) => t.level === 'L1')!.id;
  const assignees = policy.agents
    .filter((a) => a.level === 'L1')
    .map((a) => ({ key: `${a.platform}:${a.id}`, platform: a.platform, name: a.name, locale: a.locale ?? 'en' }));

  // A few hundred distinct clock states, shared by many tickets: the SLA arithmetic is not what is measured.
  const calm = Array.from({ length: 200 }, (_, i) => {
    const priority: Priority = i % 3 === 0 ? 'P4' : 'P3';
    const opened = new Date(NOW.getTime() - (i % 100) * 7 * MINUTE - 3 * 60 * MINUTE);
    return {
      priority,
      opened,
      state: sla.acknowledge(sla.start(opened, priority, team), new Date(opened.getTime() + 5 * MINUTE), team),
    };
  });
  const warnOpened = paris('2026-03-04T09:00');
  const warning = {
    priority: 'P2' as Priority,
    opened: warnOpened,
    state: sla.acknowledge(sla.start(warnOpened, 'P2', team), warnOpened, team),
  };
  const breachOpened = paris('2026-03-03T15:00');
  const started = sla.acknowledge(sla.start(breachOpened, 'P2', team), breachOpened, team);
  const breach = {
    priority: 'P2' as Priority,
    opened: breachOpened,
    state: recordCheckpoints(started, [{ kind: 'warn-resolve', at: started.resolveWarnBy }]),
  };
  const dueAt = (t: { state: SlaClockState }) => t.state.nextCheckAt !== null && t.state.nextCheckAt <= NOW;
  if (calm.some(dueAt) || !dueAt(warning) || !dueAt(breach))
    throw new Error('bench seed is wrong: check the templates');

  const doc = (
    i: number,
    template: { priority: Priority; opened: Date; state: SlaClockState },
  ): Omit<Ticket, 'createdAt' | 'updatedAt'> & { createdAt: Date; updatedAt: Date } => {
    const number = `INC-${String(i + 1).padStart(6, '0')}`;
    const requester = {
      key: `console:employee${i % 997}`,
      platform: 'console' as const,
      name: `Employee ${i % 997}`,
      locale: 'en' as const,
    };
    const assignee = assignees[i % assignees.length];
    const history: HistoryEvent[] = [
      {
        at: template.opened,
        type: 'opened',
        actor: requester,
        channel: 'console',
        to: 'new',
        text: `Problem ${i}`,
        data: { impact: 'medium', urgency: 'medium', priority: template.priority },
      },
      { at: template.opened, type: 'claimed', actor: assignee, channel: 'console', from: 'new', to: 'assigned' },
    ];
    return {
      number,
      type: 'incident',
      title: `Application ${i % 50} is slow for the ${['sales', 'finance', 'support', 'hr'][i % 4]} team`,
      description: `Since this morning application ${i % 50} takes more than a minute to open. Several colleagues see the same. Ticket ${i}.`,
      status: 'assigned',
      impact: template.priority === 'P2' ? 'high' : 'medium',
      urgency: 'medium',
      priority: template.priority,
      level: 'L1',
      team,
      channel: 'console',
      requester,
      assignee,
      sla: template.state,
      slaNextCheckAt: template.state.nextCheckAt,
      firstResponseAt: template.opened,
      reopenCount: 0,
      links: [],
      kbSuggestions: [],
      history,
      rev: 1,
      createdAt: template.opened,
      updatedAt: template.opened,
    };
  };

  // Due tickets are spread through the collection, not bunched at its end.
  const stride = size.due ? Math.floor(size.open / size.due) : Infinity;
  let dueSoFar = 0;
  for (let from = 0; from < size.open; from += INSERT_BATCH) {
    const batch = [];
    for (let i = from; i < Math.min(size.open, from + INSERT_BATCH); i++) {
      const isDue = dueSoFar < size.due && i % stride === 0;
      if (isDue) dueSoFar++;
      batch.push(doc(i, isDue ? (dueSoFar % 2 ? warning : breach) : calm[i % calm.length]));
    }
    await collection.insertMany(batch, { ordered: false });
    if ((from / INSERT_BATCH) % 10 === 9) progress(`  ${from + batch.length} tickets`);
  }
  await connection
    .collection('counters')
    .updateOne({ _id: 'INC' as never }, { $set: { seq: size.open } }, { upsert: true });
}

/** The sweep must have handled exactly the due tickets, each once. */
async function check(helpdesk: Helpdesk, connection: Connection, size: RunSize, report: SweepReport): Promise<void> {
  if (report.tickets !== size.due || report.failures > 0 || report.warnings + report.breaches !== size.due)
    throw new Error(`sweep handled ${JSON.stringify(report)} for ${size.due} due tickets`);
  const left = await connection
    .collection('tickets')
    .countDocuments({ slaNextCheckAt: { $lte: helpdesk.clock.now() } });
  if (left !== 0) throw new Error(`${left} tickets still due after the sweep`);
}

async function describeServer(connection: Connection): Promise<string> {
  const info = await connection.db!.admin().command({ buildInfo: 1 });
  return info.ferretdbVersion ? `ferretdb ${info.ferretdbVersion}` : `mongodb ${info.version}`;
}

/** How the server runs the sweep's query: the index on MongoDB; FerretDB says what it pushed down. */
async function explainDueQuery(connection: Connection): Promise<string> {
  const plan = (await connection
    .collection('tickets')
    .find({ slaNextCheckAt: { $lte: NOW } }, { projection: { number: 1, slaNextCheckAt: 1 } })
    .sort({ slaNextCheckAt: 1 })
    .limit(200)
    .explain()) as Record<string, unknown>;
  // FerretDB on SQLite explains with SQLite's own plan (`EXPLAIN QUERY PLAN` lines): with our patch
  // (ferretdb/README.md) the filter is searched in an index, stock FerretDB scans the table.
  const sqlite = (plan.queryPlanner as { Plan?: unknown } | undefined)?.Plan;
  if (Array.isArray(sqlite))
    return `sqlite: ${sqlite.map((line) => String(line).replace(/^.*detail=/, '')).join(' < ')}`;
  if ('filterPushdown' in plan) return `ferretdb: filterPushdown=${String(plan.filterPushdown)}`;
  const stages: string[] = [];
  const walk = (stage: Record<string, unknown> | undefined) => {
    if (!stage) return;
    stages.push(stage.indexName ? `${String(stage.stage)}(${String(stage.indexName)})` : String(stage.stage));
    walk(stage.inputStage as Record<string, unknown> | undefined);
  };
  // MongoDB 7 nests the classic plan under `queryPlan` when the slot-based engine runs the query.
  const winning = (plan.queryPlanner as { winningPlan?: Record<string, unknown> } | undefined)?.winningPlan;
  walk((winning?.queryPlan as Record<string, unknown> | undefined) ?? winning);
  return stages.join(' < ') || 'unknown';
}
