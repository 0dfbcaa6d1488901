import type { Ticket } from '../../../src/core/tickets';
import { startTestHelpdesk, type TestHelpdesk } from '../../support/helpdesk';
import { crisisRecord, paris, say, texts } from './support';

// QA finding 12: the desk speaks English by default; Bertrand reads French.
describe('crisis close: each requester reads the resolution of their ticket in their language', () => {
  let h: TestHelpdesk;
  let alice: Ticket;
  let bertrand: Ticket;
  beforeEach(async () => {
    h = await startTestHelpdesk();
    h.clock.set(paris('2026-03-02T10:00'));
    const problem = { description: 'VPN down for remote users', impact: 'high', urgency: 'high' } as const;
    alice = await h.helpdesk.tickets.open(
      await h.actor('console', 'alice', { name: 'Alice Martin', locale: 'en' }),
      problem,
    );
    bertrand = await h.helpdesk.tickets.open(
      await h.actor('console', 'bertrand', { name: 'Bertrand Petit', locale: 'fr' }),
      problem,
    );
    await say(h, 'sam', 'crisis declare VPN down for all remote users', 'agents');
    for (const ticket of [alice, bertrand]) await say(h, 'sam', `crisis link ${ticket.number}`, ROOM);
  });
  afterEach(() => h.close());

  const ROOM = 'crisis:CRI-000001';
  const resolvedDm = async (persona: string, ticket: Ticket) =>
    (await texts(h, `dm:${persona}`)).find(
      (text) => text.includes(`*${ticket.number}*`) && /résolu|resolved/.test(text),
    );

  it('with the resolution given at close', async () => {
    h.clock.set(paris('2026-03-02T11:00'));
    await say(h, 'marie', 'crisis close VPN concentrator replaced', ROOM);

    expect((await h.helpdesk.tickets.find(bertrand.number)).resolution).toBe(
      'Résolu avec l’incident majeur CRI-000001 (VPN down for all remote users) : VPN concentrator replaced',
    );
    expect((await h.helpdesk.tickets.find(alice.number)).resolution).toBe(
      'Resolved with major incident CRI-000001 (VPN down for all remote users): VPN concentrator replaced',
    );
    expect(await resolvedDm('bertrand', bertrand)).toMatch(
      new RegExp(`^Votre ticket \\*${bertrand.number}\\* est résolu :\\n> Résolu avec l’incident majeur CRI-000001 `),
    );
    expect(await resolvedDm('alice', alice)).toMatch(
      new RegExp(`^Your ticket \\*${alice.number}\\* is resolved:\\n> Resolved with major incident CRI-000001 `),
    );
    // The crisis record and its report keep the desk's language.
    expect((await crisisRecord(h)).resolution).toBe('VPN concentrator replaced');
  });

  it('with nothing said at close: the default resolution, in each language', async () => {
    await say(h, 'marie', 'crisis close', ROOM);
    expect((await h.helpdesk.tickets.find(bertrand.number)).resolution).toBe(
      'Résolu avec l’incident majeur CRI-000001 (VPN down for all remote users) : service rétabli',
    );
    expect((await h.helpdesk.tickets.find(alice.number)).resolution).toBe(
      'Resolved with major incident CRI-000001 (VPN down for all remote users): service restored',
    );
    expect(await resolvedDm('bertrand', bertrand)).not.toMatch(/Resolved with|service restored/);
    expect((await crisisRecord(h)).resolution).toBe('service restored');
  });
});
