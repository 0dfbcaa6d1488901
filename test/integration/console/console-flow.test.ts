import { ticketModel } from '../../../src/core/tickets';
import { consoleAct, consoleSay, startTestHelpdesk, type TestHelpdesk } from '../../support/helpdesk';

describe('console channel: the employee and agent flows over the JSON API', () => {
  let h: TestHelpdesk;
  beforeAll(async () => {
    h = await startTestHelpdesk();
  });
  afterAll(() => h.close());

  async function openTicket(persona: string, text: string): Promise<string> {
    const first = await consoleSay(h.url, persona, text);
    const impact = first.body.replies[0].actions!.find((a) => a.id === 'intake.impact' && a.value.endsWith(':high'))!;
    const second = await consoleAct(h.url, persona, impact.id, impact.value);
    const urgency = second.body.replies[0].actions!.find(
      (a) => a.id === 'intake.urgency' && a.value.endsWith(':medium'),
    )!;
    const third = await consoleAct(h.url, persona, urgency.id, urgency.value);
    return third.body.replies[0].ticketNumber!;
  }

  it('given an employee, when they describe a problem and answer impact and urgency, then a ticket opens with its SLA commitments', async () => {
    const first = await consoleSay(h.url, 'alice', 'my laptop does not start');
    expect(first.status).toBe(200);
    expect(first.body.replies[0].text).toMatch(/How many people are affected/);
    const number = await openTicket('alice', 'the printer on floor 3 is jammed');
    expect(number).toMatch(/^INC-\d{6}$/);
    const ticket = await ticketModel(h.connection).findOne({ number }).lean();
    expect(ticket).toMatchObject({
      status: 'new',
      impact: 'high',
      urgency: 'medium',
      priority: 'P2',
      channel: 'console',
    });
    expect(ticket!.requester.key).toBe('console:alice');
    expect(ticket!.sla.acknowledgeBy).toBeInstanceOf(Date);
    const dm = await h.helpdesk.consoleMessenger.messages('dm:alice');
    expect(dm.map((m) => m.text).join('\n')).toContain(`${number}* opened`);
  });

  it('a double click on the last button opens one ticket, and a forged draft id opens none', async () => {
    const first = await consoleSay(h.url, 'alice', 'VPN drops every ten minutes');
    const skip = first.body.replies[0].actions!.find((a) => a.id === 'intake.skip')!;
    const before = await ticketModel(h.connection).countDocuments();
    const [a, b] = await Promise.all([
      consoleAct(h.url, 'alice', skip.id, skip.value),
      consoleAct(h.url, 'alice', skip.id, skip.value),
    ]);
    expect([a, b].filter((r) => r.body.replies[0].ticketNumber)).toHaveLength(1);
    const forged = await consoleAct(h.url, 'alice', 'intake.skip', '000000000000000000000000');
    expect(forged.body.replies[0].text).toMatch(/already handled or has expired/);
    const stolen = await consoleSay(h.url, 'alice', 'another problem');
    const other = await consoleAct(h.url, 'bertrand', 'intake.skip', stolen.body.replies[0].actions![3].value);
    expect(other.body.replies[0].text).toMatch(/déjà été traitée/);
    expect(await ticketModel(h.connection).countDocuments()).toBe(before + 1);
  });

  it('agents work the ticket with every verb, and the requester hears about it', async () => {
    const number = await openTicket('bertrand', "l'imprimante du 2e étage ne répond plus");
    const say = (persona: string, text: string) =>
      consoleSay(h.url, persona, text, { room: persona === 'bertrand' ? undefined : 'agents' });

    expect((await say('sam', 'queue unassigned')).body.replies[0].text).toContain(number);
    expect((await say('sam', `claim ${number}`)).body.replies[0].text).toContain('Sam Carter');
    expect((await say('sam', `priority ${number} P1`)).body.replies[0].text).toMatch(/P2 to P1/);
    expect((await say('sam', `note ${number} checked the spooler`)).body.replies[0].text).toMatch(/Internal note/);
    expect((await say('sam', `wait ${number} Which printer name is on the label?`)).status).toBe(200);
    expect((await ticketModel(h.connection).findOne({ number }).lean())!.status).toBe('waiting_user');
    // Outside the thread, the answer still lands on the only ticket waiting on Bertrand.
    expect((await say('bertrand', 'PRN-2-EST')).body.replies[0].text).toMatch(/Ajouté à \*INC-/);
    expect((await ticketModel(h.connection).findOne({ number }).lean())!.status).toBe('assigned');
    await consoleSay(h.url, 'bertrand', "c'est l'imprimante du couloir", { ticket: number });
    expect((await say('sam', `reply ${number} Driver reinstalled, try again`)).status).toBe(200);
    expect((await say('sam', `assign ${number} agnes`)).body.replies[0].text).toContain('Agnès Morel');
    expect((await say('agnes', `escalate ${number} L2 spooler corrupted`)).body.replies[0].text).toMatch(/L2/);
    expect((await say('lucas', `resolve ${number} Spooler rebuilt`)).status).toBe(200);
    expect((await say('bertrand', `reopen ${number}`)).body.replies[0].text).toMatch(/rouvert/);
    expect((await say('bertrand', `status ${number}`)).body.replies[0].text).toContain(number);
    expect((await say('bertrand', 'mes tickets')).body.replies[0].text).toContain(number);
    expect((await say('bertrand', `cancel ${number}`)).body.replies[0].text).toMatch(/annulé/);

    const ticket = (await ticketModel(h.connection).findOne({ number }).lean())!;
    expect(ticket.history.map((e) => e.type)).toEqual([
      'opened',
      'claimed',
      'priority_changed',
      'note',
      'waiting',
      'requester_message',
      'requester_message',
      'reply',
      'assigned',
      'escalated',
      'resolved',
      'reopened',
      'cancelled',
    ]);
    expect(ticket.history.every((e) => e.actor.key && e.channel === 'console' && e.at instanceof Date)).toBe(true);

    const dm = (await h.helpdesk.consoleMessenger.messages('dm:bertrand')).map((m) => m.text).join('\n');
    expect(dm).toMatch(/prend en charge votre ticket/);
    expect(dm).toMatch(/Which printer name/);
    expect(dm).toMatch(/Driver reinstalled/);
    expect(dm).not.toMatch(/checked the spooler/); // internal note stays internal
    const agents = (await h.helpdesk.consoleMessenger.messages('agents')).map((m) => m.text).join('\n');
    expect(agents).toMatch(/checked the spooler/);
  });

  it('a non-agent running an agent verb is refused in their language and nothing changes', async () => {
    const number = await openTicket('alice', 'Outlook keeps asking for my password');
    const before = await ticketModel(h.connection).findOne({ number }).lean();
    const fr = await consoleSay(h.url, 'bertrand', `claim ${number}`);
    expect(fr.body.replies[0].text).toBe('Seuls les techniciens du support peuvent utiliser `claim`.');
    const en = await consoleSay(h.url, 'alice', `resolve ${number} fixed it myself`);
    expect(en.body.replies[0].text).toBe('Only service-desk agents can use `resolve`.');
    expect(await ticketModel(h.connection).findOne({ number }).lean()).toEqual(before);
  });

  it('bad input gets a clear refusal and stores nothing', async () => {
    const count = await ticketModel(h.connection).countDocuments();
    const injection = await fetch(`${h.url}/console/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ persona: { $gt: '' }, text: { $ne: null } }),
    });
    expect(injection.status).toBe(400);
    const malformed = await fetch(`${h.url}/console/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"persona":',
    });
    expect(malformed.status).toBe(400);
    const tooLong = await consoleSay(h.url, 'alice', 'x'.repeat(5000));
    expect(tooLong.body.replies[0].text).toMatch(/too long \(5000 characters, at most 4000\)/);
    const badVerb = await consoleSay(h.url, 'sam', 'claim {"$gt": ""}', { room: 'agents' });
    expect(badVerb.body.replies[0].text).toMatch(/Invalid command/);
    const unknownTicket = await consoleSay(h.url, 'sam', 'claim INC-999999', { room: 'agents' });
    expect(unknownTicket.body.replies[0].text).toBe('Ticket INC-999999 does not exist.');
    expect(await ticketModel(h.connection).countDocuments()).toBe(count);
  });

  it('serves health and readiness', async () => {
    expect(await (await fetch(`${h.url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${h.url}/readyz`)).json()).toMatchObject({ status: 'ready' });
  });
});
