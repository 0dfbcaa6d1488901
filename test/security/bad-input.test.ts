import { createHmac } from 'node:crypto';
import { connect } from 'node:net';
import { SLACK_BODY_LIMIT_BYTES } from '../../src/channels/slack/edge';
import {
  postSigned,
  sendEvent,
  sendInteraction,
  sign,
  SIGNING_SECRET,
  startSlackHelpdesk,
  waitFor,
  type SlackHelpdesk,
} from '../channels/slack/support';
import { alice, personalMessage, post, startTeamsHelpdesk } from '../channels/teams/support';
import type { TestHelpdesk } from '../support/helpdesk';
import { storedState } from './stored';

const JSON_TYPE = 'application/json';
const FORM = 'application/x-www-form-urlencoded';
const now = () => Math.floor(Date.now() / 1000);

/** Sends only the head of a request and reports what the server answered and whether it hung up. */
function headOnly(url: string, head: string): Promise<{ answer: string; closed: boolean }> {
  const { port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1');
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve({ answer, closed: true }));
    socket.write(head);
    // A server still waiting for the body would leave the socket open: give up after 5 s.
    setTimeout(() => {
      socket.destroy();
      resolve({ answer, closed: false });
    }, 5000).unref();
  });
}

/** A signed JSON post of raw bytes (fetch would re-encode a string as UTF-8). */
async function postBytes(url: string, bytes: Buffer): Promise<{ status: number }> {
  const timestamp = now();
  const mac = createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:`).update(bytes).digest('hex');
  const res = await fetch(`${url}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': JSON_TYPE,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': `v0=${mac}`,
    },
    body: new Uint8Array(bytes),
  });
  await res.arrayBuffer();
  return { status: res.status };
}

function slackHead(url: string, headers: Record<string, string>): string {
  const { host } = new URL(url);
  const lines = Object.entries({ host, ...headers }).map(([k, v]) => `${k}: ${v}`);
  return `POST /slack/events HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}

describe('Slack: bad input gets 4xx and changes nothing stored', () => {
  let h: SlackHelpdesk;
  beforeAll(async () => {
    h = await startSlackHelpdesk();
  });
  afterAll(() => h.close());

  const event = (extra: Record<string, unknown>) =>
    JSON.stringify({ type: 'event_callback', event_id: `Ev${Math.random()}`, team_id: 'T1', ...extra });
  const message = { type: 'message', channel: 'DALICE', channel_type: 'im', user: 'UALICE', text: 'hi', ts: '1.1' };
  const button = { action_id: 'ticket.claim', type: 'button', value: 'INC-000001' };

  it('given validly signed payloads of the wrong shape anywhere, then each gets 400 and nothing is stored', async () => {
    const before = await storedState(h.connection);
    const cases: [string, () => Promise<{ status: number }>][] = [
      ['body null', () => postSigned(h.url, 'null', JSON_TYPE)],
      ['body a number', () => postSigned(h.url, '1', JSON_TYPE)],
      ['body an array', () => postSigned(h.url, '[]', JSON_TYPE)],
      ['body not JSON', () => postSigned(h.url, '{"type":', JSON_TYPE)],
      ['body empty', () => postSigned(h.url, '', JSON_TYPE)],
      ['no type', () => postSigned(h.url, '{}', JSON_TYPE)],
      ['unknown envelope', () => postSigned(h.url, '{"type":"whatever"}', JSON_TYPE)],
      ['event null', () => postSigned(h.url, event({ event: null }), JSON_TYPE)],
      ['event a string', () => postSigned(h.url, event({ event: 'message' }), JSON_TYPE)],
      ['event id a number', () => postSigned(h.url, event({ event_id: 7, event: message }), JSON_TYPE)],
      ['null channel', () => postSigned(h.url, event({ event: { ...message, channel: null } }), JSON_TYPE)],
      ['channel an object', () => postSigned(h.url, event({ event: { ...message, channel: { id: 1 } } }), JSON_TYPE)],
      ['text a number', () => postSigned(h.url, event({ event: { ...message, text: 42 } }), JSON_TYPE)],
      ['ts an array', () => postSigned(h.url, event({ event: { ...message, ts: ['1.1'] } }), JSON_TYPE)],
      [
        'subteam null',
        () => postSigned(h.url, event({ event: { ...message, user: undefined, subteam: null } }), JSON_TYPE),
      ],
      [
        'reaction item null',
        () =>
          postSigned(
            h.url,
            event({ event: { type: 'reaction_added', user: 'UALICE', reaction: 'x', item: null } }),
            JSON_TYPE,
          ),
      ],
      ['authorizations [null]', () => postSigned(h.url, event({ event: message, authorizations: [null] }), JSON_TYPE)],
      [
        'lone surrogate in text',
        () => postSigned(h.url, event({ event: message }).replace('"hi"', '"hi \\ud800"'), JSON_TYPE),
      ],
      [
        'lone surrogate in a key',
        () => postSigned(h.url, event({ event: message }).replace('"channel_type"', '"\\udc00"'), JSON_TYPE),
      ],
      [
        'actions not an array',
        () => sendInteraction(h.url, { type: 'block_actions', user: { id: 'UALICE' }, actions: { 0: button } }),
      ],
      [
        'actions a string',
        () => sendInteraction(h.url, { type: 'block_actions', user: { id: 'UALICE' }, actions: 'claim' }),
      ],
      [
        'actions [null]',
        () => sendInteraction(h.url, { type: 'block_actions', user: { id: 'UALICE' }, actions: [null] }),
      ],
      ['actions empty', () => sendInteraction(h.url, { type: 'block_actions', user: { id: 'UALICE' }, actions: [] })],
      [
        'action value an object',
        () =>
          sendInteraction(h.url, {
            type: 'block_actions',
            user: { id: 'UALICE' },
            actions: [{ ...button, value: {} }],
          }),
      ],
      ['user null', () => sendInteraction(h.url, { type: 'block_actions', user: null, actions: [button] })],
      [
        'channel null',
        () =>
          sendInteraction(h.url, { type: 'block_actions', user: { id: 'UALICE' }, channel: null, actions: [button] }),
      ],
      [
        'team a number',
        () => sendInteraction(h.url, { type: 'block_actions', user: { id: 'UALICE' }, team: 5, actions: [button] }),
      ],
      ['view null', () => sendInteraction(h.url, { type: 'view_submission', user: { id: 'UALICE' }, view: null })],
      [
        'view state values a list',
        () =>
          sendInteraction(h.url, {
            type: 'view_submission',
            user: { id: 'UALICE' },
            view: { callback_id: 'x', state: { values: [] } },
          }),
      ],
      ['shortcut without user', () => sendInteraction(h.url, { type: 'shortcut', callback_id: 'x', user: null })],
      ['payload null', () => postSigned(h.url, 'payload=null', FORM)],
      ['payload not JSON', () => postSigned(h.url, 'payload=%7B', FORM)],
      ['payload twice', () => postSigned(h.url, 'payload=%7B%7D&payload=%7B%7D', FORM)],
      [
        'command twice',
        () =>
          postSigned(
            h.url,
            'command=%2Fhelpdesk&command=%2Fx&user_id=UALICE&channel_id=DALICE&text=hi&trigger_id=t',
            FORM,
          ),
      ],
      [
        'command without user',
        () => postSigned(h.url, 'command=%2Fhelpdesk&channel_id=DALICE&text=hi&trigger_id=t', FORM),
      ],
      ['form of nothing known', () => postSigned(h.url, 'a=1', FORM)],
      ['not UTF-8', () => postBytes(h.url, Buffer.from('{"type":"url_verification","challenge":"\xff"}', 'latin1'))],
    ];
    for (const [name, send] of cases) {
      const res = await send();
      expect([name, res.status]).toEqual([name, 400]);
    }
    expect(await storedState(h.connection)).toEqual(before);
  });

  it('given a well-formed event nobody listens to, then it is acknowledged and nothing is stored', async () => {
    const before = await storedState(h.connection);
    const res = await postSigned(
      h.url,
      event({ event: { type: 'member_joined_channel', user: 'UALICE', channel: 'C1' } }),
      JSON_TYPE,
    );
    expect(res.status).toBe(200);
    const rate = await postSigned(
      h.url,
      JSON.stringify({ type: 'app_rate_limited', minute_rate_limited: 1772442000 }),
      JSON_TYPE,
    );
    expect(rate.status).toBe(200);
    expect(await storedState(h.connection)).toEqual(before);
  });

  it('given timestamps more than 5 minutes off either way, then 401 and nothing is stored', async () => {
    const before = await storedState(h.connection);
    const appHome = { type: 'app_home_opened', user: 'UALICE', tab: 'home' };
    for (const offset of [+301, +600, +3600, +365 * 86400, -301, -3600]) {
      const res = await sendEvent(h.url, appHome, { timestamp: now() + offset });
      expect([offset, res.status]).toEqual([offset, 401]);
    }
    for (const stamp of ['', 'abc', '1e10', '-5', String(now()) + '.5']) {
      const body = event({ event: appHome });
      const res = await postSigned(h.url, body, JSON_TYPE, {
        timestamp: stamp as unknown as number,
        signature: sign(body, Number(stamp)),
      });
      expect([stamp, res.status]).toEqual([stamp, 401]);
    }
    expect(await storedState(h.connection)).toEqual(before);
  });

  it('given a timestamp within 5 minutes either way, then the request is served', async () => {
    for (const [i, offset] of [+240, -240].entries()) {
      const skewed = await sendEvent(
        h.url,
        { type: 'app_home_opened', user: 'UALICE', tab: 'home' },
        { timestamp: now() + offset },
      );
      expect(skewed.status).toBe(200);
      await waitFor(() => h.slack.of('views.publish').length > i, `home tab published (${offset} s)`);
    }
  });

  it('given an unsigned request with a huge body, then 401 comes back before the body is sent', async () => {
    const res = await headOnly(
      h.url,
      slackHead(h.url, { 'content-type': JSON_TYPE, 'content-length': String(4 * 1024 * 1024) }),
    );
    expect(res.answer).toMatch(/^HTTP\/1\.1 401 /);
    expect(res.closed).toBe(true);
  });

  it('given a fresh signed head declaring a body above the cap, then 413 comes back before the body is sent', async () => {
    const res = await headOnly(
      h.url,
      slackHead(h.url, {
        'content-type': JSON_TYPE,
        'content-length': String(SLACK_BODY_LIMIT_BYTES + 1),
        'x-slack-request-timestamp': String(now()),
        'x-slack-signature': `v0=${'0'.repeat(64)}`,
      }),
    );
    expect(res.answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(res.closed).toBe(true);
  });

  it('given a signed body above the cap without a declared length, then 413 and nothing is stored', async () => {
    const before = await storedState(h.connection);
    const body = event({ event: { ...message, text: 'x'.repeat(SLACK_BODY_LIMIT_BYTES) } });
    const timestamp = now();
    const chunks = (async function* () {
      for (let at = 0; at < body.length; at += 64 * 1024) yield Buffer.from(body.slice(at, at + 64 * 1024));
    })();
    const res = await fetch(`${h.url}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': JSON_TYPE,
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': sign(body, timestamp),
      },
      body: chunks as unknown as BodyInit,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await storedState(h.connection)).toEqual(before);
  });
});

describe('Teams: bad input gets 4xx and changes nothing stored', () => {
  let h: TestHelpdesk;
  beforeAll(async () => {
    h = await startTeamsHelpdesk();
  });
  afterAll(() => h.close());

  it('given lone surrogates in the activity id, text or a key, then 400 and nothing is stored', async () => {
    const before = await storedState(h.connection);
    const activity = JSON.stringify({ ...personalMessage(alice, 'hi'), id: 'X' });
    for (const body of [
      activity.replace('"id":"X"', '"id":"\\ud800"'),
      activity.replace('"id":"X"', '"id":"a\\udfffb"'),
      activity.replace('"text":"hi"', '"text":"\\udc00hi"'),
      activity.replace('"textFormat"', '"\\ud83d"'),
      'null',
      '[]',
      '"message"',
      activity.replace('"id":"X"', '"id":null'),
      activity.replace('"id":"X"', '"id":7'),
      activity.replace('"text":"hi"', '"text":{"a":1}'),
    ]) {
      const res = await post(h.url, body);
      expect([body.slice(0, 40), res.status]).toEqual([body.slice(0, 40), 400]);
    }
    expect(await storedState(h.connection)).toEqual(before);
  });
});

describe('Teams with an app id: requests without a bearer token are refused before their body is read', () => {
  let h: TestHelpdesk;
  beforeAll(async () => {
    h = await startTeamsHelpdesk({ env: { MICROSOFT_APP_ID: 'app-id-0001', MICROSOFT_APP_PASSWORD: 'secret' } });
  });
  afterAll(() => h.close());

  it('given a head declaring a large body and no token, then 401 comes back before the body is sent', async () => {
    const { host } = new URL(h.url);
    const res = await headOnly(
      h.url,
      `POST /api/messages HTTP/1.1\r\nhost: ${host}\r\ncontent-type: application/json\r\ncontent-length: 200000\r\n\r\n`,
    );
    expect(res.answer).toMatch(/^HTTP\/1\.1 401 /);
    expect(res.closed).toBe(true);
  });
});
