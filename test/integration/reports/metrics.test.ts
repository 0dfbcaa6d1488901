import { consoleSay, startTestHelpdesk, type TestHelpdesk } from '../../support/helpdesk';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * A strict reader of the Prometheus text exposition format (0.0.4): every line is a HELP, a TYPE or
 * a sample; a sample's family was TYPEd first; names, labels and values are well formed.
 */
function parsePrometheus(text: string): { types: Map<string, string>; samples: Sample[] } {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  const name = '[a-zA-Z_:][a-zA-Z0-9_:]*';
  const sampleLine = new RegExp(
    `^(${name})(?:\\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\.)*",?)*)\\})? (-?[0-9.e+-]+|NaN|\\+Inf|-Inf)(?: -?\\d+)?$`,
  );
  for (const line of text.split('\n')) {
    if (!line) continue;
    let m = new RegExp(`^# HELP (${name}) .*$`).exec(line);
    if (m) continue;
    m = new RegExp(`^# TYPE (${name}) (counter|gauge|histogram|summary|untyped)$`).exec(line);
    if (m) {
      expect(types.has(m[1])).toBe(false);
      types.set(m[1], m[2]);
      continue;
    }
    m = sampleLine.exec(line);
    if (!m) throw new Error(`not Prometheus text: ${line}`);
    const family = m[1].replace(/_(bucket|sum|count)$/, '');
    if (!types.has(m[1]) && !types.has(family)) throw new Error(`sample before its TYPE: ${line}`);
    const labels = Object.fromEntries(
      [...(m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]),
    );
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return { types, samples };
}

const value = (samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined =>
  samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

describe('GET /metrics', () => {
  let h: TestHelpdesk;
  let other: TestHelpdesk;
  const scrape = async (target = h) => {
    const res = await fetch(`${target.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parsePrometheus(await res.text());
  };

  beforeAll(async () => {
    [h, other] = await Promise.all([startTestHelpdesk(), startTestHelpdesk()]);
  });
  afterAll(() => Promise.all([h.close(), other.close()]));

  it('parses as Prometheus text and declares every family', async () => {
    const { types } = await scrape();
    expect(Object.fromEntries([...types].filter(([n]) => n.startsWith('helpdesk_')))).toEqual({
      helpdesk_tickets_open: 'gauge',
      helpdesk_job_lag_seconds: 'gauge',
      helpdesk_sla_breaches_total: 'counter',
      helpdesk_ticket_events_total: 'counter',
      helpdesk_errors_total: 'counter',
      helpdesk_http_request_duration_seconds: 'histogram',
      helpdesk_event_handling_seconds: 'histogram',
      helpdesk_job_duration_seconds: 'histogram',
    });
  });

  it('moves when a ticket is created, in this helpdesk only (one registry per helpdesk)', async () => {
    const before = (await scrape()).samples;
    expect(value(before, 'helpdesk_tickets_open', { priority: 'P2', status: 'new' })).toBe(0);
    const alice = await h.actor('console', 'alice');
    await h.helpdesk.tickets.open(alice, { description: 'The printer is on fire', impact: 'high' });
    const after = (await scrape()).samples;
    expect(value(after, 'helpdesk_tickets_open', { priority: 'P2', status: 'new' })).toBe(1);
    expect(value(after, 'helpdesk_ticket_events_total', { type: 'opened' })).toBe(
      (value(before, 'helpdesk_ticket_events_total', { type: 'opened' }) ?? 0) + 1,
    );
    const elsewhere = (await scrape(other)).samples;
    expect(value(elsewhere, 'helpdesk_tickets_open', { priority: 'P2', status: 'new' })).toBe(0);
    expect(value(elsewhere, 'helpdesk_ticket_events_total', { type: 'opened' })).toBeUndefined();
  });

  it('counts SLA breaches by target, cause and priority as they are recorded', async () => {
    const bob = await h.actor('console', 'bob');
    const sam = await h.actor('console', 'sam');
    h.clock.set('2026-03-04T08:00:00Z'); // Wednesday 09:00 in Paris.
    const ticket = await h.helpdesk.tickets.open(bob, { description: 'Cannot log in', impact: 'high' });
    h.clock.set('2026-03-04T09:00:00Z');
    await h.helpdesk.tickets.claim(sam, ticket.number); // 60 min > 30: acknowledge breach.
    h.clock.set('2026-03-05T09:00:00Z');
    await h.helpdesk.tickets.resolve(sam, ticket.number, 'Account unlocked'); // 600 > 480 business min.
    const { samples } = await scrape();
    expect(
      value(samples, 'helpdesk_sla_breaches_total', { target: 'acknowledge', cause: 'support', priority: 'P2' }),
    ).toBe(1);
    expect(value(samples, 'helpdesk_sla_breaches_total', { target: 'resolve', cause: 'support', priority: 'P2' })).toBe(
      1,
    );
  });

  it('times HTTP requests by route pattern and chat events, and counts unexpected errors', async () => {
    h.helpdesk.commands.add({
      verbs: ['explode'],
      agentOnly: false,
      usage: 'explode',
      run: async () => Promise.reject(new Error('kaboom')),
    });
    expect((await consoleSay(h.url, 'alice', 'explode')).body.replies[0].text).toMatch(/something went wrong/);
    await fetch(`${h.url}/console/api/rooms/dm:alice/messages`);
    await fetch(`${h.url}/no/such/page/${Date.now()}`);
    const { samples } = await scrape();
    expect(
      value(samples, 'helpdesk_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/console/api/messages',
        status: '200',
      }),
    ).toBe(1);
    expect(
      value(samples, 'helpdesk_http_request_duration_seconds_count', {
        method: 'GET',
        route: '/console/api/rooms/:room/messages',
      }),
    ).toBe(1);
    expect(value(samples, 'helpdesk_http_request_duration_seconds_count', { route: 'unmatched', status: '404' })).toBe(
      1,
    );
    expect(value(samples, 'helpdesk_event_handling_seconds_count', { kind: 'message' })).toBe(1);
    expect(value(samples, 'helpdesk_errors_total', { source: 'event' })).toBe(1);
  });

  it('reports job lag from the scheduler’s record of the last runs, and times job runs', async () => {
    await h.connection.db!.collection('agenda_jobs').insertOne({
      name: 'reports.weekly-digest',
      type: 'single',
      lastFinishedAt: new Date(Date.now() - 90_000),
      nextRunAt: new Date(Date.now() + 3_510_000),
    });
    h.clock.set('2026-03-09T09:00:00Z');
    await h.helpdesk.scheduler.runNow('reports.weekly-digest');
    const { samples } = await scrape();
    const lag = value(samples, 'helpdesk_job_lag_seconds', { job: 'reports.weekly-digest' })!;
    expect(lag).toBeGreaterThanOrEqual(90);
    expect(lag).toBeLessThan(120);
    expect(value(samples, 'helpdesk_job_duration_seconds_count', { job: 'reports.weekly-digest', outcome: 'ok' })).toBe(
      1,
    );
  });
});
