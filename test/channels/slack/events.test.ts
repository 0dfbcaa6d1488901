import { draftModel } from '../../../src/core/conversation';
import { ticketModel } from '../../../src/core/tickets';
import {
  AGENTS_CHANNEL,
  buttonsOf,
  click,
  dm,
  postSigned,
  sendEvent,
  sign,
  skipToTicket,
  startSlackHelpdesk,
  ticketNumberOf,
  waitFor,
  type SlackHelpdesk,
} from './support';

describe('Slack Events API over signed HTTP', () => {
  let h: SlackHelpdesk;
  beforeAll(async () => {
    h = await startSlackHelpdesk();
  });
  afterAll(() => h.close());
  beforeEach(() => h.slack.reset());

  const tickets = () => ticketModel(h.connection);

  it('answers the URL verification challenge of a signed request', async () => {
    const body = JSON.stringify({ token: 'legacy', challenge: 'c-123', type: 'url_verification' });
    const res = await postSigned(h.url, body, 'application/json');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ challenge: 'c-123' });
  });

  it('given an employee DM, when they answer impact and urgency with the buttons, then a ticket opens and the bot’s message carries its number', async () => {
    const sent = await dm(h.url, 'UALICE', 'My laptop does not start since this morning');
    expect(sent.status).toBe(200);

    const question = await waitFor(
      () => h.slack.posts('DALICE').find((p) => /How many people are affected/.test(p.text)),
      'impact question',
    );
    const impact = buttonsOf(question);
    expect(impact.map((b) => b.action_id)).toEqual([
      'intake.impact',
      'intake.impact#2',
      'intake.impact#3',
      'intake.skip',
    ]);
    expect(impact.map((b) => b.text)).toEqual(['Many people / a whole site', 'My team', 'Just me', 'Skip']);

    expect((await click(h.url, 'UALICE', question, impact[1])).status).toBe(200);
    const urgencyQuestion = await waitFor(
      () => h.slack.posts('DALICE').find((p) => /How urgent/.test(p.text)),
      'urgency question',
    );
    // The answered question shows the choice instead of its buttons.
    const answered = await waitFor(
      () => h.slack.of('chat.update', (a) => a.ts === question.posted_ts)[0],
      'answered question',
    );
    expect(buttonsOf(answered)).toEqual([]);
    expect(JSON.stringify(answered.blocks)).toContain('✔ My team');

    const high = buttonsOf(urgencyQuestion).find((b) => b.value.endsWith(':high'))!;
    await click(h.url, 'UALICE', urgencyQuestion, high);
    const opened = await waitFor(
      () => h.slack.posts('DALICE').find((p) => /Ticket \*INC-\d{6}\* opened/.test(p.text)),
      'ticket opened message',
    );
    const number = ticketNumberOf(opened);

    const ticket = (await tickets().findOne({ number }).lean())!;
    expect(ticket).toMatchObject({
      status: 'new',
      impact: 'medium',
      urgency: 'high',
      priority: 'P2',
      channel: 'slack',
    });
    expect(ticket.requester).toMatchObject({ key: 'slack:UALICE', name: 'Alice Martin', locale: 'en' });
    expect(ticket.history[0]).toMatchObject({ type: 'opened', channel: 'slack', actor: { key: 'slack:UALICE' } });
    // Its first message starts the ticket's DM thread, and the agents get a post with the buttons.
    expect(JSON.stringify(opened.blocks)).toContain(`Reply in this thread to add information to ${number}`);
    const agentsPost = await waitFor(
      () => h.slack.posts(AGENTS_CHANNEL).find((p) => p.text.includes(number)),
      'agents post',
    );
    expect(buttonsOf(agentsPost).map((b) => [b.action_id, b.value])).toEqual([
      ['ticket.claim', number],
      ['ticket.assign', number],
      ['ticket.escalate', number],
      ['ticket.resolve', number],
    ]);
  });

  it('the skip button opens the ticket with the policy defaults', async () => {
    await dm(h.url, 'UALICE', 'Teams audio crackles in every meeting');
    const question = await waitFor(
      () => h.slack.posts('DALICE').find((p) => /How many people/.test(p.text)),
      'impact question',
    );
    const opened = await skipToTicket(h, 'UALICE', 'DALICE', question);
    const ticket = await tickets()
      .findOne({ number: ticketNumberOf(opened) })
      .lean();
    expect(ticket).toMatchObject({ impact: 'medium', urgency: 'medium', priority: 'P3' });
  });

  it('refuses a bad signature or a timestamp older than 5 minutes with 401, and stores nothing', async () => {
    const before = {
      tickets: await tickets().countDocuments(),
      drafts: await draftModel(h.connection).countDocuments(),
      inbox: await h.connection.collection('inbox').countDocuments(),
    };
    const event = {
      type: 'message',
      channel: 'DALICE',
      channel_type: 'im',
      user: 'UALICE',
      text: 'forged help request',
      ts: '1772441999.000001',
    };
    const forged = await sendEvent(h.url, event, { secret: 'not-the-secret' });
    expect(forged.status).toBe(401);
    const unsigned = await sendEvent(h.url, event, { signature: 'v0=deadbeef' });
    expect(unsigned.status).toBe(401);
    const stale = await sendEvent(h.url, event, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(stale.status).toBe(401);
    // A body changed after signing is refused too.
    const body = JSON.stringify({ type: 'event_callback', event_id: 'EvTamper', event });
    const ts = Math.floor(Date.now() / 1000);
    const tampered = await postSigned(h.url, body.replace('forged', 'tampered'), 'application/json', {
      timestamp: ts,
      signature: sign(body, ts),
    });
    expect(tampered.status).toBe(401);

    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(h.slack.calls).toEqual([]);
    expect({
      tickets: await tickets().countDocuments(),
      drafts: await draftModel(h.connection).countDocuments(),
      inbox: await h.connection.collection('inbox').countDocuments(),
    }).toEqual(before);
  });

  it('a signed but malformed or hostile payload is refused or dropped, and stores nothing', async () => {
    const before = {
      tickets: await tickets().countDocuments(),
      drafts: await draftModel(h.connection).countDocuments(),
    };
    const malformed = await postSigned(h.url, 'payload=%7Bnot-json', 'application/x-www-form-urlencoded');
    expect(malformed.status).toBe(400);
    const injected = await sendEvent(h.url, {
      type: 'message',
      channel: 'DALICE',
      channel_type: 'im',
      user: { $gt: '' },
      text: { $ne: null },
      ts: '1772441999.000009',
    });
    expect(injected.status).toBe(400);
    const oversized = await dm(h.url, 'UALICE', 'x'.repeat(5000));
    expect(oversized.status).toBe(200);
    const refusal = await waitFor(() => h.slack.posts('DALICE').find((p) => /too long/.test(p.text)), 'refusal');
    expect(refusal.text).toMatch(/too long \(5000 characters, at most 4000\)/);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect({
      tickets: await tickets().countDocuments(),
      drafts: await draftModel(h.connection).countDocuments(),
    }).toEqual(before);
  });

  it('the same event delivered three times (X-Slack-Retry-Num) is worked once and opens one ticket', async () => {
    const before = await tickets().countDocuments();
    const drafts = await draftModel(h.connection).countDocuments();
    const ts = '1772441500.000777';
    const event = {
      type: 'message',
      channel: 'DALICE',
      channel_type: 'im',
      user: 'UALICE',
      text: 'The coffee machine badge reader is broken',
      ts,
    };
    const deliveries = [
      await sendEvent(h.url, event, { eventId: 'EvRetry1' }),
      await sendEvent(h.url, event, { eventId: 'EvRetry1', retryNum: 1 }),
      await sendEvent(h.url, event, { eventId: 'EvRetry1', retryNum: 2 }),
    ];
    expect(deliveries.map((d) => d.status)).toEqual([200, 200, 200]);
    const question = await waitFor(
      () => h.slack.posts('DALICE').find((p) => /How many people/.test(p.text)),
      'impact question',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.slack.posts('DALICE').filter((p) => /How many people/.test(p.text))).toHaveLength(1);
    expect(await draftModel(h.connection).countDocuments()).toBe(drafts + 1);
    expect(await h.connection.collection('inbox').countDocuments({ _id: 'slack:event:EvRetry1' as never })).toBe(1);

    const skip = buttonsOf(question).find((b) => b.action_id === 'intake.skip')!;
    await Promise.all([click(h.url, 'UALICE', question, skip), click(h.url, 'UALICE', question, skip)]);
    await waitFor(
      () => h.slack.posts('DALICE').find((p) => /Ticket \*INC-\d{6}\* opened/.test(p.text)),
      'ticket opened',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await tickets().countDocuments()).toBe(before + 1);
  });

  it('a mention in a channel gets its answers in the mention’s thread, buttons included', async () => {
    const ts = '1772441700.000100';
    await sendEvent(h.url, {
      type: 'app_mention',
      channel: 'CGENERAL',
      user: 'UALICE',
      text: '<@UBOT> the projector in room 3 flickers',
      ts,
    });
    const question = await waitFor(
      () => h.slack.posts('CGENERAL').find((p) => /How many people/.test(p.text)),
      'question in thread',
    );
    expect(question.thread_ts).toBe(ts);
    const opened = await skipToTicket(h, 'UALICE', 'CGENERAL', question);
    expect(opened.thread_ts).toBe(ts);
    const ticket = await tickets()
      .findOne({ number: ticketNumberOf(opened) })
      .lean();
    expect(ticket).toMatchObject({
      description: 'the projector in room 3 flickers',
      requester: { key: 'slack:UALICE' },
    });
  });

  it('ignores the bot’s own messages and message edits', async () => {
    const drafts = await draftModel(h.connection).countDocuments();
    await sendEvent(h.url, {
      type: 'message',
      channel: 'DALICE',
      channel_type: 'im',
      user: 'UBOT',
      bot_id: 'BBOT',
      text: 'Ticket opened',
      ts: '1772441600.000001',
    });
    await sendEvent(h.url, {
      type: 'message',
      subtype: 'message_changed',
      channel: 'DALICE',
      channel_type: 'im',
      ts: '1772441600.000002',
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.slack.posts()).toEqual([]);
    expect(await draftModel(h.connection).countDocuments()).toBe(drafts);
  });
});
