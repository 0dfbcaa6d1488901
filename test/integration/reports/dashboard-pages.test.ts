import nock from 'nock';
import { startTestHelpdesk, type TestHelpdesk } from '../../support/helpdesk';
import { datasetPolicy, seedDataset } from './dataset';

const TOKEN = 'wall-screen-token-0123456789';

/** The value of an attribute of the first tag matching `tag` (a tiny reader: these pages are ours). */
function attr(html: string, tag: RegExp, name: string): string | undefined {
  const element = tag.exec(html)?.[0];
  return element ? new RegExp(`${name}="([^"]*)"`).exec(element)?.[1] : undefined;
}

describe('dashboard pages: refused periods, file names, empty charts, colours', () => {
  let h: TestHelpdesk;
  const page = (query: string, lang: 'fr' | 'en' = 'fr') =>
    fetch(`${h.url}/dashboard?${query}`, {
      headers: { authorization: `Bearer ${TOKEN}`, 'accept-language': lang === 'fr' ? 'fr-FR' : 'en-GB' },
      redirect: 'manual',
    });

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    h = await startTestHelpdesk({ policy: datasetPolicy });
    await seedDataset(h);
    h.clock.set('2026-11-23T16:25:00Z');
  });
  afterAll(async () => {
    await h.close();
    nock.enableNetConnect();
  });

  it('given a period starting 1 November, when the CSV is downloaded, then its name carries the dates that were picked', async () => {
    const res = await fetch(`${h.url}/api/reports.csv?from=2026-11-01&to=2026-11-23&groupBy=agent`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="report-2026-11-01-2026-11-23.csv"');
    // Summer time too: the last day of March is the picked one, not the UTC day of its midnight.
    const summer = await fetch(`${h.url}/api/reports.csv?from=2026-03-30&to=2026-04-05`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(summer.headers.get('content-disposition')).toBe('attachment; filename="report-2026-03-30-2026-04-05.csv"');
  });

  it.each([
    [
      'from=2026-11-20&to=2026-11-01',
      'fr',
      'Période invalide : La date de début (« Du ») ne peut pas être après la date de fin (« Au »).',
    ],
    [
      'from=2026-11-20&to=2026-11-01',
      'en',
      'Invalid period: The start date (“From”) cannot be after the end date (“To”).',
    ],
    [
      'from=2025-01-01&to=2026-11-23',
      'fr',
      'Période invalide : Une période couvre au plus 367 jours : choisissez-en une plus courte.',
    ],
    [
      'from=2026-13-01',
      'fr',
      'Période invalide : « Du » n’est pas une date valide : utilisez le sélecteur de date ou le format AAAA-MM-JJ.',
    ],
    [
      'groupBy=nonsense',
      'fr',
      'Période invalide : Ventilation inconnue : choisissez parmi équipe, catégorie, canal, agent, priorité.',
    ],
    [
      'form=2026-11-01',
      'fr',
      'Période invalide : L’adresse contient un paramètre que le tableau de bord ne connaît pas (form).',
    ],
  ])(
    'given the period %s in %s, when the dashboard is asked for, then it says why in that language',
    async (query, lang, message) => {
      const res = await page(query, lang as 'fr' | 'en');
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain(`<html lang="${lang}">`);
      expect(html).toContain(`<p id="refused-message">${message}</p>`);
      expect(html).not.toMatch(/must be before|Invalid input|Invalid option|expected one of/);
      // The picker is there again, with a way back to the default period.
      expect(html).toContain('<form class="picker" method="get" action="/dashboard">');
      expect(attr(html, /<a id="period-back"[^>]*>/, 'href')).toMatch(
        /^\/dashboard\?from=2026-10-27&amp;to=2026-11-23(&amp;groupBy=\w+)?&amp;lang=(fr|en)$/,
      );
      expect(html).not.toContain('/api/reports.csv');
    },
  );

  it('given a reversed period, when it is refused, then the picker keeps the typed dates so the reader sees what to change', async () => {
    const html = await (await page('from=2026-11-20&to=2026-11-01&groupBy=team')).text();
    expect(attr(html, /<input type="date" name="from"[^>]*>/, 'value')).toBe('2026-11-20');
    expect(attr(html, /<input type="date" name="to"[^>]*>/, 'value')).toBe('2026-11-01');
    expect(html).toMatch(/<option value="team" selected>/);
  });

  it('given a valid period, when the dashboard is shown, then the date fields cannot make a reversed or over-long period', async () => {
    const html = await (await page('from=2026-11-01&to=2026-11-23')).text();
    const from = /<input type="date" name="from"[^>]*>/;
    const to = /<input type="date" name="to"[^>]*>/;
    expect([attr(html, from, 'min'), attr(html, from, 'max')]).toEqual(['2025-11-22', '2026-11-23']);
    expect([attr(html, to, 'min'), attr(html, to, 'max')]).toEqual(['2026-11-01', '2027-11-02']);
  });

  it('given a wall-screen token, when the French dashboard is shown, then the viewer is named in French', async () => {
    const html = await (await page('from=2026-11-01&to=2026-11-23')).text();
    expect(html).toContain('Connecté avec un jeton du tableau de bord');
    expect(html).not.toContain('Connecté en tant que token');
  });

  it('given a period with no tickets, when the dashboard is shown, then each chart says there is no data and no KPI repeats it', async () => {
    const html = await (await page('from=2025-01-01&to=2025-01-31')).text();
    for (const id of ['trend', 'sla', 'csat', 'backlog', 'categories'])
      expect(html).toContain(`<p class="no-data" id="${id}-no-data">Aucune donnée pour cette période</p>`);
    expect(html).not.toContain('<canvas');
    expect(html).not.toContain('pas de données / pas de données');
    expect(html).toMatch(
      /data-kpi="mtta">\s*<div class="label">[^<]*<\/div>\s*<div class="value empty">pas de données<\/div>/,
    );
  });

  it('given the seeded week, when the dashboard is shown, then SLA bars are coloured by value and every chart has its figures as text', async () => {
    const html = await (await page('from=2026-03-09&to=2026-03-15', 'en')).text();
    const data = JSON.parse(/<script type="application\/json" id="dashboard-data">([^<]*)<\/script>/.exec(html)![1]);
    const colourOf = Object.fromEntries(
      (data.slaByPriority.labels as string[]).map((label, i) => [
        label.split(' ')[0],
        [data.slaByPriority.values[i], data.slaByPriority.colors[i]],
      ]),
    );
    expect(colourOf.P4).toEqual([100, '#16a34a']);
    expect(colourOf.P3).toEqual([100, '#16a34a']);
    expect(colourOf.P2).toEqual([75, '#dc2626']);
    for (const id of ['trend', 'sla', 'csat', 'backlog', 'categories']) {
      expect(html).toMatch(
        new RegExp(`<canvas id="chart-${id}" data-chart="${id}" role="img" aria-label="[^"]+: chart;`),
      );
      expect(html).toMatch(
        new RegExp(`data-figure="${id}"[\\s\\S]*?<details class="chart-data">[\\s\\S]*?<th scope="row">`),
      );
    }
    expect(html).toContain('<th scope="row">P4</th><td>100 %</td><td>1/1</td>');
  });
});
