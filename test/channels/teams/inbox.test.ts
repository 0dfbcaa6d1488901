import nock from 'nock';
import { ticketModel } from '../../../src/core/tickets';
import { inboxModel } from '../../../src/db/inbox';
import type { TestHelpdesk } from '../../support/helpdesk';
import {
  bertrand,
  buttonsOf,
  cardOf,
  execute,
  FakeConnector,
  isolateNetwork,
  lucas,
  personalConversation,
  personalMessage,
  post,
  releaseNetwork,
  startTeamsHelpdesk,
  textOf,
} from './support';

afterAll(releaseNetwork);

describe('Teams activities are kept in the inbox before they are answered (issue 14, findings 1 and 9)', () => {
  let h: TestHelpdesk;
  let connector: FakeConnector;
  const entries = () => inboxModel(h.connection);

  beforeAll(async () => {
    isolateNetwork();
    h = await startTeamsHelpdesk();
  });
  beforeEach(() => {
    connector = new FakeConnector().install();
  });
  afterEach(() => nock.cleanAll());
  afterAll(() => h.close());

  it('given a message, then it is kept under its conversation and activity id and marked done once answered', async () => {
    const message = personalMessage(bertrand, 'Le Wi-Fi du bâtiment B coupe toutes les dix minutes');
    expect((await post(h.url, message)).status).toBe(200);
    const id = `teams:${personalConversation(bertrand)}|${message.id}`;
    expect(await entries().findById(id).lean()).toMatchObject({
      platform: 'teams',
      conversation: personalConversation(bertrand),
      state: 'done',
      attempts: 1,
    });
    expect(textOf(cardOf(connector.toPerson(bertrand)[0].body))).toMatch(/Combien de personnes/);
  });

  it('given the same click delivered three times, then one ticket is opened and the replays are told it is done', async () => {
    await post(h.url, personalMessage(bertrand, "L'écran de mon portable clignote"));
    const skip = buttonsOf(cardOf(connector.toPerson(bertrand).at(-1)!.body)).find(
      (b) => b.data.action === 'intake.skip',
    )!;
    const click = execute(bertrand, skip.data);
    const before = await ticketModel(h.connection).countDocuments();
    const answers = [await post(h.url, click), await post(h.url, click), await post(h.url, click)];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.slice(1).map((a) => a.body.value)).toEqual(['Déjà traité.', 'Déjà traité.']);
    expect(await ticketModel(h.connection).countDocuments()).toBe(before + 1);
  });

  it('given an activity acknowledged by a process that then died, when the inbox resumes, then the person is answered proactively in her chat', async () => {
    const message = personalMessage(lucas, 'Mon badge ne fonctionne plus au parking');
    const id = `teams:${personalConversation(lucas)}|${message.id}`;
    // What a process that died after acknowledging left: a kept activity nobody holds any more.
    await h.helpdesk.inbox.store.add(
      {
        _id: id,
        platform: 'teams',
        conversation: personalConversation(lucas),
        payload: JSON.stringify(message),
      },
      new Date(Date.now() - 60_000),
      0,
    );
    expect(await h.helpdesk.inbox.resume()).toBe(1);
    const [sent] = connector.toPerson(lucas);
    // A new message in the conversation (no reply to a turn long gone), to the activity's serviceUrl.
    expect(sent).toMatchObject({ method: 'POST', activityId: undefined });
    expect(textOf(cardOf(sent.body))).toMatch(/Combien de personnes/);
    expect(await entries().findById(id).lean()).toMatchObject({ state: 'done', attempts: 2 });

    // The Bot Framework's own redelivery of it, after the restart, is recognised and dropped.
    expect((await post(h.url, message)).status).toBe(200);
    expect(await h.helpdesk.inbox.resume()).toBe(0);
    expect(connector.toPerson(lucas)).toHaveLength(1);
  });
});
