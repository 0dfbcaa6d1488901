import { ticketCommands } from '../../../src/core/conversation';
import type { Command } from '../../../src/core/conversation/commands';
import type { Actor } from '../../../src/core/people';
import { translator, type Locale } from '../../../src/i18n';
import { startTestHelpdesk, type TestHelpdesk } from '../../support/helpdesk';
import { crisisRecord, paris, say } from '../crisis/support';

/**
 * QA finding 3: the ticket verb `link <ticket> CRI-…`, given the crisis cell, attaches the ticket to
 * the crisis as `crisis link` does (the requester then hears the updates, the close resolves it).
 * The verb is built here with the cell, as the composition root is to build it.
 */
describe('ticket verb `link <ticket> CRI-…` with the crisis cell', () => {
  let h: TestHelpdesk;
  let link: Command;
  let agnes: Actor;
  let alice: Actor;
  beforeEach(async () => {
    h = await startTestHelpdesk();
    h.clock.set(paris('2026-03-02T10:00'));
    await say(h, 'sam', 'crisis declare Mail is down sev2', 'agents');
    link = ticketCommands({
      tickets: h.helpdesk.tickets,
      presenter: h.helpdesk.presenter,
      crises: h.helpdesk.crisis,
    }).find((command) => command.verbs.includes('link'))!;
    agnes = await h.actor('console', 'agnes');
    alice = await h.actor('console', 'alice', { name: 'Alice Martin', locale: 'en' });
  });
  afterEach(() => h.close());

  const run = async (actor: Actor, args: string, locale: Locale = actor.person.locale) =>
    (await link.run({ actor, args, t: translator(locale), locale, place: 'agents', room: 'agents' })).map(
      (r) => r.text,
    );

  it('the ticket joins the crisis: its record lists it, its requester hears the updates', async () => {
    const { number } = await h.helpdesk.tickets.open(alice, { description: 'Outlook cannot connect' });
    expect(await run(agnes, `${number} cri-1`)).toEqual([
      `🔗 ${number} (Outlook cannot connect, signalé par Alice Martin) est lié à CRI-000001.`,
    ]);
    expect((await crisisRecord(h)).tickets.map((tk) => tk.number)).toEqual([number]);
    expect((await h.helpdesk.tickets.find(number)).links).toEqual(['CRI-000001']);
    expect(await run(agnes, `${number} CRI-000001`)).toEqual([`*${number}* est déjà lié à CRI-000001.`]);
    expect((await say(h, 'sam', 'crisis update CRI-1 Investigating', 'agents'))[0]).toContain(
      '1 requester(s) notified',
    );
  });

  it('refuses a crisis that does not exist and a finished ticket, in the agent’s language', async () => {
    const { number } = await h.helpdesk.tickets.open(alice, { description: 'Teams chat is slow' });
    expect(await run(agnes, `${number} CRI-000099`)).toEqual(['La crise CRI-000099 n’existe pas.']);
    await h.helpdesk.tickets.cancel(alice, number);
    await expect(run(agnes, `${number} CRI-000001`)).rejects.toMatchObject({
      code: 'ticket.final',
      params: { number, from: 'cancelled' },
    });
    expect((await crisisRecord(h)).tickets).toEqual([]);
  });

  it('as composed, the agents’ `link` verb joins the ticket to the crisis', async () => {
    const { number } = await h.helpdesk.tickets.open(alice, { description: 'Outlook asks for my password again' });
    expect((await say(h, 'sam', `link ${number} CRI-000001`, 'agents'))[0]).toContain('CRI-000001');
    expect((await crisisRecord(h)).tickets.map((tk) => tk.number)).toEqual([number]);
  });
});
