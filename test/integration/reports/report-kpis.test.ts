import { ReportService, type Report } from '../../../src/core/reports';
import { startTestHelpdesk, type TestHelpdesk } from '../../support/helpdesk';
import { crisisSource, datasetPolicy, feedbackSource, NOW, PERIOD, seedDataset } from './dataset';

/**
 * Every KPI of the week of 9 March 2026 on the seeded dataset (see dataset.ts for the story of each
 * ticket), computed by hand. Service KPIs cover incidents and requests; problems are apart.
 */
describe('reports: KPIs of a seeded week, on the real database', () => {
  let h: TestHelpdesk;
  let report: Report;

  beforeAll(async () => {
    h = await startTestHelpdesk({ policy: datasetPolicy });
    await seedDataset(h);
    h.helpdesk.reports.useSources({ deflection: feedbackSource, crises: crisisSource });
    report = await h.helpdesk.reports.reportFor({ ...PERIOD, groupBy: 'team' });
  });
  afterAll(() => h.close());

  it('counts volumes, and reconstructs who was open at the period end from history', () => {
    // Opened: C R D E K F J G H. Resolved (final resolution in the period): B C R D E F — J was
    // reopened after, K resolved after. Closed: I. Cancelled: H.
    // Open at the end: A (assigned), K (new then; resolved since), G (waiting); J was resolved then
    // although it is open now, and L did not exist yet.
    expect(report.tickets).toMatchObject({ opened: 9, resolved: 6, closed: 1, cancelled: 1, openAtEnd: 3 });
  });

  it('computes SLA compliance with pauses excluded, and counts each breach where it happened', () => {
    // D: 420 business minutes once its 2 h pause is left out (540 > 480 otherwise): within.
    // C: its committed 17:00 passed while it waited on carol: the clock was stopped, no breach.
    // E: its first response came after 60 min (target 30: a breach recorded on the claim), and it was
    // resolved after 660 > 480 business minutes (a breach recorded on the resolution).
    expect(report.tickets.sla).toEqual({
      measured: 6,
      withinSla: 5,
      compliancePct: 83.3,
      breaches: {
        total: 2,
        support: 2,
        requester: 0,
        acknowledge: { support: 1, requester: 0 },
        resolve: { support: 1, requester: 0 },
      },
      acknowledgeBreaches: 1,
    });
    expect(report.slaByPriority).toEqual([
      { priority: 'P1', resolved: 0, measured: 0, withinSla: 0, compliancePct: null, breaches: 0 },
      { priority: 'P2', resolved: 4, measured: 4, withinSla: 3, compliancePct: 75, breaches: 2 },
      { priority: 'P3', resolved: 1, measured: 1, withinSla: 1, compliancePct: 100, breaches: 0 },
      { priority: 'P4', resolved: 1, measured: 1, withinSla: 1, compliancePct: 100, breaches: 0 },
    ]);
    expect(report.breachedTickets).toEqual([
      {
        number: 'INC-000006',
        priority: 'P2',
        target: 'acknowledge',
        cause: 'support',
        at: '2026-03-11T09:00:00.000Z',
        openAtEnd: false,
      },
      {
        number: 'INC-000006',
        priority: 'P2',
        target: 'resolve',
        cause: 'support',
        at: '2026-03-12T10:00:00.000Z',
        openAtEnd: false,
      },
    ]);
  });

  it('computes MTTA and MTTR in business and wall-clock time', () => {
    // First responses in the period (business = wall except K): C 10, R 30, D 20, E 60, K 330
    // (wall 1230: a night), F 30, J 5, G 60 → 545/8 = 68.1 business, 1445/8 = 180.6 wall.
    expect(report.tickets.mtta).toEqual({ count: 8, businessMin: 68.1, wallMin: 180.6 });
    // Resolved: B 300/4080 (a weekend), C 240/1680, R 30/30, D 420/1440, E 660/1560, F 360/1440.
    expect(report.tickets.mttr).toEqual({ count: 6, businessMin: 335, wallMin: 1705 });
  });

  it('computes first-contact resolution and the reopen rate', () => {
    // FCR: B, C (waiting on the requester is still one contact), R (resolved without a claim), D.
    // Not E (escalated) nor F (reopened) → 4/6.
    expect(report.tickets.firstContact).toEqual({ count: 4, pct: 66.7 });
    // Resolutions in the period: B C R D E F J; reopened afterwards: F (same day), J (after the period).
    expect(report.tickets.reopen).toEqual({ resolutions: 7, reopened: 2, pct: 28.6 });
  });

  it('ages the backlog at the period end', () => {
    // A 10 d 14 h, K 4 d 11 h, G 2 d 13 h.
    expect(report.backlogAge).toEqual({ lt1d: 0, '1to3d': 1, '3to7d': 1, '7to30d': 1, gt30d: 0 });
  });

  it('ranks categories and knowledge gaps (tickets that got no KB answer)', () => {
    expect(report.topCategories).toEqual([
      { category: 'access', tickets: 3 },
      { category: 'email', tickets: 2 },
      { category: 'printer', tickets: 2 },
      { category: 'network', tickets: 1 },
      { category: 'vpn', tickets: 1 },
    ]);
    // C (vpn) had an article suggested: vpn is not a gap.
    expect(report.knowledgeGaps).toEqual([
      { topic: 'access', tickets: 3, examples: ['INC-000007', 'INC-000010', 'REQ-000001'] },
      { topic: 'email', tickets: 2, examples: ['INC-000005', 'INC-000011'] },
      { topic: 'printer', tickets: 2, examples: ['INC-000006', 'INC-000009'] },
      { topic: 'network', tickets: 1, examples: ['INC-000008'] },
    ]);
  });

  it('counts problems raised from incidents and changes linked to them', () => {
    expect(report.problems).toEqual({ opened: 1, fromIncidents: 1, changesFromIncidents: 1, openAtEnd: 1 });
  });

  it('reads CSAT and NPS from the survey domain, deflection and crises from their sources', () => {
    expect(report.csat).toEqual({
      sent: 5,
      responses: 4,
      responseRatePct: 80,
      average: 4,
      distribution: { '1': 0, '2': 1, '3': 0, '4': 1, '5': 2 },
    });
    expect(report.nps).toEqual({ responses: 10, promoters: 6, passives: 2, detractors: 2, score: 40 });
    expect(report.deflection).toEqual({
      solvedByKb: 4,
      followedByTicket: 1,
      deflected: 3,
      ticketsOpened: 9,
      ratePct: 25,
    });
    expect(report.crises).toEqual({
      total: 3,
      bySeverity: [
        { severity: 'sev1', declared: 2, closed: 2, meanDurationMin: 120, maxDurationMin: 150 },
        { severity: 'sev2', declared: 1, closed: 0, meanDurationMin: null, maxDurationMin: null },
      ],
    });
  });

  it('breaks every KPI down by team', () => {
    const byKey = Object.fromEntries(report.groups!.map((g) => [g.key, g]));
    expect(report.groups!.map((g) => g.key)).toEqual(['servicedesk', 'workplace']);
    expect(byKey.workplace.label).toBe('Workplace & Network');
    // E alone: escalated to the L2 team.
    expect(byKey.workplace.kpis).toEqual({
      opened: 1,
      resolved: 1,
      closed: 0,
      cancelled: 0,
      openAtEnd: 0,
      sla: {
        measured: 1,
        withinSla: 0,
        compliancePct: 0,
        breaches: {
          total: 2,
          support: 2,
          requester: 0,
          acknowledge: { support: 1, requester: 0 },
          resolve: { support: 1, requester: 0 },
        },
        acknowledgeBreaches: 1,
      },
      mtta: { count: 1, businessMin: 60, wallMin: 60 },
      mttr: { count: 1, businessMin: 660, wallMin: 1560 },
      firstContact: { count: 0, pct: 0 },
      reopen: { resolutions: 1, reopened: 0, pct: 0 },
    });
    // Everything else: 485/7 and 1385/7 to acknowledge; 1350/5 and 8670/5 to resolve.
    expect(byKey.servicedesk.kpis).toEqual({
      opened: 8,
      resolved: 5,
      closed: 1,
      cancelled: 1,
      openAtEnd: 3,
      sla: {
        measured: 5,
        withinSla: 5,
        compliancePct: 100,
        breaches: {
          total: 0,
          support: 0,
          requester: 0,
          acknowledge: { support: 0, requester: 0 },
          resolve: { support: 0, requester: 0 },
        },
        acknowledgeBreaches: 0,
      },
      mtta: { count: 7, businessMin: 69.3, wallMin: 197.9 },
      mttr: { count: 5, businessMin: 270, wallMin: 1734 },
      firstContact: { count: 4, pct: 80 },
      reopen: { resolutions: 6, reopened: 2, pct: 33.3 },
    });
    // CSAT by team from the survey domain: E's poll is the only workplace one, unanswered.
    expect(byKey.workplace.csat).toMatchObject({ sent: 1, responses: 0, average: null });
    expect(byKey.servicedesk.csat).toMatchObject({ sent: 4, responses: 4, average: 4 });
  });

  it('buckets weekly trends in the desk time zone', async () => {
    const twoWeeks = await h.helpdesk.reports.reportFor({
      from: new Date('2026-03-01T23:00:00Z'),
      to: PERIOD.to,
      timezone: PERIOD.timezone,
    });
    expect(
      twoWeeks.weekly.map(({ week, opened, resolved, openAtEnd, slaCompliancePct, csatAverage }) => ({
        week,
        opened,
        resolved,
        openAtEnd,
        slaCompliancePct,
        csatAverage,
      })),
    ).toEqual([
      // I opened and resolved (closed since: its resolution stands), A and B still open on Sunday night.
      { week: '2026-03-02', opened: 3, resolved: 1, openAtEnd: 2, slaCompliancePct: 100, csatAverage: 1 },
      { week: '2026-03-09', opened: 9, resolved: 6, openAtEnd: 3, slaCompliancePct: 83.3, csatAverage: 4 },
    ]);
  });

  it('shows "no data" (null), never a zero, for sources that are not wired', async () => {
    const bare = new ReportService({ connection: h.connection, clock: h.clock, policy: h.policy });
    const r = await bare.reportFor(PERIOD);
    expect([r.csat, r.nps, r.deflection, r.crises]).toEqual([null, null, null, null]);
    expect(r.tickets.opened).toBe(9);
    // An empty period: ratios have nothing to divide.
    const empty = await bare.reportFor({
      from: new Date('2025-01-06T00:00:00Z'),
      to: new Date('2025-01-13T00:00:00Z'),
      timezone: 'Europe/Paris',
    });
    expect(empty.tickets).toMatchObject({
      opened: 0,
      resolved: 0,
      sla: { compliancePct: null },
      mttr: { count: 0, businessMin: null, wallMin: null },
    });
    expect(empty.tickets.firstContact.pct).toBeNull();
    expect(empty.tickets.reopen.pct).toBeNull();
  });

  it('is computed as of now while the period is still running', async () => {
    // Period up to the end of 17 March: J is open again (reopened this morning), K is resolved.
    const running = await h.helpdesk.reports.reportFor({
      from: PERIOD.from,
      to: new Date('2026-03-17T23:00:00Z'),
      timezone: PERIOD.timezone,
    });
    expect(new Date(running.generatedAt).toISOString()).toBe(new Date(NOW).toISOString());
    // Open now: A, G, J (reopened), L (opened 16th) → 4; K resolved on the 16th.
    expect(running.tickets.openAtEnd).toBe(4);
  });
});
