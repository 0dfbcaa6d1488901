import { consoleSay, startTestHelpdesk, type TestHelpdesk } from '../../support/helpdesk';

describe('agents search the knowledge base in the language of the query, else in their own', () => {
  let h: TestHelpdesk;
  beforeAll(async () => {
    h = await startTestHelpdesk({ sampleKb: true });
  });
  afterAll(() => h.close());

  const ids = (text: string) => [...text.matchAll(/^\d+\. (\S+)/gm)].map((m) => m[1]);

  it('a query with no language of its own ("vpn") lists the articles of the agent’s language', async () => {
    const fr = await consoleSay(h.url, 'agnes', 'kb chercher vpn', { room: 'agents' });
    expect(ids(fr.body.replies[0].text)[0]).toBe('fr-vpn');
    expect(ids(fr.body.replies[0].text).every((id) => id.startsWith('fr-'))).toBe(true);
    const en = await consoleSay(h.url, 'sam', 'kb search vpn', { room: 'agents' });
    expect(ids(en.body.replies[0].text)[0]).toBe('en-vpn');
    expect(ids(en.body.replies[0].text).every((id) => id.startsWith('en-'))).toBe(true);
  });

  it('a query written in the other language lists that language’s articles', async () => {
    const reply = await consoleSay(h.url, 'sam', "kb search je n'arrive pas à imprimer", { room: 'agents' });
    expect(ids(reply.body.replies[0].text)[0]).toBe('fr-printing');
  });
});
