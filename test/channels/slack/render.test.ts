import nock from 'nock';
import { SlackApi } from '../../../src/channels/slack/api';
import { slackLogger } from '../../../src/channels/slack/logging';
import { actionBlocks, actionIdOf, answered, renderMessage } from '../../../src/channels/slack/render/blocks';
import { fromSlack, toSlack, withoutLeadingMention } from '../../../src/channels/slack/text';
import { createLogger } from '../../../src/observability/logger';
import { SLACK_API_URL } from './support';

describe('Slack markup at the edge', () => {
  it('turns inbound markup into plain text the core understands', () => {
    expect(fromSlack('assign INC-1 <@U024BE7LH|sam> &amp; <@W123ABC>')).toBe(
      'assign INC-1 @slack:U024BE7LH & @slack:W123ABC',
    );
    expect(fromSlack('see <#C123ABC|it-help> and <#C999XYZ>')).toBe('see #it-help and #slack:C999XYZ');
    expect(
      fromSlack(
        '<https://intranet.example/vpn|the VPN page> or <https://x.example> or <mailto:it@example.com|it@example.com>',
      ),
    ).toBe('the VPN page (https://intranet.example/vpn) or https://x.example or it@example.com');
    expect(fromSlack('<!here> <!channel> <!subteam^S123|@it-team> 3 &lt; 4 &gt; 2')).toBe(
      '@here @channel @it-team 3 < 4 > 2',
    );
    expect(withoutLeadingMention('<@UBOT> my laptop', 'UBOT')).toBe('my laptop');
    expect(withoutLeadingMention('<@UBOT|helpdesk>: status INC-1', 'UBOT')).toBe('status INC-1');
    expect(withoutLeadingMention('ask <@UBOT> later', 'UBOT')).toBe('ask <@UBOT> later');
  });

  it('escapes what the bot says, keeps its quotes and turns person references back into mentions', () => {
    expect(toSlack('> quoted <b> & "x" -> y\n>> not a quote? @slack:U024BE7LH in #slack:C123ABC')).toBe(
      '> quoted &lt;b&gt; &amp; "x" -&gt; y\n>&gt; not a quote? <@U024BE7LH> in <#C123ABC>',
    );
    expect(toSlack('Heads-up <!channel>')).toBe('Heads-up &lt;!channel&gt;');
  });
});

describe('Block Kit rendering', () => {
  it('keeps our action ids and values, unique within each block as Slack requires', () => {
    const blocks = actionBlocks([
      { id: 'intake.impact', label: 'High', value: 'd1:high' },
      { id: 'intake.impact', label: 'Medium', value: 'd1:medium' },
      { id: 'intake.skip', label: 'Skip', value: 'd1' },
    ]);
    const elements = blocks[0].elements as { action_id: string; value: string }[];
    expect(elements.map((e) => e.action_id)).toEqual(['intake.impact', 'intake.impact#2', 'intake.skip']);
    expect(elements.map((e) => actionIdOf(e.action_id))).toEqual(['intake.impact', 'intake.impact', 'intake.skip']);
    expect(elements.map((e) => e.value)).toEqual(['d1:high', 'd1:medium', 'd1']);
    const many = actionBlocks(
      Array.from({ length: 30 }, (_, i) => ({ id: `csat.score`, label: String(i), value: String(i) })),
    );
    expect(many.map((b) => (b.elements as unknown[]).length)).toEqual([25, 5]);
  });

  it('splits long text into sections within Slack’s limits and renders the card as context', () => {
    const long = Array.from({ length: 120 }, (_, i) => `line ${i} ${'x'.repeat(50)}`).join('\n');
    const { text, blocks } = renderMessage({
      text: long,
      card: { number: 'INC-1', title: 't', status: 'new', priority: 'P3', lines: ['a', 'b'] },
    });
    const sections = blocks.filter((b) => b.type === 'section');
    expect(sections.length).toBeGreaterThan(2);
    expect(sections.every((b) => (b.text as { text: string }).text.length <= 3000)).toBe(true);
    expect(blocks.at(-1)).toEqual({
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: 'a' },
        { type: 'mrkdwn', text: 'b' },
      ],
    });
    expect(text.length).toBeLessThanOrEqual(3000);
  });

  it('an answered question keeps its text and shows the choice instead of its buttons', () => {
    const { blocks } = renderMessage({
      text: 'How urgent?',
      actions: [{ id: 'intake.urgency', label: 'Now', value: 'x' }],
    });
    expect(answered(blocks, '✔ Now')).toEqual([
      blocks[0],
      { type: 'context', elements: [{ type: 'mrkdwn', text: '✔ Now' }] },
    ]);
  });
});

describe('Slack Web API client', () => {
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('waits out a 429 Retry-After and retries under its retry policy', async () => {
    nock.disableNetConnect();
    const origin = new URL(SLACK_API_URL).origin;
    nock(origin).post('/api/chat.postMessage').reply(429, { ok: false, error: 'ratelimited' }, { 'Retry-After': '1' });
    nock(origin).post('/api/chat.postMessage').reply(200, { ok: true, channel: 'C1', ts: '1.000001' });
    const api = SlackApi.create('xoxb-test', {
      apiUrl: SLACK_API_URL,
      retries: 1,
      logger: slackLogger(createLogger('silent')),
    });
    const started = Date.now();
    await expect(api.postMessage({ channel: 'C1', text: 'hello' })).resolves.toEqual({ channel: 'C1', ts: '1.000001' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(nock.isDone()).toBe(true);
  });

  it('reports Slack errors to the caller', async () => {
    nock.disableNetConnect();
    nock(new URL(SLACK_API_URL).origin).post('/api/users.info').reply(200, { ok: false, error: 'user_not_found' });
    const api = SlackApi.create('xoxb-test', {
      apiUrl: SLACK_API_URL,
      retries: 0,
      logger: slackLogger(createLogger('silent')),
    });
    await expect(api.userInfo('UNOBODY')).rejects.toThrow(/user_not_found/);
  });
});
