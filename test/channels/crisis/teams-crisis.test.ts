import nock from 'nock';
import { startTestHelpdesk, type TestHelpdesk } from '../../support/helpdesk';
import { agentsOn, paris } from './support';

const TEAMS = { sam: 'aad-sam', agnes: 'aad-agnes', lucas: 'aad-lucas', marie: 'aad-marie' };
const CHANNEL = '19:crisis0001@thread.tacv2';
const AGENTS = '19:agents@thread.tacv2';

interface Seen {
  path: string;
  body: any;
  authorization: string;
}

// Entra ID (token endpoint), Microsoft Graph and the Bot Framework connector are faked with nock
// at the HTTP boundary; the database is real. A multi-tenant bot: Graph tokens come from the
// tenant, connector tokens from the botframework.com authority on the same login host.
describe('crisis channels on Teams', () => {
  let h: TestHelpdesk;
  let tokens: Seen[];
  let graph: Seen[];
  let connector: Seen[];

  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
  });
  afterAll(() => nock.enableNetConnect());

  beforeEach(async () => {
    tokens = [];
    graph = [];
    connector = [];
    const record = (into: Seen[]) =>
      function (this: nock.ReplyFnContext, path: string, body: nock.Body) {
        into.push({
          path,
          body: typeof body === 'string' ? Object.fromEntries(new URLSearchParams(body)) : body,
          authorization: String(this.req.headers.authorization ?? ''),
        });
      };
    nock('https://login.test')
      .persist()
      .post(/\/oauth2\/v2\.0\/token$/)
      .reply(function (path, body) {
        record(tokens).call(this, path, body);
        return [
          200,
          {
            token_type: 'Bearer',
            expires_in: 3599,
            access_token: path.includes('botframework.com') ? 'bot-token' : 'graph-token',
          },
        ];
      });
    let created = 0;
    nock('https://graph.test')
      .persist()
      .post(/^\/v1\.0\/teams\/team-guid\/channels/)
      .reply(function (path, body) {
        record(graph).call(this, path, body);
        if (path.endsWith('/archive')) return [202, ''];
        // The first name is taken in the team.
        if (created++ === 0)
          return [
            409,
            { error: { code: 'NameAlreadyExists', message: 'Channel name already existed, please use other name.' } },
          ];
        return [
          201,
          {
            id: CHANNEL,
            displayName: (body as { displayName: string }).displayName,
            webUrl: 'https://teams.microsoft.com/l/channel/crisis0001',
            membershipType: 'standard',
          },
        ];
      });
    let activity = 0;
    nock('https://smba.trafficmanager.net')
      .persist()
      .post('/teams/v3/conversations')
      .reply(function (path, body) {
        record(connector).call(this, path, body);
        activity++;
        return [201, { id: `${CHANNEL};messageid=17724420000${activity}`, activityId: `17724420000${activity}` }];
      });

    h = await startTestHelpdesk({
      env: {
        MICROSOFT_APP_ID: 'app-id',
        MICROSOFT_APP_PASSWORD: 'app-secret',
        MICROSOFT_APP_TENANT_ID: 'tenant-1',
        TEAMS_TEAM_ID: 'team-guid',
        GRAPH_API_URL: 'https://graph.test/v1.0',
        GRAPH_TOKEN_URL: 'https://login.test/tenant-1/oauth2/v2.0/token',
      },
      policy: agentsOn('teams', TEAMS, (p) => ({ ...p, channels: { ...p.channels, agents: { teams: AGENTS } } })),
    });
    h.clock.set(paris('2026-03-02T10:00'));
  });
  afterEach(async () => {
    await h.close();
    nock.cleanAll();
  });

  const say = async (who: keyof typeof TEAMS, text: string, room: string) =>
    (
      await h.helpdesk.assistant.handleMessage({
        actor: await h.actor('teams', TEAMS[who]),
        text,
        place: room === AGENTS ? 'agents' : 'crisis',
        room,
      })
    ).map((r) => r.text);

  it('declares: app tokens, a channel through Graph (name taken → suffixed), members @mentioned and the brief posted through the connector', async () => {
    const replies = await say('agnes', 'crisis declare Payroll is down', AGENTS);
    expect(replies).toEqual([
      expect.stringContaining(
        '🚨 *CRI-000001* déclarée (SEV1) : Payroll is down\nSalon : 2026-03-02-payroll-is-down-2 (https://teams.microsoft.com/l/channel/crisis0001)',
      ),
    ]);

    // One client-credentials token per audience, reused for every call.
    expect(tokens.map((t) => [t.path, t.body])).toEqual([
      [
        '/tenant-1/oauth2/v2.0/token',
        {
          client_id: 'app-id',
          client_secret: 'app-secret',
          grant_type: 'client_credentials',
          scope: 'https://graph.microsoft.com/.default',
        },
      ],
      [
        '/botframework.com/oauth2/v2.0/token',
        {
          client_id: 'app-id',
          client_secret: 'app-secret',
          grant_type: 'client_credentials',
          scope: 'https://api.botframework.com/.default',
        },
      ],
    ]);

    // The channel, created in the configured team with the app's Graph token.
    expect(graph.map((g) => [g.path, g.body.displayName, g.body.membershipType, g.authorization])).toEqual([
      ['/v1.0/teams/team-guid/channels', '2026-03-02-payroll-is-down', 'standard', 'Bearer graph-token'],
      ['/v1.0/teams/team-guid/channels', '2026-03-02-payroll-is-down-2', 'standard', 'Bearer graph-token'],
    ]);
    expect(graph[1].body.description).toBe(
      'Major incident CRI-000001: Payroll is down\nSEV1 · investigating · CRI-000001 · commander: Marie Lefèvre · next update Mon 2 Mar, 10:30 CET',
    );

    // Proactive posts in the new channel: the members @mentioned (AAD object ids), then the brief.
    expect(connector).toHaveLength(2);
    for (const call of connector) {
      expect(call.authorization).toBe('Bearer bot-token');
      expect(call.body).toMatchObject({
        isGroup: true,
        bot: { id: '28:app-id' },
        tenantId: 'tenant-1',
        channelData: { channel: { id: CHANNEL }, tenant: { id: 'tenant-1' } },
      });
    }
    expect(connector[0].body.activity).toEqual({
      type: 'message',
      text: '👋 <at>Agnès Morel</at>, <at>Marie Lefèvre</at>, <at>Sam Carter</at>, <at>Lucas Bernard</at>',
      textFormat: 'xml',
      entities: [
        { type: 'mention', text: '<at>Agnès Morel</at>', mentioned: { id: 'aad-agnes', name: 'Agnès Morel' } },
        { type: 'mention', text: '<at>Marie Lefèvre</at>', mentioned: { id: 'aad-marie', name: 'Marie Lefèvre' } },
        { type: 'mention', text: '<at>Sam Carter</at>', mentioned: { id: 'aad-sam', name: 'Sam Carter' } },
        { type: 'mention', text: '<at>Lucas Bernard</at>', mentioned: { id: 'aad-lucas', name: 'Lucas Bernard' } },
      ],
    });
    expect(connector[1].body.activity).toMatchObject({
      type: 'message',
      textFormat: 'markdown',
      text: expect.stringContaining('🚨 **Major incident CRI-000001** — SEV1'),
    });

    const crisis = await h.helpdesk.crisis.records.get('CRI-000001');
    expect(crisis.room).toMatchObject({
      platform: 'teams',
      id: CHANNEL,
      name: '2026-03-02-payroll-is-down-2',
      url: 'https://teams.microsoft.com/l/channel/crisis0001',
      state: 'ready',
      briefId: '177244200002',
    });
    expect(crisis.room.steps.map(({ step, ok, attempts }) => [step, ok, attempts])).toEqual([
      ['create', true, 2],
      ['invite', true, 1],
      ['brief', true, 1],
    ]);

    // A verb typed in the channel is answered there by the Teams channel itself: nothing more is posted.
    expect(await say('sam', 'crisis update Payroll is down for everyone; rollback under way', CHANNEL)).toEqual([
      expect.stringContaining('📣 *Update #1* on CRI-000001 (investigating) by Sam Carter'),
      expect.stringContaining('Update #1 posted: stakeholders informed, 0 requester(s) notified.'),
    ]);
    expect(connector).toHaveLength(2);

    // Closing posts the report and the notice, then archives the channel through Graph.
    h.clock.set(paris('2026-03-02T10:30'));
    expect((await say('marie', 'crisis close Rolled back', CHANNEL))[0]).toContain(
      'rapport post-incident enregistré et publié dans le salon, salon archivé',
    );
    expect(connector.slice(2).map((c) => c.body.activity.text)).toEqual([
      expect.stringContaining('# Post-incident report — CRI-000001: Payroll is down'),
      '🗄️ CRI-000001 is closed: this room is archived and read-only from now on.',
    ]);
    expect(graph.at(-1)).toMatchObject({
      path: `/v1.0/teams/team-guid/channels/${encodeURIComponent(CHANNEL)}/archive`,
      authorization: 'Bearer graph-token',
    });
    expect(tokens).toHaveLength(2);
    expect((await h.helpdesk.crisis.records.get('CRI-1')).room.state).toBe('archived');
  });
});
