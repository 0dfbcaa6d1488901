import nock from 'nock';
import { startTestHelpdesk, type TestHelpdesk } from '../../support/helpdesk';
import { agentsOn, FakeSlack, paris, slackSays } from './support';

const SLACK = { sam: 'U0SAM', agnes: 'U0AGNES', lucas: 'U0LUCAS', marie: 'U0MARIE' };
const CHANNEL = 'C0CRISIS';

// Slack's Web API is the only thing faked (nock); the database is real. Agnès (French) declares;
// Marie (L3) commands, Sam (L1) is communications lead, Agnès scribe, Lucas (L2) technical lead.
describe('crisis channels on Slack', () => {
  let h: TestHelpdesk;
  let slack: FakeSlack;

  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
  });
  afterAll(() => nock.enableNetConnect());

  beforeEach(async () => {
    slack = new FakeSlack();
    h = await startTestHelpdesk({
      env: {
        SLACK_BOT_TOKEN: 'xoxb-test-token',
        SLACK_SIGNING_SECRET: 'signing-secret',
        SLACK_API_URL: 'https://slack.test/api/',
        SLACK_API_RETRIES: '0',
      },
      policy: agentsOn('slack', SLACK, (p) => ({
        ...p,
        channels: { ...p.channels, agents: { slack: 'C0AGENTS' } },
        crisis: { ...p.crisis, stakeholdersChannel: { slack: 'C0STAKE' } },
      })),
    });
    h.clock.set(paris('2026-03-02T10:00'));
  });
  afterEach(async () => {
    await h.close();
    nock.cleanAll();
  });

  const agnes = () => h.actor('slack', SLACK.agnes);
  const marie = () => h.actor('slack', SLACK.marie);

  it('declares: create (name taken → suffixed), invite, topic and purpose, brief posted and pinned; close archives the channel', async () => {
    slack.once('conversations.create', { body: { ok: false, error: 'name_taken' } });

    const replies = await slackSays(h, await agnes(), 'crisis declare Payroll is down sev1', 'C0AGENTS');
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain('🚨 *CRI-000001* déclarée (SEV1) : Payroll is down\nSalon : #slack:C0CRISIS');

    const brief = slack.calls.find((c) => c.method === 'chat.postMessage' && c.args.channel === CHANNEL)!;
    expect(slack.about(CHANNEL)).toEqual([
      ['conversations.create', { name: '2026-03-02-payroll-is-down', is_private: 'false' }],
      ['conversations.create', { name: '2026-03-02-payroll-is-down-2', is_private: 'false' }],
      ['conversations.invite', { channel: CHANNEL, users: 'U0AGNES,U0MARIE,U0SAM,U0LUCAS' }],
      [
        'conversations.setTopic',
        {
          channel: CHANNEL,
          topic: 'SEV1 · investigating · CRI-000001 · commander: Marie Lefèvre · next update Mon 2 Mar, 10:30 CET',
        },
      ],
      ['conversations.setPurpose', { channel: CHANNEL, purpose: 'Major incident CRI-000001: Payroll is down' }],
      [
        'chat.postMessage',
        {
          channel: CHANNEL,
          text: expect.stringContaining('🚨 *Major incident CRI-000001* — SEV1'),
          blocks: expect.any(String),
          unfurl_links: 'false',
        },
      ],
      ['pins.add', { channel: CHANNEL, timestamp: expect.stringMatching(/^1772442000\.\d{6}$/) }],
    ]);
    const pinned = slack.calls.find((c) => c.method === 'pins.add')!;
    const briefTs = (await h.helpdesk.crisis.records.get('CRI-1')).room.briefId;
    expect(pinned.args.timestamp).toBe(briefTs);
    expect(JSON.parse(brief.args.blocks)[0]).toMatchObject({
      type: 'section',
      text: { type: 'mrkdwn', text: expect.stringContaining('*Impact:* critical') },
    });
    expect(brief.args.text).toContain(
      '• Incident commander: Marie Lefèvre\n• Communications lead: Sam Carter\n• Scribe: Agnès Morel\n• Technical lead: Lucas Bernard',
    );
    expect(slack.calls.every((c) => c.authorization === 'Bearer xoxb-test-token')).toBe(true);

    // The record holds the room as Slack named it, and why creation took two tries.
    const crisis = await h.helpdesk.crisis.records.get('CRI-000001');
    expect(crisis.room).toMatchObject({
      platform: 'slack',
      id: CHANNEL,
      name: '2026-03-02-payroll-is-down-2',
      state: 'ready',
      briefId: briefTs,
    });
    expect(crisis.room.steps.map(({ step, ok, attempts, notes }) => ({ step, ok, attempts, notes }))).toEqual([
      { step: 'create', ok: true, attempts: 2, notes: ['name_taken: 2026-03-02-payroll-is-down'] },
      { step: 'invite', ok: true, attempts: 1, notes: [] },
      { step: 'topic', ok: true, attempts: 1, notes: [] },
      { step: 'brief', ok: true, attempts: 1, notes: [] },
      { step: 'pin', ok: true, attempts: 1, notes: [] },
    ]);
    expect(crisis.members.every((m) => m.inRoom)).toBe(true);

    // Stakeholders' channel and each member's DM (role and duties, in their language).
    expect(
      slack.calls
        .filter((c) => c.method === 'chat.postMessage' && c.args.channel === 'C0STAKE')
        .map((c) => c.args.text),
    ).toEqual([
      '🚨 Major incident *CRI-000001* declared (SEV1): Payroll is down. Next update by Mon 2 Mar, 10:30 CET.',
    ]);
    const dms = slack.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel.startsWith('D'));
    expect(dms.map((c) => c.args.channel).sort()).toEqual(['DU0AGNES', 'DU0LUCAS', 'DU0MARIE', 'DU0SAM']);
    expect(dms.find((c) => c.args.channel === 'DU0MARIE')!.args.text).toContain(
      'Vous êtes *commandant de l’incident* de l’incident majeur *CRI-000001*',
    );
    expect(dms.find((c) => c.args.channel === 'DU0SAM')!.args.text).toContain('Room: <#C0CRISIS>');

    // A slash command in the channel (answered ephemerally by Slack): the channel gets the announcement.
    const before = slack.calls.length;
    expect(
      await slackSays(h, await agnes(), 'crisis action Roll back the payroll release @slack:U0LUCAS 30m', CHANNEL),
    ).toEqual([expect.stringMatching(/^📌 Action n°1 : Roll back the payroll release — responsable : Lucas Bernard/)]);
    expect(slack.calls.slice(before).map((c) => [c.method, c.args.channel, c.args.text])).toEqual([
      [
        'chat.postMessage',
        CHANNEL,
        expect.stringMatching(
          /^📌 Action #1: Roll back the payroll release — owner: Lucas Bernard, due: Mon 2 Mar, 10:30 CET/,
        ),
      ],
    ]);

    // Closing posts the report and a notice, then archives the channel.
    h.clock.set(paris('2026-03-02T10:40'));
    const mark = slack.calls.length;
    const closed = await slackSays(h, await marie(), 'crisis close Rolled back to the previous release', CHANNEL);
    expect(closed[0]).toBe(
      '🏁 CRI-000001 close : 0 ticket(s) lié(s) résolu(s), rapport post-incident enregistré et publié dans le salon, salon archivé.',
    );
    const closing = slack.calls.slice(mark).filter((c) => c.args.channel === CHANNEL);
    expect(closing.map((c) => c.method)).toEqual(['chat.postMessage', 'chat.postMessage', 'conversations.archive']);
    expect(closing[0].args.text).toContain('*Post-incident report — CRI-000001: Payroll is down*');
    expect(closing[0].args.text).toContain('```\n| # | Action | Owner | Due | Status |');
    expect(closing[1].args.text).toBe('🗄️ CRI-000001 is closed: this room is archived and read-only from now on.');
    expect(closing[2].args).toEqual({ channel: CHANNEL });
    expect((await h.helpdesk.crisis.records.get('CRI-1')).room.state).toBe('archived');
  });

  it('a rate-limited invite is waited out and retried; the record says so', async () => {
    slack.once('conversations.invite', {
      status: 429,
      headers: { 'retry-after': '0' },
      body: { ok: false, error: 'ratelimited' },
    });

    const replies = await slackSays(h, await agnes(), 'crisis declare Payroll is down', 'C0AGENTS');
    expect(replies).toHaveLength(1);

    const invites = slack.calls.filter((c) => c.method === 'conversations.invite');
    expect(invites.map((c) => c.args)).toEqual([
      { channel: CHANNEL, users: 'U0AGNES,U0MARIE,U0SAM,U0LUCAS' },
      { channel: CHANNEL, users: 'U0AGNES,U0MARIE,U0SAM,U0LUCAS' },
    ]);
    const crisis = await h.helpdesk.crisis.records.get('CRI-000001');
    expect(crisis.room.state).toBe('ready');
    expect(crisis.room.steps.find((s) => s.step === 'invite')).toMatchObject({
      ok: true,
      attempts: 2,
      notes: ['ratelimited'],
    });
    expect(crisis.members.every((m) => m.inRoom)).toBe(true);
    expect(crisis.timeline.map((e) => e.kind)).toContain('room');
  });

  it('an invite Slack refuses leaves a consistent record and a clear message; `crisis retry` completes it', async () => {
    slack.once('conversations.invite', { body: { ok: false, error: 'restricted_action' } });

    const replies = await slackSays(h, await agnes(), 'crisis declare Payroll is down', 'C0AGENTS');
    expect(replies[0]).toContain('🚨 *CRI-000001* déclarée');
    expect(replies[1]).toBe(
      '⚠️ L’invitation des membres a échoué (restricted_action). La crise est enregistrée ; `crisis retry CRI-000001` retente les étapes manquantes.',
    );

    // The channel exists and is recorded; every other step went through; nobody is marked as invited.
    let crisis = await h.helpdesk.crisis.records.get('CRI-000001');
    expect(crisis.room).toMatchObject({ id: CHANNEL, name: '2026-03-02-payroll-is-down', state: 'incomplete' });
    expect(crisis.room.steps.map((s) => [s.step, s.ok, s.error])).toEqual([
      ['create', true, undefined],
      ['invite', false, 'restricted_action'],
      ['topic', true, undefined],
      ['brief', true, undefined],
      ['pin', true, undefined],
    ]);
    expect(crisis.members.some((m) => m.inRoom)).toBe(false);
    expect(crisis.timeline.find((e) => e.kind === 'room_failed')).toMatchObject({
      data: { step: 'invite', error: 'restricted_action' },
    });

    // Retried from the channel: only the invitation is sent again.
    const mark = slack.calls.length;
    expect(await slackSays(h, await agnes(), 'crisis retry', CHANNEL)).toEqual([
      'Étapes en attente de CRI-000001 retentées : tout est en place désormais.',
    ]);
    expect(slack.calls.slice(mark).map((c) => c.method)).toEqual(['conversations.invite']);
    crisis = await h.helpdesk.crisis.records.get('CRI-000001');
    expect(crisis.room.state).toBe('ready');
    expect(crisis.members.every((m) => m.inRoom)).toBe(true);
    expect(await slackSays(h, await agnes(), 'crisis retry', CHANNEL)).toEqual([
      'Rien à retenter sur CRI-000001 : toutes les étapes sont faites.',
    ]);
  });

  it('a channel Slack will not create: the crisis is still declared and worked with its number', async () => {
    for (let i = 0; i < 10; i++) slack.once('conversations.create', { body: { ok: false, error: 'name_taken' } });

    const replies = await slackSays(h, await agnes(), 'crisis declare Payroll is down', 'C0AGENTS');
    expect(replies[1]).toBe(
      '⚠️ La crise est enregistrée, mais son salon n’a pas pu être créé (name_taken). Utilisez `crisis retry CRI-000001`, et en attendant ajoutez `CRI-000001` après la commande (`crisis update CRI-000001 …`).',
    );
    const crisis = await h.helpdesk.crisis.records.get('CRI-000001');
    expect(crisis.room.id).toBeUndefined();
    expect(crisis.room.state).toBe('failed');
    expect(crisis.room.steps).toEqual([
      expect.objectContaining({ step: 'create', ok: false, attempts: 10, error: 'name_taken' }),
    ]);
    expect(slack.calls.filter((c) => c.method === 'conversations.create')).toHaveLength(10);
    expect(slack.calls.some((c) => ['conversations.invite', 'pins.add'].includes(c.method))).toBe(false);

    // Members still know their role, and an update with the number reaches the stakeholders.
    expect(slack.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === 'DU0MARIE')).toHaveLength(1);
    expect(
      (await slackSays(h, await agnes(), 'crisis update CRI-1 Payroll is down, we are on it', 'C0AGENTS'))[0],
    ).toMatch(/^Point n°1 publié/);
    expect(
      slack.calls
        .filter((c) => c.args.channel === 'C0STAKE')
        .map((c) => c.args.text)
        .at(-1),
    ).toContain('update #1');
  });
});
