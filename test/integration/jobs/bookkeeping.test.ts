import { claim, claimModel } from '../../../src/db/claims';
import { draftModel } from '../../../src/core/conversation';
import { ticketModel } from '../../../src/core/tickets/model';
import { BOOKKEEPING_PRUNE } from '../../../src/jobs/bookkeeping';
import { startTestHelpdesk, type TestHelpdesk } from '../../support/helpdesk';

const DAY = 24 * 3600_000;

describe('bookkeeping job: claims and drafts stay bounded', () => {
  let h: TestHelpdesk;
  beforeAll(async () => {
    h = await startTestHelpdesk();
  });
  afterAll(() => h.close());

  const claimIds = async () => (await claimModel(h.connection).find().lean()).map((c) => c._id).sort();
  const draftTexts = async () => (await draftModel(h.connection).find().lean()).map((d) => d.text).sort();
  const prune = () => h.helpdesk.scheduler.runNow(BOOKKEEPING_PRUNE);

  it('deletes ticket revision and number claims after a day, other claims after 90 days, drafts after 30 or 90', async () => {
    const alice = await h.actor('console', 'alice');
    const sam = await h.actor('console', 'sam');
    const ticket = await h.helpdesk.tickets.open(alice, { description: 'Printer on floor 3 jams on every page' });
    await h.helpdesk.tickets.claim(sam, ticket.number);
    await claim(h.connection, 'crisis:CRI-000001:remind:2026-03-02T10:00:00.000Z', h.clock.now());
    const drafts = draftModel(h.connection);
    const base = { personKey: alice.person.key, createdAt: h.clock.now() };
    await drafts.create([
      { ...base, text: 'became a ticket', status: 'ticket', ticketNumber: ticket.number },
      { ...base, text: 'never answered', status: 'open' },
    ]);
    expect(await claimIds()).toEqual(
      expect.arrayContaining([`number:${ticket.number}`, expect.stringMatching(/^ticket:INC-\d+:1$/)]),
    );

    // An hour later nothing is old enough.
    h.clock.advance(3600_000);
    expect(await prune()).toEqual({ claims: 0, drafts: 0 });

    h.clock.advance(2 * DAY);
    expect(await prune()).toEqual({ claims: 2, drafts: 0 });
    expect(await claimIds()).toEqual(['crisis:CRI-000001:remind:2026-03-02T10:00:00.000Z']);
    // The ticket goes on: its next revision is claimed afresh.
    expect((await h.helpdesk.tickets.resolve(sam, ticket.number, 'Replaced the fuser')).status).toBe('resolved');

    h.clock.advance(30 * DAY);
    expect(await prune()).toEqual({ claims: 1, drafts: 1 });
    expect(await draftTexts()).toEqual(['never answered']);

    h.clock.advance(60 * DAY);
    const report = (await prune()) as { claims: number; drafts: number };
    expect(report.drafts).toBe(1);
    expect(await claimIds()).toEqual([]);
    expect(await draftTexts()).toEqual([]);
    // Tickets are never deleted.
    expect(await ticketModel(h.connection).countDocuments({ number: ticket.number })).toBe(1);
  });
});
