import { withCrisisErrors } from '../../../src/core/crisis';
import { translator } from '../../../src/i18n';
import { startTestHelpdesk, type TestHelpdesk } from '../../support/helpdesk';
import { crisisRecord, paris, say, texts } from './support';

// QA finding 3: `link INC-… CRI-…` must attach the ticket to the crisis as `crisis link` does. The
// ticket verb is not the crisis cell's; it calls `CrisisCell.linkTicket`, tested here directly.
describe('crisis cell: linking a ticket from outside the cell (the ticket verb `link <ticket> CRI-…`)', () => {
  let h: TestHelpdesk;
  beforeEach(async () => {
    h = await startTestHelpdesk();
    h.clock.set(paris('2026-03-02T10:00'));
    // Declared by Sam: Marie, Sam and Lucas are members; Agnès is an agent outside the cell.
    await say(h, 'sam', 'crisis declare Mail is down sev2', 'agents');
  });
  afterEach(() => h.close());

  it('any agent links, member of the cell or not; the requester then hears the updates and the close', async () => {
    const alice = await h.actor('console', 'alice', { name: 'Alice Martin', locale: 'en' });
    const ticket = await h.helpdesk.tickets.open(alice, {
      description: 'Outlook cannot connect',
      impact: 'medium',
      urgency: 'high',
    });
    const dominique = await h.actor('console', 'dominique', { name: 'Dominique Roy', locale: 'fr' });
    const cell = h.helpdesk.crisis;
    expect((await cell.records.get('CRI-000001')).members.map((m) => m.key)).not.toContain('console:agnes');

    const agnes = await h.actor('console', 'agnes');
    const linked = await cell.linkTicket(agnes, 'CRI-1', ticket.number.toLowerCase(), 'agents');
    expect(linked.replies.map((r) => r.text)).toEqual([
      `🔗 ${ticket.number} (Outlook cannot connect, signalé par Alice Martin) est lié à CRI-000001.`,
    ]);
    const crisis = await crisisRecord(h);
    expect(crisis.tickets.map((tk) => tk.number)).toEqual([ticket.number]);
    expect(crisis.timeline.at(-1)).toMatchObject({ kind: 'link', author: { name: 'Agnès Morel' } });
    // Linking does not make her a member.
    expect(crisis.members.map((m) => m.key)).not.toContain('console:agnes');
    expect((await h.helpdesk.tickets.find(ticket.number)).links).toEqual(['CRI-000001']);
    expect((await texts(h, 'crisis:CRI-000001')).at(-1)).toBe(
      `🔗 ${ticket.number} (Outlook cannot connect, reported by Alice Martin) is linked to CRI-000001.`,
    );

    // Refusals, translated by `withCrisisErrors` for the ticket verb.
    const inFrench = (work: () => Promise<unknown>) =>
      withCrisisErrors(translator('fr'), async () => {
        await work();
        return [];
      });
    expect(await inFrench(() => cell.linkTicket(agnes, 'CRI-000001', ticket.number))).toEqual([
      { text: `${ticket.number} est déjà lié à CRI-000001.` },
    ]);
    expect(await inFrench(() => cell.linkTicket(agnes, 'CRI-000099', ticket.number))).toEqual([
      { text: 'La crise CRI-000099 n’existe pas.' },
    ]);
    await expect(cell.linkTicket(alice, 'CRI-000001', ticket.number)).rejects.toMatchObject({
      code: 'forbidden_agent',
    });
    await expect(cell.linkTicket(dominique, 'CRI-000001', ticket.number)).rejects.toMatchObject({
      code: 'forbidden_agent',
    });
    await expect(cell.linkTicket(agnes, 'CRI-000001', 'INC-000777')).rejects.toMatchObject({
      code: 'ticket.not_found',
    });

    // The requester now hears the crisis updates, and the close resolves the ticket.
    expect((await say(h, 'sam', 'crisis update CRI-1 Investigating', 'agents'))[0]).toContain(
      '1 requester(s) notified',
    );
    expect((await texts(h, 'dm:alice')).some((text) => text.includes('Update on the major incident'))).toBe(true);
    await say(h, 'sam', 'crisis close CRI-1 SMTP relay restarted', 'agents');
    expect((await h.helpdesk.tickets.find(ticket.number)).status).toBe('resolved');
    expect(await inFrench(() => cell.linkTicket(agnes, 'CRI-000001', ticket.number))).toEqual([
      { text: 'CRI-000001 est close : elle ne peut plus changer.' },
    ]);
  });

  it('`crisis link` refuses a cancelled ticket, in the agent’s language, and the crisis stays as it was', async () => {
    const alice = await h.actor('console', 'alice', { name: 'Alice Martin', locale: 'en' });
    const ticket = await h.helpdesk.tickets.open(alice, { description: 'Outlook cannot connect' });
    await h.helpdesk.tickets.cancel(alice, ticket.number);
    expect((await say(h, 'sam', `crisis link ${ticket.number}`, 'crisis:CRI-000001'))[0]).toBe(
      `Ticket ${ticket.number} is cancelled: it can no longer be changed.`,
    );
    expect((await crisisRecord(h)).tickets).toEqual([]);
  });
});
