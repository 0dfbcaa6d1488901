import { createHmac } from 'node:crypto';
import nock from 'nock';
import type { Policy } from '../../../src/config';
import { startTestHelpdesk, type TestHelpdesk } from '../../support/helpdesk';

/** Slack's Web API in tests: a nock host, so nothing leaves the machine. */
export const SLACK_API_URL = 'http://slack.test/api/';
export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const AGENTS_CHANNEL = 'CAGENTS';
export const BOT_USER = 'UBOT';

export const slackEnv = {
  SLACK_BOT_TOKEN: 'xoxb-test-token',
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  SLACK_API_URL,
  SLACK_API_RETRIES: '0',
};

export interface SlackUserFixture {
  name: string;
  locale?: string;
  email?: string;
}

/** The people of the test workspace. Sam is an agent by id, Lucie through the agents' user group. */
export const USERS: Record<string, SlackUserFixture> = {
  UALICE: { name: 'Alice Martin', locale: 'en-US', email: 'alice@example.com' },
  UBERTRAND: { name: 'Bertrand Petit', locale: 'fr-FR' },
  USAM: { name: 'Sam Carter', locale: 'en-GB' },
  ULUCIE: { name: 'Lucie Roux', locale: 'fr-FR' },
  UCHLOE: { name: 'Chloé Dubois', locale: 'fr-FR' },
};

export function withSlackPolicy(policy: Policy): Policy {
  return {
    ...policy,
    channels: { ...policy.channels, agents: { ...policy.channels.agents, slack: AGENTS_CHANNEL } },
    agents: [
      ...policy.agents,
      { platform: 'slack', id: 'USAM', name: 'Sam Carter', role: 'agent', team: 'servicedesk', level: 'L1' },
    ],
    agentGroups: [...policy.agentGroups, { platform: 'slack', id: 'SAGENTS', team: 'servicedesk', level: 'L1' }],
  };
}

export interface ApiCall {
  method: string;
  args: Record<string, any>;
  result: Record<string, any>;
}

/** Form-encoded (or JSON) Web API arguments, with `blocks` and `view` decoded. */
function decode(body: unknown): Record<string, any> {
  if (body && typeof body === 'object') return body as Record<string, any>;
  const args: Record<string, any> = Object.fromEntries(new URLSearchParams(String(body ?? '')));
  for (const key of ['blocks', 'view']) if (typeof args[key] === 'string') args[key] = JSON.parse(args[key]);
  return args;
}

/**
 * A Slack workspace as the Web API shows it: users, user groups, channel messages. Every call is
 * recorded and answered the way Slack answers (ts, DM channel ids, ok: true).
 */
export class FakeSlack {
  readonly calls: ApiCall[] = [];
  readonly messages = new Map<string, { text: string; user?: string }>();
  groups: Record<string, string[]> = { SAGENTS: ['ULUCIE'] };
  /** What `apps.connections.open` hands out (Socket Mode). */
  socketUrl?: string;
  private seq = 0;

  install(): this {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    nock(new URL(SLACK_API_URL).origin)
      .persist()
      .post(/^\/api\/[a-zA-Z.]+$/)
      .reply((uri, body) => {
        const method = uri.replace('/api/', '');
        const args = decode(body);
        const result = this.answer(method, args) as Record<string, any>;
        this.calls.push({ method, args, result });
        return [200, result];
      });
    return this;
  }

  uninstall(): void {
    nock.cleanAll();
    nock.enableNetConnect();
  }

  nextTs(): string {
    this.seq += 1;
    return `1772442000.${String(this.seq).padStart(6, '0')}`;
  }

  private answer(method: string, args: Record<string, any>): object {
    switch (method) {
      case 'apps.connections.open':
        return this.socketUrl ? { ok: true, url: this.socketUrl } : { ok: false, error: 'invalid_auth' };
      case 'auth.test':
        return { ok: true, user_id: BOT_USER, bot_id: 'BBOT', team_id: 'T1' };
      case 'chat.postMessage': {
        const ts = this.nextTs();
        return { ok: true, channel: args.channel, ts, message: { ts, text: args.text } };
      }
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.nextTs() };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(args.users).slice(1)}` } };
      case 'users.info': {
        const user = USERS[args.user];
        if (!user) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id: args.user,
            name: user.name.split(' ')[0].toLowerCase(),
            real_name: user.name,
            is_bot: false,
            locale: user.locale,
            profile: { display_name: '', real_name: user.name, email: user.email },
          },
        };
      }
      case 'usergroups.users.list':
        return { ok: true, users: this.groups[args.usergroup] ?? [] };
      case 'conversations.history':
      case 'conversations.replies': {
        const message = this.messages.get(`${args.channel}:${args.latest ?? args.ts}`);
        return { ok: true, messages: message ? [{ type: 'message', ts: args.latest ?? args.ts, ...message }] : [] };
      }
      case 'views.open':
      case 'views.publish':
        return { ok: true, view: { id: 'V1', ...args.view } };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  /** Arguments of each call of `method`; a posted message also gets the `posted_ts` Slack gave it. */
  of(method: string, filter: (args: Record<string, any>) => boolean = () => true): Record<string, any>[] {
    return this.calls
      .filter((c) => c.method === method && filter(c.args))
      .map((c) => ({ ...c.args, ...(method === 'chat.postMessage' ? { posted_ts: c.result.ts } : {}) }));
  }

  posts(channel?: string): Record<string, any>[] {
    return this.of('chat.postMessage', (a) => !channel || a.channel === channel);
  }

  /** Everything the bot said, as one text (messages, updates, ephemerals, block texts). */
  said(channel?: string): string {
    return this.calls
      .filter(
        (c) =>
          ['chat.postMessage', 'chat.update', 'chat.postEphemeral'].includes(c.method) &&
          (!channel || c.args.channel === channel),
      )
      .map((c) => [c.args.text, ...(c.args.blocks ?? []).map(blockText)].join('\n'))
      .join('\n');
  }

  reset(): void {
    this.calls.length = 0;
  }
}

export function blockText(block: any): string {
  if (block.text?.text) return block.text.text;
  if (Array.isArray(block.elements)) return block.elements.map((e: any) => e.text?.text ?? e.text ?? '').join(' ');
  return '';
}

/** Buttons of a posted message, as Slack would send them back. */
export function buttonsOf(
  post: Record<string, any>,
): { action_id: string; value: string; text: string; block_id: string }[] {
  return (post.blocks ?? [])
    .filter((b: any) => b.type === 'actions')
    .flatMap((b: any, i: number) =>
      b.elements.map((e: any) => ({
        action_id: e.action_id,
        value: e.value,
        text: e.text.text,
        block_id: b.block_id ?? `b${i}`,
      })),
    );
}

export async function waitFor<T>(
  probe: () => T | Promise<T>,
  what = 'condition',
  timeoutMs = 8000,
): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export function sign(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignedOptions {
  timestamp?: number;
  secret?: string;
  signature?: string;
  retryNum?: number;
}

/** POSTs to /slack/events exactly as Slack does: raw body, v0 HMAC signature, timestamp. */
export async function postSigned(url: string, body: string, contentType: string, options: SignedOptions = {}) {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': options.signature ?? sign(body, timestamp, options.secret),
  };
  if (options.retryNum) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  const res = await fetch(`${url}/slack/events`, { method: 'POST', headers, body });
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json };
}

let eventSeq = 0;

export function sendEvent(
  url: string,
  event: Record<string, unknown>,
  options: SignedOptions & { eventId?: string } = {},
) {
  const eventId = options.eventId ?? `Ev${Date.now()}${++eventSeq}`;
  const body = JSON.stringify({
    token: 'legacy',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: eventId,
    event_time: 1772442000,
    event,
  });
  return postSigned(url, body, 'application/json', options);
}

export function sendInteraction(url: string, payload: Record<string, unknown>, options: SignedOptions = {}) {
  const body = new URLSearchParams({
    payload: JSON.stringify({ team: { id: 'T1' }, api_app_id: 'A1', ...payload }),
  }).toString();
  return postSigned(url, body, 'application/x-www-form-urlencoded', options);
}

/** Slack gives every command, click and form submission its own trigger id (and each click its `action_ts`). */
let interactionSeq = 0;
export const triggerId = (user: string) => `trigger-${user}-${++interactionSeq}`;

export function sendCommand(
  url: string,
  user: string,
  text: string,
  channel = `D${user.slice(1)}`,
  options: SignedOptions = {},
  trigger = triggerId(user),
) {
  const body = new URLSearchParams({
    token: 'legacy',
    team_id: 'T1',
    api_app_id: 'A1',
    channel_id: channel,
    user_id: user,
    command: '/helpdesk',
    text,
    trigger_id: trigger,
    response_url: 'https://hooks.slack.com/commands/T1/1/abc',
  }).toString();
  return postSigned(url, body, 'application/x-www-form-urlencoded', options);
}

let tsSeq = 0;
export function userTs(): string {
  tsSeq += 1;
  return `1772441000.${String(tsSeq).padStart(6, '0')}`;
}

/** A direct message from a user to the bot (top level, or in a thread). */
export function dm(
  url: string,
  user: string,
  text: string,
  extra: { thread_ts?: string; eventId?: string; retryNum?: number } = {},
) {
  const { eventId, retryNum, ...fields } = extra;
  return sendEvent(
    url,
    { type: 'message', channel: `D${user.slice(1)}`, channel_type: 'im', user, text, ts: userTs(), ...fields },
    { eventId, retryNum },
  );
}

/** Clicks a button of a message the bot posted (block_actions from that message). */
export function click(
  url: string,
  user: string,
  post: Record<string, any>,
  button: { action_id: string; value: string; text: string },
) {
  return sendInteraction(url, {
    type: 'block_actions',
    user: { id: user },
    trigger_id: triggerId(user),
    container: { type: 'message', message_ts: post.posted_ts, channel_id: post.channel, is_ephemeral: false },
    channel: { id: post.channel },
    message: {
      ts: post.posted_ts,
      text: post.text,
      blocks: post.blocks,
      ...(post.thread_ts ? { thread_ts: post.thread_ts } : {}),
    },
    response_url: 'https://hooks.slack.com/actions/T1/1/abc',
    actions: [
      {
        action_id: button.action_id,
        block_id: 'b',
        type: 'button',
        value: button.value,
        text: { type: 'plain_text', text: button.text },
        action_ts: `1772442000.${String(++interactionSeq).padStart(6, '0')}`,
      },
    ],
  });
}

/**
 * Clicks "Skip" on the bot's impact/urgency question and waits for the "ticket opened" post in
 * `channel`; returns that post (its text carries the number, see `ticketNumberOf`).
 */
export async function skipToTicket(h: SlackHelpdesk, user: string, channel: string, question: Record<string, any>) {
  await click(
    h.url,
    user,
    question,
    buttonsOf(question).find((b) => b.action_id === 'intake.skip')!,
  );
  return waitFor(() => h.slack.posts(channel).find((p) => /Ticket \*INC-\d{6}\* opened/.test(p.text)), 'ticket opened');
}

export const ticketNumberOf = (post: Record<string, any>): string => /INC-\d{6}/.exec(post.text)![0];

export interface SlackHelpdesk extends TestHelpdesk {
  slack: FakeSlack;
}

export async function startSlackHelpdesk(
  options: {
    policy?: (p: Policy) => Policy;
    env?: Record<string, string>;
    databaseUri?: string;
    spoolMaxBytes?: number;
  } = {},
): Promise<SlackHelpdesk> {
  const slack = new FakeSlack().install();
  const h = await startTestHelpdesk({
    env: { ...slackEnv, ...options.env },
    databaseUri: options.databaseUri,
    spoolMaxBytes: options.spoolMaxBytes,
    policy: (p) => (options.policy ? options.policy(withSlackPolicy(p)) : withSlackPolicy(p)),
  });
  const closeHelpdesk = h.close;
  return Object.assign(h, {
    slack,
    async close() {
      await closeHelpdesk.call(h);
      slack.uninstall();
    },
  });
}
