import path from 'node:path';
import type { Express } from 'express';
import type { Connection } from 'mongoose';
import type { Channel, ChannelDeps } from './channels/channel';
import { ConsoleChannel } from './channels/console/app';
import { Inbox } from './channels/inbox';
import type { ConsoleMessenger } from './channels/console/messenger';
import { SlackChannel } from './channels/slack/app';
import { TeamsChannel, type TeamsOptions } from './channels/teams/app';
import { allowedHosts, servesThisMachineOnly, type Env, type Policy } from './config';
import { systemClock, type Clock } from './core/clock';
import { CrisisCell, registerCrisisConversation } from './core/crisis';
import { Assistant, CommandRegistry, Drafts, recordCommands, ticketCommands } from './core/conversation';
import { KnowledgeBase, kbCommands } from './core/kb';
import { createSurveys, type RandomSource, type Surveys } from './core/csat';
import { Notifier } from './core/notify';
import { People } from './core/people';
import { DashboardAccess, ReportService, reportCommands } from './core/reports';
import { surveySources } from './core/reports/adapters';
import { registerSlaConversation } from './core/sla/commands';
import { SlaFlows } from './core/sla/flows';
import { SlaService } from './core/sla/service';
import { TicketService } from './core/tickets';
import { wireTicketNotifications } from './core/tickets/flows';
import { TicketPresenter } from './core/tickets/presenter';
import { dashboardRouter } from './http/dashboard/router';
import { metricsRouter } from './http/metrics';
import { createHttpApp, finishHttpApp } from './http/server';
import { bookkeepingJob } from './jobs/bookkeeping';
import { weeklyDigestJob } from './jobs/reports';
import { crisisJobs } from './jobs/crisis';
import { inboxJobs } from './jobs/inbox';
import { Scheduler } from './jobs/scheduler';
import { slaJobs } from './jobs/sla';
import { surveyJobs } from './jobs/surveys';
import type { Logger } from './observability/logger';
import { HelpdeskMetrics } from './observability/metrics';

export interface HelpdeskOptions {
  connection: Connection;
  env: Env;
  policy: Policy;
  logger: Logger;
  clock?: Clock;
  /** The knowledge base; one is built on the connection when not given (load it with `kb.load()`). */
  knowledge?: KnowledgeBase;
  /** Random source for survey sampling (CSAT sampling, NPS draw); tests inject a seeded one. */
  random?: RandomSource;
  /** Teams connector back-off and card-action budget (tests shorten them). */
  teams?: TeamsOptions;
  /**
   * Where deliveries are spooled while the database is down (default `DATA_DIR/spool`), and its
   * size bound in bytes (tests make it small).
   */
  spool?: { dir?: string; maxBytes?: number };
}

/** Everything one process runs, wired once and passed down (no hidden singletons). */
export interface Helpdesk {
  app: Express;
  clock: Clock;
  people: People;
  tickets: TicketService;
  sla: SlaService;
  /** SLA watch, escalation, extensions, on-call paging and auto-close. */
  slaFlows: SlaFlows;
  notifier: Notifier;
  assistant: Assistant;
  commands: CommandRegistry;
  presenter: TicketPresenter;
  /** The console's room log (written whether or not the console is served; tests read it). */
  consoleMessenger: ConsoleMessenger;
  /** Every channel this process serves (see `channels/channel.ts`). */
  channels: Channel[];
  /**
   * Deliveries kept before they are acknowledged; `inbox.recover()` (main.ts, every few seconds)
   * moves what was spooled during an outage back and works what a dead process left.
   */
  inbox: Inbox;
  /** CSAT polls and NPS surveys; `surveys.results` is the published results API. */
  surveys: Surveys;
  /** Major incidents: rooms, roles, actions, updates, reminders, post-incident reports, `crisisStats`. */
  crisis: CrisisCell;
  kb: KnowledgeBase;
  /** Periodic sweeps (SLA, surveys, crisis reminders, digests); started by main.ts, run directly by tests. */
  scheduler: Scheduler;
  /** KPIs for any period (`reportFor`): dashboard, `/api/reports`, `report` verb, weekly digest. */
  reports: ReportService;
  /** Signed dashboard links and sessions, policy tokens. */
  dashboardAccess: DashboardAccess;
  /** Prometheus registry of this helpdesk (`/metrics`). */
  metrics: HelpdeskMetrics;
  /** Creates every declared index (start-up and tests). */
  syncIndexes(): Promise<void>;
}

export function createHelpdesk(options: HelpdeskOptions): Helpdesk {
  const { connection, env, policy, logger } = options;
  const clock = options.clock ?? systemClock;
  const people = new People({ connection, policy, clock });
  const sla = new SlaService(policy);
  const tickets = new TicketService({ connection, policy, clock, sla, people });
  const presenter = new TicketPresenter(policy.timezone);
  const notifier = new Notifier({ defaultLocale: policy.locale.default, logger });
  const crisis = new CrisisCell({ connection, policy, clock, people, tickets, notifier, logger });
  const commands = new CommandRegistry();
  // `link <ticket> CRI-…` joins the ticket to the crisis, as `crisis link` does.
  commands.add(...ticketCommands({ tickets, presenter, crises: crisis }));
  commands.add(...recordCommands({ tickets }));
  const drafts = new Drafts({ connection, clock });
  const kb = options.knowledge ?? new KnowledgeBase({ connection, policy, clock });
  commands.add(...kbCommands({ kb, tickets }));
  const scheduler = new Scheduler({ connection, clock, logger });
  const metrics = new HelpdeskMetrics({ connection, jobs: scheduler, defaultMetrics: env.NODE_ENV !== 'test' });
  metrics.watchTickets(tickets);
  const assistant = new Assistant({
    policy,
    tickets,
    presenter,
    drafts,
    commands,
    knowledge: kb,
    logger,
    observer: metrics.assistantObserver,
  });
  wireTicketNotifications({ tickets, notifier, presenter, policy });

  const surveys = createSurveys({
    connection,
    policy,
    clock,
    tickets,
    people,
    notifier,
    assistant,
    logger,
    random: options.random,
  });
  scheduler.register(...surveyJobs(surveys));
  const slaFlows = new SlaFlows({ connection, policy, clock, tickets, people, notifier, sla, presenter, logger });
  slaFlows.listen();
  registerSlaConversation({ commands, assistant, flows: slaFlows, presenter, clock });
  scheduler.register(...slaJobs(slaFlows));
  registerCrisisConversation({ commands, assistant, cell: crisis, policy, clock });
  scheduler.register(...crisisJobs(crisis));
  scheduler.register(bookkeepingJob({ connection, drafts }));

  const reports = new ReportService({
    connection,
    clock,
    policy,
    logger,
    sources: { ...surveySources(surveys.results), crises: crisis.records, deflection: kb },
  });
  const dashboardAccess = new DashboardAccess({
    secret: env.DASHBOARD_SECRET,
    tokens: policy.dashboard.tokens,
    clock,
    people,
  });
  const baseUrl = env.PUBLIC_URL ?? `http://${env.HOST === '0.0.0.0' ? 'localhost' : env.HOST}:${env.PORT}`;
  commands.add(...reportCommands({ reports, access: dashboardAccess, notifier, clock, baseUrl }));
  scheduler.register(
    metrics.instrumentJob(
      weeklyDigestJob({ connection, reports, notifier, timezone: policy.timezone, locale: policy.locale.default }),
    ),
  );

  const app = createHttpApp({ connection, logger, observe: metrics.observeHttp, allowedHosts: allowedHosts(env) });
  const inbox = new Inbox({
    connection,
    logger,
    spoolDir: options.spool?.dir ?? path.resolve(env.DATA_DIR, 'spool'),
    spoolMaxBytes: options.spool?.maxBytes,
  });
  scheduler.register(...inboxJobs(inbox));
  const channelDeps: ChannelDeps = {
    connection,
    env,
    policy,
    logger,
    clock,
    people,
    assistant,
    tickets,
    presenter,
    notifier,
  };
  const consoleChannel = new ConsoleChannel(channelDeps);
  // The one list of platforms. Its order is the order of preference for the room of a crisis
  // declared by the system (or on a platform without rooms).
  const channels = serveChannels(
    [new SlackChannel(channelDeps), new TeamsChannel(channelDeps, options.teams), consoleChannel],
    { app, env, notifier, crisis, logger, inbox },
  );
  app.use(
    metricsRouter(metrics, { token: env.METRICS_TOKEN, open: servesThisMachineOnly(env) }),
    dashboardRouter({ reports, access: dashboardAccess, clock, defaultLocale: policy.locale.default }),
  );

  return {
    app,
    clock,
    people,
    tickets,
    sla,
    slaFlows,
    notifier,
    assistant,
    commands,
    presenter,
    consoleMessenger: consoleChannel.messenger,
    channels,
    inbox,
    surveys,
    crisis,
    scheduler,
    kb,
    reports,
    dashboardAccess,
    metrics,
    async syncIndexes() {
      await Promise.all(Object.values(connection.models).map((model) => model.createIndexes()));
    },
  };
}

/**
 * Mounts each channel the environment enables, behind the one durable inbox, with its messenger
 * and crisis rooms; returns those.
 */
function serveChannels(
  all: Channel[],
  deps: { app: Express; env: Env; notifier: Notifier; crisis: CrisisCell; logger: Logger; inbox: Inbox },
): Channel[] {
  const served: Channel[] = [];
  for (const channel of all) {
    const state = channel.enabled(deps.env);
    if (!state.on) {
      deps.logger.info({ platform: channel.platform, reason: state.reason }, `${channel.platform} channel off`);
      continue;
    }
    deps.notifier.register(channel.messenger);
    if (channel.rooms) deps.crisis.registerRooms(channel.rooms);
    channel.mount(
      deps.app,
      deps.inbox.for(channel.platform, (payload) => channel.resume(payload)),
    );
    served.push(channel);
  }
  return served;
}

export function finalizeHelpdesk(helpdesk: Helpdesk, logger: Logger): void {
  finishHttpApp(helpdesk.app, logger, helpdesk.metrics.countHttpError);
}
