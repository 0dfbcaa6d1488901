import { startTestHelpdesk, type TestHelpdesk } from '../../support/helpdesk';
import { click, crisisRecord, paris, say, texts } from './support';

// Declared by Sam (on call for L1 this week): Marie (L3) commands, Sam is communications lead and
// scribe, Lucas (L2) technical lead. Agnès is an agent but not a member.
describe('crisis cell: who may declare, who may run the verbs', () => {
  let h: TestHelpdesk;
  beforeEach(async () => {
    h = await startTestHelpdesk();
    h.clock.set(paris('2026-03-02T10:00'));
  });
  afterEach(() => h.close());

  const ROOM = 'crisis:CRI-000001';

  it('only agents declare, by command or by the button of a P1 incident', async () => {
    expect(await say(h, 'alice', 'crisis declare Payroll is down sev1')).toEqual([
      'Only service-desk agents can use `crisis declare`.',
    ]);
    const alice = await h.actor('console', 'alice', { name: 'Alice Martin', locale: 'en' });
    const ticket = await h.helpdesk.tickets.open(alice, {
      description: 'Payroll is down',
      impact: 'high',
      urgency: 'high',
    });
    expect(await click(h, 'alice', 'crisis.declare', ticket.number)).toEqual([
      'Only service-desk agents can use `crisis declare`.',
    ]);
    await expect(h.helpdesk.crisis.records.get('CRI-000001')).rejects.toMatchObject({ code: 'crisis.not_found' });

    // The button declares once: a second click (another agent) is told which crisis handles the ticket.
    expect((await click(h, 'sam', 'crisis.declare', ticket.number, 'agents'))[0]).toContain(
      '🚨 *CRI-000001* declared (SEV1): Payroll is down',
    );
    expect(await click(h, 'agnes', 'crisis.declare', ticket.number, 'agents')).toEqual([
      `Le ticket ${ticket.number} est déjà traité par l’incident majeur CRI-000001.`,
    ]);

    // A SEV2 by command, with its own (longer) update interval.
    expect((await say(h, 'agnes', 'crisis declare VPN degraded for the Lyon office sev2', 'agents'))[0]).toContain(
      '🚨 *CRI-000002* déclarée (SEV2)',
    );
    expect((await crisisRecord(h, 'CRI-000002')).nextUpdateDue).toEqual(paris('2026-03-02T11:00'));
    expect((await say(h, 'agnes', 'crisis declare VP', 'agents'))[0]).toMatch(
      /^Commande invalide : .*at least 3 characters/,
    );
  });

  it('only members run crisis verbs, in the room or with the crisis number', async () => {
    await say(h, 'sam', 'crisis declare Payroll is down', 'agents');
    const before = await crisisRecord(h);
    expect(before.members.map((m) => m.key).sort()).toEqual(['console:lucas', 'console:marie', 'console:sam']);

    // Agnès (an agent, not a member) is refused in the room and from the agents' channel; nothing is recorded.
    const refusal =
      'Seuls les membres de CRI-000001 peuvent lancer ses commandes de crise. Demandez à son commandant de vous ajouter (`crisis invite <utilisateur>`).';
    expect(await say(h, 'agnes', 'crisis update All good now', ROOM)).toEqual([refusal]);
    expect(await say(h, 'agnes', 'crisis action Call the vendor', ROOM)).toEqual([refusal]);
    expect(await say(h, 'agnes', 'crisis close', ROOM)).toEqual([refusal]);
    expect(await say(h, 'agnes', 'crisis update CRI-1 All good now', 'agents')).toEqual([refusal]);
    const after = await crisisRecord(h);
    expect(after.rev).toBe(before.rev);
    expect(after.updates).toEqual([]);
    expect((await texts(h, 'stakeholders')).filter((text) => text.startsWith('📣'))).toEqual([]);

    // Outside a crisis room the crisis must be named; an employee cannot even reach the room.
    expect(await say(h, 'sam', 'crisis update Still down', 'agents')).toEqual([
      'This is not a crisis room: run the command in the crisis room, or add the crisis number (`crisis update CRI-000007 …`).',
    ]);
    const res = await fetch(`${h.url}/console/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ persona: 'alice', text: 'crisis update hello', room: ROOM }),
    });
    expect(res.status).toBe(403);

    // A member invites Agnès: she is told her part, and may now post an update.
    expect(await say(h, 'marie', 'crisis invite agnes', ROOM)).toEqual(['👤 Agnès Morel rejoint CRI-000001.']);
    expect((await texts(h, 'dm:agnes')).join('\n')).toContain(
      'Vous êtes *participant* de l’incident majeur *CRI-000001*',
    );
    expect((await say(h, 'agnes', 'crisis update Payroll is back for most people', ROOM))[0]).toContain(
      '📣 *Point n°1* sur CRI-000001',
    );
    // From the agents' channel with the number: the room hears it too.
    expect(await say(h, 'sam', 'crisis status CRI-1 monitoring', 'agents')).toEqual([
      '🔄 CRI-000001 is now *monitoring* (Sam Carter).',
    ]);
    expect((await texts(h, ROOM)).at(-1)).toBe('🔄 CRI-000001 is now *monitoring* (Sam Carter).');
    expect(await say(h, 'sam', 'crisis status monitoring', ROOM)).toEqual(['CRI-000001 is already monitoring.']);
    expect(await say(h, 'sam', 'crisis done 4', ROOM)).toEqual(['CRI-000001 has no action #4.']);
    expect(await say(h, 'sam', 'crisis role janitor @agnes', ROOM)).toEqual([
      '“janitor” is not a crisis role here (roles: commander, communications, scribe, technical).',
    ]);
    expect((await say(h, 'sam', 'crisis frobnicate', ROOM))[0]).toMatch(/^Unknown crisis command “frobnicate”/);
  });
  it('members acting at the same time: distinct action numbers, one close', async () => {
    await say(h, 'sam', 'crisis declare Payroll is down', 'agents');
    const [sam, lucas, marie] = await Promise.all(['sam', 'lucas', 'marie'].map((id) => h.actor('console', id)));
    const cell = h.helpdesk.crisis;
    const crisis = await crisisRecord(h);
    await Promise.all([
      cell.addAction({ actor: sam }, crisis, { text: 'Call the vendor' }),
      cell.addAction({ actor: lucas }, crisis, { text: 'Restart the API' }),
      cell.addAction({ actor: marie }, crisis, { text: 'Warn HR' }),
    ]);
    const after = await crisisRecord(h);
    expect(after.actions.map((a) => a.n).sort()).toEqual([1, 2, 3]);
    expect(after.actions.map((a) => a.text).sort()).toEqual(['Call the vendor', 'Restart the API', 'Warn HR']);

    const closes = await Promise.allSettled([cell.close({ actor: sam }, after), cell.close({ actor: marie }, after)]);
    expect(closes.filter((c) => c.status === 'fulfilled')).toHaveLength(1);
    expect(closes.find((c) => c.status === 'rejected')).toMatchObject({ reason: { code: 'crisis.closing' } });
    const closed = await crisisRecord(h);
    expect(closed.timeline.filter((e) => e.kind === 'closed')).toHaveLength(1);
    expect(closed.room.steps.filter((s) => s.step === 'report')).toHaveLength(1);
  });
});
