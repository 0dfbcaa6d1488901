import type { Ticket } from '../../../src/core/tickets';
import { startTestHelpdesk, type TestHelpdesk } from '../../support/helpdesk';
import { crisisRecord, paris, say, texts } from './support';

// QA finding 8. Declared by Sam (on call for L1): Marie (L3) commands, Sam is communications lead and
// scribe, Lucas (L2) technical lead. Alice (en) and Bertrand (fr) are employees whose tickets are linked.
describe('crisis cell: people who are not agents follow a crisis, they do not run it', () => {
  let h: TestHelpdesk;
  let aliceTicket: Ticket;
  let bertrandTicket: Ticket;
  beforeEach(async () => {
    h = await startTestHelpdesk();
    h.clock.set(paris('2026-03-02T10:00'));
    const alice = await h.actor('console', 'alice', { name: 'Alice Martin', locale: 'en' });
    const bertrand = await h.actor('console', 'bertrand', { name: 'Bertrand Petit', locale: 'fr' });
    const problem = { description: 'Payroll portal is down', impact: 'high', urgency: 'high' } as const;
    aliceTicket = await h.helpdesk.tickets.open(alice, problem);
    bertrandTicket = await h.helpdesk.tickets.open(bertrand, problem);
    await say(h, 'sam', 'crisis declare Payroll is down', 'agents');
    await say(h, 'sam', `crisis link ${aliceTicket.number}`, ROOM);
    await say(h, 'sam', `crisis link ${bertrandTicket.number}`, ROOM);
  });
  afterEach(() => h.close());

  const ROOM = 'crisis:CRI-000001';
  const followerOnly = (verb: string) =>
    `Only the service-desk agents of CRI-000001 can use \`crisis ${verb}\`. As a follower you read the room and mark your own actions done (\`crisis done <n>\`).`;

  it('a crisis role needs an agent; an employee can only be invited, as a follower', async () => {
    expect(await say(h, 'sam', 'crisis role scribe alice', ROOM)).toEqual([
      'Alice Martin is not a service-desk agent: crisis roles are held by agents. To let them follow CRI-000001, use `crisis invite <user>`.',
    ]);
    expect(await say(h, 'marie', 'crisis role comms bertrand', ROOM)).toEqual([
      'Bertrand Petit n’est pas technicien du support : les rôles de crise sont tenus par des techniciens. Pour lui faire suivre CRI-000001, utilisez `crise inviter <utilisateur>`.',
    ]);
    let crisis = await crisisRecord(h);
    expect(crisis.roles.scribe?.name).toBe('Sam Carter');
    expect(crisis.roles.communications?.name).toBe('Sam Carter');
    expect(crisis.members.map((m) => m.key)).not.toContain('console:alice');

    expect(await say(h, 'sam', 'crisis invite alice', ROOM)).toEqual([
      '👤 Alice Martin joined CRI-000001 as a follower (not a service-desk agent: reads the room, cannot post updates, change the status or close).',
    ]);
    expect((await texts(h, 'dm:alice')).join('\n')).toContain(
      'You are *follower* of the major incident *CRI-000001* (SEV1): Payroll is down\nYour duties:\n• You follow the incident',
    );
    crisis = await crisisRecord(h);
    expect(crisis.members.map((m) => m.key)).toContain('console:alice');

    // What Alice did in the QA session, from her direct messages: every verb that speaks for the
    // cell or changes it is refused, and nothing is recorded or sent.
    const before = await crisisRecord(h);
    expect(await say(h, 'alice', 'crisis update CRI-000001 I am the scribe now, everything is fine')).toEqual([
      followerOnly('update'),
    ]);
    expect(await say(h, 'alice', 'crisis status CRI-1 resolved')).toEqual([followerOnly('status')]);
    expect(await say(h, 'alice', 'crisis close CRI-1')).toEqual([followerOnly('close')]);
    expect(await say(h, 'alice', 'crisis role CRI-1 scribe alice')).toEqual([followerOnly('role')]);
    expect(await say(h, 'alice', 'crisis invite CRI-1 bertrand')).toEqual([followerOnly('invite')]);
    expect(await say(h, 'alice', 'crisis action CRI-1 Call the vendor')).toEqual([followerOnly('action')]);
    expect(await say(h, 'alice', `crisis link CRI-1 ${aliceTicket.number}`)).toEqual([followerOnly('link')]);
    expect(await say(h, 'alice', 'crisis retry CRI-1')).toEqual([followerOnly('retry')]);
    const alice = await h.actor('console', 'alice');
    await expect(h.helpdesk.crisis.close({ actor: alice }, before)).rejects.toMatchObject({
      code: 'crisis.agents_only',
    });

    const after = await crisisRecord(h);
    expect(after.rev).toBe(before.rev);
    expect(after.status).toBe('investigating');
    expect(after.updates).toEqual([]);
    expect((await texts(h, 'stakeholders')).filter((text) => text.startsWith('📣'))).toEqual([]);
    expect((await texts(h, 'dm:bertrand')).filter((text) => text.includes('Point sur'))).toEqual([]);
    expect((await h.helpdesk.tickets.find(bertrandTicket.number)).status).not.toBe('resolved');
  });

  it('a follower marks done only the actions they own; any agent of the cell closes, warned of open actions', async () => {
    // Lucas gives Bertrand (an employee) an action: he joins as a follower and may mark it done.
    expect(
      await say(h, 'lucas', 'crisis action Confirm payroll works for the Lyon office @bertrand tomorrow 10:00', ROOM),
    ).toEqual([
      '📌 Action n°1 : Confirm payroll works for the Lyon office — responsable : Bertrand Petit, échéance : mar. 3 mars, 10:00 UTC+1',
    ]);
    expect((await texts(h, 'dm:bertrand')).join('\n')).toContain(
      'Vous êtes *observateur* de l’incident majeur *CRI-000001*',
    );
    await say(h, 'sam', 'crisis action Call the vendor @lucas', ROOM);
    await say(h, 'sam', 'crisis action Warn HR', ROOM);

    expect(await say(h, 'bertrand', 'crise fait CRI-1 2')).toEqual([
      'L’action n°2 de CRI-000001 est confiée à Lucas Bernard : seuls son responsable ou un technicien du support de la cellule peuvent la marquer réalisée.',
    ]);
    expect(await say(h, 'bertrand', 'crise fait CRI-1 3')).toEqual([
      'L’action n°3 de CRI-000001 n’a pas de responsable : seul un technicien du support de la cellule peut la marquer réalisée.',
    ]);
    expect(await say(h, 'bertrand', 'crise fait CRI-1 1')).toEqual([
      '✅ Action n°1 réalisée par Bertrand Petit : Confirm payroll works for the Lyon office',
    ]);
    expect((await crisisRecord(h)).actions.map((a) => a.done)).toEqual([true, false, false]);
    expect(await say(h, 'bertrand', 'crise clore CRI-1')).toEqual([
      'Seuls les techniciens du support de CRI-000001 peuvent utiliser `crisis close`. En tant qu’observateur, vous lisez le salon et marquez vos propres actions comme réalisées (`crise fait <n>`).',
    ]);

    // Sam (communications lead, not the commander) closes: allowed to an agent of the cell; the
    // open actions do not stop the close, but he sees them.
    const closed = await say(h, 'sam', 'crisis close Payroll restored', ROOM);
    expect(closed[0]).toMatch(/^🏁 CRI-000001 closed: 2 linked ticket\(s\) resolved/);
    expect(closed.at(-1)).toBe(
      '⚠️ Actions of CRI-000001 still open at the close (2); the report lists them as open:\n' +
        '• #2 Call the vendor — owner: Lucas Bernard, due: none\n' +
        '• #3 Warn HR — owner: unassigned, due: none',
    );
    expect((await crisisRecord(h)).status).toBe('closed');
  });
});
