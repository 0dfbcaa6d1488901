import { ticketModel } from '../../../src/core/tickets';
import {
  AGENTS_CHANNEL,
  dm,
  sendCommand,
  skipToTicket,
  startSlackHelpdesk,
  ticketNumberOf,
  waitFor,
  type SlackHelpdesk,
} from './support';

describe('Slack /helpdesk command', () => {
  let h: SlackHelpdesk;
  beforeAll(async () => {
    h = await startSlackHelpdesk();
  });
  afterAll(() => h.close());
  beforeEach(() => h.slack.reset());

  const tickets = () => ticketModel(h.connection);

  /** Alice opens a ticket in her DM (skipping the questions); returns its number. */
  async function aliceOpens(text: string): Promise<string> {
    await dm(h.url, 'UALICE', text);
    const question = await waitFor(
      () => h.slack.posts('DALICE').find((p) => p.text.includes('How many people') && p.blocks),
      'question',
    );
    h.slack.reset();
    const opened = await skipToTicket(h, 'UALICE', 'DALICE', question);
    await waitFor(() => h.slack.posts(AGENTS_CHANNEL)[0], 'agents post');
    return ticketNumberOf(opened);
  }

  it('answers with the usage when typed alone, ephemerally', async () => {
    const res = await sendCommand(h.url, 'UALICE', '');
    expect(res.status).toBe(200);
    expect(res.json.response_type).toBe('ephemeral');
    expect(res.json.text).toMatch(/`\/helpdesk new` opens the ticket form/);
  });

  it('a non-agent running `claim` is refused ephemerally and nothing changes', async () => {
    const number = await aliceOpens('The printer on floor 2 prints blank pages');
    const before = await tickets().findOne({ number }).lean();
    h.slack.reset();
    const res = await sendCommand(h.url, 'UALICE', `claim ${number}`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ response_type: 'ephemeral', text: 'Only service-desk agents can use `claim`.' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await tickets().findOne({ number }).lean()).toEqual(before);
    expect(h.slack.of('chat.update')).toEqual([]);
  });

  it('an agent’s `claim` assigns the ticket, updates the agents’ post in place and tells the requester in her ticket thread', async () => {
    const number = await aliceOpens('Outlook asks for my password every hour');
    const agentsPost = h.slack.posts(AGENTS_CHANNEL).find((p) => p.text.includes(number))!;
    const root = h.slack.posts('DALICE').find((p) => p.text.includes(number))!;
    h.slack.reset();

    const res = await sendCommand(h.url, 'USAM', `claim ${number}`, AGENTS_CHANNEL);
    expect(res.json).toMatchObject({ response_type: 'ephemeral', text: `*${number}* is assigned to Sam Carter.` });
    const ticket = (await tickets().findOne({ number }).lean())!;
    expect(ticket).toMatchObject({ status: 'assigned', assignee: { key: 'slack:USAM', name: 'Sam Carter' } });
    expect(ticket.history.at(-1)).toMatchObject({ type: 'claimed', channel: 'slack', actor: { key: 'slack:USAM' } });

    const update = await waitFor(
      () => h.slack.of('chat.update', (a) => a.channel === AGENTS_CHANNEL)[0],
      'agents post update',
    );
    expect(update.ts).toBe(agentsPost.posted_ts);
    expect(update.text).toContain(number);
    expect(JSON.stringify(update.blocks)).toContain('Assignee Sam Carter');
    // Posted once, then only updated.
    expect(h.slack.posts(AGENTS_CHANNEL).filter((p) => !p.thread_ts)).toEqual([]);
    const told = await waitFor(
      () => h.slack.posts('DALICE').find((p) => p.text.includes('is now handling your ticket')),
      'requester told',
    );
    expect(told).toMatchObject({
      thread_ts: root.posted_ts,
      text: `Sam Carter is now handling your ticket *${number}*.`,
    });
  });

  it('every agent verb works through the command, with validation errors for the agent', async () => {
    const number = await aliceOpens('VPN disconnects when I join a call');
    const as = async (user: string, text: string) => (await sendCommand(h.url, user, text, AGENTS_CHANNEL)).json;

    expect((await as('USAM', 'queue unassigned')).text).toContain(number);
    expect((await as('USAM', `priority ${number} P2`)).text).toMatch(/P3 to P2/);
    expect((await as('USAM', `note ${number} checked the VPN gateway logs`)).text).toBe(
      `Internal note added to *${number}*.`,
    );
    expect((await as('USAM', `wait ${number} Which VPN client version do you run?`)).text).toMatch(
      /^Question sent to Alice Martin on .*the SLA clock is paused until they answer\. You are now its assignee\.$/,
    );
    expect((await tickets().findOne({ number }).lean())!.status).toBe('waiting_user');
    expect((await as('USAM', `workaround ${number} Use the web client meanwhile`)).text).toMatch(/workaround/i);
    // A user group member is an agent too; assign resolves a Slack mention.
    expect((await as('USAM', `assign ${number} <@ULUCIE|lucie>`)).text).toBe(
      `*${number}* is assigned to Lucie Roux, who has been sent the ticket.`,
    );
    expect((await as('ULUCIE', `escalate ${number} L2 gateway firmware bug`)).text).toMatch(
      /escaladé en L2|escalated to L2/,
    );
    expect((await as('USAM', `reply ${number} Firmware patched tonight`)).text).toMatch(/Reply sent to Alice Martin/);
    expect((await as('USAM', `resolve ${number} Firmware upgraded`)).text).toMatch(/is resolved/);
    // A link needs a target that exists (a problem record here).
    const sam = { person: (await h.helpdesk.people.findByKey('slack:USAM'))!, channel: 'slack' as const };
    const problem = await h.helpdesk.tickets.open(sam, { type: 'problem', description: 'VPN gateway firmware bug' });
    expect((await as('USAM', `link ${number} ${problem.number}`)).text).toBe(
      `*${number}* is linked to ${problem.number}.`,
    );
    expect((await as('USAM', `reopen ${number}`)).text).toMatch(/reopened/);

    // Slack control characters are escaped in what the bot says (Slack shows them as typed).
    expect((await as('USAM', 'claim {"$gt": ""}')).text).toMatch(/^Invalid command: .*\nUsage: `claim &lt;id&gt;`/s);
    expect((await as('USAM', 'priority INC-1 P9')).text).toMatch(/^Invalid command/);
    expect((await as('USAM', 'claim INC-999999')).text).toBe('Ticket INC-999999 does not exist.');

    const ticket = (await tickets().findOne({ number }).lean())!;
    expect(ticket.history.map((e) => e.type)).toEqual([
      'opened',
      'priority_changed',
      'note',
      'waiting',
      'workaround',
      'assigned',
      'escalated',
      'reply',
      'resolved',
      'linked',
      'reopened',
    ]);
  });

  it('employees list and follow their own tickets: `mine` and `status <id>`', async () => {
    const number = await aliceOpens('My second screen stays black');
    const mine = await sendCommand(h.url, 'UALICE', 'mine');
    expect(mine.json.text).toMatch(/You have \d+ open tickets?:/);
    expect(mine.json.text).toContain(number);
    const status = await sendCommand(h.url, 'UALICE', `status ${number}`);
    expect(status.json.text).toContain(`*${number}* – My second screen stays black`);
    const foreign = await sendCommand(h.url, 'UCHLOE', `status ${number}`);
    expect(foreign.json.text).toBe(`Seul le demandeur du ticket ${number} ou un technicien peut faire cela.`);
  });

  it('`new` opens the ticket form as a modal', async () => {
    const res = await sendCommand(h.url, 'UALICE', 'new');
    expect(res.status).toBe(200);
    const open = await waitFor(() => h.slack.of('views.open')[0], 'views.open');
    expect(open.trigger_id).toMatch(/^trigger-UALICE-\d+$/);
    expect(open.view).toMatchObject({ type: 'modal', callback_id: 'ticket_new', title: { text: 'New ticket' } });
    expect(open.view.blocks.map((b: any) => b.block_id)).toEqual(['type', 'title', 'description', 'impact', 'urgency']);
  });
});
