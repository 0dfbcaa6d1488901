import { ticketModel } from '../../../src/core/tickets';
import {
  AGENTS_CHANNEL,
  BOT_USER,
  dm,
  sendEvent,
  skipToTicket,
  startSlackHelpdesk,
  ticketNumberOf,
  userTs,
  waitFor,
  type SlackHelpdesk,
} from './support';

describe('Slack thread relay: requester DM thread ↔ agents’ thread', () => {
  let h: SlackHelpdesk;
  let number: string;
  let dmRoot: string;
  let agentsRoot: string;

  beforeAll(async () => {
    h = await startSlackHelpdesk();
    await dm(h.url, 'UALICE', 'Excel crashes when I open the budget file');
    const question = await waitFor(
      () => h.slack.posts('DALICE').find((p) => p.text.includes('How many people')),
      'question',
    );
    const opened = await skipToTicket(h, 'UALICE', 'DALICE', question);
    number = ticketNumberOf(opened);
    dmRoot = opened.posted_ts;
    agentsRoot = (
      await waitFor(() => h.slack.posts(AGENTS_CHANNEL).find((p) => p.text.includes(number)), 'agents post')
    ).posted_ts;
  });
  afterAll(() => h.close());
  beforeEach(() => h.slack.reset());

  const inAgentsThread = (user: string, text: string) =>
    sendEvent(h.url, {
      type: 'message',
      channel: AGENTS_CHANNEL,
      channel_type: 'channel',
      user,
      text,
      ts: userTs(),
      thread_ts: agentsRoot,
    });
  const history = async () => (await ticketModel(h.connection).findOne({ number }).lean())!.history;

  it('an agent’s reply in the agents’ thread reaches the requester in her ticket’s DM thread', async () => {
    await inAgentsThread('USAM', 'Can you try opening it in safe mode: excel /safe ?');
    const relayed = await waitFor(
      () => h.slack.posts('DALICE').find((p) => p.text.includes('safe mode')),
      'relayed to requester',
    );
    expect(relayed.thread_ts).toBe(dmRoot);
    expect(relayed.text).toBe(`Sam Carter on *${number}*:\n> Can you try opening it in safe mode: excel /safe ?`);
    expect((await history()).at(-1)).toMatchObject({ type: 'reply', channel: 'slack', actor: { key: 'slack:USAM' } });
    // The agent is told privately, in the thread.
    const ack = await waitFor(() => h.slack.of('chat.postEphemeral', (a) => a.user === 'USAM')[0], 'agent told');
    expect(ack).toMatchObject({
      channel: AGENTS_CHANNEL,
      thread_ts: agentsRoot,
      text: `Reply sent to Alice Martin on *${number}*.`,
    });
  });

  it('`note <text>` in the agents’ thread stays internal: recorded and mirrored there, never sent to the requester', async () => {
    await inAgentsThread('USAM', 'note the budget file has 40 macros, probably a corrupt add-in');
    await waitFor(async () => (await history()).at(-1)?.type === 'note', 'note recorded');
    expect((await history()).at(-1)).toMatchObject({
      type: 'note',
      internal: true,
      text: 'the budget file has 40 macros, probably a corrupt add-in',
    });
    await waitFor(
      () => h.slack.posts(AGENTS_CHANNEL).find((p) => p.thread_ts === agentsRoot && p.text.includes('40 macros')),
      'mirrored for agents',
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(h.slack.said('DALICE')).not.toContain('40 macros');
    expect(h.slack.of('conversations.open', (a) => a.users === 'UALICE')).toEqual([]);
  });

  it('the requester’s reply in her DM thread is added to the ticket and relayed to the agents’ thread', async () => {
    await dm(h.url, 'UALICE', 'Safe mode works, the file opens', { thread_ts: dmRoot });
    const mirrored = await waitFor(
      () => h.slack.posts(AGENTS_CHANNEL).find((p) => p.text.includes('Safe mode works')),
      'relayed to agents',
    );
    expect(mirrored).toMatchObject({
      thread_ts: agentsRoot,
      text: `Alice Martin on *${number}*:\n> Safe mode works, the file opens`,
    });
    expect((await history()).at(-1)).toMatchObject({
      type: 'requester_message',
      text: 'Safe mode works, the file opens',
      actor: { key: 'slack:UALICE' },
    });
    const confirm = await waitFor(
      () => h.slack.posts('DALICE').find((p) => p.text.includes('Added to')),
      'requester confirmation',
    );
    expect(confirm.thread_ts).toBe(dmRoot);
  });

  it('a mention of the bot in the thread is relayed once, and chatter outside ticket threads stays in the channel', async () => {
    await inAgentsThread('USAM', `<@${BOT_USER}> note mention in the thread`);
    await sendEvent(h.url, {
      type: 'app_mention',
      channel: AGENTS_CHANNEL,
      user: 'USAM',
      text: `<@${BOT_USER}> note mention in the thread`,
      ts: userTs(),
      thread_ts: agentsRoot,
    });
    await sendEvent(h.url, {
      type: 'message',
      channel: AGENTS_CHANNEL,
      channel_type: 'channel',
      user: 'USAM',
      text: 'coffee anyone?',
      ts: userTs(),
    });
    await waitFor(async () => (await history()).some((e) => e.text === 'mention in the thread'), 'note recorded');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await history()).filter((e) => e.text === 'mention in the thread')).toHaveLength(1);
    expect(h.slack.said()).not.toMatch(/coffee/);
  });

  it('a relayed message cannot ping a whole channel', async () => {
    await inAgentsThread(
      'USAM',
      'Heads-up <!channel>: the add-in is <https://intranet.example/addin|being removed> & replaced',
    );
    const relayed = await waitFor(() => h.slack.posts('DALICE').find((p) => p.text.includes('Heads-up')), 'relayed');
    expect(relayed.text).toContain(
      'Heads-up @channel: the add-in is being removed (https://intranet.example/addin) &amp; replaced',
    );
    expect(relayed.text).not.toContain('<!channel>');
  });
});
