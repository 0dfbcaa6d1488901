import type { Connection, PipelineStage } from 'mongoose';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AssistantObserver } from '../core/conversation';
import type { TicketChange, TicketService } from '../core/tickets';
import { OPEN_STATUSES, ticketModel } from '../core/tickets/model';
import { breachesOf } from '../core/sla/breaches';

const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface HttpSample {
  method: string;
  /** The matched route pattern (`/console/api/messages`), never the raw path: bounded label values. */
  route: string;
  status: number;
  seconds: number;
}

/** Where job lag comes from: the scheduler's record of when each job last finished. */
export interface JobRuns {
  lastRuns(): Promise<Record<string, Date | null>>;
}

export interface TimedJob {
  name: string;
  run(now: Date): Promise<unknown>;
}

/**
 * Prometheus metrics of one helpdesk, on a registry of its own (never prom-client's global one:
 * tests run several helpdesks in one process, and each must count only its own).
 *
 * Gauges that describe stored state (open tickets, job lag) are read from MongoDB when scraped, so
 * every process reports the same truth; counters and histograms count what this process did.
 */
export class HelpdeskMetrics {
  readonly registry = new Registry();
  private readonly slaBreaches: Counter<'target' | 'cause' | 'priority'>;
  private readonly ticketEvents: Counter<'type'>;
  private readonly errors: Counter<'source'>;
  private readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  private readonly eventDuration: Histogram<'kind'>;
  private readonly jobDuration: Histogram<'job' | 'outcome'>;
  private jobs?: JobRuns;

  constructor(deps: { connection: Connection; jobs?: JobRuns; defaultMetrics?: boolean }) {
    const registers = [this.registry];
    const tickets = ticketModel(deps.connection);
    this.jobs = deps.jobs;
    const errors = new Counter({
      name: 'helpdesk_errors_total',
      help: 'Unexpected errors, by where they surfaced (http, event, job, metrics).',
      labelNames: ['source'] as const,
      registers,
    });
    this.errors = errors;
    const jobRuns = () => this.jobs;

    new Gauge({
      name: 'helpdesk_tickets_open',
      help: 'Tickets in new, assigned or waiting_user, by priority and status (read from the database at scrape time).',
      labelNames: ['priority', 'status'] as const,
      registers,
      async collect() {
        // $match + $group/$sum: supported by FerretDB and MongoDB alike; served by the status index.
        const rows = await tickets
          .aggregate<{ _id: { priority: string; status: string }; n: number }>([
            { $match: { status: { $in: OPEN_STATUSES } } },
            { $group: { _id: { priority: '$priority', status: '$status' }, n: { $sum: 1 } } },
          ] as PipelineStage[])
          .catch(() => {
            errors.inc({ source: 'metrics' });
            return null;
          });
        this.reset();
        if (!rows) return;
        // Every combination is exported, zeros included, so a series never vanishes when a queue empties.
        for (const priority of PRIORITIES) for (const status of OPEN_STATUSES) this.set({ priority, status }, 0);
        for (const row of rows) this.set({ priority: row._id.priority, status: row._id.status }, row.n);
      },
    });

    new Gauge({
      name: 'helpdesk_job_lag_seconds',
      help: 'Seconds since each periodic job last finished (alert when well above its interval).',
      labelNames: ['job'] as const,
      registers,
      async collect() {
        this.reset();
        const jobs = jobRuns();
        if (!jobs) return;
        const runs = await jobs.lastRuns().catch(() => {
          errors.inc({ source: 'metrics' });
          return {} as Record<string, Date | null>;
        });
        // Agenda stamps runs with the real time, so lag is measured against it too.
        const now = Date.now();
        for (const [job, last] of Object.entries(runs))
          if (last) this.set({ job }, Math.max(0, (now - new Date(last).getTime()) / 1000));
      },
    });

    this.slaBreaches = new Counter({
      name: 'helpdesk_sla_breaches_total',
      help: 'SLA targets breached, by target (acknowledge/resolve), cause (support/requester) and priority.',
      labelNames: ['target', 'cause', 'priority'] as const,
      registers,
    });
    this.ticketEvents = new Counter({
      name: 'helpdesk_ticket_events_total',
      help: 'Ticket history events written by this process, by type.',
      labelNames: ['type'] as const,
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'helpdesk_http_request_duration_seconds',
      help: 'HTTP request latency by method, route pattern and status code.',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.eventDuration = new Histogram({
      name: 'helpdesk_event_handling_seconds',
      help: 'Time to handle one chat message or button action, whatever the channel or transport.',
      labelNames: ['kind'] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.jobDuration = new Histogram({
      name: 'helpdesk_job_duration_seconds',
      help: 'Duration of periodic job runs, by job and outcome.',
      labelNames: ['job', 'outcome'] as const,
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
      registers,
    });
    if (deps.defaultMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'helpdesk_' });
  }

  /** The scheduler is created after the metrics in some set-ups: attach it when it exists. */
  watchJobs(jobs: JobRuns): void {
    this.jobs = jobs;
  }

  /** Counts ticket events and SLA breaches as they are written (a breach = a flag turning true). */
  watchTickets(tickets: Pick<TicketService, 'onChange'>): void {
    tickets.onChange((change: TicketChange) => {
      this.ticketEvents.inc({ type: change.type });
      // The breaches the event records, by the one definition reports use too.
      const priority =
        typeof change.event.data?.priority === 'string' ? change.event.data.priority : change.ticket.priority;
      for (const breach of breachesOf(change.event)) this.slaBreaches.inc({ ...breach, priority });
    });
  }

  /** The hook `createHttpApp` calls when a response is finished. */
  observeHttp = (sample: HttpSample): void => {
    this.httpDuration.observe(
      { method: sample.method, route: sample.route, status: String(sample.status) },
      sample.seconds,
    );
  };

  /** The hook `finishHttpApp` calls on an unexpected (500) error. */
  countHttpError = (): void => {
    this.errors.inc({ source: 'http' });
  };

  /**
   * The assistant's observer: every channel and transport (HTTP, Socket Mode, the console) goes
   * through its two entry points, so timing them covers event handling wherever it came from.
   */
  readonly assistantObserver: AssistantObserver = {
    time: (kind, work) => this.time(kind, work),
    unexpectedError: () => this.errors.inc({ source: 'event' }),
  };

  /** Wraps a periodic job so its duration and failures are counted. */
  instrumentJob<T extends TimedJob>(job: T): T {
    return {
      ...job,
      run: async (now: Date) => {
        const end = this.jobDuration.startTimer({ job: job.name });
        try {
          const result = await job.run(now);
          end({ outcome: 'ok' });
          return result;
        } catch (err) {
          end({ outcome: 'error' });
          this.errors.inc({ source: 'job' });
          throw err;
        }
      },
    };
  }

  async text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private async time<T>(kind: string, handle: () => Promise<T>): Promise<T> {
    const end = this.eventDuration.startTimer({ kind });
    try {
      return await handle();
    } finally {
      end();
    }
  }
}
