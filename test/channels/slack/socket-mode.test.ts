import { ticketModel } from '../../../src/core/tickets';
import { FakeSocketModeServer } from './socket-server';
import { FakeSlack, sendEvent, SLACK_API_URL, waitFor, withSlackPolicy } from './support';
import { startTestHelpdesk, type TestHelpdesk } from '../../support/helpdesk';

describe('Slack Socket Mode (SLACK_APP_TOKEN set)', () => {
  const slack = new FakeSlack();
  const socket = new FakeSocketModeServer();
  let h: TestHelpdesk;

  beforeAll(async () => {
    slack.install();
    slack.socketUrl = await socket.start();
    h = await startTestHelpdesk({
      env: {
        SLACK_BOT_TOKEN: 'xoxb-test-token',
        SLACK_APP_TOKEN: 'xapp-1-test',
        SLACK_API_URL,
        SLACK_API_RETRIES: '0',
      },
      policy: withSlackPolicy,
    });
    await waitFor(() => socket.connections === 1, 'socket connection');
  });
  afterAll(async () => {
    await h.close();
    // Closing the helpdesk's database stops the app, which closes the socket cleanly.
    await waitFor(() => !socket.open, 'socket closed by the app');
    await socket.stop();
    slack.uninstall();
  });

  it('opens the connection with the app token through apps.connections.open at SLACK_API_URL', () => {
    expect(slack.calls.map((c) => c.method)).toContain('apps.connections.open');
  });

  it('receives events over the socket, acknowledges their envelope, then works them', async () => {
    socket.send({
      envelope_id: 'env-1',
      type: 'events_api',
      accepts_response_payload: false,
      retry_attempt: 0,
      payload: {
        type: 'event_callback',
        team_id: 'T1',
        api_app_id: 'A1',
        event_id: 'EvSocket1',
        event: {
          type: 'message',
          channel: 'DALICE',
          channel_type: 'im',
          user: 'UALICE',
          text: 'The scanner on floor 4 jams',
          ts: '1772443000.000001',
        },
      },
    });
    await waitFor(() => socket.received.find((m) => m.envelope_id === 'env-1'), 'envelope ack');
    const question = await waitFor(() => slack.posts('DALICE').find((p) => /How many people/.test(p.text)), 'question');
    expect(question.blocks.length).toBeGreaterThan(1);
  });

  it('answers a slash command in the acknowledgement payload', async () => {
    socket.send({
      envelope_id: 'env-2',
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: {
        command: '/helpdesk',
        text: 'claim INC-000001',
        user_id: 'UALICE',
        channel_id: 'DALICE',
        trigger_id: 'tr',
        team_id: 'T1',
        api_app_id: 'A1',
        response_url: 'https://hooks.slack.com/x',
      },
    });
    const ack = await waitFor(() => socket.received.find((m) => m.envelope_id === 'env-2'), 'command ack');
    expect(ack.payload).toMatchObject({
      response_type: 'ephemeral',
      text: 'Only service-desk agents can use `claim`.',
    });
    expect(await ticketModel(h.connection).countDocuments()).toBe(0);
  });

  it('serves no HTTP endpoint without a signing secret', async () => {
    const res = await sendEvent(h.url, {
      type: 'message',
      channel: 'DALICE',
      user: 'UALICE',
      text: 'hi',
      ts: '1772443000.000002',
    });
    expect(res.status).toBe(404);
  });
});
