import { translator } from '../../../src/i18n';
import { startTestHelpdesk, type TestHelpdesk } from '../../support/helpdesk';
import { cast, events, paris, room, sweep, texts, ticket } from './support';

// The shipped policy: Europe/Paris, desk open Mon–Fri 09:00–18:00, P2 = acknowledge 30m / resolve 8h
// of business time, warnings at 75 %. The clock starts on Monday 2 March 2026, 10:00 in Paris.
describe('SLA watch on the real database', () => {
  let h: TestHelpdesk;
  beforeEach(async () => {
    h = await startTestHelpdesk();
  });
  afterEach(() => h.close());

  async function openP2(description = 'VPN down for the whole floor') {
    const { alice } = await cast(h);
    return h.helpdesk.tickets.open(alice, { description, impact: 'high', urgency: 'medium' });
  }

  it('warns the assignee at 75 % of the resolve target, then breaches, escalates to L2 and tells L2 on-call and the lead', async () => {
    const { sam } = await cast(h);
    const opened = await openP2();
    await h.helpdesk.tickets.claim(sam, opened.number);
    const claimed = await ticket(h, opened.number);
    expect(claimed.sla.resolveBy).toEqual(paris('2026-03-02T18:00'));
    expect(claimed.slaNextCheckAt).toEqual(paris('2026-03-02T16:00'));

    // Given 5 h 59 of the 8 h used, nothing is due.
    h.clock.set(paris('2026-03-02T15:59'));
    expect(await sweep(h)).toMatchObject({ tickets: 0, warnings: 0 });

    // At 6 h (75 %) the assignee is warned by direct message, once.
    h.clock.set(paris('2026-03-02T16:00'));
    expect(await sweep(h)).toMatchObject({ tickets: 1, warnings: 1, breaches: 0 });
    expect(await sweep(h)).toMatchObject({ tickets: 0, warnings: 0 });
    const [warning] = await events(h, opened.number, 'sla_warning');
    expect(warning).toMatchObject({
      actor: { key: 'system:helpdesk' },
      channel: 'system',
      data: { checkpoint: 'warn-resolve', target: 'resolve', fraction: 0.75, due: paris('2026-03-02T18:00') },
    });
    // The deadline stated is the target's (18:00), not the time of the warning (16:00).
    expect(await texts(h, 'dm:sam')).toMatch(
      new RegExp(
        `SLA warning on \\*${opened.number}\\*.*75 % of the resolve target is used\\. It must be met by [^\\n]*18:00`,
      ),
    );

    // At 8 h the target is breached by support: the ticket goes to L2's team, unassigned.
    h.clock.set(paris('2026-03-02T18:00'));
    expect(await sweep(h)).toMatchObject({ tickets: 1, breaches: 1, escalations: 1 });
    const breached = await ticket(h, opened.number);
    expect(breached).toMatchObject({ level: 'L2', team: 'workplace', status: 'new' });
    expect(breached.assignee).toBeUndefined();
    expect(breached.sla).toMatchObject({ breachedResolve: true, breachCause: 'support' });
    const [breach] = await events(h, opened.number, 'sla_breach');
    expect(breach).toMatchObject({ channel: 'system', data: { checkpoint: 'breach-resolve', cause: 'support' } });
    const [escalated] = await events(h, opened.number, 'escalated');
    expect(escalated).toMatchObject({ actor: { key: 'system:helpdesk' }, from: 'L1', to: 'L2' });

    // The assignee hears of the breach, the L1 lead (Agnès, French) too, and Lucas — on call for L2
    // and lead of its team — is asked to pick it up, in one message.
    expect(await texts(h, 'dm:sam')).toMatch(
      new RegExp(`SLA breached on \\*${opened.number}\\*.*resolve target passed at [^\\n]*18:00`),
    );
    expect(await texts(h, 'dm:agnes')).toMatch(
      new RegExp(`SLA dépassé dans votre équipe \\(Service Desk\\) : \\*${opened.number}\\*`),
    );
    const lucas = (await room(h, 'dm:lucas')).filter((m) => m.ticketNumber === opened.number);
    expect(lucas).toHaveLength(1);
    expect(lucas[0].text).toMatch(
      /escaladé en L2 \(Workplace & Network\).*d’astreinte L2 et responsable de Workplace & Network/,
    );
    // The requester is told, and the agents' post shows the breach on its card.
    expect(await texts(h, 'dm:alice')).toContain(`*${opened.number}* has been escalated to level L2`);
    const post = (await room(h, 'agents')).find((m) => m.key === `ticket:${opened.number}`);
    expect(post?.card?.lines.join('\n')).toContain('SLA breached');

    // Nothing more is due: another sweep sends nothing new.
    const before = (await room(h, 'dm:lucas')).length;
    h.clock.set(paris('2026-03-02T18:05'));
    expect(await sweep(h)).toMatchObject({ tickets: 0 });
    expect(await room(h, 'dm:lucas')).toHaveLength(before);
  });

  it('an incident that breaches its resolve target proposes a linked problem record, opened once on a click by an agent', async () => {
    const { alice, sam, lucas } = await cast(h);
    const opened = await openP2('mail server rejects every attachment');
    h.clock.set(paris('2026-03-02T18:00'));
    await sweep(h);

    const proposal = (await room(h, 'agents')).find((m) => m.actions?.some((a) => a.id === 'sla.problem.open'));
    expect(proposal?.text).toMatch(new RegExp(`\\*${opened.number}\\* is an incident that missed its resolve target`));
    const value = proposal!.actions!.find((a) => a.id === 'sla.problem.open')!.value;

    const refused = await h.helpdesk.assistant.handleAction({ actor: alice, id: 'sla.problem.open', value });
    expect(refused[0].text).toMatch(/Only service-desk agents/);
    const forged = await h.helpdesk.assistant.handleAction({
      actor: sam,
      id: 'sla.problem.open',
      value: '0123456789abcdef01234567',
    });
    expect(forged[0].text).toMatch(/does not exist or has expired/);

    const [first, second] = await Promise.all([
      h.helpdesk.assistant.handleAction({ actor: sam, id: 'sla.problem.open', value }),
      h.helpdesk.assistant.handleAction({ actor: lucas, id: 'sla.problem.open', value }),
    ]);
    // Sam writes in English, Lucas in French: one of them opens the problem, the other is told it is done.
    const replies = [first[0].text, second[0].text];
    expect(replies).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^(Problem \*PRB-000001\* opened and linked|Problème \*PRB-000001\* ouvert et lié)/),
        expect.stringMatching(/already answered|déjà reçu une réponse/),
      ]),
    );

    const problem = await ticket(h, 'PRB-000001');
    expect(problem).toMatchObject({ type: 'problem', links: [opened.number] });
    expect(problem.title).toContain(opened.number);
    expect((await ticket(h, opened.number)).links).toEqual(['PRB-000001']);
    expect(await h.helpdesk.tickets.find('PRB-000002').catch((e) => e.code)).toBe('ticket.not_found');
  });

  it('a service request breaching its resolve target escalates but proposes no problem', async () => {
    const { alice } = await cast(h);
    const opened = await h.helpdesk.tickets.open(alice, {
      type: 'request',
      description: 'new laptop for the intern',
      impact: 'high',
      urgency: 'medium',
    });
    h.clock.set(paris('2026-03-02T18:00'));
    await sweep(h);
    // The matrix escalates a P2 for each miss: acknowledge (L1 → L2), then resolve (L2 → L3).
    expect((await events(h, opened.number, 'escalated')).map((e) => e.to)).toEqual(['L2', 'L3']);
    expect((await room(h, 'agents')).some((m) => m.actions?.some((a) => a.id === 'sla.problem.open'))).toBe(false);
  });

  it('an unassigned ticket is watched in the agents channel: acknowledge warning then breach, told to the lead, escalated by the matrix', async () => {
    const opened = await openP2();
    // Acknowledge in 30 min: warning at 22.5 min, breach at 30 min.
    h.clock.set(paris('2026-03-02T10:23'));
    expect(await sweep(h)).toMatchObject({ warnings: 1, breaches: 0 });
    expect(await texts(h, 'agents')).toMatch(
      new RegExp(`SLA warning on \\*${opened.number}\\*.*of the acknowledge target`),
    );
    h.clock.set(paris('2026-03-02T10:30'));
    expect(await sweep(h)).toMatchObject({ warnings: 0, breaches: 1, escalations: 1 });
    expect(await texts(h, 'agents')).toMatch(new RegExp(`SLA breached on \\*${opened.number}\\*.*acknowledge target`));
    expect(await texts(h, 'dm:agnes')).toMatch(/délai de prise en charge/);
    const stored = await ticket(h, opened.number);
    expect(stored).toMatchObject({ level: 'L2', sla: { breachedAcknowledge: true } });
    expect(stored.sla.breachedResolve).toBeFalsy();
  });

  it('missed checkpoints are caught up in date order after the sweep was down, one event each', async () => {
    const opened = await openP2();
    h.clock.set(paris('2026-03-03T10:00'));
    expect(await sweep(h)).toMatchObject({ tickets: 1, warnings: 0, breaches: 2 });
    const history = (await ticket(h, opened.number)).history.filter((e) => e.type.startsWith('sla_'));
    expect(history.map((e) => e.data?.checkpoint)).toEqual(['breach-acknowledge', 'breach-resolve']);
  });

  it('pause and resume keep the remaining time: no instant breach, deadlines move out by the pause', async () => {
    const { alice, sam } = await cast(h);
    const opened = await openP2();
    await h.helpdesk.tickets.claim(sam, opened.number);
    // 2 h used, then the ticket waits on the requester overnight.
    h.clock.set(paris('2026-03-02T12:00'));
    await h.helpdesk.tickets.wait(sam, opened.number, 'Which VPN client version do you use?');
    h.clock.set(paris('2026-03-02T17:59'));
    expect(await sweep(h)).toMatchObject({ tickets: 0 });

    h.clock.set(paris('2026-03-03T10:00'));
    await h.helpdesk.tickets.addRequesterMessage(alice, opened.number, 'Version 6.2');
    const resumed = await ticket(h, opened.number);
    // 6 h remain from Tuesday 10:00: due Tuesday 16:00, warning at 6 h used (Tuesday 14:00).
    expect(resumed.sla.resolveBy).toEqual(paris('2026-03-03T16:00'));
    expect(resumed.slaNextCheckAt).toEqual(paris('2026-03-03T14:00'));
    expect(resumed.sla).toMatchObject({ pausedTotalMin: 22 * 60, pausedBusinessMin: 7 * 60 });
    expect(await sweep(h)).toMatchObject({ tickets: 0 });

    h.clock.set(paris('2026-03-03T14:00'));
    expect(await sweep(h)).toMatchObject({ warnings: 1, breaches: 0 });
    h.clock.set(paris('2026-03-03T16:00'));
    expect(await sweep(h)).toMatchObject({ breaches: 1, escalations: 1 });
  });

  it('no breach while the ticket waits on the requester; their answer moves the deadline, shown to both sides; a miss after that is support’s, once', async () => {
    const { alice, sam } = await cast(h);
    const opened = await openP2();
    await h.helpdesk.tickets.claim(sam, opened.number);
    h.clock.set(paris('2026-03-02T15:00'));
    await h.helpdesk.tickets.wait(sam, opened.number, 'Can you reboot and tell me?');

    // The committed 18:00 passes, then the night: the clock is stopped, nothing is declared.
    for (const at of ['2026-03-02T18:00', '2026-03-02T23:00', '2026-03-03T09:59']) {
      h.clock.set(paris(at));
      expect(await sweep(h)).toMatchObject({ breaches: 0, warnings: 0 });
    }
    expect(await events(h, opened.number, 'sla_breach')).toHaveLength(0);
    const waiting = await ticket(h, opened.number);
    expect(waiting).toMatchObject({ level: 'L1', status: 'waiting_user' });
    expect(waiting.sla.breachedResolve).toBeUndefined();
    expect(await texts(h, 'dm:sam')).not.toMatch(/SLA breached/);
    // `status` says the clock is paused and what is left, to each side in its words.
    const forAlice = h.helpdesk.presenter.statusDetail(translator('en'), 'en', waiting).text;
    expect(forAlice).toMatch(
      /SLA clock paused since [^\n]*15:00[^\n]* while we wait for your answer · 3 h 00 of business time left/,
    );
    const forSam = h.helpdesk.presenter.statusDetail(translator('en'), 'en', waiting, 'agent').text;
    expect(forSam).toMatch(/SLA clock paused since [^\n]*15:00[^\n]* \(waiting on the requester\) · 3 h 00/);

    // The requester answers on Tuesday 10:00: the 3 h support still had run from there (the pause
    // covered 3 + 1 business hours). Both sides are told the new deadline.
    h.clock.set(paris('2026-03-03T10:00'));
    const answered = await h.helpdesk.tickets.addRequesterMessage(alice, opened.number, 'Rebooted, still broken');
    expect(answered.sla.resolveBy).toEqual(paris('2026-03-03T13:00'));
    expect(h.helpdesk.presenter.requesterMessageAdded(translator('en'), answered).text).toMatch(
      /The clock runs again: we now aim to resolve it by [^\n]*13:00[^\n]* \(moved out by the 4 h 00 of business time it waited on you\)/,
    );
    expect(await texts(h, 'agents')).toMatch(
      /SLA clock resumed after 4 h 00 of business time paused: resolve by [^\n]*13:00/,
    );
    expect(h.helpdesk.presenter.statusDetail(translator('en'), 'en', answered).text).toMatch(/Resolve by [^\n]*13:00/);
    expect(await sweep(h)).toMatchObject({ tickets: 0 });
    h.clock.set(paris('2026-03-03T13:00'));
    expect(await sweep(h)).toMatchObject({ breaches: 1, escalations: 1 });
    const causes = (await events(h, opened.number, 'sla_breach')).map((e) => e.data?.cause);
    expect(causes).toEqual(['support']);
    expect((await ticket(h, opened.number)).level).toBe('L2');
    // Waiting on the requester again after the breach: nothing more to declare, ever.
    await h.helpdesk.tickets.wait(sam, opened.number, 'Still there?');
    h.clock.set(paris('2026-03-05T13:00'));
    await h.helpdesk.tickets.addRequesterMessage(alice, opened.number, 'yes');
    h.clock.set(paris('2026-03-09T13:00'));
    expect(await sweep(h)).toMatchObject({ breaches: 0 });
    expect(await events(h, opened.number, 'sla_breach')).toHaveLength(1);
  });

  it('a priority change recomputes the targets and keeps the business time already used', async () => {
    const { alice, sam } = await cast(h);
    // P3: acknowledge 2 h, resolve 3 business days.
    const opened = await h.helpdesk.tickets.open(alice, {
      description: 'printer jams',
      impact: 'medium',
      urgency: 'medium',
    });
    await h.helpdesk.tickets.claim(sam, opened.number);
    expect(opened.priority).toBe('P3');
    expect((await ticket(h, opened.number)).sla.resolveBy).toEqual(paris('2026-03-05T10:00'));

    // Two hours later it becomes P2 (8 h): 6 h remain, due today 18:00, warning at 16:00.
    h.clock.set(paris('2026-03-02T12:00'));
    await h.helpdesk.tickets.setPriority(sam, opened.number, 'P2');
    const raised = await ticket(h, opened.number);
    expect(raised.sla).toMatchObject({ priority: 'P2', resolveTargetMin: 480, elapsedMin: 120 });
    expect(raised.sla.resolveBy).toEqual(paris('2026-03-02T18:00'));
    expect(raised.slaNextCheckAt).toEqual(paris('2026-03-02T16:00'));
    h.clock.set(paris('2026-03-02T16:00'));
    expect(await sweep(h)).toMatchObject({ warnings: 1 });

    // Then P1 (4 h, 24×7): 6 h already used, so it is due at once and breaches on the next sweep.
    h.clock.set(paris('2026-03-02T16:30'));
    await h.helpdesk.tickets.setPriority(sam, opened.number, 'P1');
    expect((await ticket(h, opened.number)).sla.resolveBy).toEqual(paris('2026-03-02T16:30'));
    expect(await sweep(h)).toMatchObject({ breaches: 1, escalations: 1 });
  });

  it('an agent’s escalation asks the next level’s on-call person and lead to pick the ticket up, in their language', async () => {
    const { sam, lucas } = await cast(h);
    const opened = await openP2();
    await h.helpdesk.tickets.escalate(sam, opened.number, 'L2', 'needs the network team');
    // Lucas is both L2 on call and lead of Workplace & Network: one message naming both roles.
    const page = await texts(h, 'dm:lucas');
    expect(page).toMatch(
      new RegExp(
        `Sam Carter a escaladé \\*${opened.number}\\* \\(P2\\) en L2 \\(Workplace & Network\\) : needs the network team`,
      ),
    );
    expect(page.match(/a escaladé/g)).toHaveLength(1);
    // Whoever escalates is not paged about their own escalation.
    await h.helpdesk.tickets.escalate(lucas, opened.number, 'L3', 'hardware fault');
    expect((await texts(h, 'dm:lucas')).match(/a escaladé/g)).toHaveLength(1);
    expect(await texts(h, 'dm:marie')).toMatch(/Lucas Bernard a escaladé .* en L3/);
  });
});
