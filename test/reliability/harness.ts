import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import { freePort, startEmbeddedDatabase, type EmbeddedDatabase } from '../../src/db/embedded';

/**
 * What the reliability suite and `bench chaos` share: the real app started as a child process
 * (`src/main.ts`, killed with SIGKILL when asked), a real FerretDB it can lose and get back, and
 * local stand-ins for the two platforms — Slack's Web API and the Bot Framework connector,
 * answering and recording what the bot sends — plus senders of signed Slack events and of Teams
 * activities that retry what was not acknowledged, as both platforms do.
 */

const ROOT = path.resolve(__dirname, '../..');
export const SIGNING_SECRET = 'chaos-signing-secret-0123456789';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/* --------------------------------------------------------------- database */

/** A FerretDB server of the run's own, stopped and started again on the same port and files. */
export class ChaosDatabase {
  private db?: EmbeddedDatabase;
  private constructor(
    readonly dataDir: string,
    readonly port: number,
  ) {}

  static async start(): Promise<ChaosDatabase> {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'helpdesk-chaos-db-'));
    const db = new ChaosDatabase(dataDir, await freePort());
    await db.up();
    return db;
  }

  /** The URI the app is given (its database named in the path). */
  get uri(): string {
    return `mongodb://127.0.0.1:${this.port}/chaos`;
  }

  async up(): Promise<void> {
    this.db ??= await startEmbeddedDatabase({ dataDir: this.dataDir, port: this.port });
  }

  async down(): Promise<void> {
    await this.db?.stop();
    this.db = undefined;
  }

  /** A connection of the test's own, to read what the app stored. */
  async connect(): Promise<Connection> {
    const connection = mongoose.createConnection(`mongodb://127.0.0.1:${this.port}/`, { dbName: 'chaos' });
    await connection.asPromise();
    return connection;
  }
}

/* --------------------------------------------------------------- platforms */

export interface SentToTeams {
  conversation: string;
  body: Record<string, unknown>;
}

/**
 * Slack's Web API (`/api/<method>`) and the Bot Framework connector (`/v3/conversations/...`) on
 * one local server. Any Slack user id is a person of the workspace (English, unless `fr` in the id).
 */
export class Platforms {
  readonly slackCalls: { method: string; args: Record<string, unknown> }[] = [];
  readonly teamsSent: SentToTeams[] = [];
  private seq = 0;
  private constructor(private readonly server: Server) {}

  static async start(): Promise<Platforms> {
    const made: { platforms?: Platforms } = {};
    const server = createServer((req, res) => {
      void readBody(req).then((text) => {
        const [status, body] = made.platforms!.answer(req, text);
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
    });
    // Idle keep-alive sockets outlive the app's reuse of them (no "other side closed" races).
    server.keepAliveTimeout = 120_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    made.platforms = new Platforms(server);
    return made.platforms;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private answer(req: IncomingMessage, text: string): [number, object] {
    const url = req.url ?? '';
    const teams = /^\/v3\/conversations\/([^/]+)\/activities/.exec(url);
    if (teams) {
      this.teamsSent.push({ conversation: decodeURIComponent(teams[1]), body: JSON.parse(text || '{}') });
      return [200, { id: `bot-${++this.seq}` }];
    }
    const slack = /^\/api\/([a-zA-Z.]+)/.exec(url);
    if (!slack) return [404, { error: 'not found' }];
    const args: Record<string, unknown> = text.startsWith('{')
      ? JSON.parse(text)
      : Object.fromEntries(new URLSearchParams(text));
    this.slackCalls.push({ method: slack[1], args });
    return [200, this.slack(slack[1], args)];
  }

  private slack(method: string, args: Record<string, unknown>): object {
    const ts = () => `1772442000.${String(++this.seq).padStart(6, '0')}`;
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' };
      case 'chat.postMessage':
        return { ok: true, channel: args.channel, ts: ts() };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: ts() };
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(args.users).slice(1)}` } };
      case 'users.info': {
        const id = String(args.user);
        return {
          ok: true,
          user: {
            id,
            name: id.toLowerCase(),
            real_name: `Person ${id}`,
            is_bot: false,
            locale: /FR/.test(id) ? 'fr-FR' : 'en-US',
            profile: { display_name: '', real_name: `Person ${id}` },
          },
        };
      }
      case 'usergroups.users.list':
        return { ok: true, users: [] };
      case 'views.publish':
      case 'views.open':
        return { ok: true, view: { id: 'V1' } };
      default:
        return { ok: true };
    }
  }

  /** What the bot posted in a Slack conversation (texts). */
  slackPosts(channel: string): string[] {
    return this.slackCalls
      .filter((c) => c.method === 'chat.postMessage' && c.args.channel === channel)
      .map((c) => String(c.args.text ?? ''));
  }

  /** What the bot sent to a Teams conversation (message texts, card texts). */
  teamsTexts(conversation: string): string[] {
    return this.teamsSent.filter((s) => s.conversation === conversation).map((s) => textOf(s.body));
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => resolve(text));
  });
}

/** A sent activity's words: its text and every TextBlock of its cards. */
function textOf(activity: Record<string, unknown>): string {
  const parts: string[] = typeof activity.text === 'string' ? [activity.text] : [];
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (n.type === 'TextBlock' && typeof n.text === 'string') parts.push(n.text);
    for (const child of [...((n.body as unknown[]) ?? []), ...((n.items as unknown[]) ?? [])]) walk(child);
  };
  for (const a of (activity.attachments as { content?: unknown }[] | undefined) ?? []) walk(a.content);
  return parts.join('\n');
}

/* --------------------------------------------------------------- the app */

/** The helpdesk as `npm start` runs it, in a child process of its own. */
export class AppProcess {
  private child?: ChildProcess;
  private exited?: Promise<void>;
  starts = 0;

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly logFile: string,
  ) {}

  static async create(db: ChaosDatabase, platforms: Platforms): Promise<AppProcess> {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'helpdesk-chaos-app-'));
    const port = await freePort();
    return new AppProcess(
      port,
      {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? os.tmpdir(),
        NODE_ENV: 'development',
        HOST: '127.0.0.1',
        PORT: String(port),
        MONGODB_URI: db.uri,
        DATA_DIR: dataDir,
        LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? 'warn',
        DOTENV_CONFIG_QUIET: 'true',
        SLACK_BOT_TOKEN: 'xoxb-chaos',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: `${platforms.url}/api/`,
        // As deployed: Web API calls retried (a reply lost to one failed call is no lost delivery).
        SLACK_API_RETRIES: '3',
      },
      path.join(dataDir, 'app.log'),
    );
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts the process and waits until it serves HTTP (the database may be down). */
  async start(): Promise<void> {
    const log = createWriteStream(this.logFile, { flags: 'a' });
    // tsx as a loader, not its CLI: the CLI runs the app in a child of its own, which SIGKILL would miss.
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/main.ts')], {
      cwd: ROOT,
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    this.starts++;
    const started = Date.now();
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode} (log: ${this.logFile})`);
      const up = await fetch(`${this.url}/healthz`)
        .then((r) => r.ok)
        .catch(() => false);
      if (up) return;
      if (Date.now() - started > 240_000) throw new Error(`the app did not start (log: ${this.logFile})`);
      await sleep(100);
    }
  }

  /** `kill -9`: no shutdown, nothing flushed beyond what was written. */
  async kill(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  async stop(): Promise<void> {
    if (!this.child || this.child.exitCode !== null) return;
    this.child.kill('SIGTERM');
    await Promise.race([this.exited, sleep(10_000)]);
    if (this.child.exitCode === null) await this.kill();
  }

  async ready(): Promise<boolean> {
    return fetch(`${this.url}/readyz`)
      .then((r) => r.ok)
      .catch(() => false);
  }
}

/* --------------------------------------------------------------- deliveries */

/** One message a platform delivers, and what became of it. */
export interface Delivery {
  channel: 'slack' | 'teams';
  /** The platform's id of it (Slack event id, Teams activity id). */
  id: string;
  /** The person's platform id; the conversation the answer must reach. */
  user: string;
  conversation: string;
  text: string;
  /** 200 received for one of its attempts. */
  acknowledged: boolean;
  attempts: number;
  send(app: AppProcess, retry: number): Promise<number>;
}

let eventSeq = 0;

/** A DM to the bot, as Slack delivers it (signed now, retried with X-Slack-Retry-Num). */
export function slackDm(user: string, text: string, eventId = `EvChaos${Date.now()}${++eventSeq}`): Delivery {
  const channel = `D${user.slice(1)}`;
  const body = JSON.stringify({
    token: 'legacy',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    event: {
      type: 'message',
      channel,
      channel_type: 'im',
      user,
      text,
      ts: `${Math.floor(Date.now() / 1000)}.${eventSeq}`,
    },
  });
  return {
    channel: 'slack',
    id: eventId,
    user,
    conversation: channel,
    text,
    acknowledged: false,
    attempts: 0,
    async send(app, retry) {
      const stamp = Math.floor(Date.now() / 1000);
      const signature = createHmac('sha256', SIGNING_SECRET).update(`v0:${stamp}:${body}`).digest('hex');
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'x-slack-request-timestamp': String(stamp),
        'x-slack-signature': `v0=${signature}`,
      };
      if (retry > 0) Object.assign(headers, { 'x-slack-retry-num': String(retry), 'x-slack-retry-reason': 'timeout' });
      return post(`${app.url}/slack/events`, body, headers);
    },
  };
}

let activitySeq = 0;

/** A personal-chat message to the bot, as the Bot Framework delivers it (the same activity on every retry). */
export function teamsMessage(platforms: Platforms, user: string, text: string): Delivery {
  const conversation = `a:personal-${user}`;
  const id = `chaos-${Date.now()}-${++activitySeq}`;
  const body = JSON.stringify({
    type: 'message',
    id,
    timestamp: new Date().toISOString(),
    serviceUrl: `${platforms.url}/`,
    channelId: 'msteams',
    from: { id: `29:${user}`, name: `Person ${user}`, aadObjectId: user },
    recipient: { id: '28:helpdesk-bot', name: 'Helpdesk' },
    conversation: { id: conversation, conversationType: 'personal', tenantId: 'tenant-chaos' },
    locale: 'en-US',
    text,
    textFormat: 'plain',
    channelData: { tenant: { id: 'tenant-chaos' } },
  });
  return {
    channel: 'teams',
    id,
    user,
    conversation,
    text,
    acknowledged: false,
    attempts: 0,
    send: (app) => post(`${app.url}/api/messages`, body, { 'content-type': 'application/json' }),
  };
}

/** The HTTP status of a POST, 0 when the connection failed (the app is down or died meanwhile). */
async function post(url: string, body: string, headers: Record<string, string>): Promise<number> {
  try {
    const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(20_000) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

/** One attempt of a delivery; remembers whether it was acknowledged. */
export async function attempt(app: AppProcess, delivery: Delivery): Promise<void> {
  if (delivery.acknowledged) return;
  const status = await delivery.send(app, delivery.attempts++);
  if (status === 200) delivery.acknowledged = true;
}

/**
 * The platforms' retries: every delivery not yet acknowledged is sent again (Slack tries three
 * more times, the Bot Framework a few; here until acknowledged, up to `tries`).
 */
export async function redeliver(app: AppProcess, deliveries: Delivery[], tries = 5): Promise<void> {
  for (let i = 0; i < tries && deliveries.some((d) => !d.acknowledged); i++) {
    await Promise.all(deliveries.filter((d) => !d.acknowledged).map((d) => attempt(app, d)));
    if (deliveries.some((d) => !d.acknowledged)) await sleep(1000);
  }
}

/** Sends deliveries at `perSecond`, starting each on time (not waiting for the previous answer). */
export async function burst(
  app: AppProcess,
  deliveries: Delivery[],
  perSecond: number,
  during?: { at: number; run: () => Promise<void> },
): Promise<void> {
  const inFlight: Promise<void>[] = [];
  let event: Promise<void> | undefined;
  const started = Date.now();
  for (const [i, delivery] of deliveries.entries()) {
    if (during && i === during.at) event = during.run();
    const due = started + (i * 1000) / perSecond;
    if (due > Date.now()) await sleep(due - Date.now());
    inFlight.push(attempt(app, delivery));
  }
  await Promise.all(inFlight);
  await event;
}

/* --------------------------------------------------------------- outcomes */

/** What the bot says while the database is down (kept, or refused): no answer to the message yet. */
const NOT_AN_ANSWER = /database is unavailable|base de données du support est indisponible/;

/** How many times the bot answered a delivery's message in its conversation. */
export function answers(platforms: Platforms, delivery: Delivery): number {
  const texts =
    delivery.channel === 'slack'
      ? platforms.slackPosts(delivery.conversation)
      : platforms.teamsTexts(delivery.conversation);
  // A new person's first message gets one answer: the intake's question, or an article to try.
  return texts.filter((t) => t.trim() && !NOT_AN_ANSWER.test(t)).length;
}

export interface Tally {
  sent: number;
  acknowledged: number;
  /** Acknowledged, never answered. */
  lost: number;
  /** Answered more than once. */
  duplicated: number;
}

export function tally(platforms: Platforms, deliveries: Delivery[]): Tally {
  const counts = deliveries.map((d) => answers(platforms, d));
  return {
    sent: deliveries.length,
    acknowledged: deliveries.filter((d) => d.acknowledged).length,
    lost: deliveries.filter((d, i) => d.acknowledged && counts[i] === 0).length,
    duplicated: counts.filter((c) => c > 1).length,
  };
}

/** Waits until every acknowledged delivery was answered, or `timeoutMs` passed; then a short settle for duplicates. */
export async function settle(platforms: Platforms, deliveries: Delivery[], timeoutMs: number): Promise<Tally> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until && tally(platforms, deliveries).lost > 0) await sleep(250);
  await sleep(1500);
  return tally(platforms, deliveries);
}

export { sleep };
