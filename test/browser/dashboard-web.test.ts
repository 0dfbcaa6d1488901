import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ARTIFACTS, launchBrowser } from '../support/browser';
import { startTestHelpdesk, type TestHelpdesk } from '../support/helpdesk';
import { datasetPolicy, seedDataset } from '../integration/reports/dataset';

const TOKEN = 'wall-screen-token-0123456789';
const WEEK = 'from=2026-03-09&to=2026-03-15';
const EMPTY = 'from=2025-01-01&to=2025-01-31';

/** How far anything sticks out sideways: of the page, and of each KPI value and chart. */
function overflow(page: Page) {
  return page.evaluate(() => ({
    page: document.documentElement.scrollWidth - window.innerWidth,
    kpis: Math.max(
      0,
      ...Array.from(document.querySelectorAll('.kpi .value')).map((v) => v.scrollWidth - v.clientWidth),
    ),
    charts: Math.max(
      0,
      ...Array.from(document.querySelectorAll('.charts figure')).map(
        (f) => f.getBoundingClientRect().right - window.innerWidth,
      ),
      ...Array.from(document.querySelectorAll('canvas')).map(
        (c) => c.getBoundingClientRect().right - c.closest('figure')!.getBoundingClientRect().right,
      ),
    ),
  }));
}

describe('dashboard page: phones, French values, empty charts, refused periods', () => {
  let h: TestHelpdesk;
  let browser: Browser;

  /** A browser signed in with the wall-screen token (it becomes a session cookie). */
  async function signedIn(options: { width: number; height: number; locale: string }): Promise<BrowserContext> {
    const context = await browser.newContext({
      viewport: { width: options.width, height: options.height },
      locale: options.locale,
    });
    const page = await context.newPage();
    await page.goto(`${h.url}/dashboard?token=${TOKEN}`);
    await page.close();
    return context;
  }

  beforeAll(async () => {
    h = await startTestHelpdesk({ policy: datasetPolicy });
    await seedDataset(h);
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  jest.setTimeout(60_000);

  it('at 390 px, the charts fit the screen and nothing scrolls sideways', async () => {
    const context = await signedIn({ width: 390, height: 844, locale: 'en-GB' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${h.url}/dashboard?${WEEK}&groupBy=team`);
    await page.waitForSelector('body[data-charts-drawn="5"]');
    expect(await overflow(page)).toEqual({ page: 0, kpis: 0, charts: 0 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-390.png'), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('in French for an empty period, KPI values stay in their card and each chart says there is no data', async () => {
    for (const width of [1280, 390]) {
      const context = await signedIn({ width, height: 900, locale: 'fr-FR' });
      const page = await context.newPage();
      await page.goto(`${h.url}/dashboard?${EMPTY}&lang=fr`);
      await page.waitForSelector('body[data-charts-drawn]');
      expect(await overflow(page)).toEqual({ page: 0, kpis: 0, charts: 0 });
      await expect(page.locator('[data-kpi="mttr"] .value').innerText()).resolves.toBe('pas de données');
      await expect(page.locator('.charts .no-data').allInnerTexts()).resolves.toEqual(
        Array(5).fill('Aucune donnée pour cette période'),
      );
      await page.screenshot({ path: path.join(ARTIFACTS, `dashboard-empty-fr-${width}.png`), fullPage: true });
      await context.close();
    }
  });

  it('gives every chart a text alternative and its figures as a table', async () => {
    const context = await signedIn({ width: 1280, height: 900, locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`${h.url}/dashboard?${WEEK}`);
    await page.waitForSelector('body[data-charts-drawn="5"]');
    await expect(page.getByRole('img', { name: /SLA compliance by priority/ }).count()).resolves.toBe(1);
    const sla = page.locator('[data-figure="sla"]');
    await sla.getByText('Show the figures').click();
    await expect(sla.locator('table tbody tr').allInnerTexts()).resolves.toContain('P4\t100 %\t1/1');
    await expect(sla.locator('.legend').innerText()).resolves.toMatch(/green: at least 95 %/);
    await expect(page.locator('h2').allInnerTexts()).resolves.toEqual(['Key figures', 'Charts', 'Details']);
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-desktop.png'), fullPage: true });
    await context.close();
  });

  it('refuses a reversed period in French, keeps the picker, and the date fields stop it being submitted again', async () => {
    const context = await signedIn({ width: 390, height: 844, locale: 'fr-FR' });
    const page = await context.newPage();
    const response = await page.goto(`${h.url}/dashboard?from=2026-11-20&to=2026-11-01&lang=fr`);
    expect(response!.status()).toBe(400);
    await expect(page.getByRole('alert').innerText()).resolves.toContain(
      'La date de début (« Du ») ne peut pas être après la date de fin (« Au »).',
    );
    expect(await overflow(page)).toMatchObject({ page: 0 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-period-error-fr.png'), fullPage: true });

    // The browser refuses to send a "to" before "from": the page does not change.
    await page.fill('input[name="from"]', '2026-03-15');
    await page.fill('input[name="to"]', '2026-03-09');
    await page.click('form.picker button[type="submit"]');
    await page.waitForTimeout(300);
    expect(page.url()).toContain('from=2026-11-20');
    expect(await page.locator('input[name="to"]').evaluate((i: HTMLInputElement) => i.validity.rangeUnderflow)).toBe(
      true,
    );

    // A valid period from the same picker shows the dashboard again.
    await page.fill('input[name="to"]', '2026-03-21');
    await Promise.all([page.waitForURL(/from=2026-03-15/), page.click('form.picker button[type="submit"]')]);
    await page.waitForSelector('body[data-charts-drawn]');
    await expect(page.locator('h1').innerText()).resolves.toBe('Tableau de bord du centre de services');

    // And the link back to the default period works from the error page.
    await page.goto(`${h.url}/dashboard?from=2026-13-01&lang=fr`);
    await Promise.all([page.waitForURL(/from=\d{4}-\d{2}-\d{2}&to=/), page.click('#period-back')]);
    await page.waitForSelector('body[data-charts-drawn]');
    await context.close();
  });
});
