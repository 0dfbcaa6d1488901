import type { Express } from 'express';
import type { Connection } from 'mongoose';
import type { Env, Platform, Policy } from '../config';
import type { Clock } from '../core/clock';
import type { Assistant } from '../core/conversation';
import type { CrisisRoomProvider } from '../core/crisis';
import type { Messenger, Notifier } from '../core/notify';
import type { People } from '../core/people';
import type { TicketService } from '../core/tickets';
import type { TicketPresenter } from '../core/tickets/presenter';
import type { Logger } from '../observability/logger';
import type { Inbound } from './inbox';

/** What every channel is given by the composition root (compose.ts). */
export interface ChannelDeps {
  connection: Connection;
  env: Env;
  policy: Policy;
  logger: Logger;
  clock: Clock;
  people: People;
  assistant: Assistant;
  tickets: TicketService;
  presenter: TicketPresenter;
  notifier: Notifier;
}

/** Whether a process serves a channel, and why not (logged once at start). */
export type ChannelState = { on: true } | { on: false; reason: string };

/**
 * One platform the desk talks on, in the spirit of Bolt's `Receiver`: it turns the platform's
 * deliveries into core calls (`mount`) and core results into platform messages (`messenger`).
 * compose.ts keeps one list of them; adding a platform is a new folder under `channels/` with one
 * of these, and an entry in that list.
 *
 * Every delivery a channel receives goes through the one durable inbox (`inbox.ts`), which the
 * composition root hands to `mount`: kept before the platform is acknowledged, de-duplicated by
 * the platform's id of it, marked done once worked, and given back to `resume` by whichever
 * process finds it left unfinished (after a crash or a restart).
 */
export interface Channel {
  /** The platform's name as stored in person keys (`slack:U123`) and records. */
  readonly platform: Platform;
  enabled(env: Env): ChannelState;
  /**
   * Adds the channel's endpoints to the one HTTP app (and opens its sockets, if any); each
   * delivery they receive goes through `inbound.receive` before it is acknowledged.
   */
  mount(app: Express, inbound: Inbound): void;
  /**
   * Works again a delivery kept by `inbound.receive` and left unfinished (the process died): the
   * same listeners, answering proactively since the platform's request is long gone.
   */
  resume(payload: unknown): Promise<void>;
  /** Delivery to people and channels of this platform; registered on the notifier when enabled. */
  readonly messenger: Messenger;
  /** Crisis rooms on this platform, when it can create them with the configuration given. */
  readonly rooms?: CrisisRoomProvider;
  /** Closes what `mount` opened beyond the HTTP app (Socket Mode connections). */
  stop(): Promise<void>;
}

/**
 * Built on first use, so a channel that is off never builds its platform clients (a Slack client
 * needs a token, a Teams adapter reads its credentials).
 */
export function lazily<T>(build: () => T): () => T {
  let value: { built: T } | undefined;
  return () => (value ??= { built: build() }).built;
}
