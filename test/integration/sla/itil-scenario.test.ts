import { parse } from 'csv-parse/sync';
import type { Report } from '../../../src/core/reports';
import { npsCampaignModel } from '../../../src/core/csat';
import { consoleAct, consoleSay, startTestHelpdesk, type TestHelpdesk } from '../../support/helpdesk';
import { events, paris, room, sweep, ticket } from './support';

/**
 * Issue 19 as an employee, an agent and a manager live it, through the console channel, with the
 * shipped policy (Europe/Paris, desk open Mon–Fri 09:00–18:00, French public holidays, P2 =
 * acknowledge 30 min / resolve 8 h of business time) and a manual clock across business hours,
 * nights, a weekend and Easter Monday (6 April 2026).
 */
describe('ITIL scenario over the console: clocks, breaches and the numbers a manager reads', () => {
  let h: TestHelpdesk;
  const TOKEN = 'service-review-token-0123456789';
  beforeEach(async () => {
    h = await startTestHelpdesk({
      policy: (p) => ({ ...p, dashboard: { ...p.dashboard, tokens: [TOKEN] } }),
    });
  });
  afterEach(() => h.close());

  const say = async (persona: string, text: string, extra: Record<string, unknown> = {}) => {
    const res = await consoleSay(h.url, persona, text, extra);
    expect(res.status).toBe(200);
    return res.body.replies.map((r) => r.text).join('\n');
  };
  const asAgent = (persona: string, text: string) => say(persona, text, { room: 'agents' });
  const at = (local: string) => h.clock.set(paris(local));
  const seen = async (name: string, number: string) =>
    (await room(h, name))
      .filter((m) => m.ticketNumber === number)
      .map((m) => m.text)
      .join('\n---\n');
  async function breachesInMetrics(): Promise<Record<string, number>> {
    const text = await (await fetch(`${h.url}/metrics`)).text();
    const found: Record<string, number> = {};
    for (const m of text.matchAll(/^helpdesk_sla_breaches_total\{([^}]*)\} (\d+)/gm)) {
      const labels = Object.fromEntries([...m[1].matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
      found[`${labels.target}:${labels.cause}:${labels.priority}`] = Number(m[2]);
    }
    return found;
  }
  async function openP2(persona: string, description: string): Promise<string> {
    const who = await h.actor('console', persona, { name: persona === 'alice' ? 'Alice Martin' : undefined });
    return (await h.helpdesk.tickets.open(who, { description, impact: 'high', urgency: 'medium' })).number;
  }

  it('point 1: waiting on the requester over a weekend and Easter Monday breaches nothing; the answer moves the deadline by the paused business time, shown to both sides; the miss after that is support’s, once', async () => {
    // Friday 3 April 16:00: a P2 arrives, Sam acknowledges it at 16:05 and asks a question at 17:00.
    at('2026-04-03T16:00');
    const number = await openP2('alice', 'The VPN client fails with error 809');
    at('2026-04-03T16:05');
    await asAgent('sam', `claim ${number}`);
    at('2026-04-03T17:00');
    expect(await asAgent('sam', `wait ${number} Which VPN client version do you use?`)).toMatch(
      /the SLA clock is paused until they answer/,
    );
    expect(await seen('dm:alice', number)).toMatch(/the resolution clock is paused until you answer/);
    // Before the pause support had used 1 h of 8: the 7 h left were due Tuesday 15:00 (Monday is a holiday).
    expect((await ticket(h, number)).sla.resolveBy).toEqual(paris('2026-04-07T15:00'));

    // Friday evening, the night, the weekend, Easter Monday, Tuesday morning: the sweep runs, nothing falls.
    for (const when of ['2026-04-03T18:00', '2026-04-04T03:00', '2026-04-06T12:00', '2026-04-07T09:30']) {
      at(when);
      expect(await sweep(h)).toMatchObject({ warnings: 0, breaches: 0, escalations: 0 });
    }
    expect(await events(h, number, 'sla_breach')).toHaveLength(0);
    expect(await seen('dm:sam', number)).not.toMatch(/SLA/);
    // Both sides read the paused clock in `status`, each in their own words.
    expect(await say('alice', `status ${number}`)).toMatch(
      /SLA clock paused since [^\n]*17:00[^\n]* while we wait for your answer · 7 h 00 of business time left/,
    );
    expect(await asAgent('sam', `status ${number}`)).toMatch(
      /SLA clock paused since [^\n]*17:00[^\n]* \(waiting on the requester\) · 7 h 00 of business time left/,
    );

    // Tuesday 10:00 Alice answers. The pause covered 2 business hours (Fri 17–18, Tue 9–10): the
    // deadline moves from Tuesday 15:00 to Tuesday 17:00, and both sides are told.
    at('2026-04-07T10:00');
    const answer = await say('alice', 'Version 6.2, on Windows 11');
    expect(answer).toMatch(
      /The clock runs again: we now aim to resolve it by [^\n]*17:00[^\n]* \(moved out by the 2 h 00 of business time it waited on you\)/,
    );
    expect(await seen('agents', number)).toMatch(
      /SLA clock resumed after 2 h 00 of business time paused: resolve by [^\n]*17:00/,
    );
    const resumed = await ticket(h, number);
    expect(resumed.sla).toMatchObject({ pausedBusinessMin: 120, pausedTotalMin: 3 * 24 * 60 + 17 * 60 });
    expect(resumed.sla.resolveBy).toEqual(paris('2026-04-07T17:00'));
    expect(await say('alice', `status ${number}`)).toMatch(/Resolve by [^\n]*17:00/);

    // The 75 % warning falls at 6 h used (Tuesday 15:00), the breach at 17:00: support held the clock.
    at('2026-04-07T15:00');
    expect(await sweep(h)).toMatchObject({ warnings: 1, breaches: 0 });
    at('2026-04-07T17:00');
    expect(await sweep(h)).toMatchObject({ breaches: 1, escalations: 1 });
    expect((await events(h, number, 'sla_breach')).map((e) => e.data)).toEqual([
      expect.objectContaining({ target: 'resolve', cause: 'support', due: paris('2026-04-07T17:00') }),
    ]);
    expect(await seen('dm:sam', number)).toMatch(/SLA breached on [^\n]*the resolve target passed at [^\n]*17:00/);
    expect(await asAgent('sam', `status ${number}`)).toMatch(/SLA breached: the resolve target passed at [^\n]*17:00/);

    // Another question and answer after the breach, then days pass: the target was missed once.
    await asAgent('lucas', `claim ${number}`);
    await asAgent('lucas', `wait ${number} Does it work from home?`);
    at('2026-04-08T10:00');
    await say('alice', 'No, same error');
    at('2026-04-14T10:00');
    expect(await sweep(h)).toMatchObject({ breaches: 0 });
    expect(await events(h, number, 'sla_breach')).toHaveLength(1);
    expect(await breachesInMetrics()).toEqual({ 'resolve:support:P2': 1 });
  });

  it('points 2 and 8: every breach of the week counts where it happened, open or resolved, by target and cause; /api/reports, CSV, the report verb, the digest and /metrics agree; an empty week is no all-clear', async () => {
    const get = async (path: string) => {
      const res = await fetch(`${h.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
      return res;
    };
    const digest = async (monday: string) => {
      at(monday);
      expect(await h.helpdesk.scheduler.runNow('reports.weekly-digest')).toMatchObject({ posted: true });
      return (await room(h, 'managers')).at(-1)!.text;
    };

    // Monday 9 March, 08:15: the review of an empty week measures nothing and says so.
    const empty = await digest('2026-03-09T08:15');
    expect(empty).toContain('No activity this week: nothing could be measured');
    expect(empty).not.toMatch(/No action needed|every indicator/);

    // Monday 10:00 two P2s arrive. Nobody answers the first before 10:30: an acknowledge breach.
    // Sam takes the second at once; neither is resolved by 18:00: two resolve breaches, that evening.
    at('2026-03-09T10:00');
    const ignored = await openP2('alice', 'Intranet returns error 502');
    const slow = await openP2('bertrand', 'Scanner on floor 4 does not send mails');
    await asAgent('sam', `claim ${slow}`);
    for (const when of ['2026-03-09T10:30', '2026-03-09T18:00', '2026-03-09T23:00']) {
      at(when);
      await sweep(h);
    }
    // Tuesday 11:00 the second is resolved; the first is still open on Friday night.
    at('2026-03-10T11:00');
    await asAgent('sam', `resolve ${slow} Mail relay credentials renewed`);
    at('2026-03-16T07:00');

    const week = 'from=2026-03-09&to=2026-03-15';
    const report = (await (await get(`/api/reports?${week}`)).json()) as Report;
    expect(report.tickets.sla).toEqual({
      // Measured: the resolved one and the open one past its resolve target; neither was within.
      measured: 2,
      withinSla: 0,
      compliancePct: 0,
      breaches: {
        total: 3,
        support: 3,
        requester: 0,
        acknowledge: { support: 1, requester: 0 },
        resolve: { support: 2, requester: 0 },
      },
      acknowledgeBreaches: 1,
    });
    expect(report.slaByPriority.find((p) => p.priority === 'P2')).toMatchObject({ measured: 2, compliancePct: 0 });
    expect(report.breachedTickets.map((b) => [b.number, b.target, b.openAtEnd])).toEqual([
      [ignored, 'acknowledge', true],
      [ignored, 'resolve', true],
      [slow, 'resolve', false],
    ]);

    const [all] = parse(await (await get(`/api/reports.csv?${week}`)).text(), { columns: true }) as Record<
      string,
      string
    >[];
    expect(all).toMatchObject({
      sla_measured: '2',
      sla_compliance_pct: '0',
      breaches_total: '3',
      breaches_support: '3',
      acknowledge_breaches: '1',
      resolve_breaches: '2',
    });
    expect(await asAgent('sam', 'report 2026-03-09..2026-03-15')).toContain(
      'Within SLA 0 % (0/2 tickets resolved or past their resolve target) · Breaches in the period: 1 acknowledge, 2 resolve (3 by support, 0 while waiting on the requester)',
    );
    expect(await breachesInMetrics()).toEqual({ 'acknowledge:support:P2': 1, 'resolve:support:P2': 2 });

    const review = await digest('2026-03-16T08:15');
    expect(review).toContain(
      `SLA breaches: 1 acknowledge, 2 resolve (3 by support, 0 while waiting on the requester): ${ignored}, ${slow}`,
    );
    expect(review).toContain('• Review the 3 support-caused breaches with the teams involved.');
    expect(review).not.toMatch(/No action needed/);
  });

  it('point 7: an NPS round with nobody to ask is no campaign; the first real one runs as soon as someone opened a ticket', async () => {
    // First boot, empty database: the hourly NPS sweep finds nobody and stores nothing.
    at('2026-03-02T09:00');
    expect(await h.helpdesk.scheduler.runNow('nps.survey')).toMatchObject({ launched: null });
    expect(await npsCampaignModel(h.connection).countDocuments()).toBe(0);

    // Alice reports a problem through the console (no KB answer: impact and urgency, then the ticket).
    at('2026-03-02T10:00');
    const first = (await consoleSay(h.url, 'alice', 'the badge reader at the entrance beeps red')).body.replies[0];
    const impact = first.actions!.find((a) => a.id === 'intake.impact' && a.value.endsWith(':low'))!;
    const urgency = (await consoleAct(h.url, 'alice', impact.id, impact.value)).body.replies[0].actions!.find(
      (a) => a.id === 'intake.urgency' && a.value.endsWith(':low'),
    )!;
    expect((await consoleAct(h.url, 'alice', urgency.id, urgency.value)).body.replies[0].ticketNumber).toMatch(/^INC-/);

    // The next sweep, an hour later (not 90 days later), runs the first campaign and asks her.
    at('2026-03-02T11:00');
    expect(await h.helpdesk.scheduler.runNow('nps.survey')).toMatchObject({ launched: { seq: 1, invited: 1 } });
    const question = (await room(h, 'dm:alice')).find((m) => m.actions?.some((a) => a.id === 'nps.score'));
    expect(question).toBeDefined();
    const nine = question!.actions!.find((a) => a.id === 'nps.score' && a.value.endsWith(':9'))!;
    await consoleAct(h.url, 'alice', nine.id, nine.value);
    const res = await fetch(`${h.url}/api/reports?from=2026-03-02&to=2026-03-08`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(((await res.json()) as Report).nps).toMatchObject({ responses: 1, promoters: 1, score: 100 });
    // Within the period nothing more is launched.
    at('2026-03-20T11:00');
    expect(await h.helpdesk.scheduler.runNow('nps.survey')).toMatchObject({ launched: null });
  });

  it('point 4: a major incident declared at night acknowledges the ticket and gives it to the technical lead; the card shows the crisis; the requester hears of the priority and the crisis', async () => {
    // Tuesday 3 March, 02:00: Alice reports a P2; Sam, on call, raises it to P1 (24×7) and declares.
    at('2026-03-03T02:00');
    const number = await openP2('alice', 'Payroll portal is down for the whole company');
    at('2026-03-03T02:02');
    await asAgent('sam', `priority ${number} P1`);
    expect(await seen('dm:alice', number)).toMatch(
      new RegExp(`The priority of your ticket \\*${number}\\* changed from P2 to P1\\. We now aim to resolve it by `),
    );
    at('2026-03-03T02:05');
    const declared = await consoleAct(h.url, 'sam', 'crisis.declare', number, { room: 'agents' });
    expect(declared.status).toBe(200);
    expect(declared.body.replies[0].text).toMatch(/CRI-000001/);

    // Acknowledged at 02:05 and assigned to Lucas, the technical lead (on call for L2).
    const taken = await ticket(h, number);
    expect(taken).toMatchObject({ status: 'assigned', assignee: { key: 'console:lucas' }, links: ['CRI-000001'] });
    expect(taken.sla.acknowledgedAt).toEqual(paris('2026-03-03T02:05'));
    // The agents' card shows the crisis instead of offering to declare it again.
    const post = (await room(h, 'agents')).find((m) => m.key === `ticket:${number}`)!;
    expect(post.card!.lines.join('\n')).toContain('🚨 Major incident CRI-000001 declared: the crisis cell handles it');
    expect(post.card!.lines.join('\n')).toContain('Lucas Bernard');
    expect(post.actions!.map((a) => a.id)).not.toContain('crisis.declare');
    // Alice is told her ticket is in a major incident, and who handles it.
    const alice = await seen('dm:alice', number);
    expect(alice).toContain(`Your ticket *${number}* is part of major incident CRI-000001`);
    expect(alice).toContain(`Lucas Bernard is now handling your ticket *${number}*`);

    // 15 minutes later the acknowledge target (15 min for P1) has been met: nothing breaches.
    at('2026-03-03T02:20');
    expect(await sweep(h)).toMatchObject({ breaches: 0 });
    expect(await breachesInMetrics()).toEqual({});
  });

  it('point 3: P1s left unacknowledged at night follow the escalation matrix to the next level and the manager, for the acknowledge and then the resolve miss; a P3 only tells its owner and lead', async () => {
    const openAs = async (persona: string, description: string, urgency: 'high' | 'low') => {
      const who = await h.actor('console', persona, { locale: 'en' });
      return (await h.helpdesk.tickets.open(who, { description, impact: 'high', urgency })).number;
    };
    // Tuesday 3 March, 02:00: two P1s (acknowledge within 15 min, resolve within 4 h, 24×7). Sam, on
    // call for L1 this week, is paged for each; nobody answers.
    at('2026-03-03T02:00');
    const first = await openAs('alice', 'Payroll export fails for every site', 'high');
    const second = await openAs('bertrand', 'ERP unreachable from all warehouses', 'high');
    expect(await seen('dm:sam', first)).toMatch(/P1/);
    at('2026-03-03T02:15');
    expect(await sweep(h)).toMatchObject({ breaches: 2, escalations: 2 });
    for (const number of [first, second]) {
      expect(await ticket(h, number)).toMatchObject({ level: 'L2', team: 'workplace', status: 'new' });
      // Functional: Sam (on call for L1) is paged again; Lucas, on call for L2 and its lead, is asked
      // to pick it up. Hierarchical: Agnès (L1 lead) and Marie (manager) are told.
      expect(await seen('dm:sam', number)).toMatch(
        /was not acknowledged by [^\n]*02:15[^\n]*\. You are on call for L1/,
      );
      expect(await seen('dm:agnes', number)).toMatch(/SLA dépassé dans votre équipe \(Service Desk\)/);
      expect(await seen('dm:lucas', number)).toMatch(
        /a dépassé son délai de prise en charge et a été escaladé en L2 \(Workplace & Network\)\. Vous êtes d’astreinte L2 et responsable de Workplace & Network/,
      );
      expect(await seen('dm:marie', number)).toMatch(
        /^🚨 Pour information : \*INC-\d+\* \(P1, Service Desk, L1\) a manqué son délai de prise en charge le [^\n]*02:15[^\n]*\. Assigné à : non assigné/,
      );
      expect((await events(h, number, 'escalated')).map((e) => [e.from, e.to, e.text])).toEqual([
        ['L1', 'L2', expect.stringMatching(/^The acknowledge target was missed at /)],
      ]);
      expect((await events(h, number, 'sla_breach')).map((e) => e.data)).toEqual([
        expect.objectContaining({ target: 'acknowledge', escalation: { functional: true, hierarchical: true } }),
      ]);
    }
    // The requester hears the ticket went up.
    expect(await seen('dm:alice', first)).toMatch(/L2/);

    // 02:20 Lucas takes the first; the second stays unacknowledged. Neither is resolved by 06:00:
    // both miss their resolve target at L2, go up to L3 (Marie is paged once, as on call and lead,
    // not told a second time as manager), Lucas hears of the miss in his team.
    at('2026-03-03T02:20');
    await asAgent('lucas', `claim ${first}`);
    at('2026-03-03T05:00');
    expect(await sweep(h)).toMatchObject({ warnings: 2, breaches: 0 });
    at('2026-03-03T06:00');
    expect(await sweep(h)).toMatchObject({ breaches: 2, escalations: 2 });
    for (const number of [first, second]) {
      expect(await ticket(h, number)).toMatchObject({ level: 'L3', team: 'engineering', status: 'new' });
      const marie = (await room(h, 'dm:marie')).filter((m) => m.ticketNumber === number).map((m) => m.text);
      expect(marie).toHaveLength(2);
      expect(marie[1]).toMatch(
        /a dépassé son délai de résolution et a été escaladé en L3 \(Infrastructure Engineering\)\. Vous êtes d’astreinte L3 et responsable de Infrastructure Engineering/,
      );
      expect((await events(h, number, 'escalated')).map((e) => e.to)).toEqual(['L2', 'L3']);
    }
    expect(await seen('dm:lucas', first)).toMatch(
      /SLA dépassé sur \*INC-\d+\* \(P1\) : le délai de résolution a expiré/,
    );
    expect(await seen('dm:lucas', second)).toMatch(/SLA dépassé dans votre équipe \(Workplace & Network\)/);
    expect(await seen('agents', second)).toMatch(/problem/i);
    expect(await breachesInMetrics()).toEqual({ 'acknowledge:support:P1': 2, 'resolve:support:P1': 2 });

    // Monday 9 March, 09:00 a P3 (acknowledge within 2 business hours): missed at 11:00. The matrix
    // does not escalate a P3's acknowledge: the agents' channel and Agnès (lead, on call this week).
    at('2026-03-09T09:00');
    const p3 = await openAs('alice', 'Meeting room screen flickers', 'low');
    at('2026-03-09T11:00');
    expect(await sweep(h)).toMatchObject({ breaches: 1, escalations: 0 });
    expect(await ticket(h, p3)).toMatchObject({ level: 'L1', team: 'servicedesk' });
    expect(await seen('agents', p3)).toMatch(/SLA breached on \*INC-\d+\* \(P3\): the acknowledge target passed/);
    expect(await seen('dm:agnes', p3)).toMatch(/SLA dépassé dans votre équipe/);
    for (const nobody of ['dm:sam', 'dm:lucas', 'dm:marie']) expect(await seen(nobody, p3)).toBe('');
    expect((await events(h, p3, 'sla_breach'))[0].data).toMatchObject({
      escalation: { functional: false, hierarchical: false },
    });
  });

  it('point 3: the matrix is the policy’s: a P3 that misses its acknowledge target can go up a level and reach the manager', async () => {
    await h.close();
    h = await startTestHelpdesk({
      policy: (p) => ({
        ...p,
        sla: {
          ...p.sla,
          escalation: {
            acknowledge: { functional: ['P1', 'P2', 'P3'], hierarchical: ['P1', 'P3'] },
            resolve: { functional: [], hierarchical: [] },
          },
        },
      }),
    });
    at('2026-03-09T09:00');
    const who = await h.actor('console', 'alice', { locale: 'en' });
    const p3 = (
      await h.helpdesk.tickets.open(who, {
        description: 'Meeting room screen flickers',
        impact: 'high',
        urgency: 'low',
      })
    ).number;
    at('2026-03-09T11:00');
    expect(await sweep(h)).toMatchObject({ breaches: 1, escalations: 1 });
    expect(await ticket(h, p3)).toMatchObject({ level: 'L2' });
    expect(await seen('dm:lucas', p3)).toMatch(/escaladé en L2/);
    expect(await seen('dm:marie', p3)).toMatch(/Pour information/);
    // A resolve miss escalates nobody under this policy: 3 business days later, only owner and lead.
    at('2026-03-12T09:00');
    expect(await sweep(h)).toMatchObject({ breaches: 1, escalations: 0 });
    expect(await ticket(h, p3)).toMatchObject({ level: 'L2' });
    expect((await room(h, 'dm:marie')).filter((m) => m.ticketNumber === p3)).toHaveLength(1);
  });

  it('point 6: a problem record has its own lifecycle and an owner, no incident SLA, no breach, no escalation, no requester; in French and English', async () => {
    // Monday 2 March 10:00 an incident: Sam takes it, nobody fixes it by 18:00 (8 business hours).
    at('2026-03-02T10:00');
    const incident = await openP2('alice', 'VPN drops every ten minutes for remote staff');
    at('2026-03-02T10:05');
    await asAgent('sam', `claim ${incident}`);
    at('2026-03-02T18:00');
    await sweep(h);
    const proposal = (await room(h, 'agents')).find((m) => m.actions?.some((a) => a.id === 'sla.problem.open'))!;
    const open = proposal.actions!.find((a) => a.id === 'sla.problem.open')!;

    // Tuesday 09:30 Agnès (French) opens the problem record from the proposal: she owns it, and is
    // not its requester (a problem has none: the desk stands in).
    at('2026-03-03T09:30');
    const opened = await consoleAct(h.url, 'agnes', open.id, open.value, { room: 'agents' });
    expect(opened.body.replies[0].text).toMatch(/^Problème \*PRB-000001\* ouvert et lié à \*INC-/);
    const problem = await ticket(h, 'PRB-000001');
    expect(problem).toMatchObject({
      type: 'problem',
      status: 'assigned',
      assignee: { key: 'console:agnes' },
      requester: { key: 'system:helpdesk' },
      problem: { state: 'investigating', raisedFrom: incident },
      links: [incident],
      slaNextCheckAt: null,
    });
    expect(problem.history[0]).toMatchObject({ type: 'opened', actor: { key: 'console:agnes' } });
    const post = (await room(h, 'agents')).find((m) => m.key === 'ticket:PRB-000001')!;
    expect(post.text).toMatch(/^New problem \*PRB-000001\* raised from INC-\d+, owned by Agnès Morel/);
    expect(post.card!.lines.join('\n')).toContain('investigating · Level L1 · Owner Agnès Morel');
    expect(post.card!.lines.join('\n')).toContain('no acknowledge or resolve target');
    expect(post.card!.lines.join('\n')).not.toMatch(/Requester|Acknowledge by|Resolve by/);
    expect(post.actions!.map((a) => a.id)).toEqual(['ticket.claim', 'ticket.assign', 'ticket.resolve']);

    // Raised to P1 at night, then days pass: no page, no warning, no breach, no escalation.
    at('2026-03-03T23:00');
    expect(await say('agnes', 'priorité PRB-000001 P1', { room: 'agents' })).toMatch(/P1/);
    for (const when of ['2026-03-03T23:30', '2026-03-04T09:00', '2026-03-06T18:00', '2026-03-10T12:00']) {
      at(when);
      await sweep(h);
    }
    const stored = await ticket(h, 'PRB-000001');
    expect(stored).toMatchObject({ level: 'L1', status: 'assigned', slaNextCheckAt: null });
    expect(stored.history.filter((e) => /^sla_|escalated/.test(e.type))).toEqual([]);
    for (const name of ['agents', 'dm:sam', 'dm:agnes', 'dm:lucas', 'dm:marie'])
      expect((await room(h, name)).map((m) => m.text).join('\n')).not.toMatch(
        /PRB-000001\*? \(P\d\)|SLA[^\n]*PRB-000001/,
      );
    expect(await seen('dm:sam', 'PRB-000001')).toBe('');
    expect(await room(h, 'dm:helpdesk')).toEqual([]);

    // Its status, in each agent's language: state, owner, origin, no requester, no SLA.
    const statut = await asAgent('agnes', 'statut PRB-000001');
    expect(statut).toContain('État : en investigation');
    expect(statut).toContain('Responsable Agnès Morel');
    expect(statut).toContain(`Ouvert à partir de ${incident}`);
    expect(statut).toContain('pas de délai de prise en charge ni de résolution');
    expect(statut).not.toMatch(/Demandeur|SLA/);
    expect(await asAgent('sam', 'status PRB-000001')).toContain('State: investigating');

    // Bad input is refused in the agent's language and changes nothing.
    const refusals = [
      [`problème PRB-000001 erreur-connue Réinstaller le certificat`, /n’a pas encore de cause racine/],
      [`problème ${incident} cause certificat expiré`, /n’est pas un enregistrement de problème/],
      ['attendre PRB-000001 Quelle version ?', /est un enregistrement de problème : `attendre` ne s’y applique pas/],
      ['escalader PRB-000001 L2 trop long', /est un enregistrement de problème : `escalader` ne s’y applique pas/],
      [
        'problème PRB-000001 peut-être le réseau',
        /Usage : `problème <PRB-id> cause\|erreur-connue\|investigation <texte>`|problème <PRB-id>/,
      ],
    ] as const;
    for (const [command, message] of refusals) expect(await asAgent('agnes', command)).toMatch(message);
    expect(await asAgent('sam', 'problem PRB-000001 known-error Reinstall it')).toMatch(/has no root cause yet/);
    expect(await asAgent('sam', 'reply PRB-000001 hello')).toMatch(/is a problem record: `reply` does not apply/);
    expect((await ticket(h, 'PRB-000001')).rev).toBe(stored.rev);

    // The lifecycle: root cause known (Sam, English), known error (Agnès, two French words), resolved.
    at('2026-03-10T14:00');
    expect(
      await asAgent('sam', 'problem PRB-000001 root-cause The concentrator drops idle tunnels after 600 s'),
    ).toMatch(/^\*PRB-000001\*: root cause known\./);
    expect(await asAgent('agnes', 'problème PRB-000001 erreur connue Activer le keep-alive du client')).toMatch(
      /^\*PRB-000001\* est désormais une erreur connue\. Contournement :/,
    );
    const known = await ticket(h, 'PRB-000001');
    expect(known.problem).toEqual({
      state: 'known_error',
      raisedFrom: incident,
      rootCause: 'The concentrator drops idle tunnels after 600 s',
      workaround: 'Activer le keep-alive du client',
    });
    expect(known.history.filter((e) => e.type === 'problem_state').map((e) => [e.from, e.to])).toEqual([
      ['investigating', 'root_cause_known'],
      ['root_cause_known', 'known_error'],
    ]);
    // The incident it explains shows the workaround to its agents.
    expect(await seen('agents', incident)).toContain(
      `Known error *PRB-000001* (linked to *${incident}*) has a workaround:\n> Activer le keep-alive du client`,
    );
    expect(await asAgent('sam', 'resolve PRB-000001 Idle timeout raised to 8 h on the concentrator')).toMatch(
      /^Problem \*PRB-000001\* is resolved: Idle timeout raised/,
    );
    expect(await room(h, 'dm:helpdesk')).toEqual([]);

    // The report counts the problem as raised from an incident; breaches are the incident's only.
    at('2026-03-10T15:00');
    const res = await fetch(`${h.url}/api/reports?from=2026-03-02&to=2026-03-15`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    const report = (await res.json()) as Report;
    expect(report.problems).toMatchObject({ opened: 1, fromIncidents: 1, openAtEnd: 0 });
    expect(report.breachedTickets.map((b) => b.number)).toEqual([incident]);
    expect(await breachesInMetrics()).toEqual({ 'resolve:support:P2': 1 });
  });

  it('point 5: `queue breaching` lists the tickets past their last checkpoint, most overdue first', async () => {
    at('2026-03-02T09:00');
    const oldest = await openP2('alice', 'Shared drive unreachable');
    at('2026-03-02T10:00');
    const breached = await openP2('bertrand', 'ERP login loops');
    await asAgent('sam', `claim ${breached}`);
    at('2026-03-03T09:00');
    const warned = await openP2('alice', 'Printer queue stuck on floor 2');
    await asAgent('sam', `claim ${warned}`);
    at('2026-03-03T12:00');
    const fine = await openP2('bertrand', 'Teams calls drop');
    await asAgent('sam', `claim ${fine}`);
    // Tuesday 15:00: the first two are past every checkpoint (nothing left to check), the third is warned.
    at('2026-03-03T15:00');
    await sweep(h);
    expect((await ticket(h, oldest)).slaNextCheckAt).toBeNull();
    expect((await ticket(h, breached)).slaNextCheckAt).toBeNull();
    const queue = await asAgent('sam', 'queue breaching');
    const listed = [...queue.matchAll(/(INC-\d+)/g)].map((m) => m[1]);
    expect(listed).toEqual([oldest, breached, warned]);
    expect(queue).not.toContain(fine);
  });
});
