import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import mongoose, { type Connection } from 'mongoose';
import nock from 'nock';
import { createHelpdesk, finalizeHelpdesk, type Helpdesk } from '../../../src/compose';
import type { Policy } from '../../../src/config';
import { createLogger } from '../../../src/observability/logger';
import { startTestHelpdesk, type TestHelpdesk } from '../../support/helpdesk';

export const SERVICE_URL = 'https://smba.example.test/emea/';
const ORIGIN = 'https://smba.example.test';
export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const TEAM = '19:team-general@thread.tacv2';
export const AGENTS_CHANNEL = '19:agents-channel@thread.tacv2';
export const BOT = { id: '28:helpdesk-bot', name: 'Helpdesk' };

export interface TeamsUser {
  aad: string;
  name: string;
  locale: string;
}

export const alice: TeamsUser = { aad: '00000000-0000-0000-0000-00000000a11c', name: 'Alice Martin', locale: 'en-US' };
export const bertrand: TeamsUser = {
  aad: '00000000-0000-0000-0000-0000000be27a',
  name: 'Bertrand Petit',
  locale: 'fr-FR',
};
export const sam: TeamsUser = { aad: '00000000-0000-0000-0000-000000000005', name: 'Sam Carter', locale: 'en-US' };
export const lucas: TeamsUser = { aad: '00000000-0000-0000-0000-00000000000c', name: 'Lucas Bernard', locale: 'fr-FR' };

/** The shipped policy plus two Teams agents (AAD object ids) and the agents' channel. */
export function teamsPolicy(policy: Policy): Policy {
  policy.agents.push(
    { platform: 'teams', id: sam.aad, name: sam.name, role: 'agent', team: 'servicedesk', level: 'L1', locale: 'en' },
    { platform: 'teams', id: lucas.aad, name: lucas.name, role: 'lead', team: 'workplace', level: 'L2', locale: 'fr' },
  );
  policy.channels.agents.teams = AGENTS_CHANNEL;
  return policy;
}

/** Connector calls are retried quickly in tests; card actions get the production budget. */
export const FAST_TEAMS = { retry: { baseDelayMs: 5, maxDelayMs: 20 } };

export function startTeamsHelpdesk(
  options: {
    env?: Record<string, string>;
    actionBudgetMs?: number;
    policy?: (p: Policy) => Policy;
    databaseUri?: string;
  } = {},
): Promise<TestHelpdesk> {
  return startTestHelpdesk({
    env: options.env,
    databaseUri: options.databaseUri,
    policy: (p) => (options.policy ?? ((x: Policy) => x))(teamsPolicy(p)),
    extend: (opts) => ({
      ...opts,
      teams: { ...FAST_TEAMS, ...(options.actionBudgetMs ? { actionBudgetMs: options.actionBudgetMs } : {}) },
    }),
  });
}

let seq = 0;
const nextId = () => `${Date.now()}${String(++seq).padStart(4, '0')}`;

const userAccount = (user: TeamsUser) => ({ id: `29:${user.aad}`, name: user.name, aadObjectId: user.aad });
export const personalConversation = (user: TeamsUser) => `a:personal-${user.aad}`;

function base(user: TeamsUser, conversation: Record<string, unknown>, channelData: Record<string, unknown> = {}) {
  return {
    id: nextId(),
    timestamp: new Date().toISOString(),
    serviceUrl: SERVICE_URL,
    channelId: 'msteams',
    from: userAccount(user),
    recipient: BOT,
    conversation: { tenantId: TENANT, ...conversation },
    locale: user.locale,
    channelData: { tenant: { id: TENANT }, ...channelData },
  };
}

export type Activity = Record<string, unknown> & { id: string };

export function personalMessage(user: TeamsUser, text: string): Activity {
  return {
    ...base(user, { id: personalConversation(user), conversationType: 'personal' }),
    type: 'message',
    text,
    textFormat: 'plain',
  };
}

/** A message in the agents' channel mentioning the bot; in a thread when `root` is given. */
export function channelMessage(user: TeamsUser, text: string, root?: string): Activity {
  const activity = base(
    user,
    { id: `${AGENTS_CHANNEL};messageid=${root ?? nextId()}`, conversationType: 'channel', isGroup: true },
    { team: { id: TEAM }, channel: { id: AGENTS_CHANNEL } },
  );
  return {
    ...activity,
    type: 'message',
    text: `<at>Helpdesk</at> ${text}`,
    entities: [{ type: 'mention', mentioned: BOT, text: '<at>Helpdesk</at>' }],
  };
}

/** An `Action.Execute` click, in the personal chat or on a card in the agents' channel. */
export function execute(
  user: TeamsUser,
  data: Record<string, unknown>,
  where: 'personal' | { root: string } = 'personal',
): Activity {
  const conversation =
    where === 'personal'
      ? base(user, { id: personalConversation(user), conversationType: 'personal' })
      : base(
          user,
          { id: `${AGENTS_CHANNEL};messageid=${where.root}`, conversationType: 'channel', isGroup: true },
          { team: { id: TEAM }, channel: { id: AGENTS_CHANNEL } },
        );
  return {
    ...conversation,
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb: data.action, data }, trigger: 'manual' },
  };
}

/** The app added to the agents' team: Teams tells the bot in the team's General channel. */
export function addedToTeam(user: TeamsUser): Activity {
  return {
    ...base(
      user,
      { id: TEAM, conversationType: 'channel', isGroup: true },
      { team: { id: TEAM }, eventType: 'teamMemberAdded' },
    ),
    type: 'conversationUpdate',
    membersAdded: [{ id: BOT.id }],
  };
}

export function installedPersonally(user: TeamsUser): Activity {
  return {
    ...base(user, { id: personalConversation(user), conversationType: 'personal' }),
    type: 'installationUpdate',
    action: 'add',
  };
}

export async function post(
  url: string,
  activity: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof activity === 'string' ? activity : JSON.stringify(activity),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

export interface SentActivity {
  method: 'POST' | 'PUT';
  conversationId: string;
  /** PUT: the updated activity; POST: the activity replied to, if any. */
  activityId?: string;
  body: any;
  authorization?: string;
}

/** Button as the bot rendered it, found in a card (ShowCards included). */
export interface CardButton {
  title: string;
  data: Record<string, unknown> & { action: string; value: string };
  /** The input field's id, for buttons under a ShowCard form. */
  input?: string;
}

export function buttonsOf(card: any): CardButton[] {
  const found: CardButton[] = [];
  for (const action of card?.actions ?? []) {
    if (action.type === 'Action.Execute') found.push({ title: action.title, data: action.data });
    if (action.type === 'Action.ShowCard')
      for (const inner of action.card.actions ?? [])
        found.push({
          title: action.title,
          data: inner.data,
          input: action.card.body.find((b: any) => b.type === 'Input.Text')?.id,
        });
  }
  return found;
}

/** Every piece of text in a card, in order. */
export function textOf(card: any): string {
  const parts: string[] = [];
  const walk = (node: any) => {
    if (!node || typeof node !== 'object') return;
    if (node.type === 'TextBlock') parts.push(node.text);
    for (const child of [...(node.body ?? []), ...(node.items ?? [])]) walk(child);
  };
  walk(card);
  return parts.join('\n');
}

export const cardOf = (activity: any) =>
  activity?.attachments?.find((a: any) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;

/**
 * The Bot Framework connector at the activity's serviceUrl, faked with nock: records what the
 * bot sends (replies, proactive messages, card updates) and answers like Teams does, with
 * activity ids unique across the test file.
 */
let connectorIds = 0;

export class FakeConnector {
  readonly sent: SentActivity[] = [];

  install(): this {
    const sent = this.sent;
    const record = (method: 'POST' | 'PUT') =>
      function (
        this: { req: { headers: Record<string, string | string[]> } },
        uri: string,
        body: unknown,
      ): [number, object] {
        const match = /\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?/.exec(uri)!;
        const conversationId = decodeURIComponent(match[1]);
        const activityId = match[2] ? decodeURIComponent(match[2]) : undefined;
        const auth = this.req.headers.authorization;
        sent.push({ method, conversationId, activityId, body, authorization: Array.isArray(auth) ? auth[0] : auth });
        return [200, { id: method === 'PUT' ? activityId! : `bot-${++connectorIds}` }];
      };
    nock(ORIGIN)
      .persist()
      .post(/\/v3\/conversations\/[^/]+\/activities/)
      .reply(record('POST'))
      .put(/\/v3\/conversations\/[^/]+\/activities\/[^/]+/)
      .reply(record('PUT'));
    return this;
  }

  to(conversationId: string): SentActivity[] {
    return this.sent.filter((s) => s.conversationId === conversationId);
  }

  toPerson(user: TeamsUser): SentActivity[] {
    return this.to(personalConversation(user));
  }

  /** Messages posted (not updates) in a conversation, as text: plain text or the card's text. */
  textsTo(conversationId: string): string[] {
    return this.to(conversationId)
      .filter((s) => s.method === 'POST')
      .map((s) => s.body.text ?? textOf(cardOf(s.body)));
  }

  clear(): void {
    this.sent.length = 0;
  }

  async waitFor<T>(find: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
    const started = Date.now();
    for (;;) {
      const found = find();
      if (found) return found;
      if (Date.now() - started > timeoutMs) throw new Error('connector call never came');
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

/** Only loopback (the helpdesk, the database) may be reached; the rest is nock. */
export function isolateNetwork(): void {
  if (!nock.isActive()) nock.activate();
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
}

/**
 * Leaves the process as found, for the next test file jest runs in this worker: another copy of
 * nock is loaded there, and one left active here would refuse its requests first.
 */
export function releaseNetwork(): void {
  nock.cleanAll();
  nock.enableNetConnect();
  nock.restore();
}

/**
 * Employee intake through Teams: free text, then the impact and urgency buttons of the cards the
 * bot sent. Returns the ticket number shown on the card posted to the person's chat.
 */
export async function openTicketFromTeams(
  url: string,
  connector: FakeConnector,
  user: TeamsUser,
  text: string,
  choice: { impact: string; urgency: string } = { impact: 'high', urgency: 'medium' },
): Promise<string> {
  const before = connector.toPerson(user).length;
  await post(url, personalMessage(user, text));
  const question = cardOf(connector.toPerson(user).at(-1)!.body);
  const impact = buttonsOf(question).find(
    (b) => b.data.action === 'intake.impact' && b.data.value.endsWith(`:${choice.impact}`),
  )!;
  await post(url, execute(user, impact.data));
  const urgencyCard = cardOf(connector.toPerson(user).at(-1)!.body);
  const urgency = buttonsOf(urgencyCard).find(
    (b) => b.data.action === 'intake.urgency' && b.data.value.endsWith(`:${choice.urgency}`),
  )!;
  await post(url, execute(user, urgency.data));
  // Posted during the click's turn, or just after it when the click outlived the action budget.
  return connector.waitFor(() =>
    connector
      .toPerson(user)
      .slice(before)
      .map((s) => /\b(INC|REQ)-\d{6}\b/.exec(textOf(cardOf(s.body)))?.[0])
      .find(Boolean),
  );
}

/** The agents' team knows the app (its General channel reference is stored). */
export async function installInAgentsTeam(url: string): Promise<void> {
  const res = await post(url, addedToTeam(sam));
  if (res.status !== 200) throw new Error(`install failed: ${res.status}`);
}

/**
 * A second process on the same database: a fresh connection and a fresh helpdesk (no memory of
 * the first), as after a restart.
 */
export async function restartedHelpdesk(
  h: TestHelpdesk,
): Promise<{ helpdesk: Helpdesk; url: string; close(): Promise<void> }> {
  const connection: Connection = mongoose.createConnection(process.env.TEST_MONGODB_URI!, {
    dbName: h.connection.name,
  });
  await connection.asPromise();
  const logger = createLogger('silent');
  const helpdesk = createHelpdesk({
    connection,
    env: h.env,
    policy: h.policy,
    logger,
    clock: h.clock,
    teams: FAST_TEAMS,
  });
  await helpdesk.syncIndexes();
  finalizeHelpdesk(helpdesk, logger);
  const server: Server = await new Promise((resolve) => {
    const s = helpdesk.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    helpdesk,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await connection.close();
    },
  };
}
