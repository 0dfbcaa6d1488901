import type { Platform } from '../../src/config';
import { ticketModel, type Ticket } from '../../src/core/tickets';
import { consoleAct, consoleSay, startTestHelpdesk, type TestHelpdesk } from '../support/helpdesk';
import {
  buttonsOf as slackButtons,
  click as slackClick,
  dm as slackDm,
  FakeSlack,
  sendCommand,
  slackEnv,
  waitFor,
  withSlackPolicy,
  AGENTS_CHANNEL as SLACK_AGENTS,
} from './slack/support';
import * as teams from './teams/support';

/**
 * One scenario, three channels: an employee reports a problem in a direct conversation and
 * answers impact and urgency with the buttons; an agent claims it, leaves an internal note and
 * asks a question; the employee answers; the agent resolves it. Whatever the channel, the ticket
 * must end up with the same fields and the same history (DESIGN §2: same behaviour everywhere).
 */
interface Leg {
  channel: Platform;
  requesterKey: string;
  agentKey: string;
  /** The employee writes, then clicks impact and urgency; the new ticket's number. */
  report(text: string, impact: string, urgency: string): Promise<string>;
  employeeSays(text: string): Promise<void>;
  agentSays(text: string): Promise<void>;
}

const SCENARIO = {
  report: 'The badge printer in the lobby shows error E-204',
  impact: 'high',
  urgency: 'medium',
  note: (n: string) => `note ${n} printer firmware is two versions behind`,
  question: (n: string) => `wait ${n} Does it happen with every badge?`,
  answer: 'Yes, with every badge since Monday',
  resolve: (n: string) => `resolve ${n} Firmware updated and print head cleaned`,
};

const byValue = <B extends { value: string }>(buttons: B[], suffix: string) =>
  buttons.find((b) => b.value.endsWith(`:${suffix}`))!;

function consoleLeg(h: TestHelpdesk): Leg {
  return {
    channel: 'console',
    requesterKey: 'console:alice',
    agentKey: 'console:sam',
    async report(text, impact, urgency) {
      const question = (await consoleSay(h.url, 'alice', text)).body.replies[0];
      const next = (await consoleAct(h.url, 'alice', 'intake.impact', byValue(question.actions!, impact).value)).body
        .replies[0];
      const opened = (await consoleAct(h.url, 'alice', 'intake.urgency', byValue(next.actions!, urgency).value)).body
        .replies[0];
      return opened.ticketNumber!;
    },
    employeeSays: async (text) => void (await consoleSay(h.url, 'alice', text)),
    agentSays: async (text) => void (await consoleSay(h.url, 'sam', text, { room: 'agents' })),
  };
}

function teamsLeg(h: TestHelpdesk, connector: teams.FakeConnector): Leg {
  return {
    channel: 'teams',
    requesterKey: `teams:${teams.alice.aad}`,
    agentKey: `teams:${teams.sam.aad}`,
    report: (text, impact, urgency) =>
      teams.openTicketFromTeams(h.url, connector, teams.alice, text, { impact, urgency }),
    employeeSays: async (text) => void (await teams.post(h.url, teams.personalMessage(teams.alice, text))),
    agentSays: async (text) => void (await teams.post(h.url, teams.channelMessage(teams.sam, text))),
  };
}

function slackLeg(h: TestHelpdesk, slack: FakeSlack): Leg {
  const posted = (pattern: RegExp) =>
    waitFor(() => slack.posts('DALICE').find((p) => pattern.test(p.text) && p.blocks), String(pattern));
  return {
    channel: 'slack',
    requesterKey: 'slack:UALICE',
    agentKey: 'slack:USAM',
    async report(text, impact, urgency) {
      slack.reset();
      await slackDm(h.url, 'UALICE', text);
      const question = await posted(/How many people are affected/);
      await slackClick(h.url, 'UALICE', question, byValue(slackButtons(question), impact));
      const next = await posted(/How urgent/);
      await slackClick(h.url, 'UALICE', next, byValue(slackButtons(next), urgency));
      return /INC-\d{6}/.exec((await posted(/Ticket \*INC-\d{6}\* opened/)).text)![0];
    },
    employeeSays: async (text) => void (await slackDm(h.url, 'UALICE', text)),
    agentSays: async (text) => void (await sendCommand(h.url, 'USAM', text, SLACK_AGENTS)),
  };
}

/** The ticket as any channel must leave it: people by role, no numbers, no platform ids. */
function comparable(ticket: Ticket, leg: Leg) {
  const who = (key?: string) => (key === leg.requesterKey ? 'requester' : key === leg.agentKey ? 'agent' : key);
  const {
    type,
    status,
    title,
    description,
    impact,
    urgency,
    priority,
    level,
    team,
    resolution,
    workaround,
    reopenCount,
    links,
    sla,
    slaNextCheckAt,
    firstResponseAt,
    resolvedAt,
  } = ticket;
  return {
    fields: {
      type,
      status,
      title,
      description,
      impact,
      urgency,
      priority,
      level,
      team,
      resolution,
      workaround,
      reopenCount,
      links,
      sla,
      slaNextCheckAt,
      firstResponseAt,
      resolvedAt,
    },
    requester: { who: who(ticket.requester.key), name: ticket.requester.name, locale: ticket.requester.locale },
    assignee: { who: who(ticket.assignee?.key), name: ticket.assignee?.name },
    history: ticket.history.map((e) => ({
      at: e.at,
      type: e.type,
      actor: who(e.actor.key),
      from: who(e.from),
      to: who(e.to),
      text: e.text,
      internal: e.internal,
      data:
        e.data && Object.fromEntries(Object.entries(e.data).map(([k, v]) => [k, typeof v === 'string' ? who(v) : v])),
    })),
  };
}

describe('the same scenario through the console, Teams and Slack', () => {
  let h: TestHelpdesk;
  let connector: teams.FakeConnector;
  let slack: FakeSlack;

  beforeAll(async () => {
    slack = new FakeSlack().install();
    teams.isolateNetwork();
    connector = new teams.FakeConnector().install();
    h = await startTestHelpdesk({
      env: slackEnv,
      policy: (p) => withSlackPolicy(teams.teamsPolicy(p)),
      extend: (opts) => ({ ...opts, teams: teams.FAST_TEAMS }),
    });
    await teams.installInAgentsTeam(h.url);
  });
  afterAll(async () => {
    await h.close();
    slack.uninstall();
    teams.releaseNetwork();
  });

  it('yields the same ticket fields and history on every channel', async () => {
    const legs = [consoleLeg(h), teamsLeg(h, connector), slackLeg(h, slack)];
    const results = [];
    for (const leg of legs) {
      const number = await leg.report(SCENARIO.report, SCENARIO.impact, SCENARIO.urgency);
      // Each step is awaited until the ticket shows it (Slack handles DMs after acknowledging them).
      const step = async (act: () => Promise<void>, events: number) => {
        await act();
        await waitFor(
          async () => ((await ticketModel(h.connection).findOne({ number }).lean())?.history.length ?? 0) >= events,
          `${leg.channel}: ${events} events`,
        );
      };
      await step(() => leg.agentSays(`claim ${number}`), 2);
      await step(() => leg.agentSays(SCENARIO.note(number)), 3);
      await step(() => leg.agentSays(SCENARIO.question(number)), 4);
      await step(() => leg.employeeSays(SCENARIO.answer), 5);
      await step(() => leg.agentSays(SCENARIO.resolve(number)), 6);
      const ticket = (await ticketModel(h.connection).findOne({ number }).lean())!;
      expect([leg.channel, ticket.channel, ticket.history.map((e) => e.channel)]).toEqual([
        leg.channel,
        leg.channel,
        ticket.history.map(() => leg.channel),
      ]);
      results.push(comparable(ticket, leg));
    }

    const [reference, ...others] = results;
    expect(reference.history.map((e) => e.type)).toEqual([
      'opened',
      'claimed',
      'note',
      'waiting',
      'requester_message',
      'resolved',
    ]);
    expect(reference.fields).toMatchObject({
      status: 'resolved',
      impact: 'high',
      urgency: 'medium',
      priority: 'P2',
      resolution: 'Firmware updated and print head cleaned',
    });
    expect(reference.history.find((e) => e.type === 'note')).toMatchObject({ internal: true, actor: 'agent' });
    for (const other of others) expect(other).toEqual(reference);
  });
});
