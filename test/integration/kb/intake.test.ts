import { kbFeedbackModel } from '../../../src/core/kb/model';
import { ticketModel } from '../../../src/core/tickets';
import { consoleAct, consoleSay, startTestHelpdesk, type TestHelpdesk } from '../../support/helpdesk';

describe('the knowledge base in the conversation, on the shipped sample KB', () => {
  let h: TestHelpdesk;
  beforeAll(async () => {
    h = await startTestHelpdesk({ sampleKb: true });
  });
  afterAll(() => h.close());

  it('a confident answer is offered first; "That solved it" records a deflection and opens no ticket', async () => {
    const before = await ticketModel(h.connection).countDocuments();
    const reply = await consoleSay(h.url, 'bertrand', "j'ai oublié mon mot de passe windows");
    expect(reply.body.replies[0].text).toMatch(/Cet article peut vous aider/);
    const solved = reply.body.replies[0].actions!.find((a) => a.id === 'kb.solved')!;
    const thanks = await consoleAct(h.url, 'bertrand', solved.id, solved.value);
    expect(thanks.body.replies[0].text).toMatch(/Aucun ticket n'a été ouvert/);
    expect(await ticketModel(h.connection).countDocuments()).toBe(before);
    expect(await kbFeedbackModel(h.connection).countDocuments({ person: 'console:bertrand', helpful: true })).toBe(1);
  });

  it('"I still need help" opens the ticket with the suggested articles attached', async () => {
    const reply = await consoleSay(h.url, 'alice', 'my VPN keeps disconnecting when I work from home');
    const needHelp = reply.body.replies[0].actions!.find((a) => a.id === 'kb.need_help')!;
    const impact = await consoleAct(h.url, 'alice', needHelp.id, needHelp.value);
    const skip = impact.body.replies[0].actions!.find((a) => a.id === 'intake.skip')!;
    const opened = await consoleAct(h.url, 'alice', skip.id, skip.value);
    const ticket = await ticketModel(h.connection).findOne({ number: opened.body.replies[0].ticketNumber }).lean();
    expect(ticket!.kbSuggestions.length).toBeGreaterThan(0);
    expect(await kbFeedbackModel(h.connection).countDocuments({ person: 'console:alice', helpful: false })).toBe(1);
  });

  it('small talk gets no article: straight to the ticket questions', async () => {
    const reply = await consoleSay(h.url, 'alice', 'what time is the team lunch on friday?');
    expect(reply.body.replies[0].actions!.map((a) => a.id)).toContain('intake.impact');
  });

  it('agents search with the matched terms shown, add an article findable at once, and retire it', async () => {
    const search = await consoleSay(h.url, 'sam', 'kb search printer paper jam', { room: 'agents' });
    expect(search.body.replies[0].text).toMatch(/Knowledge base results/);
    expect(search.body.replies[0].text).toMatch(/matched: .*print/);

    const add = await consoleSay(
      h.url,
      'sam',
      'kb add Badge reader at the car park gate | The car park gate reader is reset by security at extension 2222 | parking, badge, gate',
      { room: 'agents' },
    );
    expect(add.body.replies[0].text).toMatch(/Article badge-reader-at-the-car-park-gate saved \(published\)/);
    const found = await consoleSay(h.url, 'alice', 'the car park gate does not read my badge');
    expect(found.body.replies[0].text).toMatch(/Badge reader at the car park gate/);

    await consoleSay(h.url, 'sam', 'kb retire badge-reader-at-the-car-park-gate', { room: 'agents' });
    const after = await consoleSay(h.url, 'alice', 'the car park gate does not read my badge');
    expect(after.body.replies[0].text).not.toMatch(/Badge reader at the car park gate/);

    const refused = await consoleSay(h.url, 'alice', 'kb retire fr-admin-rights');
    expect(refused.body.replies[0].text).toBe('Only service-desk agents can use `kb`.');
  });

  it('drafts an article from a resolved ticket', async () => {
    const alice = await h.actor('console', 'alice');
    const sam = await h.actor('console', 'sam');
    const ticket = await h.helpdesk.tickets.open(alice, { description: 'Teams camera shows a black image' });
    await h.helpdesk.tickets.resolve(sam, ticket.number, 'Close the other apps using the camera, then restart Teams.');
    const draft = await consoleSay(h.url, 'sam', `kb from ${ticket.number}`, { room: 'agents' });
    expect(draft.body.replies[0].text).toMatch(
      new RegExp(`Draft article draft-inc-\\d+ created from ${ticket.number}`),
    );
  });
});
