import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, launchBrowser } from '../support/browser';
import { consoleSay, startTestHelpdesk, type TestHelpdesk } from '../support/helpdesk';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

/** The right edge of an element, in CSS pixels. */
async function rightEdge(page: Page, selector: string): Promise<number> {
  const box = await page.locator(selector).boundingBox();
  if (!box) throw new Error(`${selector} is not on screen`);
  return box.x + box.width;
}

describe('console page: phones, links, buttons, language, screen readers', () => {
  let h: TestHelpdesk;
  let browser: Browser;
  beforeAll(async () => {
    h = await startTestHelpdesk();
    await h.helpdesk.kb.addArticle({
      id: 'en-laptop-wont-start',
      locale: 'en',
      title: 'My laptop will not start',
      body: [
        '1. Plug the original charger straight into a wall socket and wait 15 minutes.',
        '2. Check the charging light. If it stays off, try another charger or socket.',
        '3. Unplug everything (dock, USB sticks, monitors), hold the power button for **20 seconds**, then power it on.',
        '4. It powers on but the screen stays black: press **Windows+Ctrl+Shift+B**.',
        '',
        'If nothing works, open a ticket: a loan laptop can be handed over the same day.',
      ].join('\n'),
      tags: ['laptop', "laptop won't start", 'power', 'battery'],
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  jest.setTimeout(60_000);

  it('at phone width, the text box and Send are on screen, the persona list folds away, and nothing scrolls sideways', async () => {
    const context = await browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${h.url}/console?persona=alice`);
    await page.getByRole('textbox', { name: 'Message' }).waitFor();

    expect(await page.locator('#sidebar').isVisible()).toBe(false);
    expect(await rightEdge(page, '#send')).toBeLessThanOrEqual(PHONE.width);
    expect(await rightEdge(page, '#text')).toBeLessThanOrEqual(PHONE.width);
    const sendBox = (await page.locator('#send').boundingBox())!;
    expect(sendBox.y + sendBox.height).toBeLessThanOrEqual(PHONE.height);
    expect((await page.locator('#text').boundingBox())!.width).toBeGreaterThan(120);

    await page.getByRole('textbox', { name: 'Message' }).fill('my laptop does not start');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('.msg.bot', { hasText: 'This article may help' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-phone.png') });

    // The list opens as a drawer; choosing a persona closes it and the page follows her language.
    const menu = page.getByRole('button', { name: 'Personas and rooms' });
    await expect(menu.getAttribute('aria-expanded')).resolves.toBe('false');
    await menu.click();
    await expect(menu.getAttribute('aria-expanded')).resolves.toBe('true');
    expect(await page.locator('#sidebar').isVisible()).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-phone-menu.png') });
    await page.locator('[data-persona="bertrand"]').click();
    expect(await page.locator('#sidebar').isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Envoyer' }).waitFor();
    expect(await rightEdge(page, '#send')).toBeLessThanOrEqual(PHONE.width);
    await expect(page.getByRole('button', { name: 'Personas et salons' }).isVisible()).resolves.toBe(true);
    await context.close();
  });

  it('shows a knowledge-base answer whole, with each step on its own line', async () => {
    const page = await browser.newPage({ viewport: DESKTOP });
    page.setDefaultTimeout(10_000);
    await page.goto(`${h.url}/console?persona=alice`);
    await page.getByRole('textbox', { name: 'Message' }).fill('my laptop won’t start, black screen');
    await page.getByRole('button', { name: 'Send' }).click();
    const answer = page.locator('.msg.bot', { hasText: 'This article may help' }).last();
    await answer.waitFor();
    const text = await answer.locator('.text').innerText();
    expect(text).toMatch(/\n2\. Check the charging light/);
    expect(text).toContain('hold the power button for 20 seconds');
    expect(text).toContain('a loan laptop can be handed over the same day.');
    await expect(answer.locator('strong', { hasText: 'Windows+Ctrl+Shift+B' }).count()).resolves.toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-kb-answer.png') });
    await page.close();
  });

  it('turns addresses into safe links and wraps long words inside the bubble', async () => {
    await consoleSay(h.url, 'sam', 'dashboard');
    const page = await browser.newPage({ viewport: PHONE });
    page.setDefaultTimeout(10_000);
    await page.goto(`${h.url}/console?persona=sam`);
    const link = page.locator('.msg.bot a[href*="/dashboard/signin?token="]');
    await link.waitFor();
    await expect(link.getAttribute('target')).resolves.toBe('_blank');
    await expect(link.getAttribute('rel')).resolves.toContain('noopener');
    // The whole token is in the link, not only the part before the bubble's edge.
    const href = (await link.getAttribute('href'))!;
    expect(href).toMatch(/^https?:\/\/[^/]+\/dashboard\/signin\?token=[^\s]{40,}$/);
    expect(href).toBe(await link.innerText());

    const long = `see https://intranet.example/${'x'.repeat(300)}?a=1&b=<b>2</b>. javascript:alert(1) ${'y'.repeat(200)}`;
    await page.getByRole('textbox', { name: 'Message' }).fill(long);
    await page.getByRole('button', { name: 'Send' }).click();
    const mine = page.locator('.msg.me', { hasText: 'intranet.example' });
    await mine.waitFor();
    // Only the http(s) address is a link, and the markup in it stays text.
    await expect(mine.locator('a').count()).resolves.toBe(1);
    await expect(mine.locator('b').count()).resolves.toBe(0);
    expect(await mine.locator('a').getAttribute('href')).toBe(`https://intranet.example/${'x'.repeat(300)}?a=1&b=`);
    await expect(mine.locator('.text').innerText()).resolves.toContain('<b>2</b>. javascript:alert(1)');
    const overflow = await page.evaluate(() => {
      const log = document.getElementById('log')!;
      const bubbles = Array.from(document.querySelectorAll('.msg'));
      return {
        log: log.scrollWidth - log.clientWidth,
        page: document.documentElement.scrollWidth - window.innerWidth,
        bubbles: Math.max(...bubbles.map((b) => b.scrollWidth - b.clientWidth)),
      };
    });
    expect(overflow).toEqual({ log: 0, page: 0, bubbles: 0 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-long-url.png') });
    await page.close();
  });

  it('disables a message’s buttons once one is used, shows the choice, and gives focus back to the text box', async () => {
    const page = await browser.newPage({ viewport: DESKTOP });
    page.setDefaultTimeout(10_000);
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${h.url}/console?persona=alice`);
    await page.getByRole('textbox', { name: 'Message' }).fill('the coffee machine on floor three shouts in Klingon');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('text');

    const impact = page.locator('.msg.bot:has(button:has-text("Just me"))').last();
    await impact.locator('button', { hasText: 'Just me' }).waitFor();
    await impact.locator('button', { hasText: 'Just me' }).dblclick();
    await expect(impact.locator('button.chosen').innerText()).resolves.toBe('✓ Just me');
    expect(await impact.locator('button:not([disabled])').count()).toBe(0);

    // Keyboard: Tab to a button, Enter; focus lands in the text box, not on <body>.
    const urgency = page.locator('.msg.bot:has(button:has-text("It can wait"))').last();
    await urgency.locator('button', { hasText: 'It can wait' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('text');
    await page.locator('.msg.bot', { hasText: /Ticket INC-\d{6} opened/ }).waitFor();
    await page.waitForTimeout(1500);
    await expect(page.locator('.msg.bot', { hasText: 'already handled' }).count()).resolves.toBe(0);
    expect(await urgency.locator('button:not([disabled])').count()).toBe(0);

    // A reload keeps the used buttons disabled.
    await page.reload();
    await page.locator('.msg.bot', { hasText: /Ticket INC-\d{6} opened/ }).waitFor();
    await expect(
      page.locator('.msg.bot:has(button:has-text("It can wait"))').last().locator('button.chosen').innerText(),
    ).resolves.toBe('✓ It can wait');
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-buttons-used.png') });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('reads out only new messages: the log is not a live region and old messages are not redrawn', async () => {
    const page = await browser.newPage({ viewport: DESKTOP });
    page.setDefaultTimeout(10_000);
    await page.goto(`${h.url}/console?persona=alice`);
    await page.locator('.msg').first().waitFor();
    await page.waitForTimeout(1200);
    await expect(page.locator('#log').getAttribute('aria-live')).resolves.toBeNull();
    await expect(page.locator('#live').innerText()).resolves.toBe('');
    const before = await page.locator('.msg').count();
    await page.evaluate(() => {
      const w = window as unknown as { added: number; removed: number; first: Element };
      w.added = 0;
      w.removed = 0;
      w.first = document.querySelector('.msg')!;
      new MutationObserver((records) => {
        for (const r of records) {
          w.added += Array.from(r.addedNodes).filter((n) => (n as Element).classList?.contains('msg')).length;
          w.removed += Array.from(r.removedNodes).filter((n) => (n as Element).classList?.contains('msg')).length;
        }
      }).observe(document.getElementById('log')!, { childList: true });
    });
    await page.getByRole('textbox', { name: 'Message' }).fill('my tickets');
    await page.keyboard.press('Enter');
    await page.waitForFunction((n) => document.querySelectorAll('.msg').length >= n + 2, before);
    await page.waitForTimeout(1500);
    const seen = await page.evaluate(() => {
      const w = window as unknown as { added: number; removed: number; first: Element };
      return { added: w.added, removed: w.removed, firstKept: w.first.isConnected };
    });
    expect(seen).toEqual({ added: (await page.locator('.msg').count()) - before, removed: 0, firstKept: true });
    expect(seen.added).toBe(2);
    const live = await page.locator('#live').innerText();
    expect(live).toMatch(/^Helpdesk: /);
    expect(live).not.toContain('Alice Martin: my tickets');
    await page.close();
  });

  it('speaks the persona’s language in its own labels: headings, title, placeholder, button, accessible names', async () => {
    const page = await browser.newPage({ viewport: DESKTOP });
    page.setDefaultTimeout(10_000);
    await page.goto(`${h.url}/console?persona=bertrand`);
    await page.getByRole('button', { name: 'Envoyer' }).waitFor();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('fr');
    await expect(page.locator('#rooms-heading').innerText()).resolves.toMatch(/salons/i);
    await expect(page.locator('#title').innerText()).resolves.toBe('Bertrand Petit — Bot du helpdesk');
    await expect(page.title()).resolves.toContain('Console du helpdesk');
    await expect(page.locator('[data-room^="dm:"]').innerText()).resolves.toContain('messages privés');
    await expect(page.locator('#text').getAttribute('placeholder')).resolves.toMatch(/^Décrivez votre problème/);
    await expect(page.locator('#context').getAttribute('aria-label')).resolves.toBe('Contexte');
    await expect(page.locator('#log').getAttribute('aria-label')).resolves.toBe('Conversation');
    await expect(page.locator('[data-persona="agnes"] small').innerText()).resolves.toBe(
      'Responsable d’équipe · Service Desk · L1 · fr',
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-fr.png') });

    await page.locator('[data-persona="alice"]').click();
    await page.getByRole('button', { name: 'Send' }).waitFor();
    await expect(page.locator('#rooms-heading').innerText()).resolves.toMatch(/rooms/i);
    await expect(page.locator('[data-persona="agnes"] small').innerText()).resolves.toBe(
      'Team lead · Service Desk · L1 · fr',
    );
    // Choosing with the mouse or keyboard keeps focus on the persona list, not <body>.
    await expect(page.evaluate(() => document.activeElement?.getAttribute('data-persona'))).resolves.toBe('alice');
    await page.close();
  });
});
