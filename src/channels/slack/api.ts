import { WebClient, retryPolicies, type Logger as SlackLogger, type RetryOptions } from '@slack/web-api';
import { z } from 'zod';

/**
 * Every Web API method the channel calls, with the bot scopes it needs. The manifest test reads
 * this map and the calls in the source, so a new method without its scope fails the build.
 */
export const API_SCOPES = {
  'auth.test': [],
  'chat.postMessage': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'chat.update': ['chat:write'],
  'conversations.open': ['im:write'],
  'conversations.history': ['channels:history', 'groups:history'],
  'conversations.replies': ['channels:history', 'groups:history'],
  'users.info': ['users:read', 'users:read.email'],
  'usergroups.users.list': ['usergroups:read'],
  'views.open': [],
  'views.publish': [],
} as const satisfies Record<string, readonly string[]>;
export type SlackMethod = keyof typeof API_SCOPES;

export interface SlackApiOptions {
  /** Base URL of the Web API (proxies, tests); Slack's own when unset. */
  apiUrl?: string;
  /** Retries per call; the client's default policy (about 30 minutes, honouring 429 Retry-After) when unset. */
  retries?: number;
  logger: SlackLogger;
}

export function retryConfigFor(retries: number | undefined): RetryOptions {
  return retries === undefined
    ? retryPolicies.tenRetriesInAboutThirtyMinutes
    : { retries, factor: 2, minTimeout: 1000 };
}

/** Slack blocks and views are plain JSON here: they are built by `render/` and checked by tests. */
export type Block = Record<string, unknown>;
export type View = Record<string, unknown>;

export interface SlackUser {
  id: string;
  name: string;
  email?: string;
  locale?: string;
  isBot: boolean;
}

export interface SlackMessage {
  ts: string;
  text: string;
  user?: string;
  botId?: string;
}

const identity = z.object({ user_id: z.string(), bot_id: z.string().optional(), team_id: z.string().optional() });
const posted = z.object({ channel: z.string(), ts: z.string() });
const ephemeral = z.object({ message_ts: z.string().optional() });
const opened = z.object({ channel: z.object({ id: z.string() }) });
const message = z.object({
  ts: z.string(),
  text: z.string().default(''),
  user: z.string().optional(),
  bot_id: z.string().optional(),
});
const history = z.object({ messages: z.array(message).default([]) });
const userInfo = z.object({
  user: z.object({
    id: z.string(),
    name: z.string().default(''),
    real_name: z.string().optional(),
    is_bot: z.boolean().default(false),
    locale: z.string().optional(),
    profile: z
      .object({ display_name: z.string().optional(), real_name: z.string().optional(), email: z.string().optional() })
      .prefault({}),
  }),
});
const members = z.object({ users: z.array(z.string()).default([]) });

/**
 * The Web API as the channel uses it: one client (base URL and retry policy from the environment;
 * 429 + Retry-After are honoured by the client's policy), responses parsed with zod.
 */
export class SlackApi {
  constructor(readonly client: WebClient) {}

  static create(token: string, options: SlackApiOptions): SlackApi {
    return new SlackApi(
      new WebClient(token, {
        slackApiUrl: options.apiUrl,
        retryConfig: retryConfigFor(options.retries),
        logger: options.logger,
        rejectRateLimitedCalls: false,
        timeout: 15_000,
      }),
    );
  }

  private async call(method: SlackMethod, args: Record<string, unknown>): Promise<unknown> {
    return this.client.apiCall(method, args);
  }

  async whoAmI(): Promise<{ userId: string; botId?: string; teamId?: string }> {
    const r = identity.parse(await this.call('auth.test', {}));
    return { userId: r.user_id, botId: r.bot_id, teamId: r.team_id };
  }

  async postMessage(args: {
    channel: string;
    text: string;
    blocks?: Block[];
    thread_ts?: string;
  }): Promise<{ channel: string; ts: string }> {
    return posted.parse(await this.call('chat.postMessage', { ...args, unfurl_links: false }));
  }

  async postEphemeral(args: {
    channel: string;
    user: string;
    text: string;
    blocks?: Block[];
    thread_ts?: string;
  }): Promise<void> {
    ephemeral.parse(await this.call('chat.postEphemeral', args));
  }

  async update(args: { channel: string; ts: string; text: string; blocks: Block[] }): Promise<void> {
    await this.call('chat.update', args);
  }

  /** The direct-message channel between the bot and a user. */
  async openDm(user: string): Promise<string> {
    return opened.parse(await this.call('conversations.open', { users: user, return_im: false })).channel.id;
  }

  /** One message of a channel, top-level or in a thread. */
  async message(channel: string, ts: string): Promise<SlackMessage | null> {
    const top = history.parse(
      await this.call('conversations.history', { channel, latest: ts, oldest: ts, inclusive: true, limit: 1 }),
    );
    let found = top.messages.find((m) => m.ts === ts);
    if (!found) {
      const thread = history.parse(
        await this.call('conversations.replies', { channel, ts, latest: ts, inclusive: true, limit: 1 }),
      );
      found = thread.messages.find((m) => m.ts === ts);
    }
    return found ? { ts: found.ts, text: found.text, user: found.user, botId: found.bot_id } : null;
  }

  async userInfo(user: string): Promise<SlackUser> {
    const { user: u } = userInfo.parse(await this.call('users.info', { user, include_locale: true }));
    return {
      id: u.id,
      name: u.profile.display_name || u.profile.real_name || u.real_name || u.name || u.id,
      email: u.profile.email,
      locale: u.locale,
      isBot: u.is_bot,
    };
  }

  async groupMembers(usergroup: string): Promise<string[]> {
    return members.parse(await this.call('usergroups.users.list', { usergroup })).users;
  }

  async openView(triggerId: string, view: View): Promise<void> {
    await this.call('views.open', { trigger_id: triggerId, view });
  }

  async publishHome(user: string, view: View): Promise<void> {
    await this.call('views.publish', { user_id: user, view });
  }
}
