import { startTestHelpdesk, type TestHelpdesk } from '../../support/helpdesk';
import { click, crisisRecord, fivePayrollTickets, paris, remind, say, texts } from './support';

// Shipped policy: Europe/Paris, SEV1 updates every 30 min, 10 min of grace before the commander is
// alerted. On Monday 2 March 2026 the on-call people are Sam (L1), Lucas (L2) and Marie (L3), so a
// crisis declared by Agnès gets Marie as commander, Sam as communications lead, Agnès as scribe
// and Lucas as technical lead.
describe('crisis cell: a major incident from declaration to post-incident report (console rooms)', () => {
  let h: TestHelpdesk;
  beforeEach(async () => {
    h = await startTestHelpdesk();
    h.clock.set(paris('2026-03-02T09:40'));
  });
  afterEach(() => h.close());

  const ROOM = 'crisis:CRI-000001';

  it('declare → roles → 3 actions → 2 updates to 5 requesters → missed-update reminder → close with report', async () => {
    // Given five P1 incidents about the payroll portal, the first one claimed by Sam.
    const tickets = await fivePayrollTickets(h);
    await h.helpdesk.tickets.claim(await h.actor('console', 'sam'), tickets[0].number);
    const post = (await h.helpdesk.consoleMessenger.messages('agents')).find(
      (m) => m.key === `ticket:${tickets[0].number}`,
    );
    expect(post?.actions?.map((a) => a.id)).toContain('crisis.declare');

    // When Agnès clicks "Declare major incident" on the first ticket's post at 10:00.
    h.clock.set(paris('2026-03-02T10:00'));
    const declared = await click(h, 'agnes', 'crisis.declare', tickets[0].number, 'agents');
    expect(declared[0]).toContain('🚨 *CRI-000001* déclarée (SEV1) : Payroll portal is down for Emma Stone');
    expect(declared[0]).toContain('Salon : crisis:CRI-000001');
    expect(declared[0]).toMatch(
      /Commandant de l’incident : Marie Lefèvre[\s\S]*Responsable communication : Sam Carter[\s\S]*Scribe : Agnès Morel[\s\S]*Responsable technique : Lucas Bernard/,
    );

    let crisis = await crisisRecord(h);
    expect(crisis).toMatchObject({
      severity: 'sev1',
      status: 'investigating',
      sourceTicket: tickets[0].number,
      nextUpdateDue: paris('2026-03-02T10:30'),
    });
    expect(crisis.room).toMatchObject({
      platform: 'console',
      id: ROOM,
      name: '2026-03-02-payroll-portal-is-down-for-emma',
      state: 'ready',
    });
    expect(crisis.room.steps.map((s) => [s.step, s.ok])).toEqual([
      ['create', true],
      ['invite', true],
      ['topic', true],
      ['brief', true],
    ]);
    expect(crisis.members.map((m) => m.key).sort()).toEqual([
      'console:agnes',
      'console:lucas',
      'console:marie',
      'console:sam',
    ]);
    expect(crisis.members.every((m) => m.inRoom)).toBe(true);
    // The ticket's own history records the link.
    expect((await h.helpdesk.tickets.find(tickets[0].number)).links).toEqual(['CRI-000001']);

    // The room has the brief; each member was told their role and duties in their language.
    const room = await texts(h, ROOM);
    expect(room.join('\n')).toContain('🚨 *Major incident CRI-000001* — SEV1');
    expect((await texts(h, 'dm:marie')).join('\n')).toContain(
      'Vous êtes *commandant de l’incident* de l’incident majeur *CRI-000001*',
    );
    expect((await texts(h, 'dm:sam')).join('\n')).toMatch(
      /You are \*communications lead\*.*\nYour duties:\n• You keep stakeholders.*at least every 30 min/,
    );
    expect((await texts(h, 'dm:lucas')).join('\n')).toContain('Vous êtes *responsable technique*');
    expect((await texts(h, 'dm:agnes')).join('\n')).toContain('Vous êtes *scribe*');
    expect((await texts(h, 'stakeholders')).join('\n')).toContain('🚨 Major incident *CRI-000001* declared (SEV1)');

    // The other four tickets are linked from the room.
    for (const ticket of tickets.slice(1)) {
      const [reply] = await say(h, 'agnes', `crisis link ${ticket.number}`, ROOM);
      expect(reply).toContain(`🔗 ${ticket.number}`);
    }
    expect((await say(h, 'agnes', `crisis link ${tickets[1].number}`, ROOM))[0]).toBe(
      `${tickets[1].number} est déjà lié à CRI-000001.`,
    );

    // Roles: Marie makes Agnès the communications lead (Sam stays a member).
    h.clock.set(paris('2026-03-02T10:05'));
    expect(await say(h, 'marie', 'crisis role comms @agnes', ROOM)).toEqual([
      '👤 Agnès Morel est maintenant responsable communication de CRI-000001.',
    ]);
    expect((await texts(h, 'dm:agnes')).join('\n')).toContain('Vous êtes *responsable communication + scribe*');

    // Three actions, with an owner and a due time, one done.
    expect(await say(h, 'lucas', 'crisis action Restore the payroll database @lucas 30m', ROOM)).toEqual([
      expect.stringMatching(
        /^📌 Action n°1 : Restore the payroll database — responsable : Lucas Bernard, échéance : lun\. 2 mars.*10:35/,
      ),
    ]);
    await say(h, 'marie', 'crisis action Check the last deployment @sam 11:00', ROOM);
    await say(h, 'agnes', 'crisis action Prepare an FAQ for the service desk', ROOM);
    h.clock.set(paris('2026-03-02T10:15'));
    expect(await say(h, 'lucas', 'crisis done 1', ROOM)).toEqual([
      '✅ Action n°1 réalisée par Lucas Bernard : Restore the payroll database',
    ]);
    expect(await say(h, 'lucas', 'crisis status identified', ROOM)).toEqual([
      '🔄 CRI-000001 est maintenant *cause identifiée* (Lucas Bernard).',
    ]);

    // Two updates: the stakeholders' channel and each of the five requesters hear each once.
    h.clock.set(paris('2026-03-02T10:25'));
    const first = await say(
      h,
      'agnes',
      'crisis update The cause is a failed database migration; restore in progress.',
      ROOM,
    );
    expect(first[1]).toMatch(
      /^Point n°1 publié : parties prenantes informées, 5 demandeur\(s\) prévenu\(s\)\. Prochain point attendu lun\. 2 mars.*10:55/,
    );
    h.clock.set(paris('2026-03-02T10:50'));
    await say(h, 'agnes', 'crisis update Database restored; payroll is being checked end to end.', ROOM);

    for (const [i, ticket] of tickets.entries()) {
      const dm = await texts(h, `dm:${ticket.requester.key.replace('console:', '')}`);
      const updates = dm.filter((text) => /Update on the major incident|Point sur l’incident majeur/.test(text));
      expect(updates).toHaveLength(2);
      const french = i === 1 || i === 3;
      expect(updates[0]).toContain(
        french
          ? `Point sur l’incident majeur qui touche votre ticket ${ticket.number}`
          : `Update on the major incident affecting your ticket ${ticket.number}`,
      );
      expect(updates[0]).toContain('> The cause is a failed database migration; restore in progress.');
      expect(updates[1]).toContain('> Database restored; payroll is being checked end to end.');
    }
    const stakeholders = (await texts(h, 'stakeholders')).filter((text) => text.startsWith('📣'));
    expect(stakeholders).toHaveLength(2);
    crisis = await crisisRecord(h);
    expect(crisis.updates.map((u) => u.requestersNotified)).toEqual([5, 5]);
    expect(crisis.nextUpdateDue).toEqual(paris('2026-03-02T11:20'));

    // Nobody posts the next update: Agnès (communications) is reminded at 11:20, once, even with two sweeps at a time.
    h.clock.set(paris('2026-03-02T11:19'));
    expect(await remind(h)).toMatchObject({ crises: 0, reminders: 0 });
    h.clock.set(paris('2026-03-02T11:20'));
    const [a, b] = await Promise.all([remind(h), remind(h)]);
    expect(a.reminders + b.reminders).toBe(1);
    expect(await remind(h)).toMatchObject({ reminders: 0, escalations: 0 });
    const agnesDm = (await texts(h, 'dm:agnes')).filter((text) => text.startsWith('⏰'));
    expect(agnesDm).toEqual([expect.stringContaining('⏰ Le prochain point sur *CRI-000001*')]);
    expect((await texts(h, ROOM)).at(-1)).toContain('⏰ An update on CRI-000001 is due now');

    // Still nothing 10 minutes later: Marie (commander) is alerted, once.
    h.clock.set(paris('2026-03-02T11:30'));
    expect(await remind(h)).toMatchObject({ reminders: 0, escalations: 1 });
    expect(await remind(h)).toMatchObject({ crises: 0, escalations: 0 });
    expect((await texts(h, 'dm:marie')).filter((text) => text.startsWith('🚨 Le point'))).toHaveLength(1);

    // Resolved, then closed by the commander.
    h.clock.set(paris('2026-03-02T11:40'));
    await say(h, 'lucas', 'crisis status resolved', ROOM);
    h.clock.set(paris('2026-03-02T11:45'));
    const closed = await say(
      h,
      'marie',
      'crisis close Database restored from the 09:00 backup; payroll runs again.',
      ROOM,
    );
    expect(closed[0]).toBe(
      '🏁 CRI-000001 close : 5 ticket(s) lié(s) résolu(s), rapport post-incident enregistré et publié dans le salon, salon archivé.',
    );

    crisis = await crisisRecord(h);
    expect(crisis).toMatchObject({
      status: 'closed',
      closedAt: paris('2026-03-02T11:45'),
      resolvedAt: paris('2026-03-02T11:40'),
      identifiedAt: paris('2026-03-02T10:15'),
    });
    expect(crisis.room.state).toBe('archived');
    expect(crisis.tickets.map((t) => t.outcome)).toEqual(['resolved', 'resolved', 'resolved', 'resolved', 'resolved']);

    // Linked tickets are resolved with the crisis resolution, worded in their requester's language;
    // their requesters are told and get a CSAT poll.
    for (const [i, ticket] of tickets.entries()) {
      const after = await h.helpdesk.tickets.find(ticket.number);
      expect(after.status).toBe('resolved');
      expect(after.resolution).toContain(
        i === 1 || i === 3 ? 'Résolu avec l’incident majeur CRI-000001' : 'Resolved with major incident CRI-000001',
      );
      expect(after.resolution).toContain('Database restored from the 09:00 backup; payroll runs again.');
      expect(await h.helpdesk.surveys.csat.forTicket(ticket.number)).not.toBeNull();
      const dm = await texts(h, `dm:${ticket.requester.key.replace('console:', '')}`);
      expect(dm.some((text) => text.includes(ticket.number) && /resolved|résolu/.test(text))).toBe(true);
    }

    // The report: every action and update, in order, with owners, status, durations and the linked tickets.
    const report = crisis.report!;
    const order = [
      '# Post-incident report — CRI-000001: Payroll portal is down for Emma Stone',
      '## Summary',
      '## Impact',
      '- 5 linked ticket(s) from 5 requester(s)',
      '## Durations',
      '| Time to declare (first report → declaration) | 20 min |',
      '| Time to identify (declaration → identified) | 15 min |',
      '| Time to resolve (declaration → resolved) | 1 h 40 min |',
      '| Total (declaration → closed) | 1 h 45 min |',
      '## Roles',
      '- Incident commander: Marie Lefèvre',
      '- Communications lead: Agnès Morel',
      '## Actions',
      '| 1 | Restore the payroll database | Lucas Bernard |',
      '| 2 | Check the last deployment | Sam Carter |',
      '| 3 | Prepare an FAQ for the service desk | unassigned | — | open |',
      '## Updates',
      '1. Mon 2 Mar, 10:25',
      'Agnès Morel (identified): The cause is a failed database migration; restore in progress.',
      '2. Mon 2 Mar, 10:50',
      'Database restored; payroll is being checked end to end.',
      '## Timeline',
      'Declared (SEV1): Payroll portal is down for Emma Stone',
      'Action #1 (Lucas Bernard): Restore the payroll database',
      'Action #2 (Sam Carter): Check the last deployment',
      'Action #3 (unassigned): Prepare an FAQ for the service desk',
      'Action #1 done: Restore the payroll database',
      'Status investigating → identified',
      'Update #1: The cause is a failed database migration',
      'Update #2: Database restored',
      'Update due Mon 2 Mar, 11:20',
      'Update due Mon 2 Mar, 11:20 CET missed: Marie Lefèvre alerted',
      'Status identified → resolved',
      'Closed: Database restored from the 09:00 backup',
      `Ticket ${tickets[4].number}: resolved`,
      '## Linked tickets',
      `| ${tickets[0].number} | Payroll portal is down for Emma Stone | Emma Stone | resolved |`,
      `| ${tickets[4].number} | Payroll portal is down for Noah Reed | Noah Reed | resolved |`,
    ];
    let at = -1;
    for (const fragment of order) {
      const found = report.indexOf(fragment, at + 1);
      expect([fragment, found > at]).toEqual([fragment, true]);
      at = found;
    }
    expect(report).toMatch(
      /\| 1 \| Restore the payroll database \| Lucas Bernard \| Mon 2 Mar, 10:35 CET \| done Mon 2 Mar, 10:15 CET \(Lucas Bernard\) \|/,
    );

    // Posted in the room, then the closing notice and Marie's answer, which lists the actions left
    // open (they do not stop the close); the room is read-only for the cell.
    expect(closed[1]).toBe(
      '⚠️ Actions de CRI-000001 encore ouvertes à la clôture (2) ; le rapport les indique comme ouvertes :\n' +
        '• n°2 Check the last deployment — responsable : Sam Carter, échéance : lun. 2 mars, 11:00 UTC+1\n' +
        '• n°3 Prepare an FAQ for the service desk — responsable : non attribué, échéance : aucune',
    );
    expect((await texts(h, ROOM)).slice(-4)).toEqual([
      report,
      '🗄️ CRI-000001 is closed: this room is archived and read-only from now on.',
      ...closed,
    ]);
    expect((await texts(h, 'stakeholders')).at(-1)).toContain(
      '🏁 *CRI-000001 — Payroll portal is down for Emma Stone* is closed.',
    );
    expect(await say(h, 'agnes', 'crisis update one more thing', ROOM)).toEqual([
      'CRI-000001 est close : elle ne peut plus changer.',
    ]);
    expect(await say(h, 'marie', 'crisis close', ROOM)).toEqual(['CRI-000001 est close : elle ne peut plus changer.']);

    // Reports read the crisis: count and durations by severity.
    const stats = await h.helpdesk.crisis.crisisStats({
      from: paris('2026-03-01T00:00'),
      to: paris('2026-03-08T00:00'),
    });
    expect(stats.count).toBe(1);
    expect(stats.bySeverity).toEqual([
      {
        severity: 'sev1',
        count: 1,
        closed: 1,
        timeToDeclare: { count: 1, meanMin: 20, maxMin: 20 },
        timeToIdentify: { count: 1, meanMin: 15, maxMin: 15 },
        timeToResolve: { count: 1, meanMin: 100, maxMin: 100 },
      },
      {
        severity: 'sev2',
        count: 0,
        closed: 0,
        timeToDeclare: { count: 0, meanMin: null, maxMin: null },
        timeToIdentify: { count: 0, meanMin: null, maxMin: null },
        timeToResolve: { count: 0, meanMin: null, maxMin: null },
      },
    ]);
    const week = { from: paris('2026-03-01T00:00'), to: paris('2026-03-08T00:00') };
    expect((await h.helpdesk.reports.reportFor({ ...week, timezone: 'Europe/Paris' })).crises).toEqual({
      total: 1,
      bySeverity: [{ severity: 'sev1', declared: 1, closed: 1, meanDurationMin: 100, maxDurationMin: 100 }],
    });
    const kpis = await h.helpdesk.crisis.records.crises({
      from: paris('2026-03-01T00:00'),
      to: paris('2026-03-08T00:00'),
    });
    expect(kpis).toEqual([
      {
        number: 'CRI-000001',
        severity: 'sev1',
        declaredAt: paris('2026-03-02T10:00'),
        resolvedAt: paris('2026-03-02T11:40'),
        closedAt: paris('2026-03-02T11:45'),
      },
    ]);
  });
});
