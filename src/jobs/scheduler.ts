import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { Agenda } from 'agenda';
import { MongoBackend } from '@agendajs/mongo-backend';
import type { Connection } from 'mongoose';
import type { Clock } from '../core/clock';
import type { Logger } from '../observability/logger';

/**
 * A periodic job. Jobs are sweeps over domain collections whose due dates are indexed (SLA
 * checkpoints, survey send/remind dates, crisis update deadlines): `run(now)` processes what is
 * due at `now` and claims each item atomically, so a restart loses nothing and two processes
 * never handle the same item twice. Tests call `run` directly with a controllable clock.
 */
export interface SweepJob {
  name: string;
  /** Agenda interval: `1 minute`, `1 hour`, `1 week`. */
  every: string;
  run(now: Date): Promise<unknown>;
}

/** One agenda instance per process, created after the database connection is open. */
export class Scheduler {
  private readonly jobs = new Map<string, SweepJob>();
  private agenda?: Agenda;
  /** Recorded by agenda on the jobs this instance locks, so stop() can release exactly those. */
  private readonly instance = `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

  constructor(
    private readonly deps: {
      connection: Connection;
      clock: Clock;
      logger: Logger;
      collection?: string;
      processEvery?: string | number;
    },
  ) {}

  register(...jobs: SweepJob[]): void {
    for (const job of jobs) this.jobs.set(job.name, job);
  }

  registered(): SweepJob[] {
    return [...this.jobs.values()];
  }

  /** Runs one job now (the `run` of a sweep with the injected clock). */
  async runNow(name: string): Promise<unknown> {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`unknown job ${name}`);
    return job.run(this.deps.clock.now());
  }

  async start(): Promise<void> {
    const db = this.deps.connection.db;
    if (!db) throw new Error('scheduler started before the database connection');
    const agenda = new Agenda({
      name: this.instance,
      backend: new MongoBackend({ mongo: db as never, collection: this.deps.collection ?? 'agenda_jobs' }),
      processEvery: this.deps.processEvery ?? '30 seconds',
      defaultLockLifetime: 5 * 60_000,
    });
    agenda.on('error', (err) => this.deps.logger.error({ err }, 'scheduler error'));
    for (const job of this.jobs.values()) {
      agenda.define(
        job.name,
        async () => {
          const started = Date.now();
          await job.run(this.deps.clock.now());
          this.deps.logger.debug({ job: job.name, ms: Date.now() - started }, 'job done');
        },
        { concurrency: 1, lockLimit: 1 },
      );
    }
    await agenda.start();
    for (const job of this.jobs.values()) await agenda.every(job.every, job.name, undefined, { skipImmediate: false });
    this.agenda = agenda;
  }

  /** Stops fetching jobs, waits for running ones and releases its locks (SIGTERM). */
  async stop(): Promise<void> {
    const agenda = this.agenda;
    if (!agenda) return;
    this.agenda = undefined;
    await agenda.drain(10_000).catch(() => undefined);
    await agenda.stop().catch(() => undefined);
    // drain() leaves locked the jobs this instance had fetched ahead of their run time, and
    // stop() after it does nothing: without this, another process waits out the 5-minute lock.
    await this.deps.connection.db
      ?.collection(this.deps.collection ?? 'agenda_jobs')
      .updateMany(
        { name: { $in: [...this.jobs.keys()] }, lastModifiedBy: this.instance, lockedAt: { $ne: null } },
        { $set: { lockedAt: null } },
      )
      .catch(() => undefined);
  }

  /** Seconds since each job last finished (Prometheus job lag), from agenda's collection. */
  async lastRuns(): Promise<Record<string, Date | null>> {
    const db = this.deps.connection.db;
    if (!db) return {};
    const docs = await db
      .collection(this.deps.collection ?? 'agenda_jobs')
      .find({ name: { $in: [...this.jobs.keys()] } }, { projection: { name: 1, lastFinishedAt: 1 } })
      .toArray();
    return Object.fromEntries(docs.map((d) => [d.name as string, (d.lastFinishedAt as Date | undefined) ?? null]));
  }
}
