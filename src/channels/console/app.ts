import { randomUUID } from 'node:crypto';
import path from 'node:path';
import express, { type Express, type Router } from 'express';
import { z } from 'zod';
import { consoleAccess, type Env, type Policy } from '../../config';
import type { Assistant } from '../../core/conversation';
import type { OutboundMessage } from '../../core/notify';
import type { Actor, People } from '../../core/people';
import { isDatabaseUnavailable } from '../../core/errors';
import { t, toLocale, type Locale } from '../../i18n';
import { type Channel, type ChannelDeps, type ChannelState } from '../channel';
import type { Inbound } from '../inbox';
import { ConsoleCrisisRooms } from './crisis';
import { AGENTS_ROOM, ConsoleMessenger, dmRoom } from './messenger';
import { personas, type Persona } from './personas';
import { ConsoleSignIn, SIGNIN_HEADERS, signInPage } from './signin';
import { jsonBody } from '../../http/input';

// Static files stay in src/ (tsc does not copy them); src/ and dist/ sit at the same depth.
const PUBLIC_DIR = path.resolve(__dirname, '../../..', 'src/channels/console/public');

const roomName = z.string().regex(/^(agents|managers|stakeholders|dm:[a-z0-9_-]{1,40}|crisis:[A-Za-z0-9_-]{1,60})$/);
/** A client may name its request (`id`): sent again, it is recognised and not worked twice. */
const requestId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,60}$/)
  .optional();
const messageBody = z.object({
  id: requestId,
  persona: z.string().min(1).max(40),
  text: z.string().max(20_000),
  room: roomName.optional(),
  ticket: z.string().max(20).optional(),
});
const actionBody = z.object({
  request: requestId,
  persona: z.string().min(1).max(40),
  id: z.string().min(1).max(60),
  value: z.string().max(200),
  /** The words a button asks for (an assignee, a reason, a resolution). */
  input: z.string().max(4000).optional(),
  room: roomName.optional(),
});
const sinceQuery = z.object({ since: z.coerce.number().int().nonnegative().optional() });

/**
 * The console channel: a local web chat (GET /console) and the small JSON API behind it, which
 * doubles as a scripting interface for demos and checks (see README).
 */
export function consoleRouter(deps: {
  policy: Policy;
  people: People;
  assistant: Assistant;
  messenger: ConsoleMessenger;
  /** Served beyond this machine: everything but the sign-in page needs a session. */
  signIn?: ConsoleSignIn;
  inbound: Inbound;
}): { router: Router; resume: (payload: unknown) => Promise<void> } {
  const { policy, people, assistant, messenger, inbound } = deps;
  const router = express.Router();
  if (deps.signIn) guardWithSignIn(router, deps.signIn, policy.locale.default);
  const cast = personas(policy);
  const byId = new Map(cast.map((p) => [p.id, p]));

  const actorFor = async (persona: Persona): Promise<Actor> => ({
    person: await people.identify({
      platform: 'console',
      platformId: persona.id,
      name: persona.name,
      locale: persona.locale,
    }),
    channel: 'console',
  });
  const bad = (res: express.Response, message: string, status = 400) => res.status(status).json({ error: message });

  router.get('/', (_req, res) => res.sendFile(path.join(PUBLIC_DIR, 'index.html')));
  router.get('/app.js', (_req, res) => res.type('application/javascript').sendFile(path.join(PUBLIC_DIR, 'app.js')));

  router.get('/api/personas', (_req, res) => {
    res.json({
      personas: cast.map((p) => ({
        ...p,
        room: dmRoom(p.id),
        rooms: p.agent ? [dmRoom(p.id), AGENTS_ROOM] : [dmRoom(p.id)],
      })),
      labels: Object.fromEntries(
        ['en', 'fr'].map((l) => [
          l,
          {
            placeholder: t(l as 'en', 'console.placeholder'),
            send: t(l as 'en', 'console.send'),
            context: t(l as 'en', 'console.context'),
            newRequest: t(l as 'en', 'console.new_request'),
            signOut: t(l as 'en', 'console.signin.signout'),
          },
        ]),
      ),
      // Behind its password, the page offers to sign out.
      signOut: Boolean(deps.signIn),
    });
  });

  router.get('/api/rooms', async (_req, res, next) => {
    try {
      res.json({ crisis: await messenger.crisisRooms() });
    } catch (err) {
      next(err);
    }
  });

  router.get('/api/rooms/:room/messages', async (req, res, next) => {
    const room = roomName.safeParse(req.params.room);
    const query = sinceQuery.safeParse(req.query);
    if (!room.success || !query.success) return bad(res, 'invalid room or since');
    try {
      res.json({ messages: await messenger.messages(room.data, query.data.since) });
    } catch (err) {
      next(err);
    }
  });

  type MessageInput = z.infer<typeof messageBody> & { room: string };
  type ActionInput = z.infer<typeof actionBody> & { room: string };
  type Kept = { kind: 'message'; input: MessageInput } | { kind: 'action'; input: ActionInput };

  /** A message in a room: the user's words go to the room log first, then the answers. */
  async function converse(persona: Persona, input: MessageInput, key: string) {
    const { room } = input;
    const actor = await actorFor(persona);
    const place = room.startsWith('dm:') ? 'direct' : room.startsWith('crisis:') ? 'crisis' : 'agents';
    // With the database down the room cannot be written; the assistant then keeps the message for
    // retry and says so, and the page shows that exchange from this answer (`saved: false`).
    const saved = await unlessDatabaseDown(() =>
      messenger.post(
        room,
        { key: actor.person.key, name: persona.name },
        { text: input.text, ticketNumber: input.ticket },
        // Worked again after a restart, the words are not written twice.
        `said:${key}`,
      ),
    );
    const replies = await assistant.handleMessage({ actor, text: input.text, place, threadTicket: input.ticket, room });
    const repliesSaved = saved && (await unlessDatabaseDown(() => postReplies(room, replies)));
    return repliesSaved ? { replies } : { replies, saved: false };
  }

  async function act(persona: Persona, input: ActionInput) {
    const actor = await actorFor(persona);
    const replies = await assistant.handleAction({
      actor,
      id: input.id,
      value: input.value,
      input: input.input,
      room: input.room,
    });
    const saved = await unlessDatabaseDown(() => postReplies(input.room, replies));
    return saved ? { replies } : { replies, saved: false };
  }

  // After a restart, what the page sent is worked again; the page reads the answers from the room.
  const resume = async (payload: unknown) => {
    const kept = payload as Kept & { key: string };
    const persona = byId.get(kept.input.persona);
    if (!persona) return;
    if (kept.kind === 'message') await converse(persona, kept.input, kept.key);
    else await act(persona, kept.input);
  };

  /** Kept in the inbox, then worked: the answer is the page's. A request sent again gets `duplicate`. */
  async function keepAndWork<T>(
    res: express.Response,
    kept: Kept,
    id: string | undefined,
    work: (key: string) => Promise<T>,
  ) {
    const key = id ? `${kept.input.persona}:${id}` : randomUUID();
    const received = await inbound.receive({ key, conversation: kept.input.room, payload: { ...kept, key } }, () =>
      work(key),
    );
    if (received.kind === 'duplicate')
      return res.status(409).json({ error: 'request already received', duplicate: true });
    if (received.kind === 'refused') {
      const text = t(toLocale(byId.get(kept.input.persona)?.locale) ?? policy.locale.default, 'errors.db_full');
      return res
        .status(503)
        .set('retry-after', '60')
        .json({ error: 'database unavailable', replies: [{ text }] });
    }
    res.json(received.result);
  }

  router.post('/api/messages', async (req, res, next) => {
    const body = messageBody.safeParse(req.body);
    if (!body.success) return bad(res, body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const persona = byId.get(body.data.persona);
    if (!persona) return bad(res, `unknown persona ${body.data.persona}`, 404);
    const room = body.data.room ?? dmRoom(persona.id);
    if (room !== dmRoom(persona.id) && !persona.agent) return bad(res, 'this persona cannot write in that room', 403);
    try {
      // Nothing to keep in a blank message: the assistant's answer ("describe your problem") is all.
      if (!body.data.text.trim()) {
        const actor = await actorFor(persona);
        const place = room.startsWith('dm:') ? 'direct' : room.startsWith('crisis:') ? 'crisis' : 'agents';
        const replies = await assistant.handleMessage({ actor, text: '', place, threadTicket: body.data.ticket, room });
        return res.json({ replies });
      }
      const input = { ...body.data, room };
      await keepAndWork(res, { kind: 'message', input }, body.data.id, (key) => converse(persona, input, key));
    } catch (err) {
      next(err);
    }
  });

  router.post('/api/actions', async (req, res, next) => {
    const body = actionBody.safeParse(req.body);
    if (!body.success) return bad(res, body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const persona = byId.get(body.data.persona);
    if (!persona) return bad(res, `unknown persona ${body.data.persona}`, 404);
    const input = { ...body.data, room: body.data.room ?? dmRoom(persona.id) };
    try {
      await keepAndWork(res, { kind: 'action', input }, body.data.request, () => act(persona, input));
    } catch (err) {
      next(err);
    }
  });

  /** Runs a write to the room log; false when the database is unreachable, other errors thrown. */
  async function unlessDatabaseDown(write: () => Promise<unknown>): Promise<boolean> {
    try {
      await write();
      return true;
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
      return false;
    }
  }

  async function postReplies(room: string, replies: OutboundMessage[]): Promise<void> {
    for (const reply of replies) await messenger.postBot(room, reply);
  }

  return { router, resume };
}

/**
 * The console channel (`/console`): the local web chat and its API. Served on this machine in
 * development, elsewhere only with `CONSOLE_ENABLED=true` and behind `CONSOLE_PASSWORD`.
 */
export class ConsoleChannel implements Channel {
  readonly platform = 'console' as const;
  readonly messenger: ConsoleMessenger;
  readonly rooms: ConsoleCrisisRooms;
  private resumer?: (payload: unknown) => Promise<void>;

  constructor(private readonly deps: ChannelDeps) {
    this.messenger = new ConsoleMessenger({ connection: deps.connection, clock: deps.clock });
    this.rooms = new ConsoleCrisisRooms(this.messenger);
  }

  enabled(env: Env): ChannelState {
    const access = consoleAccess(env);
    return access.served ? { on: true } : { on: false, reason: access.reason };
  }

  mount(app: Express, inbound: Inbound): void {
    const { env, policy, people, assistant, clock } = this.deps;
    const access = consoleAccess(env);
    const signIn = access.served && access.password ? new ConsoleSignIn(access.password, clock) : undefined;
    const { router, resume } = consoleRouter({ policy, people, assistant, messenger: this.messenger, signIn, inbound });
    this.resumer = resume;
    app.use('/console', ...jsonBody('64kb'), router);
  }

  async resume(payload: unknown): Promise<void> {
    if (!this.resumer) throw new Error('the console channel is not mounted');
    await this.resumer(payload);
  }

  async stop(): Promise<void> {}
}

/**
 * The sign-in page and the session check in front of every other console route: the page and its
 * script answer 401 with the sign-in form, the API 401 in JSON (the page then reloads to the form).
 */
function guardWithSignIn(router: Router, signIn: ConsoleSignIn, defaultLocale: Locale): void {
  const localeOf = (req: express.Request): Locale => {
    const asked = typeof req.query.lang === 'string' ? toLocale(req.query.lang) : undefined;
    return asked ?? toLocale(req.acceptsLanguages('fr', 'en') || undefined) ?? defaultLocale;
  };
  const page = (req: express.Request, res: express.Response, status: number, problem?: 'wrong' | 'limited') =>
    res
      .status(status)
      .set(SIGNIN_HEADERS)
      .type('html')
      .send(signInPage(localeOf(req), problem));

  router.post('/signin', express.urlencoded({ extended: false, limit: '4kb' }), (req, res) => {
    const client = req.ip ?? 'unknown';
    const outcome = signIn.attempt(client, (req.body as { password?: unknown } | undefined)?.password);
    if (outcome === 'ok') {
      signIn.startSession(req, res);
      return res.redirect(303, '/console');
    }
    if (outcome === 'limited') res.set('retry-after', String(signIn.retryAfterSeconds(client)));
    page(req, res, outcome === 'limited' ? 429 : 401, outcome);
  });
  router.post('/signout', (_req, res) => {
    signIn.endSession(res);
    res.redirect(303, '/console');
  });
  router.use((req, res, next) => {
    if (signIn.isSignedIn(req)) return next();
    if (req.path.startsWith('/api/')) return void res.status(401).json({ error: 'sign-in required' });
    page(req, res, 401);
  });
}
