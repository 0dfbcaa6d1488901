/**
 * Scale benchmark (issue 17): a chat turn must cost the same at 100,000 stored tickets as at 100.
 *
 * For each size, seeds a realistic history through the models (10 % open, 2,000 requesters, a
 * year of tickets with their history events), then drives the real console channel over HTTP as
 * a user would: full intakes (message → impact → urgency → ticket), `status`, `my tickets`, the
 * agents' `queue` and a `report` for last month. Then the SLA sweep (bench/sla.ts) at 10k and 100k
 * open, and a burst of Slack DMs from distinct people sent as signed requests to /slack/events
 * at a fixed rate, answered through a local Slack Web API stand-in.
 *
 * Usage: npm run bench --silent -- scale [--sizes 10000,100000] [--sla 10000:100,100000:100]
 *        [--burst 1000] [--rate 100] [--samples 20] [--skip stored,sla,burst]
 * Uses MONGODB_URI when set, else the embedded database (FERRETDB_BIN picks the FerretDB binary).
 * Prints one JSON line; progress on stderr.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DateTime } from 'luxon';
import mongoose, { type Connection } from 'mongoose';
import { createHelpdesk, finalizeHelpdesk, type Helpdesk } from '../src/compose';
import { loadPolicy, parseEnv, type Policy, type Priority } from '../src/config';
import { ManualClock } from '../src/core/clock';
import { seedSampleKb } from '../src/core/kb';
import { personModel } from '../src/core/people';
import { counterModel, ticketModel } from '../src/core/tickets/model';
import type { HistoryEvent, Ticket, TicketStatus } from '../src/core/tickets';
import { startEmbeddedDatabase } from '../src/db/embedded';
import { serveHttp } from '../src/http/server';
import { createLogger } from '../src/observability/logger';
import { run as runSla } from './sla';

const ZONE = 'Europe/Paris';
/** Wednesday 4 March 2026, 15:00 in Paris: office hours. */
const NOW = DateTime.fromISO('2026-03-04T15:00', { zone: ZONE }).toJSDate();
const DAY = 24 * 3600_000;
const REQUESTERS = 2_000;
const INSERT_BATCH = 2_000;
const SIGNING_SECRET = 'bench-signing-secret';
const KB_DIR = path.resolve(__dirname, '../kb');
/** Intake texts no sample article answers with confidence (the path to a ticket is then the longest). */
const INTAKE_TEXTS = [
  'The badge reader on door 4B blinks red and lets nobody in since 9 am',
  'Le traceur du bureau d’études imprime des bandes noires sur tous les plans A0',
  'The conference room screen in building C shows no signal from any laptop',
  'La climatisation de la salle serveur du deuxième étage fait un bruit anormal',
];
const BOOKKEEPING = ['claims', 'drafts', 'inbox'];

export interface StoredFigures {
  tickets: number;
  intake_p95_ms: number;
  status_ms: number;
  my_tickets_ms: number;
  queue_ms: number;
  report_ms: number;
  seed_s: number;
  bookkeeping: Record<string, number>;
}

interface Options {
  sizes: number[];
  burst: number;
  rate: number;
  samples: number;
  sla: string;
  skip: Set<string>;
}

function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

function parseArgs(argv: string[]): Options {
  const o: Options = {
    sizes: [10_000, 100_000],
    burst: 1_000,
    rate: 100,
    samples: 20,
    sla: '10000:100,100000:100',
    skip: new Set(),
  };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`missing value after ${flag}`);
    if (flag === '--sizes') o.sizes = value.split(',').map(Number);
    else if (flag === '--burst') o.burst = Number(value);
    else if (flag === '--rate') o.rate = Number(value);
    else if (flag === '--samples') o.samples = Number(value);
    else if (flag === '--sla') o.sla = value;
    else if (flag === '--skip') o.skip = new Set(value.split(','));
    else throw new Error(`unknown option ${flag}`);
  }
  if (o.sizes.some((n) => !Number.isInteger(n) || n < 100)) throw new Error('--sizes: integers ≥ 100');
  return o;
}

export async function run(argv: string[]): Promise<unknown> {
  const options = parseArgs(argv);
  const policy = loadPolicy();
  let uri = process.env.MONGODB_URI;
  let stop = async () => undefined;
  if (!uri) {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'helpdesk-bench-scale-'));
    progress(`starting the embedded database in ${dataDir}`);
    const db = await startEmbeddedDatabase({ dataDir, progress });
    uri = db.uri;
    stop = async () => {
      await db.stop();
      rmSync(dataDir, { recursive: true, force: true });
    };
  }
  try {
    const probe = mongoose.createConnection(uri, { serverSelectionTimeoutMS: 10_000 });
    await probe.asPromise();
    const info = await probe.db!.admin().command({ buildInfo: 1 });
    await probe.close();
    const server = info.ferretdbVersion ? `ferretdb ${info.ferretdbVersion}` : `mongodb ${info.version}`;
    progress(`server: ${server}`);

    const stored: StoredFigures[] = [];
    let commandsPerIntake: number | null = null;
    let commands: Record<string, number> = {};
    for (const tickets of options.sizes) {
      if (options.skip.has('stored')) break;
      const figures = await storedRun(uri, policy, tickets, options.samples);
      stored.push(figures.stored);
      if (commandsPerIntake === null) {
        commandsPerIntake = figures.commandsPerIntake;
        commands = figures.commands;
      }
    }

    let sla: { open: number; due: number; sweep_ms: number }[] = [];
    if (!options.skip.has('sla')) {
      progress(`SLA sweep: bench/sla.ts --runs ${options.sla}`);
      const previous = process.env.MONGODB_URI;
      process.env.MONGODB_URI = uri;
      try {
        sla = ((await runSla(['--runs', options.sla])) as { runs: typeof sla }).runs;
      } finally {
        if (previous === undefined) delete process.env.MONGODB_URI;
        else process.env.MONGODB_URI = previous;
      }
    }

    const burst = options.skip.has('burst') ? null : await burstRun(uri, policy, options.burst, options.rate);
    return {
      stored,
      sla,
      burst,
      commands_per_intake: commandsPerIntake,
      commands_by_step: commands,
      server,
    };
  } finally {
    await stop();
  }
}

// ─── Stored tickets ──────────────────────────────────────────────────────────────────────────

async function openHelpdesk(
  uri: string,
  policy: Policy,
  label: string,
  env: Record<string, string> = {},
): Promise<{ helpdesk: Helpdesk; connection: Connection; url: string; close(): Promise<void> }> {
  const connection = mongoose.createConnection(uri, {
    dbName: `bench_${label}_${randomBytes(3).toString('hex')}`,
    serverSelectionTimeoutMS: 10_000,
    monitorCommands: true,
  });
  await connection.asPromise();
  const logger = createLogger('silent');
  const helpdesk = createHelpdesk({
    connection,
    env: parseEnv({ NODE_ENV: 'development', LOG_LEVEL: 'silent', HOST: '127.0.0.1', ...env }),
    policy,
    logger,
    clock: new ManualClock(NOW),
  });
  await helpdesk.syncIndexes();
  finalizeHelpdesk(helpdesk, logger);
  const http: Server = await serveHttp(helpdesk.app, { port: 0, host: '127.0.0.1' });
  const { port } = http.address() as AddressInfo;
  return {
    helpdesk,
    connection,
    url: `http://127.0.0.1:${port}`,
    async close() {
      http.closeAllConnections?.();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await connection.dropDatabase().catch(() => undefined);
      await connection.close();
    },
  };
}

async function storedRun(
  uri: string,
  policy: Policy,
  size: number,
  samples: number,
): Promise<{ stored: StoredFigures; commandsPerIntake: number; commands: Record<string, number> }> {
  const h = await openHelpdesk(uri, policy, `scale${size}`);
  try {
    await seedSampleKb(h.helpdesk.kb, KB_DIR);
    await h.helpdesk.kb.load();
    progress(`[${size} tickets] seeding through the models`);
    const started = performance.now();
    await seedTickets(h.connection, h.helpdesk, policy, size);
    const seedS = Math.round((performance.now() - started) / 100) / 10;
    progress(`[${size} tickets] seeded in ${seedS} s; driving the console`);

    let counting = false;
    const counted: Record<string, number> = {};
    let step = '';
    h.connection.getClient().on('commandStarted', (e) => {
      if (!counting) return;
      const key = `${step} ${e.commandName}${typeof e.command[e.commandName] === 'string' ? ` ${e.command[e.commandName]}` : ''}`;
      counted[key] = (counted[key] ?? 0) + 1;
    });

    // Where the time goes: the server time of each command, by step and shape, printed on stderr.
    let phase = 'intake';
    const slow = new Map<string, { count: number; ms: number; max: number }>();
    const pending = new Map<number, string>();
    h.connection.getClient().on('commandStarted', (e) => {
      const target = e.commandName === 'getMore' ? e.command.collection : e.command[e.commandName];
      const filter =
        e.command.filter ?? e.command.query ?? e.command.pipeline?.[0]?.$match ?? e.command.updates?.[0]?.q;
      const sort = e.command.sort
        ? ` sort ${JSON.stringify(e.command.sort instanceof Map ? Object.fromEntries(e.command.sort) : e.command.sort)}`
        : '';
      pending.set(
        e.requestId,
        `${phase}: ${e.commandName} ${typeof target === 'string' ? target : ''} ${shapeOf(filter)}${sort}`,
      );
    });
    h.connection.getClient().on('commandSucceeded', (e) => {
      const key = pending.get(e.requestId);
      pending.delete(e.requestId);
      if (!key) return;
      const s = slow.get(key) ?? { count: 0, ms: 0, max: 0 };
      s.count++;
      s.ms += e.duration;
      s.max = Math.max(s.max, e.duration);
      slow.set(key, s);
    });

    // Warm-up: the first requests compile templates, open pool connections, create collections.
    await say(h.url, 'alice', 'my tickets');
    await say(h.url, 'sam', 'queue');
    await fullIntake(h.url, 'alice', INTAKE_TEXTS[0], () => undefined);

    const intakes: number[] = [];
    let commandsPerIntake = 0;
    for (let i = 0; i < samples; i++) {
      counting = i === 0;
      const begun = performance.now();
      const number = await fullIntake(h.url, 'alice', `${INTAKE_TEXTS[i % INTAKE_TEXTS.length]} (${i})`, (s) => {
        step = s;
      });
      intakes.push(performance.now() - begun);
      if (i === 0) {
        counting = false;
        commandsPerIntake = Object.values(counted).reduce((a, b) => a + b, 0);
        progress(`[${size} tickets] intake ${number}: ${commandsPerIntake} commands`);
      }
    }
    const own = await h.connection
      .collection('tickets')
      .find({ 'requester.key': 'console:alice', status: 'closed' })
      .limit(1)
      .next();
    phase = 'status';
    const status = await timed(samples, () => say(h.url, 'alice', `status ${own?.number ?? 'INC-1'}`));
    phase = 'my tickets';
    const mine = await timed(samples, () => say(h.url, 'alice', 'my tickets'));
    phase = 'queue';
    const queue = await timed(samples, () => say(h.url, 'sam', 'queue'));
    phase = 'report';
    const report = await timed(Math.min(samples, 5), () => say(h.url, 'sam', 'report last month'));
    phase = 'done';
    const slowest = [...slow.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15);
    for (const [key, v] of slowest)
      progress(`  ${Math.round(v.ms / v.count)} ms avg (max ${Math.round(v.max)}, ${v.count}x) ${key}`);
    const bookkeeping: Record<string, number> = {};
    for (const name of BOOKKEEPING) bookkeeping[name] = await h.connection.collection(name).estimatedDocumentCount();
    const figures: StoredFigures = {
      tickets: size,
      intake_p95_ms: percentile(intakes, 95),
      status_ms: percentile(status, 50),
      my_tickets_ms: percentile(mine, 50),
      queue_ms: percentile(queue, 50),
      report_ms: percentile(report, 50),
      seed_s: seedS,
      bookkeeping,
    };
    progress(`[${size} tickets] ${JSON.stringify(figures)}`);
    return { stored: figures, commandsPerIntake, commands: counted };
  } finally {
    await h.close();
  }
}

interface Reply {
  text: string;
  actions?: { id: string; value: string }[];
  ticketNumber?: string;
}

async function post(url: string, body: object): Promise<Reply[]> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { replies?: Reply[]; error?: string };
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${json.error ?? ''}`);
  return json.replies ?? [];
}

function say(url: string, persona: string, text: string): Promise<Reply[]> {
  return post(`${url}/console/api/messages`, { persona, text });
}

function press(url: string, persona: string, id: string, value: string): Promise<Reply[]> {
  return post(`${url}/console/api/actions`, { persona, id, value });
}

/** Message → (article: "I still need help") → impact → urgency → ticket, as the console page does. */
async function fullIntake(url: string, persona: string, text: string, onStep: (s: string) => void): Promise<string> {
  onStep('message');
  let replies = await say(url, persona, text);
  for (let turn = 0; turn < 5; turn++) {
    const opened = replies.find((r) => r.ticketNumber && /opened|ouvert|INC-/.test(r.text));
    if (opened?.ticketNumber) return opened.ticketNumber;
    const actions = replies.flatMap((r) => r.actions ?? []);
    const next =
      actions.find((a) => a.id === 'kb.need_help') ??
      actions.find((a) => a.id === 'intake.impact' && a.value.endsWith(':medium')) ??
      actions.find((a) => a.id === 'intake.urgency' && a.value.endsWith(':medium'));
    if (!next) throw new Error(`intake stalled: ${JSON.stringify(replies).slice(0, 300)}`);
    onStep(next.id);
    replies = await press(url, persona, next.id, next.value);
  }
  throw new Error('intake did not open a ticket in 5 turns');
}

async function timed(n: number, work: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const begun = performance.now();
    await work();
    out.push(performance.now() - begun);
  }
  return out;
}

/** A filter's shape for the profile: its fields and operators, no values. */
function shapeOf(filter: unknown): string {
  if (filter === null || typeof filter !== 'object' || filter instanceof Date) return '';
  if (Array.isArray(filter)) return `[${filter.map(shapeOf).join(',')}]`;
  const parts = Object.entries(filter as Record<string, unknown>).map(([k, v]) => {
    const inner = v !== null && typeof v === 'object' && !(v instanceof Date) && !Array.isArray(v) ? shapeOf(v) : '';
    return inner ? `${k}:${inner}` : k;
  });
  return `{${parts.join(',')}}`;
}

function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] * 10) / 10;
}

/**
 * A year of tickets: 90 % finished (closed, a few cancelled), 10 % open (new, assigned, waiting),
 * opened by 2,000 requesters (the console's Alice and Bertrand among them) and worked by the
 * policy's agents, each with the history events the ticket service writes.
 */
async function seedTickets(connection: Connection, helpdesk: Helpdesk, policy: Policy, size: number): Promise<void> {
  const people = personModel(connection);
  const requesters = Array.from({ length: REQUESTERS }, (_, i) => {
    const id = i === 0 ? 'alice' : i === 1 ? 'bertrand' : `employee${i}`;
    const locale = i % 3 === 1 ? ('fr' as const) : ('en' as const);
    return { key: `console:${id}`, platform: 'console' as const, platformId: id, name: `Employee ${i}`, locale };
  });
  requesters[0].name = 'Alice Martin';
  requesters[1].name = 'Bertrand Petit';
  for (let from = 2; from < REQUESTERS; from += INSERT_BATCH)
    await people.insertMany(
      requesters.slice(from, from + INSERT_BATCH).map((r) => ({ ...r, role: 'employee', lastSeenAt: NOW })),
    );
  const team = policy.teams.find((t) => t.level === 'L1')!.id;
  const agents = policy.agents.map((a) => ({
    key: `${a.platform}:${a.id}`,
    platform: a.platform,
    name: a.name,
    locale: a.locale ?? policy.locale.default,
  }));
  const sla = helpdesk.sla;
  const tickets = ticketModel(connection);
  const priorities: Priority[] = ['P1', 'P2', 'P3', 'P3', 'P4', 'P4'];
  const openStatuses: TicketStatus[] = ['new', 'assigned', 'assigned', 'waiting_user'];
  const doc = (i: number): Ticket => {
    const requester = requesters[i % REQUESTERS];
    const ref = { key: requester.key, platform: requester.platform, name: requester.name, locale: requester.locale };
    const open = i % 10 === 0;
    const priority = priorities[i % priorities.length];
    // Open tickets are recent; finished ones spread over the year before.
    const opened = new Date(NOW.getTime() - (open ? (i % 20) * DAY + 3600_000 : 2 * DAY + ((i * 7919) % 363) * DAY));
    let status: TicketStatus = open
      ? openStatuses[(i / 10) % openStatuses.length]
      : i % 37 === 0
        ? 'cancelled'
        : 'closed';
    // The console personas' open tickets never wait on them: their messages then go to intake.
    if (status === 'waiting_user' && i % REQUESTERS < 2) status = 'assigned';
    const assignee = status === 'new' ? undefined : agents[i % agents.length];
    const acknowledged = new Date(opened.getTime() + 20 * 60_000);
    const resolved = new Date(opened.getTime() + (1 + (i % 5)) * 3 * 3600_000);
    let state = sla.start(opened, priority, team);
    const history: HistoryEvent[] = [
      {
        at: opened,
        type: 'opened',
        actor: ref,
        channel: 'console',
        to: 'new',
        text: `Ticket ${i}`,
        data: { impact: 'medium', urgency: 'medium', priority },
      },
    ];
    if (assignee) {
      state = sla.acknowledge(state, acknowledged, team);
      history.push({
        at: acknowledged,
        type: 'claimed',
        actor: assignee,
        channel: 'console',
        from: 'new',
        to: 'assigned',
      });
    }
    if (status === 'closed') {
      state = sla.stop(state, resolved, team);
      history.push(
        {
          at: resolved,
          type: 'resolved',
          actor: assignee!,
          channel: 'console',
          from: 'assigned',
          to: 'resolved',
          text: 'Fixed',
        },
        {
          at: new Date(resolved.getTime() + 5 * DAY),
          type: 'closed',
          actor: assignee!,
          channel: 'system',
          from: 'resolved',
          to: 'closed',
        },
      );
    }
    if (status === 'cancelled') {
      state = sla.stop(state, acknowledged, team);
      history.push({
        at: acknowledged,
        type: 'cancelled',
        actor: ref,
        channel: 'console',
        from: 'new',
        to: 'cancelled',
      });
    }
    const finished = status === 'closed' || status === 'cancelled';
    return {
      number: `INC-${String(i + 1).padStart(6, '0')}`,
      type: i % 4 === 0 ? 'request' : 'incident',
      title: `Application ${i % 50} is slow for the ${['sales', 'finance', 'support', 'hr'][i % 4]} team`,
      description: `Since this morning application ${i % 50} takes more than a minute to open. Ticket ${i}.`,
      status,
      impact: 'medium',
      urgency: 'medium',
      priority,
      level: 'L1',
      team,
      category: ['hardware', 'software', 'access', 'network'][i % 4],
      channel: 'console',
      requester: ref,
      ...(assignee ? { assignee } : {}),
      sla: state,
      // Open tickets are checked in the future: the sweep's due work is bench/sla.ts's business.
      slaNextCheckAt: finished ? null : new Date(NOW.getTime() + DAY + (i % 1000) * 60_000),
      ...(assignee ? { firstResponseAt: acknowledged } : {}),
      ...(status === 'closed'
        ? { resolvedAt: resolved, closedAt: new Date(resolved.getTime() + 5 * DAY), resolution: 'Fixed' }
        : {}),
      ...(status === 'cancelled' ? { cancelledAt: acknowledged } : {}),
      reopenCount: 0,
      links: [],
      kbSuggestions: [],
      history,
      rev: history.length - 1,
      createdAt: opened,
      updatedAt: history[history.length - 1].at,
    } as Ticket;
  };
  for (let from = 0; from < size; from += INSERT_BATCH) {
    const batch: Ticket[] = [];
    for (let i = from; i < Math.min(size, from + INSERT_BATCH); i++) batch.push(doc(i));
    await tickets.insertMany(batch, { ordered: false });
    if ((from / INSERT_BATCH) % 10 === 9) progress(`  ${from + batch.length} tickets`);
  }
  await counterModel(connection).updateOne({ _id: 'INC' }, { $set: { seq: size } }, { upsert: true });
}

// ─── Burst of Slack DMs ──────────────────────────────────────────────────────────────────────

/**
 * Slack's Web API as the bot uses it during a burst, on loopback: users.info, conversations.open
 * and chat.postMessage (whose first call for a DM channel is that person's first reply).
 */
async function fakeSlackApi(): Promise<{ url: string; firstReply: Map<string, number>; close(): Promise<void> }> {
  const firstReply = new Map<string, number>();
  let seq = 0;
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const args: Record<string, string> = raw.startsWith('{')
      ? JSON.parse(raw)
      : Object.fromEntries(new URLSearchParams(raw));
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0];
    let body: object;
    if (method === 'users.info') {
      const id = String(args.user);
      body = {
        ok: true,
        user: {
          id,
          name: id.toLowerCase(),
          real_name: `Person ${id}`,
          is_bot: false,
          locale: 'en-US',
          profile: { real_name: `Person ${id}` },
        },
      };
    } else if (method === 'conversations.open') {
      body = { ok: true, channel: { id: `D${String(args.users).slice(1)}` } };
    } else if (method === 'chat.postMessage' || method === 'chat.postEphemeral') {
      const channel = String(args.channel);
      if (channel.startsWith('D') && !firstReply.has(channel)) firstReply.set(channel, performance.now());
      const ts = `1772442000.${String(++seq).padStart(6, '0')}`;
      body = { ok: true, channel, ts, message: { ts } };
    } else if (method === 'auth.test') {
      body = { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' };
    } else body = { ok: true };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/`,
    firstReply,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function burstRun(
  uri: string,
  policy: Policy,
  events: number,
  rate: number,
): Promise<{
  events: number;
  rate: number;
  ack_p99_ms: number;
  reply_p99_ms: number;
  replied: number;
  last_reply_s: number;
}> {
  const slack = await fakeSlackApi();
  const h = await openHelpdesk(uri, policy, 'burst', {
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.url,
    SLACK_API_RETRIES: '0',
  });
  try {
    await seedSampleKb(h.helpdesk.kb, KB_DIR);
    await h.helpdesk.kb.load();
    progress(`burst: ${events} Slack DMs from ${events} people at ${rate}/s`);
    const sentAt = new Map<string, number>();
    const acks: number[] = [];
    const pending: Promise<void>[] = [];
    const begun = performance.now();
    for (let i = 0; i < events; i++) {
      const due = begun + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const user = `UB${String(i).padStart(6, '0')}`;
      const body = JSON.stringify({
        token: 'legacy',
        team_id: 'T1',
        api_app_id: 'A1',
        type: 'event_callback',
        event_id: `EvBench${i}`,
        event_time: Math.floor(Date.now() / 1000),
        event: {
          type: 'message',
          channel: `D${user.slice(1)}`,
          channel_type: 'im',
          user,
          text: INTAKE_TEXTS[i % INTAKE_TEXTS.length],
          ts: `1772441000.${String(i).padStart(6, '0')}`,
        },
      });
      const timestamp = Math.floor(Date.now() / 1000);
      const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
      const sent = performance.now();
      sentAt.set(`D${user.slice(1)}`, sent);
      pending.push(
        fetch(`${h.url}/slack/events`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-slack-request-timestamp': String(timestamp),
            'x-slack-signature': signature,
          },
          body,
        }).then(async (res) => {
          await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`event ${i}: HTTP ${res.status}`);
          acks.push(performance.now() - sent);
        }),
      );
    }
    await Promise.all(pending);
    progress(`burst: all acknowledged; waiting for the replies`);
    const deadline = performance.now() + 300_000;
    while (slack.firstReply.size < events && performance.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const replies = [...sentAt.entries()].map(([channel, sent]) => {
      const first = slack.firstReply.get(channel);
      return first === undefined ? Infinity : first - sent;
    });
    const lastReply = Math.max(...[...slack.firstReply.values()].map((t) => t - begun));
    const result = {
      events,
      rate,
      ack_p99_ms: percentile(acks, 99),
      reply_p99_ms: percentile(replies, 99),
      replied: slack.firstReply.size,
      last_reply_s: Math.round(lastReply / 100) / 10,
    };
    progress(`burst: ${JSON.stringify(result)}`);
    return result;
  } finally {
    await h.close();
    await slack.close();
  }
}
