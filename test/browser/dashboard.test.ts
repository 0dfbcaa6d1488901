import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { consoleSay, startTestHelpdesk, type TestHelpdesk } from '../support/helpdesk';
import { datasetPolicy, seedDataset } from '../integration/reports/dataset';

const ARTIFACTS = path.resolve(__dirname, '../artifacts');
const WEEK = 'from=2026-03-09&to=2026-03-15';

/** Pixels actually painted on each chart canvas (Chart.js drew something, not an empty box). */
function paintedCanvases(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() =>
    Object.fromEntries(
      Array.from(document.querySelectorAll('canvas')).map((canvas) => {
        const ctx = canvas.getContext('2d')!;
        const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
        let painted = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
        return [canvas.id, painted];
      }),
    ),
  );
}

const kpi = (page: Page, id: string) => page.locator(`[data-kpi="${id}"] .value`).innerText();

describe('dashboard in a real browser', () => {
  let h: TestHelpdesk;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    h = await startTestHelpdesk({ policy: datasetPolicy });
    await seedDataset(h);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--headless',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it('refuses a visitor who has not signed in', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(`${h.url}/dashboard?${WEEK}`);
    expect(response!.status()).toBe(401);
    await expect(page.locator('#refused-message').innerText()).resolves.toMatch(/for service-desk agents and managers/);
    expect(await page.locator('[data-kpi]').count()).toBe(0);
    expect((await page.goto(`${h.url}/api/reports?${WEEK}`))!.status()).toBe(401);
    await context.close();
  });

  it('signs an agent in through the bot’s link and shows KPIs, drawn charts, both languages', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));

    const reply = (await consoleSay(h.url, 'sam', 'dashboard')).body.replies[0].text;
    const link = /\/dashboard\/signin\?token=[^\s]+/.exec(reply)![0];
    const landed = await page.goto(`${h.url}${link}`);
    expect(landed!.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/dashboard');

    await page.goto(`${h.url}/dashboard?${WEEK}`);
    await page.waitForSelector('body[data-charts-drawn]');
    await expect(page.locator('h1').innerText()).resolves.toBe('Service desk dashboard');
    await expect(page.locator('.who').innerText()).resolves.toContain('Sam Carter');
    expect(await kpi(page, 'opened')).toBe('9');
    expect(await kpi(page, 'resolved')).toBe('6');
    expect(await kpi(page, 'open-at-end')).toBe('3');
    expect(await kpi(page, 'sla')).toBe('83.3 %');
    expect(await kpi(page, 'mttr')).toBe('5 h 35 / 1 d 4 h');
    expect(await kpi(page, 'csat')).toBe('4/5');
    expect(await kpi(page, 'nps')).toBe('40');
    // Nine tickets opened and no KB answer marked as solving: a true 0 %, not "no data".
    expect(await kpi(page, 'deflection')).toBe('0 %');
    await expect(page.locator('#knowledge-gaps tbody tr').first().innerText()).resolves.toMatch(
      /access\s+3\s+INC-000007, INC-000010, REQ-000001/,
    );

    const painted = await paintedCanvases(page);
    expect(Object.keys(painted).sort()).toEqual([
      'chart-backlog',
      'chart-categories',
      'chart-csat',
      'chart-sla',
      'chart-trend',
    ]);
    expect(Object.values(painted).filter((n) => n > 500).length).toBeGreaterThanOrEqual(2);
    expect(Number(await page.locator('body').getAttribute('data-charts-drawn'))).toBe(5);
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-en.png'), fullPage: true });

    await page.click('#lang-switch');
    await page.waitForSelector('html[lang="fr"] body[data-charts-drawn]');
    await expect(page.locator('h1').innerText()).resolves.toBe('Tableau de bord du centre de services');
    await expect(page.locator('[data-kpi="opened"] .label').innerText()).resolves.toBe('Ouverts');
    expect(await kpi(page, 'sla')).toBe('83,3 %');
    expect(await kpi(page, 'deflection')).toBe('0 %');
    expect(Object.values(await paintedCanvases(page)).filter((n) => n > 500).length).toBeGreaterThanOrEqual(2);

    // The period picker and the breakdown, still in French.
    await page.fill('input[name="from"]', '2026-03-02');
    await page.selectOption('select[name="groupBy"]', 'team');
    await Promise.all([page.waitForURL(/groupBy=team/), page.click('form.picker button[type="submit"]')]);
    await page.waitForSelector('body[data-charts-drawn]');
    expect(await kpi(page, 'opened')).toBe('12');
    await expect(page.locator('#groups caption').innerText()).resolves.toBe('Ventilation par équipe');
    await expect(page.locator('#groups tbody').innerText()).resolves.toContain('Workplace & Network');
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-fr.png'), fullPage: true });

    expect(problems).toEqual([]);

    await Promise.all([page.waitForURL(/\/dashboard$/), page.click('form[action="/dashboard/signout"] button')]);
    await expect(page.locator('#refused-message').innerText()).resolves.toMatch(/for service-desk agents and managers/);
    await context.close();
  }, 60_000);
});
