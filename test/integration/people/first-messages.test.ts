import { personModel } from '../../../src/core/people/model';
import { teamsConversationModel } from '../../../src/channels/teams/model';
import type { TestHelpdesk } from '../../support/helpdesk';
import {
  FakeConnector,
  isolateNetwork,
  personalMessage,
  post,
  releaseNetwork,
  startTeamsHelpdesk,
  type TeamsUser,
} from '../../channels/teams/support';

afterAll(releaseNetwork);

/** Issue 14, finding 5: a new person's first messages, all at once, race on their `people` record. */
describe('a new person writes many messages at once', () => {
  let h: TestHelpdesk;
  let connector: FakeConnector;
  beforeAll(async () => {
    isolateNetwork();
    h = await startTeamsHelpdesk();
    connector = new FakeConnector().install();
  });
  afterAll(() => h.close());

  it('given 30 concurrent first sightings of one person, then every one is answered and one record is kept', async () => {
    const hint = { platform: 'console' as const, platformId: 'newcomer', name: 'New Comer', locale: 'fr' };
    const people = await Promise.all(Array.from({ length: 30 }, () => h.helpdesk.people.identify(hint)));
    expect(new Set(people.map((p) => p.key))).toEqual(new Set(['console:newcomer']));
    expect(await personModel(h.connection).countDocuments({ key: 'console:newcomer' })).toBe(1);
  });

  it('given 30 concurrent first Teams messages of one new person, then 30 are processed (200) and one person record', async () => {
    const zoe: TeamsUser = { aad: '00000000-0000-0000-0000-0000000020e0', name: 'Zoé Lambert', locale: 'fr-FR' };
    const texts = Array.from({ length: 30 }, (_, i) => `L'imprimante ${i + 1} du deuxième étage bourre le papier`);
    const results = await Promise.all(texts.map((text) => post(h.url, personalMessage(zoe, text))));
    expect(results.map((r) => r.status)).toEqual(texts.map(() => 200));
    expect(await personModel(h.connection).countDocuments({ key: `teams:${zoe.aad}` })).toBe(1);
    expect(await teamsConversationModel(h.connection).countDocuments({ _id: `person:teams:${zoe.aad}` })).toBe(1);
    // Every message got its answer in the person's chat (the intake's first question).
    expect(connector.toPerson(zoe).length).toBeGreaterThanOrEqual(30);
  });
});
