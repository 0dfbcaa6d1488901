import express, { type Express } from 'express';
import type { Connection } from 'mongoose';
import { consoleRouter } from './channels/console/app';
import { ConsoleMessenger } from './channels/console/messenger';
import type { Env, Policy } from './config';
import { systemClock, type Clock } from './core/clock';
import { Assistant, CommandRegistry, Drafts, ticketCommands, type KnowledgePort } from './core/conversation';
import { Notifier } from './core/notify';
import { People } from './core/people';
import { SlaService } from './core/sla/service';
import { TicketService } from './core/tickets';
import { wireTicketNotifications } from './core/tickets/flows';
import { TicketPresenter } from './core/tickets/presenter';
import { createHttpApp, finishHttpApp } from './http/server';
import { Scheduler } from './jobs/scheduler';
import type { Logger } from './observability/logger';

export interface HelpdeskOptions {
  connection: Connection;
  env: Env;
  policy: Policy;
  logger: Logger;
  clock?: Clock;
  knowledge?: KnowledgePort;
}

/** Everything one process runs, wired once and passed down (no hidden singletons). */
export interface Helpdesk {
  app: Express;
  clock: Clock;
  people: People;
  tickets: TicketService;
  sla: SlaService;
  notifier: Notifier;
  assistant: Assistant;
  commands: CommandRegistry;
  presenter: TicketPresenter;
  consoleMessenger: ConsoleMessenger;
  /** Periodic sweeps (SLA, surveys, crisis reminders, digests); started by main.ts, run directly by tests. */
  scheduler: Scheduler;
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
  const commands = new CommandRegistry();
  commands.add(...ticketCommands({ tickets, presenter }));
  const drafts = new Drafts({ connection, clock });
  const assistant = new Assistant({ policy, tickets, presenter, drafts, commands, knowledge: options.knowledge, logger });
  wireTicketNotifications({ tickets, notifier, presenter, policy });

  const scheduler = new Scheduler({ connection, clock, logger });

  const app = createHttpApp({ connection, logger });
  const consoleMessenger = new ConsoleMessenger({ connection, clock });
  if (env.CONSOLE_ENABLED) {
    notifier.register(consoleMessenger);
    app.use('/console', express.json({ limit: '64kb' }), consoleRouter({ policy, people, assistant, messenger: consoleMessenger }));
  }

  return {
    app,
    clock,
    people,
    tickets,
    sla,
    notifier,
    assistant,
    commands,
    presenter,
    consoleMessenger,
    scheduler,
    async syncIndexes() {
      await Promise.all(Object.values(connection.models).map((model) => model.createIndexes()));
    },
  };
}

export function finalizeHelpdesk(helpdesk: Helpdesk, logger: Logger): void {
  finishHttpApp(helpdesk.app, logger);
}
