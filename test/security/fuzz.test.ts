import { createHmac } from 'node:crypto';
import { SIGNING_SECRET, startSlackHelpdesk, type SlackHelpdesk } from '../channels/slack/support';
import { alice, channelMessage, execute, installedPersonally, personalMessage } from '../channels/teams/support';
import { consoleSay } from '../support/helpdesk';
import { storedState } from './stored';
import { seededRandom as prng } from '../../src/core/random';

/**
 * Thousands of generated bad inputs, from a fixed seed, against the real HTTP app on FerretDB:
 * Slack events, commands, actions, views and shortcuts (signed, badly signed, stale, oversized,
 * of the wrong shape), Teams activities and console API posts. Every one must be refused with a
 * 4xx: none may get a 5xx, crash the process or change anything stored.
 */
const SEED = 0x5eed14;
const INPUTS = 3000;
const PARALLEL = 8;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Kind = 'string' | 'object' | 'array' | 'number' | 'boolean';

interface Input {
  label: string;
  path: string;
  /** Built when sent: a signature made minutes before (a slow run) would be stale by then. */
  headers: (now: number) => Record<string, string>;
  body: Buffer;
}

class Gen {
  constructor(readonly next: () => number) {}
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  text(max = 12): string {
    const alphabet = 'abcXYZ019 _-./:é€😀"\\\n\t<>{}[]$%&=+';
    return Array.from({ length: this.int(max) }, () => this.pick([...alphabet])).join('');
  }
  /** Any JSON value, nested a little. */
  json(depth = 0): Json {
    switch (this.int(depth > 2 ? 5 : 7)) {
      case 0:
        return null;
      case 1:
        return this.chance(0.5);
      case 2:
        return this.pick([0, -1, 1.5, 1e308, 2 ** 53, -0]);
      case 3:
      case 4:
        return this.text();
      case 5:
        return Array.from({ length: this.int(4) }, () => this.json(depth + 1));
      default:
        return Object.fromEntries(Array.from({ length: this.int(4) }, () => [this.text(6), this.json(depth + 1)]));
    }
  }
  /** A value that is not of `kind` (so a field checked as `kind` must refuse it). */
  wrong(kind: Kind): Json {
    const all: Record<Kind, Json[]> = {
      string: ['x', ''],
      object: [{ a: 1 }],
      array: [[], ['x']],
      number: [3],
      boolean: [true],
    };
    const others = (Object.keys(all) as Kind[]).filter((k) => k !== kind).flatMap((k) => all[k]);
    return this.pick([null, ...others]);
  }
}

const clone = <T>(value: T): T => structuredClone(value);

function at(root: Json, path: string): { parent: Record<string, Json> | Json[]; key: string } {
  const keys = path.split('.');
  let node = root as Record<string, Json>;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, Json>;
  return { parent: node, key: keys.at(-1)! };
}

function setAt(root: Json, path: string, value: Json | undefined): Json {
  const copy = clone(root);
  const { parent, key } = at(copy, path);
  if (value === undefined) delete (parent as Record<string, Json>)[key];
  else (parent as Record<string, Json>)[key] = value;
  return copy;
}

/** Every string leaf of a value, by path. */
function stringPaths(value: Json, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => stringPaths(v, prefix ? `${prefix}.${k}` : k));
}

/** A JSON text with a lone surrogate in one string (or key): `JSON.stringify` would escape it anyway. */
function withLoneSurrogate(g: Gen, value: Json): string {
  const paths = stringPaths(value);
  const lone = g.pick(['\ud800', '\udfff', '\udbff', '\udc00']);
  const target = paths.length ? g.pick(paths) : undefined;
  if (!target || g.chance(0.2)) {
    const text = JSON.stringify(value);
    return text.replace(/"([a-z_]+)":/, (_m, key: string) => `"${key}${JSON.stringify(lone).slice(1, -1)}":`);
  }
  const { parent, key } = at(clone(value), target);
  const copy = setAt(value, target, `${(parent as Record<string, string>)[key] ?? ''}${lone}`);
  return JSON.stringify(copy);
}

/* ---------------------------------------------------------------- Slack */

interface SlackTemplate {
  name: string;
  form: 'json' | 'payload';
  value: Json;
  /** Fields the edge checks, with their kind, and whether they are required. */
  checked: [path: string, kind: Kind, required: boolean][];
}

const message = {
  type: 'message',
  channel: 'DALICE',
  channel_type: 'im',
  user: 'UALICE',
  text: 'printer down',
  ts: '1772441000.000001',
};
const envelope = (event: Json): Json => ({
  token: 'legacy',
  team_id: 'T1',
  api_app_id: 'A1',
  type: 'event_callback',
  event_id: 'Ev0FUZZ',
  event_time: 1772442000,
  authorizations: [{ team_id: 'T1', enterprise_id: null, is_enterprise_install: false }],
  event,
});
const eventChecks: SlackTemplate['checked'] = [
  ['type', 'string', true],
  ['event_id', 'string', true],
  ['event', 'object', true],
  ['event.type', 'string', true],
  ['team_id', 'string', false],
  ['authorizations', 'array', false],
  ['authorizations.0', 'object', false],
];
const button = {
  action_id: 'ticket.claim',
  block_id: 'b',
  type: 'button',
  value: 'INC-000001',
  text: { type: 'plain_text', text: 'Claim' },
};

const SLACK: SlackTemplate[] = [
  {
    name: 'message',
    form: 'json',
    value: envelope(message),
    checked: [
      ...eventChecks,
      ['event.channel', 'string', true],
      ['event.user', 'string', false],
      ['event.text', 'string', false],
      ['event.ts', 'string', true],
      ['event.channel_type', 'string', false],
    ],
  },
  {
    name: 'thread reply',
    form: 'json',
    value: envelope({ ...message, thread_ts: '1772440000.000001', subtype: 'thread_broadcast' }),
    checked: [
      ...eventChecks,
      ['event.thread_ts', 'string', false],
      ['event.subtype', 'string', false],
      ['event.channel', 'string', true],
    ],
  },
  {
    name: 'app_mention',
    form: 'json',
    value: envelope({
      type: 'app_mention',
      channel: 'CAGENTS',
      user: 'USAM',
      text: '<@UBOT> queue',
      ts: '1772441000.000002',
    }),
    checked: [
      ...eventChecks,
      ['event.channel', 'string', true],
      ['event.user', 'string', false],
      ['event.text', 'string', false],
      ['event.ts', 'string', true],
    ],
  },
  {
    name: 'app_home_opened',
    form: 'json',
    value: envelope({ type: 'app_home_opened', user: 'UALICE', tab: 'home' }),
    checked: [...eventChecks, ['event.user', 'string', true], ['event.tab', 'string', false]],
  },
  {
    name: 'reaction_added',
    form: 'json',
    value: envelope({
      type: 'reaction_added',
      user: 'UALICE',
      reaction: 'ticket',
      item_user: 'UBERTRAND',
      item: { type: 'message', channel: 'CGENERAL', ts: '1772441000.000003' },
    }),
    checked: [
      ...eventChecks,
      ['event.user', 'string', true],
      ['event.reaction', 'string', true],
      ['event.item', 'object', true],
      ['event.item.type', 'string', true],
      ['event.item.channel', 'string', false],
      ['event.item.ts', 'string', false],
      ['event.item_user', 'string', false],
    ],
  },
  {
    name: 'block_actions',
    form: 'payload',
    value: {
      type: 'block_actions',
      team: { id: 'T1' },
      user: { id: 'USAM', team_id: 'T1' },
      api_app_id: 'A1',
      trigger_id: 'trigger-1',
      container: { type: 'message', message_ts: '1772442000.000001', channel_id: 'CAGENTS', is_ephemeral: false },
      channel: { id: 'CAGENTS' },
      message: { ts: '1772442000.000001', text: 'INC-000001', blocks: [{ type: 'section' }] },
      response_url: 'https://hooks.slack.com/actions/T1/1/abc',
      actions: [button],
    },
    checked: [
      ['type', 'string', true],
      ['user', 'object', true],
      ['user.id', 'string', true],
      ['channel', 'object', false],
      ['channel.id', 'string', true],
      ['container', 'object', false],
      ['container.type', 'string', true],
      ['message', 'object', false],
      ['message.ts', 'string', true],
      ['message.blocks', 'array', false],
      ['message.text', 'string', false],
      ['actions', 'array', true],
      ['actions.0', 'object', true],
      ['actions.0.action_id', 'string', true],
      ['actions.0.type', 'string', true],
      ['actions.0.value', 'string', false],
      ['actions.0.block_id', 'string', false],
      ['response_url', 'string', false],
      ['trigger_id', 'string', false],
    ],
  },
  {
    name: 'view_submission',
    form: 'payload',
    value: {
      type: 'view_submission',
      team: { id: 'T1' },
      user: { id: 'UALICE' },
      view: {
        id: 'V1',
        callback_id: 'ticket.new',
        private_metadata: '{"locale":"en"}',
        state: { values: { title: { input: { type: 'plain_text_input', value: 'Laptop' } } } },
      },
    },
    checked: [
      ['type', 'string', true],
      ['user', 'object', true],
      ['user.id', 'string', true],
      ['view', 'object', true],
      ['view.callback_id', 'string', true],
      ['view.state', 'object', true],
      ['view.state.values', 'object', true],
      // Which blocks a form has is the listener's to check (it answers 200 with the form's errors).
      ['view.state.values.title', 'object', false],
      ['view.state.values.title.input', 'object', false],
      ['view.state.values.title.input.type', 'string', true],
      ['view.private_metadata', 'string', false],
    ],
  },
  {
    name: 'message_action',
    form: 'payload',
    value: {
      type: 'message_action',
      callback_id: 'ticket.from_message',
      trigger_id: 'trigger-2',
      team: { id: 'T1' },
      user: { id: 'UALICE' },
      channel: { id: 'CGENERAL' },
      message: { ts: '1772441000.000004', text: 'VPN is down', user: 'UBERTRAND' },
    },
    checked: [
      ['type', 'string', true],
      ['callback_id', 'string', true],
      ['trigger_id', 'string', true],
      ['user', 'object', true],
      ['user.id', 'string', true],
      ['channel', 'object', true],
      ['channel.id', 'string', true],
      ['message', 'object', true],
      ['message.ts', 'string', true],
      ['message.user', 'string', false],
    ],
  },
];

const COMMAND: Record<string, string> = {
  token: 'legacy',
  team_id: 'T1',
  channel_id: 'DALICE',
  user_id: 'UALICE',
  command: '/helpdesk',
  text: 'my tickets',
  trigger_id: 'trigger-3',
  response_url: 'https://hooks.slack.com/commands/T1/1/abc',
};

function signed(body: Buffer, contentType: string, timestamp: number, secret = SIGNING_SECRET): Record<string, string> {
  const mac = createHmac('sha256', secret).update(`v0:${timestamp}:`).update(body).digest('hex');
  return {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': `v0=${mac}`,
  };
}

function slackBody(template: SlackTemplate, value: Json | string): { body: Buffer; type: string } {
  const json = typeof value === 'string' ? value : JSON.stringify(value);
  if (template.form === 'json') return { body: Buffer.from(json), type: 'application/json' };
  return { body: Buffer.from(`payload=${encodeURIComponent(json)}`), type: 'application/x-www-form-urlencoded' };
}

function slackInput(g: Gen): Input {
  const post = (label: string, body: Buffer, headers: (now: number) => Record<string, string>): Input => ({
    label: `slack ${label}`,
    path: '/slack/events',
    headers,
    body,
  });
  const template = g.pick(SLACK);
  const way = g.int(100);
  if (way < 40) {
    // Signed, with one checked field of the wrong type or missing.
    const [path, kind, required] = g.pick(template.checked);
    const value =
      required && g.chance(0.3) ? setAt(template.value, path, undefined) : setAt(template.value, path, g.wrong(kind));
    const { body, type } = slackBody(template, value);
    return post(`${template.name} ${path}`, body, (now) => signed(body, type, now));
  }
  if (way < 52) {
    const { body, type } = slackBody(template, withLoneSurrogate(g, template.value));
    return post(`${template.name} lone surrogate`, body, (now) => signed(body, type, now));
  }
  if (way < 62) {
    // Signed junk: any JSON, random bytes, or a form of nothing Slack sends.
    const junk = g.pick([
      () => Buffer.from(JSON.stringify(g.json())),
      () => Buffer.from(Array.from({ length: g.int(64) }, () => g.int(256))),
      () => Buffer.from(new URLSearchParams({ [g.text(6) || 'x']: g.text() }).toString()),
      () => Buffer.from(`payload=${encodeURIComponent(JSON.stringify(g.json()))}`),
    ])();
    const type = g.pick(['application/json', 'application/x-www-form-urlencoded', 'text/plain']);
    return post('signed junk', junk, (now) => signed(junk, type, now));
  }
  if (way < 72) {
    // Slash commands: a form has only strings, so fields go missing, repeat or break their format.
    const fields = new URLSearchParams(COMMAND);
    const key = g.pick(['user_id', 'channel_id', 'trigger_id', 'command']);
    const how = g.int(3);
    if (how === 0) fields.delete(key);
    else if (how === 1) fields.append(key, COMMAND[key]);
    else if (key === 'trigger_id') fields.set(key, '');
    else fields.set(key, g.pick(['', 'lowercase', 'X'.repeat(300), 'U', '/other']));
    if (g.chance(0.2)) fields.set('text', 'x'.repeat(4001));
    const body = Buffer.from(fields.toString());
    return post(`command ${key}`, body, (now) => signed(body, 'application/x-www-form-urlencoded', now));
  }
  // A well-formed payload with a broken signature: wrong secret, stale or future, tampered, absent.
  // Skews of an hour and more: inputs are made before the run, and a slow run must not bring a
  // +301 s timestamp back inside the window (the 301 s edge is in bad-input.test.ts).
  const { body, type } = slackBody(template, template.value);
  const breakage = g.int(6);
  const skew = g.pick([3600, 7200, 86_400, 86_400 * 365]) * (g.chance(0.5) ? 1 : -1);
  const stamp = g.pick(['', 'now', '1e9', '-1', 'dotted']);
  const headers = (now: number) =>
    breakage === 0
      ? signed(body, type, now, 'not-the-secret')
      : breakage === 1
        ? signed(body, type, now + skew)
        : breakage === 2
          ? { ...signed(body, type, now), 'x-slack-signature': `v0=${'ab'.repeat(32)}` }
          : breakage === 3
            ? { 'content-type': type }
            : breakage === 4
              ? {
                  ...signed(body, type, now),
                  'x-slack-request-timestamp': stamp === 'dotted' ? `${now}.0` : stamp,
                }
              : signed(Buffer.concat([body, Buffer.from(' ')]), type, now);
  return post(`${template.name} bad signature ${breakage}`, body, headers);
}

/* ---------------------------------------------------------------- Teams */

const TEAMS: { name: string; value: Json; checked: [string, Kind, boolean][] }[] = [
  {
    name: 'message',
    value: personalMessage(alice, 'my laptop is slow') as Json,
    checked: [
      ['id', 'string', true],
      ['text', 'string', false],
      ['type', 'string', true],
    ],
  },
  {
    name: 'channel message',
    value: channelMessage(alice, 'queue') as Json,
    checked: [
      ['entities', 'array', false],
      ['entities.0', 'object', false],
      ['entities.0.type', 'string', true],
      ['channelData.team', 'object', false],
    ],
  },
  {
    name: 'invoke',
    value: execute(alice, { action: 'ticket.status', value: 'INC-000001' }) as Json,
    checked: [
      ['value', 'object', true],
      ['value.action', 'object', true],
      ['value.action.type', 'string', true],
      ['value.action.data', 'object', true],
      ['value.action.data.action', 'string', true],
      ['name', 'string', false],
    ],
  },
  { name: 'installation', value: installedPersonally(alice) as Json, checked: [['action', 'string', false]] },
];
const TEAMS_COMMON: [string, Kind, boolean][] = [
  ['serviceUrl', 'string', true],
  ['channelId', 'string', true],
  ['from', 'object', true],
  ['from.id', 'string', true],
  ['from.aadObjectId', 'string', false],
  ['recipient', 'object', true],
  ['recipient.id', 'string', true],
  ['conversation', 'object', true],
  ['conversation.id', 'string', true],
  ['conversation.conversationType', 'string', false],
  ['locale', 'string', false],
  ['channelData', 'object', false],
  ['channelData.tenant', 'object', false],
];

function teamsInput(g: Gen): Input {
  const template = g.pick(TEAMS);
  const post = (label: string, body: string | Buffer): Input => ({
    label: `teams ${template.name} ${label}`,
    path: '/api/messages',
    headers: () => ({ 'content-type': 'application/json' }),
    body: Buffer.from(body),
  });
  const way = g.int(10);
  if (way < 6) {
    const [path, kind, required] = g.pick([...template.checked, ...TEAMS_COMMON]);
    const value =
      required && g.chance(0.3) ? setAt(template.value, path, undefined) : setAt(template.value, path, g.wrong(kind));
    return post(path, JSON.stringify(value));
  }
  if (way < 8) return post('lone surrogate', withLoneSurrogate(g, template.value));
  if (way < 9) return post('junk', JSON.stringify(g.json()));
  return post('not JSON', Buffer.from(Array.from({ length: 1 + g.int(40) }, () => g.int(256))));
}

/* ---------------------------------------------------------------- Console */

function consoleInput(g: Gen): Input {
  const action = g.chance(0.5);
  const value: Json = action
    ? { persona: 'sam', id: 'ticket.claim', value: 'INC-000001', room: 'agents' }
    : { persona: 'alice', text: 'the printer is jammed', room: 'dm:alice' };
  const checked: [string, Kind][] = action
    ? [
        ['persona', 'string'],
        ['id', 'string'],
        ['value', 'string'],
        ['input', 'string'],
        ['room', 'string'],
      ]
    : [
        ['persona', 'string'],
        ['text', 'string'],
        ['room', 'string'],
        ['ticket', 'string'],
      ];
  const way = g.int(10);
  let body: string;
  let label: string;
  if (way < 5) {
    const [path, kind] = g.pick(checked);
    label = path;
    body = JSON.stringify(setAt(value, path, g.wrong(kind)));
  } else if (way < 7) {
    // Well-typed but refused: someone else's room, an unknown persona, a room name that is no room.
    label = 'refused';
    const refused: Json[] = [
      { ...(value as object), persona: g.pick(['nobody', 'ALICE', 'x'.repeat(41)]) },
      { ...(value as object), room: g.pick(['crisis:../x', 'DM:alice', 'agents ', '']) },
      { ...(value as object), ...(action ? { id: '', value: 'x'.repeat(201) } : { text: 'x'.repeat(20_001) }) },
    ];
    // Messages only: an employee may write in her own room, nowhere else.
    if (!action) refused.push({ ...(value as object), room: g.pick(['agents', 'managers', 'dm:bertrand']) });
    body = JSON.stringify(g.pick(refused));
  } else if (way < 8) {
    label = 'lone surrogate';
    body = withLoneSurrogate(g, value);
  } else {
    label = 'junk';
    body = g.chance(0.5) ? JSON.stringify(g.json()) : `{${g.text()}`;
  }
  return {
    label: `console ${action ? 'action' : 'message'} ${label}`,
    path: action ? '/console/api/actions' : '/console/api/messages',
    headers: () => ({ 'content-type': 'application/json' }),
    body: Buffer.from(body),
  };
}

/* ---------------------------------------------------------------- the run */

function generate(): Input[] {
  const g = new Gen(prng(SEED));
  const inputs: Input[] = [];
  while (inputs.length < INPUTS) {
    const r = g.int(100);
    inputs.push(r < 60 ? slackInput(g) : r < 85 ? teamsInput(g) : consoleInput(g));
  }
  return inputs;
}

describe('fuzz: generated bad input against the real app and database', () => {
  let h: SlackHelpdesk;
  const crashes: unknown[] = [];
  const onCrash = (err: unknown) => crashes.push(err);
  beforeAll(async () => {
    h = await startSlackHelpdesk();
    process.on('unhandledRejection', onCrash);
    process.on('uncaughtException', onCrash);
    // Something stored to protect: a person, a conversation and a ticket in progress.
    expect((await consoleSay(h.url, 'alice', 'my badge does not open the door')).status).toBe(200);
  });
  afterAll(async () => {
    process.off('unhandledRejection', onCrash);
    process.off('uncaughtException', onCrash);
    await h.close();
  });

  it(`given ${INPUTS} generated inputs (seed ${SEED.toString(16)}), then every one gets a 4xx, nothing crashes and nothing stored changes`, async () => {
    const inputs = generate();
    const before = await storedState(h.connection);
    const slackCalls = h.slack.calls.length;
    const failures: string[] = [];
    const statuses: Record<string, number> = {};
    let next = 0;
    const worker = async () => {
      while (next < inputs.length) {
        const input = inputs[next++];
        const res = await fetch(`${h.url}${input.path}`, {
          method: 'POST',
          headers: input.headers(Math.floor(Date.now() / 1000)),
          body: new Uint8Array(input.body),
        }).catch((err: Error) => ({ status: 0, text: async () => err.message }));
        const text = await res.text().catch(() => '');
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (!(res.status >= 400 && res.status < 500))
          failures.push(`${res.status} ${input.label}: ${text.slice(0, 160)}`);
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    // Work the bot might have started in the background has had time to write.
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(failures.slice(0, 20)).toEqual([]);
    expect(crashes).toEqual([]);
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
    expect(await storedState(h.connection)).toEqual(before);
    expect(h.slack.calls.slice(slackCalls)).toEqual([]);
    expect(Object.keys(statuses).every((s) => Number(s) >= 400 && Number(s) < 500)).toBe(true);
  }, 300_000);
});
