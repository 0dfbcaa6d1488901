import { randomUUID } from 'node:crypto';
import type { Policy } from '../../config';
import type { Assistant } from '../../core/conversation';
import type { OutboundMessage } from '../../core/notify';
import type { Actor, People } from '../../core/people';
import type { TicketService } from '../../core/tickets';
import type { TicketPresenter } from '../../core/tickets/presenter';
import { t, type Locale } from '../../i18n';
import type { Logger } from '../../observability/logger';
import type { SlackApi } from './api';
import type { SlackIdentity } from './identity';
import type { SlackMessenger } from './messenger';
import type { SlackPosts } from './posts';

/** What every listener needs: core services, and the Slack side of things. */
export interface SlackContext {
  policy: Policy;
  assistant: Assistant;
  tickets: TicketService;
  presenter: TicketPresenter;
  people: People;
  api: SlackApi;
  identity: SlackIdentity;
  messenger: SlackMessenger;
  posts: SlackPosts;
  logger: Logger;
  /** The agents' channel (policy `channels.agents.slack`), where threads relay to requesters. */
  agentsChannel?: string;
}

/** An unexpected failure, told in the person's language with a reference; the details only go to the log. */
export function apologise(
  ctx: SlackContext,
  err: unknown,
  locale: Locale | undefined,
  context: object,
): OutboundMessage[] {
  const ref = randomUUID().slice(0, 8);
  ctx.logger.error({ ref, err, ...context }, 'slack: unexpected error');
  return [{ text: t(locale ?? ctx.policy.locale.default, 'errors.generic', { ref }) }];
}

/**
 * Runs work as the Slack user. What goes wrong is told through `tell`: in the person's language
 * (the assistant translates domain errors), with a reference when unexpected.
 */
export async function withActor(
  ctx: SlackContext,
  user: string,
  work: (actor: Actor) => Promise<void>,
  tell: (replies: OutboundMessage[]) => Promise<void>,
): Promise<void> {
  let actor: Actor | undefined;
  try {
    actor = await ctx.identity.actor(user);
    await work(actor);
  } catch (err) {
    const replies = actor ? ctx.assistant.explain(actor, err) : apologise(ctx, err, undefined, { user });
    await tell(replies).catch((failure: Error) =>
      ctx.logger.warn({ user, err: failure.message }, 'slack: could not tell the user about an error'),
    );
  }
}
