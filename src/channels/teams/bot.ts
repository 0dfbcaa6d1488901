import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import { toLocale, translator } from '../../i18n';
import { cardActionOf, type InboundActivity } from './activity';
import { messageBody, onCardAction, respond } from './listeners/actions';
import type { TeamsListenerDeps } from './listeners/deps';
import { onInstall } from './listeners/installation';
import { onMessage } from './listeners/messages';
import type { Inbound } from '../inbox';
import { ConnectorError } from './transport';

/**
 * One authenticated turn: each activity is kept in the inbox (with the conversation reference
 * it carries, so its answer can be sent after a restart), handled once, then routed to its listener.
 */
export class TeamsBot {
  constructor(private readonly deps: TeamsListenerDeps) {}

  async onTurn(context: TurnContext, activity: InboundActivity, inbound: Inbound): Promise<void> {
    const t = translator(toLocale(activity.locale) ?? this.deps.policy.locale.default);
    const received = await inbound.receive(
      {
        key: `${activity.conversation.id}|${activity.id ?? randomUUID()}`,
        conversation: activity.conversation.id,
        payload: activity,
      },
      () => this.handle(context, activity),
    );
    if (received.kind === 'duplicate') {
      // A re-delivery: the first one did (or is doing) the work. An invoke still needs an answer.
      if (activity.type === 'invoke') await respond(context, messageBody(t('teams.already_handled')));
      return;
    }
    const undelivered = received.result;
    if (!undelivered) return;
    // The work is done and recorded; only the answer could not reach Teams (retries exhausted).
    const ref = randomUUID().slice(0, 8);
    this.deps.logger.error(
      { ref, err: undelivered.message, type: activity.type, conversation: activity.conversation.id },
      'teams: answer not delivered',
    );
    if (activity.type === 'invoke') await respond(context, messageBody(t('errors.generic', { ref })));
  }

  /** An activity kept before a crash or restart, answered in its conversation (the turn is long gone). */
  async resume(context: TurnContext, activity: InboundActivity): Promise<void> {
    // New messages in the conversation: a reply would name the continuation event, no real message.
    context.onSendActivities(async (_context, activities, next) => {
      for (const outgoing of activities) delete outgoing.replyToId;
      return next();
    });
    await this.route(context, activity);
  }

  /**
   * Routes the activity; an answer Teams refused is returned (the work is done and recorded). A
   * failure before anything reached the person (the database, most likely) is thrown: the inbox
   * keeps the activity for another attempt, the Bot Framework's re-delivery included.
   */
  private async handle(context: TurnContext, activity: InboundActivity): Promise<Error | undefined> {
    try {
      await this.route(context, activity);
      return undefined;
    } catch (err) {
      if (isDeliveryFailure(err)) return err as Error;
      throw err;
    }
  }

  private async route(context: TurnContext, activity: InboundActivity): Promise<void> {
    const data = cardActionOf(activity);
    if (data) return onCardAction(context, activity, data, this.deps);
    switch (activity.type) {
      case 'message':
        return onMessage(context, activity, this.deps);
      case 'installationUpdate':
      case 'conversationUpdate':
        return onInstall(context, activity, this.deps);
      default:
        // Reactions, edits, other invokes: nothing to do (an unanswered invoke gets 501).
        return;
    }
  }
}

/** Teams refused or never answered (retries exhausted, or a 4xx such as "bot not in conversation"). */
function isDeliveryFailure(err: unknown): boolean {
  return err instanceof ConnectorError || (err as { name?: string })?.name === 'RestError';
}
