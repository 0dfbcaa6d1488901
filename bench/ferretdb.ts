/**
 * FerretDB pushdown benchmark: stock FerretDB v1.24.2 against our patched build (ferretdb/), on the
 * tickets collection with the app's declared indexes, at each size. Times the database commands a
 * chat turn and the sweeps send (median of a few runs, client-side, after a warm-up).
 *
 * Usage: npm run bench --silent -- ferretdb [--sizes 10000,100000] [--only patched|stock]
 * Builds the stock binary once into $TMPDIR/helpdesk-ferretdb-stock/ (scripts/install-ferretdb.sh
 * with FERRETDB_STOCK=1); the patched one is the app's (FERRETDB_BIN, else built like at first start).
 * Prints {"sizes":[{"tickets":N,"stock":{...ms},"patched":{...ms}}],"versions":{...}}; progress on stderr.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { MongoClient, ObjectId, type Collection, type Document } from 'mongodb';
import mongoose from 'mongoose';
import { ticketModel, OPEN_STATUSES } from '../src/core/tickets/model';
import { ferretDbBuildVersion, findFerretDb, installFerretDb, startEmbeddedDatabase } from '../src/db/embedded';

const REQUESTERS = 2_000;
const DUE = 100;
const RUNS = 5;
const SLOW_MS = 2_000;
const INSERT_BATCH = 1_000;
const NOW = new Date('2026-03-04T14:00:00Z');
const DAY = 86_400_000;

type Timings = Record<string, number>;

function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

function parseArgs(argv: string[]): { sizes: number[]; only?: 'patched' | 'stock' } {
  let sizes = [10_000, 100_000];
  let only: 'patched' | 'stock' | undefined;
  for (let i = 0; i < argv.length; i += 2) {
    const value = argv[i + 1];
    if (argv[i] === '--sizes' && value) sizes = value.split(',').map(Number);
    else if (argv[i] === '--only' && (value === 'patched' || value === 'stock')) only = value;
    else throw new Error('usage: ferretdb [--sizes 10000,100000] [--only patched|stock]');
  }
  if (sizes.some((n) => !Number.isInteger(n) || n < REQUESTERS)) throw new Error(`sizes must be >= ${REQUESTERS}`);
  return { sizes, only };
}

function stockBinary(): string {
  const target = path.join(os.tmpdir(), 'helpdesk-ferretdb-stock', 'ferretdb');
  const script = path.resolve(__dirname, '../scripts/install-ferretdb.sh');
  const run = spawnSync('bash', [script, target], {
    env: { ...process.env, FERRETDB_STOCK: '1' },
    stdio: ['ignore', 2, 2],
  });
  if (run.status !== 0) throw new Error('building stock FerretDB failed');
  return target;
}

function patchedBinary(): string {
  const found = findFerretDb();
  return found && !found.stale ? found.path : installFerretDb(progress);
}

function person(i: number): Document {
  return { platform: 'slack', id: `U${String(i).padStart(6, '0')}`, key: `slack:U${i}`, name: `Person ${i}` };
}

/** A ticket as the app stores it: 10 % open, spread over a year, a few history events. */
function ticket(i: number, total: number): Document {
  const open = i % 10 === 0;
  const status = open ? OPEN_STATUSES[i % 3] : i % 7 === 0 ? 'cancelled' : i % 2 ? 'closed' : 'resolved';
  const createdAt = new Date(NOW.getTime() - Math.floor(((total - i) / total) * 365 * DAY));
  const requester = person(i % REQUESTERS);
  const assignee = status === 'new' ? undefined : person(REQUESTERS + (i % 40));
  const due = open && (i / 10) % Math.floor(total / 10 / DUE) === 0;
  const slaNextCheckAt = open ? new Date(NOW.getTime() + (due ? -60_000 : DAY + (i % 1000) * 60_000)) : null;
  const events = ['created', 'claimed', 'commented', 'resolved'].map((type, n) => ({
    at: new Date(createdAt.getTime() + n * 3_600_000),
    type,
    actor: n === 0 ? requester : (assignee ?? requester),
    channel: 'slack',
    text: `Step ${n} of ticket ${i}: the VPN drops every few minutes since the update`,
  }));
  return {
    _id: new ObjectId(),
    number: `INC-${String(i + 1).padStart(6, '0')}`,
    type: 'incident',
    title: `VPN drops every few minutes (${i})`,
    description: 'Since this morning the VPN disconnects every five minutes; I have restarted twice.',
    status,
    impact: 'medium',
    urgency: 'medium',
    priority: ['P1', 'P2', 'P3', 'P4'][i % 4],
    level: 'L1',
    team: 'service-desk',
    channel: 'slack',
    requester,
    ...(assignee ? { assignee } : {}),
    sla: { state: open ? 'running' : 'stopped', targets: { response: 4, resolution: 16 } },
    slaNextCheckAt,
    ...(open ? {} : { resolvedAt: new Date(createdAt.getTime() + DAY) }),
    reopenCount: 0,
    links: [],
    kbSuggestions: [],
    history: events,
    rev: 4,
    createdAt,
    updatedAt: new Date(createdAt.getTime() + DAY),
  };
}

/** Median of RUNS runs after a warm-up; a single run when the warm-up takes over SLOW_MS (stock at 100k). */
async function time(fn: () => Promise<unknown>): Promise<number> {
  const warm = performance.now();
  await fn();
  const runs = performance.now() - warm > SLOW_MS ? 1 : RUNS;
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  return Math.round(ms[Math.floor(runs / 2)] * 10) / 10;
}

async function measure(tickets: Collection, total: number): Promise<Timings> {
  const k = (n: number) => `slack:U${n % REQUESTERS}`;
  let n = 0;
  const timings: Timings = {};
  const counts: Record<string, number> = {};
  const step = async (name: string, fn: () => Promise<unknown>) => {
    timings[`${name}_ms`] = await time(fn);
  };
  await step('find_by_number', () => tickets.findOne({ number: `INC-${String((n++ % total) + 1).padStart(6, '0')}` }));
  await step('my_tickets', () =>
    tickets
      .find({ 'requester.key': k(n++), status: { $in: OPEN_STATUSES } })
      .sort({ createdAt: -1 })
      .limit(50)
      .toArray(),
  );
  await step('waiting_on_me', () => tickets.find({ 'requester.key': k(n++), status: 'waiting_user' }).toArray());
  await step('sla_due', async () => {
    counts.sla_due = (await tickets.find({ slaNextCheckAt: { $lte: NOW } }).toArray()).length;
  });
  await step('created_last_month', () =>
    tickets.countDocuments({ createdAt: { $gte: new Date(NOW.getTime() - 30 * DAY), $lt: NOW } }),
  );
  await step('queue_open', () =>
    tickets
      .find({ status: { $in: OPEN_STATUSES } })
      .sort({ priority: 1, createdAt: 1 })
      .limit(200)
      .toArray(),
  );
  const ids = await tickets
    .find({}, { projection: { _id: 1, number: 1 } })
    .limit(RUNS + 1)
    .toArray();
  let u = 0;
  await step('update_by_id', () => tickets.updateOne({ _id: ids[u++ % ids.length]._id }, { $inc: { rev: 1 } }));
  await step('update_by_number', () =>
    tickets.updateOne({ number: ids[u++ % ids.length].number }, { $set: { updatedAt: new Date() } }),
  );
  if (counts.sla_due !== DUE) throw new Error(`expected ${DUE} due tickets, found ${counts.sla_due}`);
  return timings;
}

async function runOne(binary: string, total: number): Promise<Timings> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'helpdesk-bench-ferretdb-'));
  const previous = process.env.FERRETDB_BIN;
  process.env.FERRETDB_BIN = binary;
  const db = await startEmbeddedDatabase({ dataDir, progress, install: false });
  process.env.FERRETDB_BIN = previous;
  if (previous === undefined) delete process.env.FERRETDB_BIN;
  const client = new MongoClient(db.uri, { directConnection: true });
  try {
    await client.connect();
    const connection = mongoose.createConnection(db.uri, { dbName: 'bench' });
    await connection.asPromise();
    await ticketModel(connection).createIndexes();
    await connection.close();
    const tickets = client.db('bench').collection('tickets');
    const started = performance.now();
    for (let i = 0; i < total; i += INSERT_BATCH) {
      const batch = [];
      for (let j = i; j < Math.min(total, i + INSERT_BATCH); j++) batch.push(ticket(j, total));
      await tickets.insertMany(batch, { ordered: true });
    }
    const insertMs = performance.now() - started;
    progress(`  seeded ${total} tickets in ${Math.round(insertMs)} ms`);
    const timings = await measure(tickets, total);
    return { insert_per_1000_ms: Math.round((insertMs / total) * 1000), ...timings };
  } finally {
    await client.close();
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function run(argv: string[]): Promise<unknown> {
  const { sizes, only } = parseArgs(argv);
  const binaries: Record<string, string> = {};
  if (only !== 'stock') binaries.patched = patchedBinary();
  if (only !== 'patched') binaries.stock = stockBinary();
  const results: Record<string, unknown>[] = [];
  for (const total of sizes) {
    const row: Record<string, unknown> = { tickets: total };
    for (const [name, binary] of Object.entries(binaries)) {
      progress(`[${total} tickets] ${name} FerretDB (${binary})`);
      row[name] = await runOne(binary, total);
      progress(`  ${JSON.stringify(row[name])}`);
    }
    results.push(row);
  }
  return { sizes: results, versions: { patched: ferretDbBuildVersion(), stock: 'v1.24.2' }, runs: RUNS };
}
