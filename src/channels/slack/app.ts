import { App, ExpressReceiver, SocketModeReceiver, type Authorize, type Receiver } from '@slack/bolt';
import type { Express } from 'express';
import type { Connection } from 'mongoose';
import type { Env, Policy } from '../../config';
import type { Assistant } from '../../core/conversation';
import type { Notifier } from '../../core/notify';
import type { People } from '../../core/people';
import type { TicketService } from '../../core/tickets';
import type { TicketPresenter } from '../../core/tickets/presenter';
import type { Logger } from '../../observability/logger';
import { retryConfigFor, SlackApi } from './api';
import type { SlackContext } from './context';
import { slackEdge } from './edge';
import { SlackIdentity } from './identity';
import { registerListeners } from './listeners';
import { slackLogger } from './logging';
import { SlackMessenger } from './messenger';
import { SlackPosts } from './posts';
import { EventReceipts } from './receipts';

export const SLACK_EVENTS_PATH = '/slack/events';

/** What the channel needs from the helpdesk (see compose.ts). */
export interface SlackDeps {
  app: Express;
  connection: Connection;
  env: Env;
  policy: Policy;
  logger: Logger;
  people: People;
  assistant: Assistant;
  tickets: TicketService;
  presenter: TicketPresenter;
  notifier: Notifier;
}

export interface SlackChannel {
  messenger: SlackMessenger;
  /** Bolt apps serving the channel: HTTP and/or Socket Mode. */
  apps: App[];
  /** Closes the Socket Mode connection, if any. */
  stop(): Promise<void>;
}

/** One `auth.test` per process (retried after a failure) tells Bolt who the bot is. */
function botAuthorization(api: SlackApi, token: string): Authorize<boolean> {
  let me: ReturnType<SlackApi['whoAmI']> | undefined;
  return async () => {
    me ??= api.whoAmI().catch((err) => {
      me = undefined;
      throw err;
    });
    const who = await me;
    return { botToken: token, botUserId: who.userId, botId: who.botId, teamId: who.teamId };
  };
}

/**
 * The Slack channel: `POST /slack/events` on the helpdesk's express app (signed requests only:
 * HMAC v0 and a 5-minute timestamp window either way, else 401; malformed payloads 400) when a
 * signing secret is set, Socket Mode when an app token is set, and a messenger registered on the
 * notifier either way.
 */
export function mountSlack(deps: SlackDeps): SlackChannel {
  const { app: http, connection, env, policy, logger, people, assistant, tickets, presenter, notifier } = deps;
  if (!env.SLACK_BOT_TOKEN) throw new Error('mountSlack needs SLACK_BOT_TOKEN');
  const boltLog = slackLogger(logger);
  const api = SlackApi.create(env.SLACK_BOT_TOKEN, {
    apiUrl: env.SLACK_API_URL,
    retries: env.SLACK_API_RETRIES,
    logger: boltLog,
  });
  const posts = new SlackPosts(connection);
  const messenger = new SlackMessenger({ api, posts, policy, logger });
  notifier.register(messenger);
  const ctx: SlackContext = {
    policy,
    assistant,
    tickets,
    presenter,
    people,
    api,
    identity: new SlackIdentity({ api, people, policy, logger }),
    messenger,
    posts,
    receipts: new EventReceipts({ connection, logger }),
    logger,
    agentsChannel: policy.channels.agents.slack,
  };
  const authorize = botAuthorization(api, env.SLACK_BOT_TOKEN);

  const build = (receiver: Receiver): App => {
    const app = new App({
      receiver,
      authorize,
      logger: boltLog,
      convoStore: false,
      // Bolt's own client is only used for response_url answers; every API call goes through `api`.
      clientOptions: { slackApiUrl: env.SLACK_API_URL, retryConfig: retryConfigFor(env.SLACK_API_RETRIES) },
    });
    app.error(async (error) => {
      logger.error({ err: error.message, code: (error as { code?: string }).code }, 'slack: listener failed');
    });
    registerListeners(app, ctx);
    return app;
  };

  const apps: App[] = [];
  if (env.SLACK_SIGNING_SECRET) {
    // Our gate first (size cap, timestamp window, signature, envelope schemas: edge.ts), then the
    // receiver's router, which Bolt adds to our app: its own signature check, url_verification, Bolt.
    http.post(SLACK_EVENTS_PATH, ...slackEdge({ signingSecret: env.SLACK_SIGNING_SECRET, logger }));
    const receiver = new ExpressReceiver({
      signingSecret: env.SLACK_SIGNING_SECRET,
      endpoints: SLACK_EVENTS_PATH,
      app: http,
      logger: boltLog,
      processBeforeResponse: false,
    });
    apps.push(build(receiver));
  }
  let socket: App | undefined;
  if (env.SLACK_APP_TOKEN) {
    const app = build(
      new SocketModeReceiver({
        appToken: env.SLACK_APP_TOKEN,
        logger: boltLog,
        installerOptions: {
          clientOptions: { slackApiUrl: env.SLACK_API_URL, retryConfig: retryConfigFor(env.SLACK_API_RETRIES) },
        },
      }),
    );
    socket = app;
    apps.push(app);
    app.start().then(
      () => logger.info('slack: socket mode connected'),
      (err: Error) => logger.error({ err: err.message }, 'slack: socket mode could not connect'),
    );
    // The channel cannot work without its database: when the process closes it, the socket goes too.
    connection.once('close', () => void app.stop().catch(() => undefined));
  }
  return {
    messenger,
    apps,
    async stop() {
      await socket?.stop();
    },
  };
}
