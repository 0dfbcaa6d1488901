import nock from 'nock';
import { ticketModel } from '../../../src/core/tickets';
import type { TestHelpdesk } from '../../support/helpdesk';
import {
  AGENTS_CHANNEL,
  alice,
  bertrand,
  buttonsOf,
  cardOf,
  channelMessage,
  execute,
  FakeConnector,
  installInAgentsTeam,
  isolateNetwork,
  releaseNetwork,
  lucas,
  openTicketFromTeams,
  personalMessage,
  post,
  sam,
  SERVICE_URL,
  startTeamsHelpdesk,
  TEAM,
  textOf,
  type TeamsUser,
} from './support';

const thread = (postId: string) => `${AGENTS_CHANNEL};messageid=${postId}`;

afterAll(releaseNetwork);

describe('Teams agents: the ticket card in the agents’ channel, its thread, agent verbs', () => {
  let h: TestHelpdesk;
  let connector: FakeConnector;

  beforeAll(async () => {
    isolateNetwork();
    h = await startTeamsHelpdesk();
  });
  beforeEach(async () => {
    connector = new FakeConnector().install();
    await installInAgentsTeam(h.url);
  });
  afterEach(() => nock.cleanAll());
  afterAll(() => h.close());

  /** A ticket from Alice and its card in the agents' channel. */
  async function ticketWithCard(text: string): Promise<{ number: string; postId: string; card: any }> {
    const number = await openTicketFromTeams(h.url, connector, alice, text);
    const posted = connector
      .to(AGENTS_CHANNEL)
      .find((s) => s.method === 'POST' && textOf(cardOf(s.body)).includes(number))!;
    const postId = (await h.connection.db!.collection('teams_posts').findOne({ _id: `agents:${number}` as never }))!
      .activityId as string;
    return { number, postId, card: cardOf(posted.body) };
  }

  const click = (user: TeamsUser, card: any, action: string, postId: string, input?: string) => {
    const button = buttonsOf(card).find((b) => b.data.action === action)!;
    return post(
      h.url,
      execute(user, { ...button.data, ...(input ? { [button.input!]: input } : {}) }, { root: postId }),
    );
  };

  it('a new ticket is posted to the agents’ channel with Claim, Assign, Escalate and Resolve', async () => {
    const { number, postId, card } = await ticketWithCard('My laptop does not start');
    expect(postId).toMatch(/^bot-\d+$/);
    expect(textOf(card)).toMatch(new RegExp(`New incident \\*\\*${number}\\*\\* from Alice Martin`));
    expect(buttonsOf(card).map((b) => [b.title, b.data.action, b.data.value])).toEqual([
      ['Claim', 'ticket.claim', number],
      ['Assign', 'ticket.assign', number],
      ['Escalate', 'ticket.escalate', number],
      ['Resolve', 'ticket.resolve', number],
    ]);
    // The General channel got a word for the agents when the app joined the team.
    expect(connector.textsTo(TEAM).join('\n')).toMatch(/The helpdesk is ready in this team/);
  });

  it('Claim from a non-agent is refused and changes nothing; from an agent it assigns, updates the card in place and tells the requester', async () => {
    const { number, postId, card } = await ticketWithCard('Outlook crashes when I open attachments');
    const before = await ticketModel(h.connection).findOne({ number }).lean();
    connector.clear();

    const refused = await click(bertrand, card, 'ticket.claim', postId);
    expect(refused.body).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: 'Seuls les techniciens du support peuvent utiliser `claim`.',
    });
    expect(await ticketModel(h.connection).findOne({ number }).lean()).toEqual(before);
    expect(connector.sent).toEqual([]);

    const claimed = await click(sam, card, 'ticket.claim', postId);
    expect(claimed.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(textOf(claimed.body.value)).toMatch(/Status assigned · Level L1 · Assignee Sam Carter/);
    const ticket = await ticketModel(h.connection).findOne({ number }).lean();
    expect(ticket).toMatchObject({ status: 'assigned', assignee: { key: `teams:${sam.aad}`, name: 'Sam Carter' } });
    expect(ticket!.history.at(-1)).toMatchObject({ type: 'claimed', channel: 'teams' });

    const update = connector.sent.find((s) => s.method === 'PUT')!;
    expect(update).toMatchObject({ conversationId: AGENTS_CHANNEL, activityId: postId });
    expect(textOf(cardOf(update.body))).toMatch(/Assignee Sam Carter/);
    // The clicker's answer and the updated card confirm the claim: the thread does not repeat it.
    expect(connector.textsTo(thread(postId)).join('\n')).not.toMatch(/is assigned to/);
    expect(textOf(cardOf(connector.toPerson(alice).at(-1)!.body))).toMatch(
      new RegExp(`Sam Carter is now handling your ticket \\*\\*${number}\\*\\*`),
    );
  });

  it('the ticket’s thread mirrors the conversation both ways; internal notes stay internal', async () => {
    const { number, postId } = await ticketWithCard('The VPN drops every ten minutes');
    connector.clear();

    await post(h.url, channelMessage(sam, `note ${number} checked the VPN gateway logs`, postId));
    await post(h.url, channelMessage(sam, `wait ${number} Which office are you in?`, postId));
    // Outside any thread, the employee's answer goes to the only ticket waiting on her.
    await post(h.url, personalMessage(alice, 'Lyon, 2nd floor'));
    // Plain words in the ticket's thread are a reply to the requester.
    await post(h.url, channelMessage(sam, 'Please reconnect now, the gateway was restarted', postId));

    const inThread = connector.textsTo(thread(postId)).join('\n');
    expect(inThread).toMatch(/📝 checked the VPN gateway logs/);
    expect(inThread).toMatch(/Alice Martin on \*\*INC-\d+\*\*:\n\n> Lyon, 2nd floor/);
    expect(inThread).toMatch(/Reply sent to Alice Martin/);

    const toAlice = connector
      .toPerson(alice)
      .map((s) => s.body.text ?? textOf(cardOf(s.body)))
      .join('\n');
    expect(toAlice).toMatch(/Sam Carter needs information from you[\s\S]*Which office are you in\?/);
    expect(toAlice).toMatch(/Please reconnect now, the gateway was restarted/);
    expect(toAlice).not.toMatch(/gateway logs/);

    const ticket = await ticketModel(h.connection).findOne({ number }).lean();
    expect(ticket!.history.map((e) => e.type)).toEqual(['opened', 'note', 'waiting', 'requester_message', 'reply']);
    expect(ticket!.history.find((e) => e.type === 'note')).toMatchObject({
      internal: true,
      text: 'checked the VPN gateway logs',
    });
  });

  it('agent verbs as text with an @mention: the mention is stripped, the answer goes to the agent’s thread', async () => {
    const { number } = await ticketWithCard('Printer on floor 3 is jammed');
    connector.clear();
    const message = channelMessage(sam, 'queue unassigned');
    await post(h.url, message);
    const conversation = (message.conversation as { id: string }).id;
    expect(connector.textsTo(conversation)[0]).toMatch(
      new RegExp(`tickets? in the queue \\(unassigned\\)[\\s\\S]*${number}`),
    );

    const refused = channelMessage(bertrand, `resolve ${number} fixed it myself`);
    await post(h.url, refused);
    expect(connector.textsTo((refused.conversation as { id: string }).id)).toEqual([
      'Seuls les techniciens du support peuvent utiliser `resolve`.',
    ]);
  });

  it('Assign, Escalate and Resolve take their words from the card’s form', async () => {
    const { number, postId, card } = await ticketWithCard('Shared drive is read-only');
    const assigned = await click(sam, card, 'ticket.assign', postId, lucas.aad);
    expect(textOf(assigned.body.value)).toMatch(/Assignee Lucas Bernard/);
    const escalated = await click(lucas, card, 'ticket.escalate', postId, 'L3 storage array degraded');
    expect(textOf(escalated.body.value)).toMatch(/Level L3/);
    const resolved = await click(sam, card, 'ticket.resolve', postId, 'Array rebuilt, drive writable again');
    expect(buttonsOf(resolved.body.value).map((b) => b.data.action)).toEqual(['ticket.reopen']);
    const missing = await click(sam, card, 'ticket.resolve', postId);
    expect(missing.body.value).toMatch(/^Invalid command: [^\n]+\nUsage: `resolve <id> <resolution>`$/);

    const ticket = await ticketModel(h.connection).findOne({ number }).lean();
    expect(ticket).toMatchObject({
      status: 'resolved',
      level: 'L3',
      resolution: 'Array rebuilt, drive writable again',
    });
    expect(ticket!.history.map((e) => e.type)).toEqual(['opened', 'assigned', 'escalated', 'resolved']);
    expect(textOf(cardOf(connector.toPerson(alice).at(-1)!.body))).toMatch(/is resolved:[\s\S]*Array rebuilt/);
  });
});

describe('Teams agents by team membership (agentGroups, checked with TeamsInfo)', () => {
  let h: TestHelpdesk;
  let connector: FakeConnector;
  const member: TeamsUser = { aad: '00000000-0000-0000-0000-0000000d0d0e', name: 'Dora Night', locale: 'en-US' };

  beforeAll(async () => {
    isolateNetwork();
    h = await startTeamsHelpdesk({
      policy: (p) => ({ ...p, agentGroups: [{ platform: 'teams', id: TEAM, team: 'servicedesk', level: 'L1' }] }),
    });
  });
  beforeEach(() => {
    connector = new FakeConnector().install();
  });
  afterEach(() => nock.cleanAll());
  afterAll(() => h.close());

  it('a member of the agents’ team may claim from her personal chat; a non-member may not (membership cached)', async () => {
    const number = await openTicketFromTeams(h.url, connector, alice, 'Teams calls drop after a minute');
    const members = nock(SERVICE_URL)
      .get(`/v3/conversations/${encodeURIComponent(TEAM)}/members/${member.aad}`)
      .reply(200, { id: `29:${member.aad}`, name: member.name, aadObjectId: member.aad })
      .get(`/v3/conversations/${encodeURIComponent(TEAM)}/members/${bertrand.aad}`)
      .reply(404, { error: { code: 'MemberNotFoundInConversation' } });

    await post(h.url, personalMessage(bertrand, `claim ${number}`));
    expect(connector.toPerson(bertrand).at(-1)!.body.text).toBe(
      'Seuls les techniciens du support peuvent utiliser `claim`.',
    );
    await post(h.url, personalMessage(member, `claim ${number}`));
    await post(h.url, personalMessage(member, 'queue mine'));
    expect(members.isDone()).toBe(true);
    expect(await ticketModel(h.connection).findOne({ number }).lean()).toMatchObject({
      status: 'assigned',
      assignee: { name: 'Dora Night' },
    });
    expect(connector.toPerson(member).at(-1)!.body.text).toContain(number);
  });
});
