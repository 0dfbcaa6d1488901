import nock from 'nock';
import { ticketModel } from '../../../src/core/tickets';
import type { TestHelpdesk } from '../../support/helpdesk';
import {
  AGENTS_CHANNEL,
  alice,
  buttonsOf,
  cardOf,
  execute,
  FakeConnector,
  installInAgentsTeam,
  isolateNetwork,
  releaseNetwork,
  openTicketFromTeams,
  personalConversation,
  personalMessage,
  post,
  sam,
  SERVICE_URL,
  startTeamsHelpdesk,
  textOf,
} from './support';

const activitiesOf = (conversation: string) =>
  new RegExp(`/v3/conversations/${encodeURIComponent(conversation)}/activities`);

afterAll(releaseNetwork);

describe('Teams reliability: connector back-off and Teams’ time limits', () => {
  let h: TestHelpdesk;

  beforeAll(async () => {
    isolateNetwork();
    h = await startTeamsHelpdesk({ actionBudgetMs: 1500 });
  });
  afterEach(() => nock.cleanAll());
  afterAll(() => h.close());

  it('429, 412, 502 and 504 from the connector are retried with back-off until the reply goes through', async () => {
    const failures = nock(SERVICE_URL)
      .post(activitiesOf(personalConversation(alice)))
      .reply(429, { error: { code: 'Throttled' } }, { 'Retry-After': '0' })
      .post(activitiesOf(personalConversation(alice)))
      .reply(412, { error: { code: 'PreconditionFailed' } })
      .post(activitiesOf(personalConversation(alice)))
      .reply(502, 'Bad Gateway')
      .post(activitiesOf(personalConversation(alice)))
      .reply(504, 'Gateway Timeout');
    const connector = new FakeConnector().install();

    const res = await post(h.url, personalMessage(alice, 'The projector in room 4 shows no signal'));
    expect(res.status).toBe(200);
    expect(failures.isDone()).toBe(true);
    expect(connector.toPerson(alice)).toHaveLength(1);
    expect(textOf(cardOf(connector.toPerson(alice)[0].body))).toMatch(/How many people are affected/);
  });

  it('when the connector keeps failing, the work stays done, the turn ends cleanly and nothing is retried forever', async () => {
    const outage = nock(SERVICE_URL)
      .post(activitiesOf(personalConversation(alice)))
      .times(5)
      .reply(503, 'Service Unavailable');
    const drafts = await h.connection.db!.collection('drafts').countDocuments();
    const res = await post(h.url, personalMessage(alice, 'Nothing prints from my laptop'));
    expect(res.status).toBe(200);
    expect(outage.isDone()).toBe(true);
    expect(await h.connection.db!.collection('drafts').countDocuments()).toBe(drafts + 1);
  });

  it('a card action slower than the budget is answered at once (“working on it”) and its result posted when ready', async () => {
    const connector = new FakeConnector().install();
    await installInAgentsTeam(h.url);
    const number = await openTicketFromTeams(h.url, connector, alice, 'Badge reader at the main entrance is dead');
    const postId = (await h.connection.db!.collection('teams_posts').findOne({ _id: `agents:${number}` as never }))!
      .activityId as string;
    const card = cardOf(
      connector.to(AGENTS_CHANNEL).find((s) => s.method === 'POST' && textOf(cardOf(s.body)).includes(number))!.body,
    );

    // Updating the card in place is slow today: the claim outlives Teams' patience.
    nock.cleanAll();
    nock(SERVICE_URL)
      .put(/\/activities\//)
      .delay(3000)
      .reply(200, { id: postId });
    connector.install();

    const claim = buttonsOf(card).find((b) => b.data.action === 'ticket.claim')!;
    const res = await post(h.url, execute(sam, claim.data, { root: postId }));
    expect(res.body).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: 'Working on it… the result will be posted here in a moment.',
    });

    const late = await connector.waitFor(() =>
      connector.textsTo(`${AGENTS_CHANNEL};messageid=${postId}`).find((text) => /is assigned to Sam Carter/.test(text)),
    );
    expect(late).toContain(number);
    expect((await ticketModel(h.connection).findOne({ number }).lean())!.status).toBe('assigned');
  });
});
