import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import nock from 'nock';
import { createHelpdesk, finalizeHelpdesk } from '../../../src/compose';
import type { Policy } from '../../../src/config';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../../src/db/embedded';
import { createLogger } from '../../../src/observability/logger';
import { consoleSay, startTestHelpdesk, type TestHelpdesk } from '../../support/helpdesk';

const TOKEN = 'wall-screen-token-0123456789';
const SECRET = 'dashboard-secret-for-these-tests-0123456789';
const WEEK = 'from=2026-03-09&to=2026-03-15';
const PAGES = ['/dashboard', `/api/reports?${WEEK}`, `/api/reports.csv?${WEEK}`];

function withToken(policy: Policy): Policy {
  policy.dashboard.tokens = [TOKEN];
  return policy;
}

/** Asks the bot for a dashboard link as a console persona and opens it: the session cookie. */
async function signIn(url: string, persona: string): Promise<string> {
  const text = (await consoleSay(url, persona, 'dashboard')).body.replies[0].text;
  const link = /\/dashboard\/signin\?token=[A-Za-z0-9_.%-]+/.exec(text)?.[0];
  if (!link) throw new Error(`no sign-in link in: ${text}`);
  const res = await fetch(`${url}${link}`, { redirect: 'manual' });
  expect(res.status).toBe(303);
  return res.headers.get('set-cookie')!.split(';')[0];
}

const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers, redirect: 'manual' });

describe('dashboard and report access', () => {
  let h: TestHelpdesk;
  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    h = await startTestHelpdesk({ policy: withToken, env: { DASHBOARD_SECRET: SECRET } });
  });
  afterAll(async () => {
    await h.close();
    nock.enableNetConnect();
  });

  it('given a cookie that is not valid percent-encoding, then every page answers as for no session, never 500', async () => {
    for (const cookie of ['helpdesk_dashboard=%', 'helpdesk_dashboard=%E0%A4%A', 'other=%zz; helpdesk_dashboard=%ZZ']) {
      for (const page of PAGES) {
        const res = await get(`${h.url}${page}`, { cookie });
        expect([cookie, page, res.status]).toEqual([cookie, page, 401]);
      }
    }
    // Someone else's broken cookie on the same host does not hide a good session.
    const session = await signIn(h.url, 'sam');
    for (const page of PAGES) {
      const res = await get(`${h.url}${page}`, { cookie: `tracker=%E0%A4%A; ${session}` });
      expect([page, res.status]).toEqual([page, 200]);
    }
  });

  it('given an agent removed from the group that made them one, when they wrote to the bot since, then their session is refused at the next request', async () => {
    // Slack and Teams agents can come from a group of the platform; the record is refreshed on each message.
    const policy = h.policy;
    policy.agentGroups.push({ platform: 'console', id: 'night-shift', team: 'servicedesk', level: 'L1' });
    try {
      await h.helpdesk.people.identify({
        platform: 'console',
        platformId: 'nina',
        name: 'Nina',
        groups: ['night-shift'],
      });
      const signInToken = h.helpdesk.dashboardAccess.signInToken((await h.helpdesk.people.current('console:nina'))!);
      const res = await get(`${h.url}/dashboard/signin?token=${encodeURIComponent(signInToken)}`);
      const session = res.headers.get('set-cookie')!.split(';')[0];
      expect((await get(`${h.url}/api/reports?${WEEK}`, { cookie: session })).status).toBe(200);

      await h.helpdesk.people.identify({ platform: 'console', platformId: 'nina', name: 'Nina', groups: [] });
      for (const page of PAGES) {
        const refused = await get(`${h.url}${page}`, { cookie: session });
        expect([page, refused.status]).toEqual([page, 401]);
      }
    } finally {
      policy.agentGroups.pop();
    }
  });

  it('given a session opened with a policy token, then it works while the token is in the policy and ends with it', async () => {
    const opened = await get(`${h.url}/dashboard?token=${TOKEN}&lang=en`);
    expect(opened.status).toBe(303);
    const session = opened.headers.get('set-cookie')!.split(';')[0];
    expect(session).not.toContain(TOKEN);
    expect((await get(`${h.url}/api/reports?${WEEK}`, { cookie: session })).status).toBe(200);

    // The same database and secret, restarted with the token taken out of the policy.
    const restarted = await serveAgain(h, (p) => ({ ...p, dashboard: { ...p.dashboard, tokens: [] } }));
    try {
      expect((await get(`${restarted.url}/api/reports?${WEEK}`, { cookie: session })).status).toBe(401);
      expect((await get(`${restarted.url}/dashboard`, { cookie: session })).status).toBe(401);
    } finally {
      await restarted.close();
    }
  });

  it('given an agent signed in, when the policy no longer names them and the helpdesk restarts, then their session is refused', async () => {
    const session = await signIn(h.url, 'sam');
    expect((await get(`${h.url}/dashboard`, { cookie: session })).status).toBe(200);

    const restarted = await serveAgain(h, (p) => ({
      ...p,
      agents: p.agents.filter((a) => a.id !== 'sam'),
      oncall: p.oncall.map((o) => ({ ...o, members: o.members.filter((m) => m !== 'console:sam') })),
    }));
    try {
      for (const page of PAGES) {
        const res = await get(`${restarted.url}${page}`, { cookie: session });
        expect([page, res.status]).toEqual([page, 401]);
      }
      // Another agent, still in the policy, keeps theirs.
      const agnes = await signIn(h.url, 'agnes');
      expect((await get(`${restarted.url}/api/reports?${WEEK}`, { cookie: agnes })).status).toBe(200);
    } finally {
      await restarted.close();
    }
  });
});

describe('reports while the database is down', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'helpdesk-reports-down-'));
  let db: EmbeddedDatabase;
  let h: TestHelpdesk;
  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    db = await startEmbeddedDatabase({ dataDir });
    h = await startTestHelpdesk({ policy: withToken, env: { DASHBOARD_SECRET: SECRET }, databaseUri: db.uri });
  });
  afterAll(async () => {
    await h.close().catch(() => undefined);
    await db.stop();
    nock.enableNetConnect();
  });

  it('answers 503 with Retry-After (JSON for the API, a page in the viewer’s language for the dashboard), never 500', async () => {
    const session = await signIn(h.url, 'agnes');
    await db.stop();

    for (const page of [`/api/reports?${WEEK}`, `/api/reports.csv?${WEEK}`]) {
      for (const headers of [{ authorization: `Bearer ${TOKEN}` }, { cookie: session }] as Record<string, string>[]) {
        const res = await get(`${h.url}${page}`, headers);
        expect([page, res.status]).toEqual([page, 503]);
        expect(res.headers.get('retry-after')).toBe('5');
        expect(await res.json()).toMatchObject({ error: 'database unavailable' });
      }
    }
    // Who the session belongs to cannot be read now: the browser's language decides.
    const fr = await get(`${h.url}/dashboard`, { cookie: session, 'accept-language': 'fr-FR,fr;q=0.9' });
    expect(fr.status).toBe(503);
    expect(await fr.text()).toContain('La base de données du support est indisponible');
    const en = await get(`${h.url}/dashboard?lang=en`, { authorization: `Bearer ${TOKEN}` });
    expect(en.status).toBe(503);
    expect(await en.text()).toContain('The helpdesk database is unavailable right now');
  });
});

/** A second helpdesk process on the same database and secret, with a changed policy (a restart). */
async function serveAgain(
  h: TestHelpdesk,
  change: (policy: Policy) => Policy,
): Promise<{ url: string; close(): Promise<void> }> {
  const logger = createLogger('silent');
  const helpdesk = createHelpdesk({
    connection: h.connection,
    env: h.env,
    policy: change(structuredClone(h.policy)),
    logger,
    clock: h.clock,
  });
  finalizeHelpdesk(helpdesk, logger);
  const server: Server = await new Promise((resolve) => {
    const s = helpdesk.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
