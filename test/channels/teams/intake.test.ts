import nock from 'nock';
import { draftModel } from '../../../src/core/conversation';
import { ticketModel } from '../../../src/core/tickets';
import type { TestHelpdesk } from '../../support/helpdesk';
import {
  alice,
  bertrand,
  buttonsOf,
  cardOf,
  execute,
  FakeConnector,
  installedPersonally,
  isolateNetwork,
  releaseNetwork,
  openTicketFromTeams,
  personalMessage,
  post,
  startTeamsHelpdesk,
  textOf,
} from './support';

afterAll(releaseNetwork);

describe('Teams personal chat: the employee intake over POST /api/messages', () => {
  let h: TestHelpdesk;
  let connector: FakeConnector;

  beforeAll(async () => {
    isolateNetwork();
    h = await startTeamsHelpdesk();
  });
  beforeEach(() => {
    connector = new FakeConnector().install();
  });
  afterEach(() => nock.cleanAll());
  afterAll(() => h.close());

  it('given a message, when the employee answers impact and urgency on the cards, then a ticket opens and the card sent to the serviceUrl shows its number', async () => {
    const first = await post(h.url, personalMessage(alice, 'Outlook keeps asking for my password'));
    expect(first.status).toBe(200);
    const [question] = connector.toPerson(alice);
    expect(question.method).toBe('POST');
    const card = cardOf(question.body);
    expect(textOf(card)).toMatch(/How many people are affected/);
    expect(buttonsOf(card).map((b) => b.data.action)).toEqual([
      'intake.impact',
      'intake.impact',
      'intake.impact',
      'intake.skip',
    ]);

    const impact = buttonsOf(card).find((b) => b.data.value.endsWith(':high'))!;
    const clicked = await post(h.url, execute(alice, impact.data));
    // The invoke is answered at once with the question, now answered and without buttons.
    expect(clicked.status).toBe(200);
    expect(clicked.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(textOf(clicked.body.value)).toMatch(/How many people are affected[\s\S]*✔ Many people/);
    expect(clicked.body.value.actions).toBeUndefined();

    const urgencyCard = cardOf(connector.toPerson(alice).at(-1)!.body);
    const urgency = buttonsOf(urgencyCard).find(
      (b) => b.data.action === 'intake.urgency' && b.data.value.endsWith(':medium'),
    )!;
    await post(h.url, execute(alice, urgency.data));

    const sent = connector.toPerson(alice).at(-1)!;
    const ticketText = textOf(cardOf(sent.body));
    const number = /INC-\d{6}/.exec(ticketText)![0];
    expect(ticketText).toMatch(/priority P2 – high/);
    expect(ticketText).toMatch(/acknowledge it by/);
    // The ticket card offers a reply box (the ticket's conversation in Teams).
    expect(buttonsOf(cardOf(sent.body)).map((b) => [b.data.action, b.data.value])).toEqual([['teams.reply', number]]);

    const ticket = await ticketModel(h.connection).findOne({ number }).lean();
    expect(ticket).toMatchObject({
      status: 'new',
      impact: 'high',
      urgency: 'medium',
      priority: 'P2',
      channel: 'teams',
      description: 'Outlook keeps asking for my password',
    });
    expect(ticket!.requester).toMatchObject({ key: `teams:${alice.aad}`, name: 'Alice Martin', locale: 'en' });
    expect(ticket!.history[0]).toMatchObject({ type: 'opened', channel: 'teams' });
  });

  it('the same activity delivered twice is handled once (one draft, one reply; one ticket for a re-delivered click)', async () => {
    const message = personalMessage(bertrand, "l'imprimante du 3e ne marche plus");
    const drafts = await draftModel(h.connection).countDocuments();
    const [a, b] = await Promise.all([post(h.url, message), post(h.url, message)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(await draftModel(h.connection).countDocuments()).toBe(drafts + 1);
    expect(connector.toPerson(bertrand)).toHaveLength(1);

    const skip = buttonsOf(cardOf(connector.toPerson(bertrand)[0].body)).find((x) => x.data.action === 'intake.skip')!;
    const click = execute(bertrand, skip.data);
    const tickets = await ticketModel(h.connection).countDocuments();
    const first = await post(h.url, click);
    const again = await post(h.url, click);
    expect(first.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(again.body).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: 'Déjà traité.',
    });
    expect(await ticketModel(h.connection).countDocuments()).toBe(tickets + 1);
    // In French, for a French Teams client.
    expect(textOf(cardOf(connector.toPerson(bertrand).at(-1)!.body))).toMatch(/Ticket \*\*INC-\d{6}\*\* ouvert/);
  });

  it('`my tickets`, `status <id>` and the reply box work in plain words, in the person’s language', async () => {
    const number = await openTicketFromTeams(h.url, connector, alice, 'The VPN drops every ten minutes');
    connector.clear();
    await post(h.url, personalMessage(alice, 'my tickets'));
    expect(connector.toPerson(alice)[0].body.text).toMatch(
      new RegExp(`You have \\d+ open tickets?:[\\s\\S]*\\*\\*${number}\\*\\*`),
    );
    await post(h.url, personalMessage(alice, `status ${number}`));
    const status = cardOf(connector.toPerson(alice)[1].body);
    expect(textOf(status)).toContain(`${number}`);
    expect(textOf(status)).toMatch(/Type: incident/);

    const reply = buttonsOf(status).find((b) => b.data.action === 'teams.reply')!;
    expect(reply.input).toBe('input:teams.reply');
    const answered = await post(
      h.url,
      execute(alice, { ...reply.data, [reply.input!]: 'It happens on the office Wi-Fi only' }),
    );
    expect(answered.body).toMatchObject({
      type: 'application/vnd.microsoft.activity.message',
      value: expect.stringMatching(`Added to ${number}`),
    });
    const ticket = await ticketModel(h.connection).findOne({ number }).lean();
    expect(ticket!.history.at(-1)).toMatchObject({
      type: 'requester_message',
      text: 'It happens on the office Wi-Fi only',
      channel: 'teams',
    });
  });

  it('`new` shows a form; submitting it opens a ticket with the chosen type, impact and urgency', async () => {
    await post(h.url, personalMessage(bertrand, 'nouveau'));
    const form = cardOf(connector.toPerson(bertrand)[0].body);
    expect(textOf(form)).toMatch(/Nouvelle demande/);
    expect(
      form.body.filter((b: { type: string }) => b.type.startsWith('Input.')).map((b: { id: string }) => b.id),
    ).toEqual(['type', 'description', 'impact', 'urgency']);
    const submit = buttonsOf(form)[0];
    const res = await post(
      h.url,
      execute(bertrand, {
        ...submit.data,
        type: 'request',
        description: 'Accès au dossier partagé Finance',
        impact: 'low',
        urgency: 'high',
      }),
    );
    expect(textOf(res.body.value)).toMatch(/Nouvelle demande[\s\S]*✔ Accès au dossier partagé Finance/);
    const number = /REQ-\d{6}/.exec(textOf(cardOf(connector.toPerson(bertrand).at(-1)!.body)))![0];
    expect(await ticketModel(h.connection).findOne({ number }).lean()).toMatchObject({
      type: 'request',
      impact: 'low',
      urgency: 'high',
      priority: 'P3',
    });
  });

  it.each([
    ['alice', 'New ticket', /New request/],
    ['bertrand', 'Nouvelle demande !', /Nouvelle demande/],
  ] as const)('`%s` writing “%s” in the personal chat gets the form, and nothing is kept', async (who, text, title) => {
    const person = who === 'alice' ? alice : bertrand;
    const drafts = await draftModel(h.connection).countDocuments();
    await post(h.url, personalMessage(person, text));
    const form = cardOf(connector.toPerson(person).at(-1)!.body);
    expect(textOf(form)).toMatch(title);
    expect(form.body.some((b: { id?: string }) => b.id === 'description')).toBe(true);
    expect(await draftModel(h.connection).countDocuments()).toBe(drafts);
  });

  it('an Action.Submit click (older clients) works like Action.Execute, its answers posted as messages', async () => {
    await post(h.url, personalMessage(alice, 'My second screen flickers'));
    const skip = buttonsOf(cardOf(connector.toPerson(alice).at(-1)!.body)).find(
      (b) => b.data.action === 'intake.skip',
    )!;
    const res = await post(h.url, { ...personalMessage(alice, ''), text: undefined, value: skip.data });
    expect(res.status).toBe(200);
    expect(textOf(cardOf(connector.toPerson(alice).at(-1)!.body))).toMatch(
      /Ticket \*\*INC-\d{6}\*\* opened \(incident, priority P3/,
    );
  });

  it('installing the app greets the person and remembers the conversation before they write', async () => {
    const res = await post(
      h.url,
      installedPersonally({ aad: '00000000-0000-0000-0000-0000000c1a1e', name: 'Claire Dubois', locale: 'fr-FR' }),
    );
    expect(res.status).toBe(200);
    const [welcome] = connector.to('a:personal-00000000-0000-0000-0000-0000000c1a1e');
    expect(welcome.body.text).toMatch(/Bonjour Claire Dubois/);
    const stored = await h.connection
      .db!.collection('teams_conversations')
      .findOne({ _id: 'person:teams:00000000-0000-0000-0000-0000000c1a1e' as never });
    expect(stored?.reference).toMatchObject({
      serviceUrl: expect.stringContaining('smba.example.test'),
      conversation: { id: 'a:personal-00000000-0000-0000-0000-0000000c1a1e' },
    });
  });

  it('a malformed activity gets 400 and nothing is stored', async () => {
    const collections = ['inbox', 'teams_conversations', 'people', 'drafts', 'tickets'];
    const counts = async () => Promise.all(collections.map((c) => h.connection.db!.collection(c).countDocuments()));
    const before = await counts();
    const good = personalMessage(alice, 'my screen is black');
    const bad: unknown[] = [
      '{"type": "message",',
      'null',
      [good],
      { ...good, serviceUrl: 'not a url' },
      { ...good, serviceUrl: 'file:///etc/passwd' },
      { ...good, id: undefined },
      { ...good, from: { id: { $gt: '' } } },
      { ...good, text: { $ne: null } },
      { ...good, conversation: undefined },
      {
        ...execute(alice, { action: 'intake.skip', value: 'x' }),
        value: { action: { type: 'Action.Execute', data: { $where: 'sleep(1000)' } } },
      },
      { ...good, text: undefined, value: { hello: 'world' } },
    ];
    for (const body of bad) {
      const res = await post(h.url, body);
      expect([JSON.stringify(body).slice(0, 60), res.status]).toEqual([JSON.stringify(body).slice(0, 60), 400]);
    }
    expect(await counts()).toEqual(before);
    expect(connector.sent).toEqual([]);
  });
});
