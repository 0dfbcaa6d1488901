import { draftModel } from '../../../src/core/conversation/drafts';
import { kbFeedbackModel } from '../../../src/core/kb/model';
import { ticketModel } from '../../../src/core/tickets';
import { consoleAct, consoleSay, startTestHelpdesk, type TestHelpdesk } from '../../support/helpdesk';
import { KB } from './which-article.kb';

type Reply = Awaited<ReturnType<typeof consoleSay>>['body']['replies'][number];
const ids = (reply: Reply) => (reply.actions ?? []).map((a) => a.id);
const labels = (reply: Reply) => (reply.actions ?? []).map((a) => (a as { label?: string }).label);

describe('two articles close to each other: "Is it about A or B?" instead of pushing one', () => {
  let h: TestHelpdesk;
  beforeAll(async () => {
    h = await startTestHelpdesk();
    for (const article of KB) await h.helpdesk.kb.addArticle(article);
  });
  afterAll(() => h.close());
  // Each scenario a second later: a typed number answers the person's latest question.
  beforeEach(() => h.clock.advance(1000));

  const feedbackFor = (text: string) => kbFeedbackModel(h.connection).find({ query: text }).lean();

  it('given two close articles, when an employee writes, then both are offered, numbered, with "something else"', async () => {
    const reply = (await consoleSay(h.url, 'alice', 'the printer jams again')).body.replies[0];
    expect(reply.text).toBe(
      'Is it about *Second-floor printer jams* or *Third-floor printer jams*?\n' +
        '1. Second-floor printer jams\n2. Third-floor printer jams\n3. Something else\n' +
        'Reply with a number or use the buttons.',
    );
    expect(ids(reply)).toEqual(['kb.choose', 'kb.choose', 'kb.other']);
    expect(labels(reply)).toEqual(['1. Second-floor printer jams', '2. Third-floor printer jams', '3. Something else']);
  });

  it('given the question, when the second is clicked, then that article is shown and feedback is about it only', async () => {
    const text = 'our printer jams every morning';
    const question = (await consoleSay(h.url, 'alice', text)).body.replies[0];
    const [, second] = question.actions!;
    const [first, twice] = await Promise.all([
      consoleAct(h.url, 'alice', second.id, second.value),
      consoleAct(h.url, 'alice', second.id, second.value),
    ]);
    const shown = [first, twice].map((a) => a.body.replies[0]).find((r) => ids(r).includes('kb.solved'))!;
    expect(shown.text).toMatch(/^This article may help: \*Third-floor printer jams\*\nLift the top cover/);
    // The double click is answered once: the other click is told the request is being handled.
    expect([first, twice].filter((a) => ids(a.body.replies[0]).includes('kb.solved'))).toHaveLength(1);

    // "That solved it" before the question is answered is refused, after it counts for the article chosen.
    const solved = shown.actions!.find((a) => a.id === 'kb.solved')!;
    expect((await consoleAct(h.url, 'alice', solved.id, solved.value)).body.replies[0].text).toMatch(/No ticket/);
    expect(await feedbackFor(text)).toMatchObject([{ helpful: true, articleIds: ['printer-third-floor'] }]);
    // A late click on the first choice changes nothing.
    const late = (await consoleAct(h.url, 'alice', question.actions![0].id, question.actions![0].value)).body;
    expect(late.replies[0].text).toMatch(/solved it/);
    expect(await feedbackFor(text)).toHaveLength(1);
  });

  it('given the question in French, when "1" is typed, then the first article is shown in French', async () => {
    const question = (await consoleSay(h.url, 'bertrand', "l'imprimante est encore en bourrage")).body.replies[0];
    expect(question.text).toMatch(
      /^Est-ce à propos de \*Bourrage de l'imprimante du deuxième étage\* ou de \*Bourrage de l'imprimante du troisième étage\* \?\n1\. .*\n2\. .*\n3\. Autre chose\nRépondez par un numéro/,
    );
    const shown = (await consoleSay(h.url, 'bertrand', '1')).body.replies[0];
    expect(shown.text).toMatch(/^Cet article peut vous aider : \*Bourrage de l'imprimante du deuxième étage\*/);
    expect(ids(shown)).toEqual(['kb.solved', 'kb.need_help']);
    // The question is answered: another "1" is a message like any other, not a second choice.
    const again = (await consoleSay(h.url, 'bertrand', '1')).body.replies[0];
    expect(again.text).not.toMatch(/Cet article peut vous aider/);
  });

  it('given the question, when a number out of range is typed, then it asks again and nothing is stored', async () => {
    const question = (await consoleSay(h.url, 'bertrand', 'bourrage imprimante')).body.replies[0];
    const draftId = question.actions![2].value;
    const before = await draftModel(h.connection).findById(draftId).lean();
    expect((await consoleSay(h.url, 'bertrand', '7')).body.replies[0].text).toBe(
      'Répondez par un numéro de 1 à 3, ou utilisez les boutons.',
    );
    expect(await draftModel(h.connection).findById(draftId).lean()).toEqual(before);
    // "3" is "something else": the ticket questions, and no feedback on articles never shown.
    const other = (await consoleSay(h.url, 'bertrand', '3')).body.replies[0];
    expect(other.text).toBe("D'accord, ouvrons un ticket. Combien de personnes sont concernées ?");
    expect(ids(other)).toContain('intake.impact');
    expect(await feedbackFor('bourrage imprimante')).toHaveLength(0);
    const skip = other.actions!.find((a) => a.id === 'intake.skip')!;
    const opened = (await consoleAct(h.url, 'bertrand', skip.id, skip.value)).body.replies[0];
    const ticket = await ticketModel(h.connection).findOne({ number: opened.ticketNumber }).lean();
    expect(ticket!.kbSuggestions).toEqual(expect.arrayContaining(['imprimante-deuxieme', 'imprimante-troisieme']));
  });

  it('given one clear article, when an employee writes, then it is shown at once as before', async () => {
    const reply = (await consoleSay(h.url, 'alice', 'my VPN refuses to connect from home')).body.replies[0];
    expect(reply.text).toMatch(/^This article may help: \*The VPN refuses to connect\*/);
    expect(ids(reply)).toEqual(['kb.solved', 'kb.need_help']);
  });

  it('given an article retired after the question, when it is chosen, then the ticket questions come instead', async () => {
    const question = (await consoleSay(h.url, 'alice', 'printer jam on my floor')).body.replies[0];
    await h.helpdesk.kb.retireArticle('printer-second-floor');
    try {
      const reply = (await consoleAct(h.url, 'alice', question.actions![0].id, question.actions![0].value)).body;
      expect(reply.replies[0].text).toBe("OK, let's open a ticket. How many people are affected?");
    } finally {
      await h.helpdesk.kb.publishArticle('printer-second-floor');
    }
  });

  it('given a forged choice, when clicked, then it is refused and the question stays open', async () => {
    const question = (await consoleSay(h.url, 'alice', 'the printer jams')).body.replies[0];
    const draftId = question.actions![2].value;
    const before = await draftModel(h.connection).findById(draftId).lean();
    const forged = (await consoleAct(h.url, 'alice', 'kb.choose', `${draftId}:vpn-connect`)).body.replies[0];
    expect(forged.text).toMatch(/expired/);
    const foreign = (await consoleAct(h.url, 'sam', 'kb.choose', question.actions![0].value)).body.replies[0];
    expect(foreign.text).toMatch(/expired/);
    expect(await draftModel(h.connection).findById(draftId).lean()).toEqual(before);
    // The real choice still works.
    const title = labels(question)[0]!.replace(/^1\. /, '');
    const shown = (await consoleAct(h.url, 'alice', question.actions![0].id, question.actions![0].value)).body;
    expect(shown.replies[0].text.startsWith(`This article may help: *${title}*`)).toBe(true);
  });
});
