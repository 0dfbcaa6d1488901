import { ticketModel, type Ticket } from '../../../src/core/tickets';
import { startTestHelpdesk, type TestHelpdesk } from '../../support/helpdesk';

describe('ticket service on the real database', () => {
  let h: TestHelpdesk;
  beforeAll(async () => {
    h = await startTestHelpdesk();
  });
  afterAll(() => h.close());

  it('50 concurrent creations get 50 distinct, consecutive numbers', async () => {
    const alice = await h.actor('console', 'alice', { locale: 'en' });
    const tickets = await Promise.all(
      Array.from({ length: 50 }, (_, i) => h.helpdesk.tickets.open(alice, { description: `problem ${i}` })),
    );
    const seqs = tickets.map((t) => Number(t.number.slice(4))).sort((a, b) => a - b);
    expect(new Set(seqs).size).toBe(50);
    expect(seqs[49] - seqs[0]).toBe(49);
    expect(tickets.every((t) => /^INC-\d{6}$/.test(t.number))).toBe(true);
    const requests = await Promise.all(
      [1, 2].map(() => h.helpdesk.tickets.open(alice, { type: 'request', description: 'new badge' })),
    );
    expect(requests.map((t) => t.number).sort()).toEqual(['REQ-000001', 'REQ-000002']);
  });

  it('concurrent changes to one ticket are all kept, none overwritten', async () => {
    const alice = await h.actor('console', 'alice');
    const sam = await h.actor('console', 'sam');
    const ticket = await h.helpdesk.tickets.open(alice, { description: 'busy ticket' });
    await Promise.all(Array.from({ length: 10 }, (_, i) => h.helpdesk.tickets.note(sam, ticket.number, `note ${i}`)));
    const stored = (await ticketModel(h.connection).findOne({ number: ticket.number }).lean<Ticket>())!;
    expect(stored.history.filter((e) => e.type === 'note')).toHaveLength(10);
    expect(stored.rev).toBe(10);
  });

  it('derives priority from the impact × urgency matrix of the policy', async () => {
    const alice = await h.actor('console', 'alice');
    const cases: ['high' | 'medium' | 'low', 'high' | 'medium' | 'low', string][] = [
      ['high', 'high', 'P1'],
      ['high', 'low', 'P3'],
      ['medium', 'medium', 'P3'],
      ['low', 'low', 'P4'],
    ];
    for (const [impact, urgency, priority] of cases)
      expect((await h.helpdesk.tickets.open(alice, { description: 'x', impact, urgency })).priority).toBe(priority);
  });

  it('refuses an illegal transition (resolve a cancelled ticket) and stores nothing', async () => {
    const alice = await h.actor('console', 'alice');
    const sam = await h.actor('console', 'sam');
    const ticket = await h.helpdesk.tickets.open(alice, { description: 'screen flickers' });
    await h.helpdesk.tickets.cancel(alice, ticket.number, 'fixed by itself');
    const before = await ticketModel(h.connection).findOne({ number: ticket.number }).lean<Ticket>();
    await expect(h.helpdesk.tickets.resolve(sam, ticket.number, 'replaced cable')).rejects.toMatchObject({
      code: 'ticket.illegal_transition',
      params: { number: ticket.number, from: 'cancelled', to: 'resolved' },
    });
    await expect(h.helpdesk.tickets.reopen(sam, ticket.number)).rejects.toMatchObject({
      code: 'ticket.reopen_cancelled',
    });
    expect(await ticketModel(h.connection).findOne({ number: ticket.number }).lean()).toEqual(before);
  });

  it('records who, when, what and from which channel for every change', async () => {
    const alice = await h.actor('console', 'alice');
    const sam = await h.actor('console', 'sam');
    const ticket = await h.helpdesk.tickets.open(alice, { description: 'cannot print' });
    h.clock.advanceMinutes(10);
    await h.helpdesk.tickets.claim(sam, ticket.number);
    h.clock.advanceMinutes(5);
    const done = await h.helpdesk.tickets.resolve(sam, ticket.number, 'driver reinstalled');
    expect(done.history.map((e) => [e.type, e.actor.key, e.channel, e.from, e.to])).toEqual([
      ['opened', 'console:alice', 'console', undefined, 'new'],
      ['claimed', 'console:sam', 'console', 'new', 'assigned'],
      ['resolved', 'console:sam', 'console', 'assigned', 'resolved'],
    ]);
    expect(done.history[2].at.getTime() - done.history[0].at.getTime()).toBe(15 * 60_000);
    expect(done.sla.acknowledgedAt).toEqual(done.history[1].at);
  });

  it('only the requester or an agent can see, cancel or reopen a ticket', async () => {
    const alice = await h.actor('console', 'alice');
    const bertrand = await h.actor('console', 'bertrand');
    const ticket = await h.helpdesk.tickets.open(alice, { description: 'keyboard missing keys' });
    await expect(h.helpdesk.tickets.get(bertrand, ticket.number)).rejects.toMatchObject({
      code: 'ticket.not_requester',
    });
    await expect(h.helpdesk.tickets.cancel(bertrand, ticket.number)).rejects.toMatchObject({
      code: 'ticket.not_requester',
    });
    expect((await h.helpdesk.tickets.get(alice, ticket.number)).number).toBe(ticket.number);
  });

  it('waiting on the user pauses the clock and the answer resumes it with the remaining time', async () => {
    const alice = await h.actor('console', 'alice');
    const sam = await h.actor('console', 'sam');
    h.clock.set('2026-03-03T09:00:00+01:00'); // Tuesday 09:00 Paris
    const ticket = await h.helpdesk.tickets.open(alice, {
      description: 'access to shared drive',
      impact: 'medium',
      urgency: 'medium',
    });
    const committed = ticket.sla.resolveBy.getTime();
    h.clock.set('2026-03-03T10:00:00+01:00');
    await h.helpdesk.tickets.wait(sam, ticket.number, 'Which folder?');
    h.clock.set('2026-03-04T10:00:00+01:00'); // one business day later
    const resumed = await h.helpdesk.tickets.addRequesterMessage(alice, ticket.number, 'The finance folder');
    expect(resumed.status).toBe('assigned');
    expect(resumed.sla.pausedBusinessMin).toBe(9 * 60);
    expect(resumed.sla.resolveBy.getTime()).toBe(committed + 24 * 3600_000);
  });

  it('escalates one level at a time to the next team and unassigns', async () => {
    const alice = await h.actor('console', 'alice');
    const sam = await h.actor('console', 'sam');
    const ticket = await h.helpdesk.tickets.open(alice, { description: 'server room too hot' });
    await h.helpdesk.tickets.claim(sam, ticket.number);
    const l2 = await h.helpdesk.tickets.escalate(sam, ticket.number, undefined, 'needs network team');
    expect(l2).toMatchObject({ level: 'L2', team: 'workplace', status: 'new' });
    expect(l2.assignee).toBeUndefined();
    const l3 = await h.helpdesk.tickets.escalate(sam, ticket.number, 'L3', 'hardware');
    expect(l3.level).toBe('L3');
    await expect(h.helpdesk.tickets.escalate(sam, ticket.number, undefined, 'again')).rejects.toMatchObject({
      code: 'ticket.max_level',
    });
  });
});
