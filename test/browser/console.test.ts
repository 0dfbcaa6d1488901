import path from 'node:path';
import type { Browser } from 'playwright-core';
import { ARTIFACTS, launchBrowser } from '../support/browser';
import { startTestHelpdesk, type TestHelpdesk } from '../support/helpdesk';

describe('console in a real browser', () => {
  let h: TestHelpdesk;
  let browser: Browser;
  beforeAll(async () => {
    h = await startTestHelpdesk();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  jest.setTimeout(60_000);

  it('an employee reports "my laptop does not start" and sees a ticket number; an agent sees it in the queue', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${h.url}/console?persona=alice`);
    await page.getByRole('textbox', { name: 'message' }).fill('my laptop does not start');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('button', { name: 'Just me' }).click();
    await page.getByRole('button', { name: 'I am blocked' }).click();
    const opened = page.locator('.msg.bot', { hasText: /Ticket INC-\d{6} opened/ });
    await opened.waitFor({ timeout: 10_000 });
    const number = (await opened.textContent())!.match(/INC-\d{6}/)![0];
    await expect(page.locator('.card .title').last().textContent()).resolves.toContain(number);
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-employee.png'), fullPage: true });

    await page.locator('[data-persona="agnes"]').click();
    await page.locator('[data-room="agents"]').click();
    await page.locator('.msg', { hasText: number }).first().waitFor({ timeout: 10_000 });
    await page.getByRole('textbox', { name: 'message' }).fill(`claim ${number}`);
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await page
      .locator('.msg.bot', { hasText: `${number} est assigné à Agnès Morel` })
      .first()
      .waitFor({ timeout: 10_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-agent.png'), fullPage: true });

    // The card's Resolve button (the shared post is in the desk's language) asks for the resolution, then resolves with it.
    const asked: string[] = [];
    page.once('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.accept('Batterie remplacée');
    });
    const card = page
      .locator('.msg', { hasText: number })
      .filter({ has: page.locator('.card') })
      .first();
    await card.getByRole('button', { name: 'Resolve' }).click();
    await page
      .locator('.msg.bot', { hasText: `${number} est résolu` })
      .first()
      .waitFor({ timeout: 10_000 });
    expect(asked[0]).toMatch(/Résolution/);
    const ticket = await h.helpdesk.tickets.find(number);
    expect(ticket).toMatchObject({ status: 'resolved', resolution: 'Batterie remplacée' });
  });
});
