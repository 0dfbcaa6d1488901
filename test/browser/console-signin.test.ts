import path from 'node:path';
import type { Browser } from 'playwright-core';
import { ARTIFACTS, launchBrowser } from '../support/browser';
import { startTestHelpdesk, type TestHelpdesk } from '../support/helpdesk';

const PASSWORD = 'console password for the demo';

describe('the console behind its password, in a real browser', () => {
  let h: TestHelpdesk;
  let browser: Browser;
  beforeAll(async () => {
    h = await startTestHelpdesk({
      env: { NODE_ENV: 'production', CONSOLE_ENABLED: 'true', CONSOLE_PASSWORD: PASSWORD },
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  jest.setTimeout(60_000);

  it('asks for the password in the browser’s language, refuses a wrong one, lets the right one in, and signs out', async () => {
    const context = await browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${h.url}/console`);
    await page.getByRole('heading', { name: 'Console du helpdesk' }).waitFor();
    await page.getByLabel('Mot de passe').fill('pas le bon mot de passe');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('alert').filter({ hasText: 'Mot de passe incorrect' }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-signin-fr.png'), fullPage: true });

    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(`${h.url}/console`);
    await page.getByRole('textbox', { name: 'message' }).fill('my laptop does not start');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('.msg.bot', { hasText: /How many people are affected/ }).waitFor();

    await page.getByRole('button', { name: /Sign out/ }).click();
    await page.getByRole('button', { name: 'Se connecter' }).waitFor();
    expect(await context.cookies()).toEqual([]);
    await context.close();
  });
});
