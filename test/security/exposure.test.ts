import { request } from 'node:http';
import nock from 'nock';
import { parseEnv } from '../../src/config';
import { consoleMessageModel } from '../../src/channels/console/model';
import { personModel } from '../../src/core/people/model';
import { alice, personalMessage, post } from '../channels/teams/support';
import { startTestHelpdesk, type TestHelpdesk } from '../support/helpdesk';

const PASSWORD = 'correct horse battery staple';
const METRICS_TOKEN = 'scraper-token-0123456789';

/** A request with a Host header of our choosing (fetch does not let one set it). */
function raw(
  url: string,
  path: string,
  options: { host?: string; method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path,
        method: options.method ?? 'GET',
        headers: { host: options.host ?? target.host, ...options.headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterAll(() => nock.enableNetConnect());

describe('the Host header (DNS rebinding)', () => {
  let h: TestHelpdesk;
  beforeAll(async () => {
    h = await startTestHelpdesk({
      env: { PUBLIC_URL: 'https://helpdesk.example.com', ALLOWED_HOSTS: 'helpdesk.internal, 10.1.2.3' },
    });
  });
  afterAll(() => h.close());

  it('given a name this server is not known by, then pages and APIs answer 421 and nothing runs', async () => {
    const people = await personModel(h.connection).countDocuments();
    for (const path of ['/console', '/console/api/personas', '/dashboard', '/api/reports', '/metrics', '/nowhere']) {
      const res = await raw(h.url, path, { host: 'attacker.example:3000' });
      expect([path, res.status]).toEqual([path, 421]);
    }
    const sent = await raw(h.url, '/console/api/messages', {
      host: 'rebound.attacker.example',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ persona: 'marie', text: 'dashboard' }),
    });
    expect(sent.status).toBe(421);
    expect(await personModel(h.connection).countDocuments()).toBe(people);
    expect(await consoleMessageModel(h.connection).countDocuments()).toBe(0);
  });

  it('given the names it is known by (loopback, PUBLIC_URL, ALLOWED_HOSTS), then it answers', async () => {
    const port = new URL(h.url).port;
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      `[::1]:${port}`,
      'helpdesk.example.com',
      'HELPDESK.example.com.',
      'helpdesk.internal:8080',
      '10.1.2.3',
    ]) {
      const res = await raw(h.url, '/console/api/personas', { host });
      expect([host, res.status]).toEqual([host, 200]);
    }
  });

  it('lets health probes through whatever name they use (they carry nothing)', async () => {
    expect((await raw(h.url, '/healthz', { host: '10.9.9.9:3000' })).status).toBe(200);
    expect((await raw(h.url, '/readyz', { host: 'pod-1234' })).status).toBe(200);
  });

  it('refuses a list of hosts that is not host names, naming the variable', () => {
    expect(() => parseEnv({ ALLOWED_HOSTS: 'https://helpdesk.example.com/' })).toThrow(/ALLOWED_HOSTS/);
    expect(parseEnv({ ALLOWED_HOSTS: 'a.example, b.example' }).ALLOWED_HOSTS).toEqual(['a.example', 'b.example']);
  });
});

describe('in production', () => {
  it('serves no console, no Teams endpoint without its app id and no /metrics without a token, by default', async () => {
    const h = await startTestHelpdesk({ env: { NODE_ENV: 'production', PUBLIC_URL: 'https://helpdesk.example.com' } });
    try {
      for (const path of ['/console', '/console/api/personas', '/metrics'])
        expect([path, (await fetch(`${h.url}${path}`)).status]).toEqual([path, 404]);
      const res = await fetch(`${h.url}/console/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ persona: 'marie', text: 'dashboard' }),
      });
      expect(res.status).toBe(404);
      expect((await post(h.url, personalMessage(alice, 'hello'))).status).toBe(404);
      expect(await consoleMessageModel(h.connection).countDocuments()).toBe(0);
      expect(await personModel(h.connection).countDocuments()).toBe(0);
    } finally {
      await h.close();
    }
  });

  it('refuses to start a console asked for without a password, naming the variable', () => {
    expect(() => parseEnv({ NODE_ENV: 'production', CONSOLE_ENABLED: 'true' })).toThrow(
      /CONSOLE_PASSWORD: required with CONSOLE_ENABLED=true in production/,
    );
    expect(() => parseEnv({ HOST: '0.0.0.0', CONSOLE_ENABLED: 'true' })).toThrow(/CONSOLE_PASSWORD: required/);
    expect(() => parseEnv({ CONSOLE_PASSWORD: 'short' })).toThrow(/CONSOLE_PASSWORD: must be at least 12/);
    expect(() => parseEnv({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: must be at least 16/);
    expect(() => parseEnv({ CONSOLE_ENABLED: 'yes' })).toThrow(/CONSOLE_ENABLED/);
  });
});

describe('as the README tells Teams operators (HOST=0.0.0.0, NODE_ENV unset)', () => {
  it('closes what is only open for this machine: the console, the Teams endpoint without a token check, /metrics', async () => {
    const h = await startTestHelpdesk({ env: { HOST: '0.0.0.0', PUBLIC_URL: 'https://helpdesk.example.com' } });
    try {
      expect((await fetch(`${h.url}/console/api/personas`)).status).toBe(404);
      expect((await fetch(`${h.url}/metrics`)).status).toBe(404);
      expect((await post(h.url, personalMessage(alice, 'hello'))).status).toBe(404);
    } finally {
      await h.close();
    }
  });
});

describe('the console behind its password', () => {
  let h: TestHelpdesk;
  beforeAll(async () => {
    h = await startTestHelpdesk({
      env: { NODE_ENV: 'production', CONSOLE_ENABLED: 'true', CONSOLE_PASSWORD: PASSWORD, METRICS_TOKEN },
    });
  });
  afterAll(() => h.close());

  const signIn = (password: string, lang = 'en') =>
    fetch(`${h.url}/console/signin?lang=${lang}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ password }),
      redirect: 'manual',
    });
  const say = (cookie: string | undefined, body: Record<string, unknown>) =>
    fetch(`${h.url}/console/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    });

  it('shows the sign-in form instead of the console, in the browser’s language, and the API refuses, storing nothing', async () => {
    const en = await fetch(`${h.url}/console`, { headers: { 'accept-language': 'en-GB' } });
    expect(en.status).toBe(401);
    expect(en.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await en.text();
    expect(page).toContain('Enter the console password');
    expect(page).not.toContain('app.js');
    const fr = await fetch(`${h.url}/console`, { headers: { 'accept-language': 'fr-FR' } });
    expect(await fr.text()).toContain('Saisissez le mot de passe de la console');

    expect((await fetch(`${h.url}/console/api/personas`)).status).toBe(401);
    expect((await fetch(`${h.url}/console/api/rooms/agents/messages`)).status).toBe(401);
    expect((await say(undefined, { persona: 'marie', text: 'dashboard' })).status).toBe(401);
    const forged = `helpdesk_console=v1.${Date.parse('2030-01-01')}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`;
    expect((await say(forged, { persona: 'marie', text: 'dashboard' })).status).toBe(401);
    expect(await consoleMessageModel(h.connection).countDocuments()).toBe(0);
    expect(await personModel(h.connection).countDocuments()).toBe(0);
  });

  it('given the password, opens a session (HttpOnly, SameSite=Strict, /console only) that the console API accepts until it expires', async () => {
    const res = await signIn(PASSWORD);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console');
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(
      /^helpdesk_console=v1\.[^;]+; Max-Age=43200; Path=\/console; Expires=[^;]+; HttpOnly; SameSite=Strict$/,
    );
    const cookie = setCookie.split(';')[0];

    const page = await fetch(`${h.url}/console`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('app.js');
    const answer = await say(cookie, { persona: 'alice', text: 'my laptop does not start' });
    expect(answer.status).toBe(200);
    expect(await consoleMessageModel(h.connection).countDocuments({ room: 'dm:alice' })).toBeGreaterThan(0);

    h.clock.advanceMinutes(12 * 60 + 1);
    try {
      expect((await fetch(`${h.url}/console/api/personas`, { headers: { cookie } })).status).toBe(401);
    } finally {
      h.clock.set('2026-03-02T09:00:00Z');
    }
    const signedOut = await fetch(`${h.url}/console/signout`, {
      method: 'POST',
      headers: { cookie },
      redirect: 'manual',
    });
    expect(signedOut.headers.get('set-cookie')).toMatch(/^helpdesk_console=;/);
  });

  it('given wrong passwords, says so, then stops comparing after ten from one address (429 with Retry-After)', async () => {
    const wrong = await signIn('not the password', 'fr');
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('Mot de passe incorrect');
    for (let i = 0; i < 9; i++) expect((await signIn(`guess ${i}`)).status).toBe(401);
    const limited = await signIn(PASSWORD);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.text()).toContain('Too many wrong passwords');
    // The window passes: the right password works again.
    h.clock.advanceMinutes(16);
    try {
      expect((await signIn(PASSWORD)).status).toBe(303);
    } finally {
      h.clock.set('2026-03-02T09:00:00Z');
    }
  });

  it('serves /metrics to the bearer of METRICS_TOKEN only', async () => {
    expect((await fetch(`${h.url}/metrics`)).status).toBe(401);
    expect(
      (await fetch(`${h.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status,
    ).toBe(401);
    expect((await fetch(`${h.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}x` } })).status).toBe(
      401,
    );
    const ok = await fetch(`${h.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('helpdesk_tickets_open');
  });
});
