import nock from 'nock';
import { ticketModel } from '../../../src/core/tickets';
import type { TestHelpdesk } from '../../support/helpdesk';
import {
  alice,
  cardOf,
  FakeConnector,
  isolateNetwork,
  releaseNetwork,
  openTicketFromTeams,
  personalMessage,
  post,
  restartedHelpdesk,
  sam,
  startTeamsHelpdesk,
  textOf,
} from './support';

afterAll(releaseNetwork);

describe('Teams proactive messages after a restart', () => {
  let h: TestHelpdesk;
  let connector: FakeConnector;

  beforeAll(async () => {
    isolateNetwork();
    h = await startTeamsHelpdesk();
    connector = new FakeConnector().install();
  });
  afterAll(async () => {
    nock.cleanAll();
    await h.close();
  });

  it('given a ticket opened in Teams, when a new process (fresh connection, empty memory) changes it, then the requester is told in her personal chat', async () => {
    const number = await openTicketFromTeams(h.url, connector, alice, 'Excel freezes when I open the budget file');
    connector.clear();

    const restarted = await restartedHelpdesk(h);
    try {
      // An agent claims through the new process's endpoint...
      expect((await post(restarted.url, personalMessage(sam, `claim ${number}`))).status).toBe(200);
      // ...and a job of the new process resolves it (no Teams activity in that turn at all).
      const agent = {
        person: await restarted.helpdesk.people.identify({ platform: 'teams', platformId: sam.aad, name: sam.name }),
        channel: 'teams' as const,
      };
      await restarted.helpdesk.tickets.resolve(agent, number, 'Repaired the Office installation');
    } finally {
      await restarted.close();
    }

    const toAlice = connector.toPerson(alice).map((s) => textOf(cardOf(s.body)));
    expect(toAlice[0]).toMatch(new RegExp(`Sam Carter is now handling your ticket \\*\\*${number}\\*\\*`));
    expect(toAlice[1]).toMatch(/is resolved:[\s\S]*Repaired the Office installation/);
    expect(connector.toPerson(alice).every((s) => s.method === 'POST' && s.activityId === undefined)).toBe(true);
    expect((await ticketModel(h.connection).findOne({ number }).lean())!.status).toBe('resolved');
  });
});
