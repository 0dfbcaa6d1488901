import { parse } from 'csv-parse/sync';
import nock from 'nock';
import type { Report } from '../../../src/core/reports';
import { consoleSay, startTestHelpdesk, type TestHelpdesk } from '../../support/helpdesk';
import { datasetPolicy, NOW, seedDataset } from './dataset';

const TOKEN = 'wall-screen-token-0123456789';
const WEEK = 'from=2026-03-09&to=2026-03-15';

/** The sign-in link in the bot's answer, pointed at the test server. */
function signInPath(text: string): string {
  const match = /\/dashboard\/signin\?token=([A-Za-z0-9_.%-]+)/.exec(text);
  if (!match) throw new Error(`no sign-in link in: ${text}`);
  return match[0];
}

describe('reports over HTTP, in chat and as the weekly digest', () => {
  let h: TestHelpdesk;
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${h.url}${path}`, { headers, redirect: 'manual' });

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    h = await startTestHelpdesk({ policy: datasetPolicy, env: { PUBLIC_URL: 'https://helpdesk.example.com' } });
    await seedDataset(h);
  });
  afterAll(async () => {
    await h.close();
    nock.enableNetConnect();
  });

  describe('GET /api/reports and /api/reports.csv', () => {
    it('refuses anyone without a sign-in or a policy token', async () => {
      for (const path of [`/api/reports?${WEEK}`, `/api/reports.csv?${WEEK}`]) {
        const res = await get(path);
        expect(res.status).toBe(401);
        expect(res.headers.get('www-authenticate')).toMatch(/Bearer/);
      }
      expect((await get(`/api/reports?${WEEK}`, { authorization: 'Bearer not-the-token-at-all' })).status).toBe(401);
      expect((await get(`/api/reports?${WEEK}&token=wall-screen-token-012345678X`)).status).toBe(401);
      expect((await get(`/api/reports?${WEEK}`, { cookie: 'helpdesk_dashboard=forged.session' })).status).toBe(401);
    });

    it('serves the JSON report to a policy token, local dates read in the desk time zone (to inclusive)', async () => {
      const res = await get(`/api/reports?${WEEK}&groupBy=priority`, { authorization: `Bearer ${TOKEN}` });
      expect(res.status).toBe(200);
      const report = (await res.json()) as Report;
      expect(report.period).toEqual({
        from: '2026-03-08T23:00:00.000Z',
        to: '2026-03-15T23:00:00.000Z',
        timezone: 'Europe/Paris',
      });
      expect(report.tickets).toMatchObject({ opened: 9, resolved: 6, openAtEnd: 3, sla: { compliancePct: 83.3 } });
      expect(report.groupBy).toBe('priority');
      expect(report.groups!.map((g) => [g.key, g.kpis.opened, g.kpis.sla.compliancePct])).toEqual([
        ['P2', 4, 75],
        ['P4', 3, 100],
        ['P3', 2, 100],
      ]);
      // A token in the query string works too (wall screens, scripts).
      expect((await get(`/api/reports?${WEEK}&token=${TOKEN}`)).status).toBe(200);
    });

    it('validates the query with zod: bad values are refused and never reach the database', async () => {
      const bad = [
        'from=yesterday',
        'from=2026-03-15&to=2026-03-01',
        'from=2025-01-01&to=2026-03-01',
        'groupBy=requester',
        'from=2026-03-01&from=2026-03-02',
        'timezone=Mars/Olympus',
        'groupBy[$ne]=team',
        'form=2026-03-01',
      ];
      for (const query of bad) {
        const res = await get(`/api/reports?${query}`, { authorization: `Bearer ${TOKEN}` });
        expect([query, res.status]).toEqual([query, 400]);
        expect(((await res.json()) as { error: string }).error).toBeTruthy();
      }
    });

    it('exports the same figures as CSV: the period, each group, each week; empty cells mean no data', async () => {
      const res = await get(`/api/reports.csv?${WEEK}&groupBy=team`, { authorization: `Bearer ${TOKEN}` });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
      // The dates picked, in the desk time zone: not the UTC instant of local midnight (the day before).
      expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="report-2026-03-09-2026-03-15.csv"/);
      const rows = parse(await res.text(), { columns: true }) as Record<string, string>[];
      expect(rows.map((r) => `${r.group_by}:${r.group}`)).toEqual([
        'all:all',
        'team:servicedesk',
        'team:workplace',
        'week:2026-03-09',
      ]);
      expect(rows[0]).toMatchObject({
        opened: '9',
        resolved: '6',
        open_at_end: '3',
        sla_compliance_pct: '83.3',
        sla_measured: '6',
        breaches_total: '2',
        breaches_support: '2',
        breaches_requester: '0',
        acknowledge_breaches: '1',
        resolve_breaches: '1',
        mttr_business_min: '335',
        mttr_wall_min: '1705',
        first_contact_pct: '66.7',
        reopen_pct: '28.6',
        csat_average: '4',
        nps: '40',
        // The knowledge base and the crisis domain both publish their data; neither had any here.
        deflection_pct: '0',
        crises: '0',
        problems_from_incidents: '1',
      });
      expect(rows[2]).toMatchObject({ label: 'Workplace & Network', sla_compliance_pct: '0', first_contact_pct: '0' });
    });
  });

  describe('the dashboard sign-in link', () => {
    it('is sent to an agent who asks for it, and opens a session the API accepts', async () => {
      const reply = await consoleSay(h.url, 'sam', 'dashboard');
      const text = reply.body.replies[0].text;
      expect(text).toContain('https://helpdesk.example.com/dashboard/signin?token=');
      const signin = await get(signInPath(text));
      expect(signin.status).toBe(303);
      expect(signin.headers.get('location')).toBe('/dashboard');
      const cookie = signin.headers.get('set-cookie')!;
      expect(cookie).toMatch(
        /^helpdesk_dashboard=[^;]+; Max-Age=28800; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax$/,
      );
      const session = cookie.split(';')[0];
      expect((await get(`/api/reports?${WEEK}`, { cookie: session })).status).toBe(200);
      const page = await get('/dashboard', { cookie: session });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(await page.text()).toContain('Sam Carter');
    });

    it('goes by direct message when asked in the agents channel: a link is personal', async () => {
      const reply = await consoleSay(h.url, 'agnes', 'tableau de bord', { room: 'agents' });
      expect(reply.body.replies[0].text).toMatch(/message privé/);
      expect(reply.body.replies[0].text).not.toContain('token=');
      const dm = await h.helpdesk.consoleMessenger.messages('dm:agnes');
      expect(signInPath(dm[dm.length - 1].text)).toBeTruthy();
    });

    it('is refused to employees, and expires', async () => {
      const refused = await consoleSay(h.url, 'alice', 'dashboard');
      expect(refused.body.replies[0].text).toMatch(/Only service-desk agents/);
      const link = signInPath((await consoleSay(h.url, 'sam', 'dashboard')).body.replies[0].text);
      const tampered = link.replace(/token=([^.]+)\./, (_m, body: string) => `token=${body.slice(0, -2)}AA.`);
      expect((await get(tampered)).status).toBe(401);
      h.clock.advanceMinutes(16);
      try {
        const expired = await get(link);
        expect(expired.status).toBe(401);
        expect(await expired.text()).toMatch(/invalid or has expired/);
      } finally {
        h.clock.set(NOW);
      }
    });
  });

  describe('the report verb', () => {
    it('posts a summary of the period to an agent, in their language', async () => {
      const en = (await consoleSay(h.url, 'sam', 'report last week', { room: 'agents' })).body.replies[0].text;
      expect(en).toContain('📊 Service report 9 Mar 2026 – 15 Mar 2026');
      expect(en).toContain('Opened 9 · Resolved 6 · Closed 1 · Cancelled 1 · Open at period end 3');
      expect(en).toContain(
        'Within SLA 83.3 % (5/6 tickets resolved or past their resolve target) · Breaches in the period: 1 acknowledge, 1 resolve (2 by support, 0 while waiting on the requester)',
      );
      expect(en).toContain('MTTA 1 h 08 business (3 h 01 wall clock) · MTTR 5 h 35 business (1 d 4 h wall clock)');
      expect(en).toContain('First-contact resolution 66.7 % · Reopen rate 28.6 %');
      expect(en).toContain('CSAT 4/5 (4 answers, response rate 80 %) · NPS +40 · KB deflection 0 %');
      expect(en).toContain('Problems opened 1 (1 from incidents) · Changes raised 1 · Crises 0');
      const fr = (await consoleSay(h.url, 'agnes', 'rapport 2026-03-09..2026-03-15')).body.replies[0].text;
      expect(fr).toContain('Rapport de service du 9 mars 2026 au 15 mars 2026');
      expect(fr).toContain('Dans le SLA 83,3 % (5/6 tickets résolus ou ayant dépassé leur délai de résolution)');
      // The same week named three ways; "today" is Tuesday 17 March.
      for (const period of ['2026-W11', 'semaine dernière', '2026-03-09 to 2026-03-15'])
        expect((await consoleSay(h.url, 'sam', `report ${period}`)).body.replies[0].text).toContain(
          'Opened 9 · Resolved 6',
        );
      expect((await consoleSay(h.url, 'sam', 'report 2026-03')).body.replies[0].text).toContain(
        '📊 Service report 1 Mar 2026 – 31 Mar 2026',
      );
      expect((await consoleSay(h.url, 'sam', 'report 9d')).body.replies[0].text).toContain(
        '📊 Service report 9 Mar 2026 – 17 Mar 2026',
      );
    });

    it('explains a period it does not understand, and is for agents only', async () => {
      expect((await consoleSay(h.url, 'sam', 'report someday')).body.replies[0].text).toMatch(
        /I do not understand the period “someday”/,
      );
      // Longer than a report may cover, or reversed.
      for (const period of ['400d', '2026-03-15..2026-03-01'])
        expect((await consoleSay(h.url, 'sam', `report ${period}`)).body.replies[0].text).toMatch(
          /I do not understand the period/,
        );
      expect((await consoleSay(h.url, 'alice', 'report')).body.replies[0].text).toMatch(
        /Only service-desk agents can use `report`/,
      );
    });
  });

  describe('the weekly service-review digest', () => {
    afterEach(() => h.clock.set(NOW));

    it('is posted once to the managers channel from Monday 08:00, with trends, breaches and actions', async () => {
      h.clock.set('2026-03-16T06:30:00Z'); // Monday 07:30 in Paris: too early.
      expect(await h.helpdesk.scheduler.runNow('reports.weekly-digest')).toEqual({
        posted: false,
        week: '2026-03-09',
        reason: 'too_early',
      });
      h.clock.set('2026-03-16T07:15:00Z');
      expect(await h.helpdesk.scheduler.runNow('reports.weekly-digest')).toEqual({
        posted: true,
        week: '2026-03-09',
        delivered: 1,
      });
      expect(await h.helpdesk.scheduler.runNow('reports.weekly-digest')).toEqual({
        posted: false,
        week: '2026-03-09',
        reason: 'already_posted',
      });

      const posts = await h.helpdesk.consoleMessenger.messages('managers');
      expect(posts).toHaveLength(1);
      expect(posts[0].text.split('\n')).toEqual([
        '📈 Weekly service review – week of 9 Mar 2026',
        'Opened 9 (+6) · Resolved 6 (+5) · Open at week end 3 (+1)',
        'Within SLA 83.3 % (−16.7 pts) · MTTR 5 h 35 (+4 h 35) · CSAT 4/5 (+3) · FCR 66.7 %',
        'SLA breaches: 1 acknowledge, 1 resolve (2 by support, 0 while waiting on the requester): INC-000006',
        'Categories to watch: printer (2 breaches, 2 tickets)',
        'Actions:',
        '• Review the 2 support-caused breaches with the teams involved.',
        '• The backlog grew by 1: check capacity; 1 tickets are older than 7 days.',
        '• Write or improve an article on “access” (3 tickets got no knowledge-base answer).',
        '• 28.6 % of resolutions were reopened: review resolution quality.',
      ]);
    });
  });
});
