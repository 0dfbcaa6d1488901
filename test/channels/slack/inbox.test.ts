import nock from 'nock';
import { inboxModel } from '../../../src/db/inbox';
import { INBOX_PRUNE } from '../../../src/jobs/inbox';
import { ticketModel } from '../../../src/core/tickets';
import {
  AGENTS_CHANNEL,
  buttonsOf,
  dm,
  sendInteraction,
  sendCommand,
  skipToTicket,
  startSlackHelpdesk,
  ticketNumberOf,
  triggerId,
  waitFor,
  type SlackHelpdesk,
} from './support';

async function noteCount(h: SlackHelpdesk, number: string): Promise<number> {
  const ticket = await ticketModel(h.connection).findOne({ number }).lean();
  return ticket?.history.filter((e) => e.type === 'note').length ?? 0;
}

/** What a process that died after acknowledging left behind: a kept delivery nobody holds any more. */
async function leftByACrash(h: SlackHelpdesk, key: string, conversation: string, body: Record<string, unknown>) {
  await h.helpdesk.inbox.store.add(
    { _id: `slack:${key}`, platform: 'slack', conversation, payload: JSON.stringify(body) },
    new Date(Date.now() - 60_000),
    0,
  );
}

describe('Slack deliveries are kept in the inbox before they are acknowledged (issue 14, finding 1)', () => {
  let h: SlackHelpdesk;
  beforeAll(async () => {
    h = await startSlackHelpdesk();
  });
  afterAll(() => h.close());
  beforeEach(() => h.slack.reset());

  const entries = () => inboxModel(h.connection);

  it('given a DM, then it is kept under its event id before the 200 and marked done once answered', async () => {
    const res = await dm(h.url, 'UALICE', 'The wifi in building B drops every ten minutes', { eventId: 'EvKept1' });
    expect(res.status).toBe(200);
    // Acknowledged means kept: the entry exists as soon as Slack has its answer.
    expect(await entries().countDocuments({ _id: 'slack:event:EvKept1' })).toBe(1);
    await waitFor(() => h.slack.posts('DALICE').find((p) => /How many people/.test(p.text)), 'question');
    const entry = await waitFor(async () => {
      const e = await entries().findById('slack:event:EvKept1').lean();
      return e?.state === 'done' ? e : undefined;
    }, 'entry done');
    expect(entry).toMatchObject({ platform: 'slack', conversation: 'DALICE', attempts: 1 });
  });

  it('given a DM acknowledged by a process that then died, when the inbox resumes, then it is answered once', async () => {
    const event = {
      type: 'message',
      channel: 'DBERTRAND',
      channel_type: 'im',
      user: 'UBERTRAND',
      text: "L'imprimante du troisième étage ne répond plus",
      ts: '1772441000.900001',
    };
    await leftByACrash(h, 'event:EvCrash1', 'DBERTRAND', {
      token: 'legacy',
      team_id: 'T1',
      api_app_id: 'A1',
      type: 'event_callback',
      event_id: 'EvCrash1',
      event_time: 1772442000,
      event,
    });
    expect(await h.helpdesk.inbox.resume()).toBe(1);
    await waitFor(() => h.slack.posts('DBERTRAND').find((p) => /Combien de personnes/.test(p.text)), 'question');
    expect(await entries().findById('slack:event:EvCrash1').lean()).toMatchObject({ state: 'done', attempts: 2 });
    // Slack's own redelivery of it, after the restart, is recognised and dropped.
    const redelivered = await dm(h.url, 'UBERTRAND', event.text, { eventId: 'EvCrash1', retryNum: 1 });
    expect(redelivered.status).toBe(200);
    expect(await h.helpdesk.inbox.resume()).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.slack.posts('DBERTRAND').filter((p) => /Combien de personnes/.test(p.text))).toHaveLength(1);
  });

  it('given a slash command replayed with the same trigger id, then it is worked once (finding 9)', async () => {
    await dm(h.url, 'UALICE', 'My laptop battery swells');
    const question = await waitFor(
      () => h.slack.posts('DALICE').find((p) => /How many people/.test(p.text) && p.blocks),
      'question',
    );
    const number = ticketNumberOf(await skipToTicket(h, 'UALICE', 'DALICE', question));
    await waitFor(() => h.slack.posts(AGENTS_CHANNEL).find((p) => p.text.includes(number)), 'agents post');
    const before = await noteCount(h, number);
    const trigger = triggerId('USAM');
    const body = (text: string) => ({ text, trigger });
    const send = ({ text, trigger: t }: ReturnType<typeof body>) =>
      sendCommand(h.url, 'USAM', text, AGENTS_CHANNEL, {}, t);
    const first = await send(body(`note ${number} battery replaced`));
    const replays = [
      await send(body(`note ${number} battery replaced`)),
      await send(body(`note ${number} battery replaced`)),
    ];
    expect([first, ...replays].map((r) => r.status)).toEqual([200, 200, 200]);
    await waitFor(async () => (await noteCount(h, number)) === before + 1, 'the note');
    await new Promise((r) => setTimeout(r, 300));
    expect(await noteCount(h, number)).toBe(before + 1);
  });

  it('given a button click replayed three times with the same trigger id and action_ts, then it is worked once (finding 9)', async () => {
    await dm(h.url, 'UBERTRAND', 'Mon écran externe reste noir');
    const question = await waitFor(
      () => h.slack.posts('DBERTRAND').find((p) => /Combien de personnes/.test(p.text) && p.blocks),
      'question',
    );
    const skip = buttonsOf(question).find((b) => b.action_id === 'intake.skip')!;
    const payload = {
      type: 'block_actions',
      user: { id: 'UBERTRAND' },
      trigger_id: triggerId('UBERTRAND'),
      container: { type: 'message', message_ts: question.posted_ts, channel_id: 'DBERTRAND', is_ephemeral: false },
      channel: { id: 'DBERTRAND' },
      message: { ts: question.posted_ts, text: question.text, blocks: question.blocks },
      response_url: 'https://hooks.slack.com/actions/T1/1/abc',
      actions: [
        {
          action_id: skip.action_id,
          block_id: 'b',
          type: 'button',
          value: skip.value,
          text: { type: 'plain_text', text: skip.text },
          action_ts: '1772442999.000001',
        },
      ],
    };
    const tickets = () => ticketModel(h.connection).countDocuments({ 'requester.key': 'slack:UBERTRAND' });
    const before = await tickets();
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await sendInteraction(h.url, payload)).status);
    expect(statuses).toEqual([200, 200, 200]);
    await waitFor(async () => (await tickets()) === before + 1, 'the ticket');
    await new Promise((r) => setTimeout(r, 300));
    expect(await tickets()).toBe(before + 1);
    expect(h.slack.posts('DBERTRAND').filter((p) => /Ticket \*INC-\d{6}\* ouvert/.test(p.text))).toHaveLength(1);
  });

  it('given a command acknowledged by a process that died, when resumed, then its answer goes to the response_url', async () => {
    const hook = nock('https://hooks.slack.com').post('/commands/T1/1/resumed').reply(200, 'ok');
    await leftByACrash(h, 'command:trigger-crash-1', 'DALICE', {
      token: 'legacy',
      team_id: 'T1',
      api_app_id: 'A1',
      channel_id: 'DALICE',
      user_id: 'UALICE',
      command: '/helpdesk',
      text: 'mine',
      trigger_id: 'trigger-crash-1',
      response_url: 'https://hooks.slack.com/commands/T1/1/resumed',
    });
    expect(await h.helpdesk.inbox.resume()).toBe(1);
    await waitFor(() => hook.isDone(), 'the answer at the response_url');
  });

  it('done deliveries older than a day are pruned by the job; pending ones stay', async () => {
    const old = new Date(Date.now() - 25 * 3600_000);
    await entries().collection.insertMany([
      {
        _id: 'slack:event:Old1',
        platform: 'slack',
        conversation: 'X',
        payload: '{}',
        state: 'done',
        receivedAt: old,
        order: 0,
        leaseUntil: old,
        attempts: 1,
        settledAt: old,
      },
      {
        _id: 'slack:event:Old2',
        platform: 'nowhere',
        conversation: 'X',
        payload: '{}',
        state: 'pending',
        receivedAt: old,
        order: 0,
        leaseUntil: old,
        attempts: 1,
      },
    ] as never[]);
    await h.helpdesk.scheduler.runNow(INBOX_PRUNE);
    expect(await entries().findById('slack:event:Old1').lean()).toBeNull();
    expect(await entries().findById('slack:event:Old2').lean()).toMatchObject({ state: 'pending' });
    expect(await entries().findById('slack:event:EvKept1').lean()).toMatchObject({ state: 'done' });
  });
});
