import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import { isDatabaseUnavailable } from '../../core/errors';
import { toLocale, translator } from '../../i18n';
import { cardActionOf, type InboundActivity } from './activity';
import { messageBody, onCardAction, respond } from './listeners/actions';
import type { TeamsListenerDeps } from './listeners/deps';
import { onInstall } from './listeners/installation';
import { onMessage } from './listeners/messages';
import type { ActivityReceipts } from './receipts';
import { ConnectorError } from './transport';

/** One authenticated turn: each activity is handled once, then routed to its listener. */
export class TeamsBot {
  constructor(private readonly deps: TeamsListenerDeps & { receipts: ActivityReceipts }) {}

  async onTurn(context: TurnContext, activity: InboundActivity): Promise<void> {
    const t = translator(toLocale(activity.locale) ?? this.deps.policy.locale.default);
    // With the database down the receipt cannot be read: the activity is handled (the assistant
    // keeps a message for retry and says so) rather than failed back to the Bot Framework.
    const first = await this.deps.receipts.firstDelivery(activity).catch((err: unknown) => {
      if (!isDatabaseUnavailable(err)) throw err;
      this.deps.logger.warn({ type: activity.type }, 'teams: activity receipt not recorded; handling anyway');
      return true;
    });
    if (!first) {
      // A re-delivery: the first one did the work. An invoke still needs an answer.
      if (activity.type === 'invoke') await respond(context, messageBody(t('teams.already_handled')));
      return;
    }
    try {
      await this.route(context, activity);
    } catch (err) {
      if (!isDeliveryFailure(err)) {
        // Nothing reached the person (the database failed first, most likely): the Bot Framework's
        // re-delivery should be handled, not dropped as a duplicate.
        await this.deps.receipts.forget(activity).catch(() => undefined);
        throw err;
      }
      // The work is done and recorded; only the answer could not reach Teams (retries exhausted).
      const ref = randomUUID().slice(0, 8);
      this.deps.logger.error(
        { ref, err: (err as Error).message, type: activity.type, conversation: activity.conversation.id },
        'teams: answer not delivered',
      );
      if (activity.type === 'invoke') await respond(context, messageBody(t('errors.generic', { ref })));
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
