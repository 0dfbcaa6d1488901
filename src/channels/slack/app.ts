import { App, ExpressReceiver, SocketModeReceiver, type Authorize, type Receiver } from '@slack/bolt';
import type { Express } from 'express';
import type { Env } from '../../config';
import { t } from '../../i18n';
import { lazily, type Channel, type ChannelDeps, type ChannelState } from '../channel';
import type { Inbound } from '../inbox';
import { retryConfigFor, SlackApi } from './api';
import type { SlackContext } from './context';
import { SlackCrisisRooms } from './crisis';
import { slackEdge } from './edge';
import { SlackIdentity } from './identity';
import { keepSlackDeliveries, resumeSlackDelivery } from './inbox';
import { registerListeners } from './listeners';
import { slackLogger } from './logging';
import { SlackMessenger } from './messenger';
import { SlackPosts } from './posts';

export const SLACK_EVENTS_PATH = '/slack/events';

/** What the Slack channel needs from the helpdesk (see compose.ts). */
export type SlackDeps = ChannelDeps;

/** What the channel builds once it is served (it needs the bot token). */
interface SlackParts {
  messenger: SlackMessenger;
  ctx: SlackContext;
  authorize: Authorize<boolean>;
  boltLog: ReturnType<typeof slackLogger>;
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
 * signing secret is set, Socket Mode
 * when an app token is set, a messenger on the notifier and crisis rooms (`conversations.create`)
 * either way. Served when `SLACK_BOT_TOKEN` is set.
 */
export class SlackChannel implements Channel {
  readonly platform = 'slack' as const;
  /** Bolt apps serving the channel once mounted: HTTP and/or Socket Mode. */
  readonly apps: App[] = [];
  private socket?: App;
  /** Works a kept delivery again through the first app's listeners (set by `mount`). */
  private resumer?: (payload: unknown) => Promise<void>;
  private readonly parts: () => SlackParts;
  private readonly crisisRooms: () => SlackCrisisRooms;

  constructor(private readonly deps: SlackDeps) {
    this.parts = lazily(() => slackParts(deps));
    this.crisisRooms = lazily(() => SlackCrisisRooms.fromEnv(deps.env, deps.logger));
  }

  enabled(env: Env): ChannelState {
    return env.SLACK_BOT_TOKEN ? { on: true } : { on: false, reason: 'set SLACK_BOT_TOKEN to serve it' };
  }

  get messenger(): SlackMessenger {
    return this.parts().messenger;
  }

  get rooms(): SlackCrisisRooms {
    return this.crisisRooms();
  }

  mount(http: Express, inbound: Inbound): void {
    const { env, connection, logger } = this.deps;
    const { ctx, authorize, boltLog } = this.parts();
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
      // Resumed deliveries go straight to Bolt; live ones are kept first.
      this.resumer ??= resumeSlackDelivery(app, logger);
      keepSlackDeliveries(app, inbound, {
        logger,
        api: ctx.api,
        refusal: t(this.deps.policy.locale.default, 'errors.db_full'),
      });
      return app;
    };

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
      this.apps.push(build(receiver));
    }
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
      this.socket = app;
      this.apps.push(app);
      app.start().then(
        () => logger.info('slack: socket mode connected'),
        (err: Error) => logger.error({ err: err.message }, 'slack: socket mode could not connect'),
      );
      // The channel cannot work without its database: when the process closes it, the socket goes too.
      connection.once('close', () => void app.stop().catch(() => undefined));
    }
  }

  async resume(payload: unknown): Promise<void> {
    if (!this.resumer) throw new Error('the Slack channel is not mounted');
    await this.resumer(payload);
  }

  async stop(): Promise<void> {
    await this.socket?.stop();
  }
}

function slackParts(deps: SlackDeps): SlackParts {
  const { connection, env, policy, logger, people, assistant, tickets, presenter } = deps;
  if (!env.SLACK_BOT_TOKEN) throw new Error('the Slack channel needs SLACK_BOT_TOKEN');
  const boltLog = slackLogger(logger);
  const api = SlackApi.create(env.SLACK_BOT_TOKEN, {
    apiUrl: env.SLACK_API_URL,
    retries: env.SLACK_API_RETRIES,
    logger: boltLog,
  });
  const posts = new SlackPosts(connection);
  const messenger = new SlackMessenger({ api, posts, policy, logger });
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
    logger,
    agentsChannel: policy.channels.agents.slack,
  };
  return { messenger, ctx, authorize: botAuthorization(api, env.SLACK_BOT_TOKEN), boltLog };
}
