import express, { type Express } from 'express';
import type { Connection } from 'mongoose';
import { consoleRouter } from './channels/console/app';
import { ConsoleCrisisRooms } from './channels/console/crisis';
import { ConsoleMessenger } from './channels/console/messenger';
import { ConsoleSignIn } from './channels/console/signin';
import { mountSlack } from './channels/slack/app';
import { SlackCrisisRooms } from './channels/slack/crisis';
import { mountTeams, type TeamsOptions } from './channels/teams/app';
import { TeamsCrisisRooms, teamsCrisisConfigured } from './channels/teams/crisis';
import { allowedHosts, consoleAccess, servesThisMachineOnly, type Env, type Policy } from './config';
import { systemClock, type Clock } from './core/clock';
import { CrisisCell, registerCrisisConversation } from './core/crisis';
import { Assistant, CommandRegistry, Drafts, ticketCommands } from './core/conversation';
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
import { weeklyDigestJob } from './jobs/reports';
import { crisisJobs } from './jobs/crisis';
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
  consoleMessenger: ConsoleMessenger;
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
  /**
   * Replays the messages kept while the database was down and sends each sender the answers
   * through their platform; main.ts calls it every few seconds. Returns how many went through.
   */
  deliverPending(): Promise<number>;
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
  const consoleMessenger = new ConsoleMessenger({ connection, clock });
  const consoleServed = consoleAccess(env);
  if (consoleServed.served) {
    notifier.register(consoleMessenger);
    crisis.registerRooms(new ConsoleCrisisRooms(consoleMessenger));
    const signIn = consoleServed.password ? new ConsoleSignIn(consoleServed.password, clock) : undefined;
    app.use(
      '/console',
      express.json({ limit: '64kb' }),
      consoleRouter({ policy, people, assistant, messenger: consoleMessenger, signIn }),
    );
  } else logger.info({ reason: consoleServed.reason }, 'console channel off');
  mountTeams(
    { app, connection, env, policy, logger, clock, people, assistant, tickets, presenter, notifier },
    options.teams,
  );
  if (env.SLACK_BOT_TOKEN)
    mountSlack({ app, connection, env, policy, logger, people, assistant, tickets, presenter, notifier });
  if (env.SLACK_BOT_TOKEN) crisis.registerRooms(SlackCrisisRooms.fromEnv(env, logger));
  if (teamsCrisisConfigured(env))
    crisis.registerRooms(TeamsCrisisRooms.fromEnv(env, { connection, clock, locale: policy.locale.default }));
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
    consoleMessenger,
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
    deliverPending() {
      return assistant.retryPending(async (message, replies) => {
        for (const reply of replies) await notifier.toPerson(message.actor.person, () => reply);
      });
    },
  };
}

export function finalizeHelpdesk(helpdesk: Helpdesk, logger: Logger): void {
  finishHttpApp(helpdesk.app, logger, helpdesk.metrics.countHttpError);
}
