import { spawn } from 'node:child_process';
import path from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import { createHelpdesk, type Helpdesk } from '../../../src/compose';
import type { SweepReport } from '../../../src/core/sla/flows';
import { SLA_SWEEP } from '../../../src/jobs/sla';
import { createLogger } from '../../../src/observability/logger';
import { startTestHelpdesk, type TestHelpdesk } from '../../support/helpdesk';
import { cast, events, paris, room, sweep, ticket } from './support';

const logger = createLogger('silent');

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Worker {
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** A separate helpdesk process (test/integration/sla/worker.ts) with its own agenda instance. */
async function spawnWorker(uri: string, database: string, at: Date): Promise<Worker> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'worker.ts'), uri, database, at.toISOString()],
    {
      cwd: path.resolve(__dirname, '../../..'),
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    void exited.then((code) => reject(new Error(`worker exited with ${code} before it was ready:\n${stderr}`)));
  });
  let stopped: Promise<number | null> | undefined;
  return {
    stop() {
      if (!stopped) {
        if (child.exitCode === null) child.kill('SIGTERM');
        stopped = exited;
      }
      return stopped;
    },
  };
}

// Two helpdesk processes on one database: each has its own connection, services and agenda
// instance, as two replicas behind a load balancer would.
describe('two processes on one database', () => {
  let h: TestHelpdesk;
  let secondConnection: Connection;
  let second: Helpdesk;
  const workers: Worker[] = [];

  beforeAll(async () => {
    h = await startTestHelpdesk();
    secondConnection = mongoose.createConnection(process.env.TEST_MONGODB_URI!, { dbName: h.connection.name });
    await secondConnection.asPromise();
    second = createHelpdesk({ connection: secondConnection, env: h.env, policy: h.policy, logger, clock: h.clock });
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await secondConnection.close();
    await h.close();
  });

  async function startWorker(on: TestHelpdesk, at: Date): Promise<Worker> {
    const worker = await spawnWorker(process.env.TEST_MONGODB_URI!, on.connection.name, at);
    workers.push(worker);
    return worker;
  }

  async function breachedOnlyOnce(number: string) {
    expect(await events(h, number, 'sla_breach')).toHaveLength(1);
    expect(await events(h, number, 'escalated')).toHaveLength(1);
    const told = (name: string) =>
      room(h, name).then((ms) => ms.filter((m) => m.ticketNumber === number && /SLA breached|escalad/.test(m.text)));
    expect(await told('dm:sam')).toHaveLength(1);
    expect(await told('dm:lucas')).toHaveLength(1);
    expect(
      (await room(h, 'agents')).filter(
        (m) => m.actions?.some((a) => a.id === 'sla.problem.open') && m.ticketNumber === number,
      ),
    ).toHaveLength(1);
  }

  it('a checkpoint claimed by a process that died is left alone while the claim is fresh, then taken over', async () => {
    const { alice, sam } = await cast(h);
    h.clock.set(paris('2026-03-02T09:00'));
    const opened = await h.helpdesk.tickets.open(alice, {
      description: 'badge printer offline',
      impact: 'high',
      urgency: 'medium',
    });
    await h.helpdesk.tickets.claim(sam, opened.number);
    const { resolveWarnBy } = (await ticket(h, opened.number)).sla;
    // Another process claimed the 75 % warning at 15:00 and died before recording it.
    await h.connection.collection('claims').insertOne({
      _id: `sla:checkpoint:${opened.number}:warn-resolve:${resolveWarnBy.getTime()}` as never,
      at: resolveWarnBy,
    });
    h.clock.set(paris('2026-03-02T15:05'));
    expect(await sweep(h)).toMatchObject({ tickets: 1, warnings: 0 });
    expect(await events(h, opened.number, 'sla_warning')).toHaveLength(0);
    h.clock.set(paris('2026-03-02T15:10'));
    expect(await sweep(h)).toMatchObject({ tickets: 1, warnings: 1 });
    expect(await events(h, opened.number, 'sla_warning')).toHaveLength(1);
    expect(await sweep(h)).toMatchObject({ tickets: 0 });
    await h.helpdesk.tickets.resolve(sam, opened.number, 'printer back online');
  });

  it('two sweeps racing on the same due tickets record and notify each breach once', async () => {
    const { alice, sam } = await cast(h);
    h.clock.set(paris('2026-03-02T10:00'));
    const numbers: string[] = [];
    for (const what of [
      'file share unreachable',
      'ERP login loops',
      'VPN drops',
      'printer queue stuck',
      'Wi-Fi down',
    ]) {
      const opened = await h.helpdesk.tickets.open(alice, { description: what, impact: 'high', urgency: 'medium' });
      await h.helpdesk.tickets.claim(sam, opened.number);
      numbers.push(opened.number);
    }
    h.clock.set(paris('2026-03-02T18:00'));
    const now = h.clock.now();
    const sweepOf = (helpdesk: Helpdesk) => helpdesk.scheduler.registered().find((j) => j.name === SLA_SWEEP)!;
    const reports = (await Promise.all([sweepOf(h.helpdesk).run(now), sweepOf(second).run(now)])) as SweepReport[];
    expect(reports[0].breaches + reports[1].breaches).toBe(numbers.length);
    for (const number of numbers) await breachedOnlyOnce(number);
  });

  it('two processes with their own agenda run the sweep: one breach gives one history event and one notification; SIGTERM stops them cleanly and a restarted process picks the job up', async () => {
    const { alice, sam } = await cast(h);
    h.clock.set(paris('2026-03-03T09:00'));
    const opened = await h.helpdesk.tickets.open(alice, {
      description: 'CRM very slow',
      impact: 'high',
      urgency: 'medium',
    });
    await h.helpdesk.tickets.claim(sam, opened.number);
    h.clock.set(paris('2026-03-03T10:00'));
    const later = await h.helpdesk.tickets.open(alice, {
      description: 'CRM still slow for the sales team',
      impact: 'high',
      urgency: 'medium',
    });
    await h.helpdesk.tickets.claim(sam, later.number);

    const jobs = h.connection.db!.collection('agenda_jobs');
    // The last step of a breach is the problem proposal: once it is there, the sweep that won is done.
    const handled = (number: string) => async () =>
      (await room(h, 'agents')).some(
        (m) => m.ticketNumber === number && m.actions?.some((a) => a.id === 'sla.problem.open'),
      );

    // Both processes start at once with the clock at 17:00, when the first ticket breaches.
    const pair = await Promise.all([
      startWorker(h, paris('2026-03-03T17:00')),
      startWorker(h, paris('2026-03-03T17:00')),
    ]);
    await until('the breach to be handled', handled(opened.number));
    // Both processes keep polling meanwhile: nothing may be recorded or sent a second time.
    await pause(2000);
    await breachedOnlyOnce(opened.number);
    expect(await events(h, later.number, 'sla_breach')).toHaveLength(0);

    // SIGTERM: each process drains agenda, closes its connection and exits 0, leaving no lock.
    expect(await Promise.all(pair.map((w) => w.stop()))).toEqual([0, 0]);
    for (const job of await jobs.find({ name: SLA_SWEEP }).toArray()) {
      expect(job).toMatchObject({ repeatInterval: '1 minute' });
      expect(job.lockedAt ?? null).toBeNull();
    }

    // A restarted process finds the repeating job where the others left it (its next minute is
    // brought forward so the test need not wait) and handles the next breach.
    const restarted = await startWorker(h, paris('2026-03-03T18:00'));
    await jobs.updateMany({ name: SLA_SWEEP }, { $set: { nextRunAt: new Date() } });
    await until('the second breach to be handled', handled(later.number));
    expect(await restarted.stop()).toBe(0);
    await breachedOnlyOnce(later.number);
    expect((await ticket(h, later.number)).level).toBe('L2');
  }, 180_000);
});
