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

/** Answers a kept activity proactively, in a context of its own (the turn may be over by then). */
export type Proactively = (activity: InboundActivity) => Promise<void>;

/**
 * One authenticated turn: each activity is kept in the inbox (with the conversation reference
 * it carries, so its answer can be sent after a restart), handled once, then routed to its listener.
 * A message is acknowledged as soon as it is kept and answered proactively: its turn waits at most
 * `messageBudgetMs` for the answer, so Teams (which gives up after about 15 s and sends the
 * activity again) never waits on a slow database.
 */
export class TeamsBot {
  constructor(private readonly deps: TeamsListenerDeps) {}

  async onTurn(
    context: TurnContext,
    activity: InboundActivity,
    inbound: Inbound,
    proactively: Proactively,
  ): Promise<void> {
    const t = translator(toLocale(activity.locale) ?? this.deps.policy.locale.default);
    const delivery = {
      key: `${activity.conversation.id}|${activity.id ?? randomUUID()}`,
      conversation: activity.conversation.id,
      payload: activity,
    };
    if (activity.type === 'message' && !cardActionOf(activity)) {
      const accepted = await inbound.accept(delivery, () => proactively(activity));
      if (accepted.kind === 'refused') await context.sendActivity(t('errors.db_full'));
      if (accepted.kind !== 'accepted') return;
      const answered = await within(
        accepted.done.then(() => true),
        this.deps.messageBudgetMs,
      ).catch((err: Error) => {
        // Kept: the inbox works it again (the Bot Framework's redelivery is dropped as a duplicate).
        this.deps.logger.warn({ err: err.message, type: activity.type }, 'teams: message failed, kept for retry');
        return true;
      });
      if (!answered)
        accepted.done.catch((err: Error) =>
          this.deps.logger.warn({ err: err.message, type: activity.type }, 'teams: message failed, kept for retry'),
        );
      return;
    }
    const received = await inbound.receive(delivery, () => this.handle(context, activity));
    if (received.kind === 'refused') {
      if (activity.type === 'invoke') await respond(context, messageBody(t('errors.db_full')));
      else await context.sendActivity(t('errors.db_full'));
      return;
    }
    if (received.kind === 'duplicate') {
      // A re-delivery: the first one did (or is doing) the work. An invoke still needs an answer.
      if (activity.type === 'invoke') await respond(context, messageBody(t('teams.already_handled')));
      return;
    }
    const undelivered = received.result;
    if (!undelivered) return;
    const ref = this.undelivered(activity, undelivered);
    if (activity.type === 'invoke') await respond(context, messageBody(t('errors.generic', { ref })));
  }

  /**
   * An activity answered in its conversation in a context of its own: a kept one after a crash or
   * restart, or a message whose turn did not wait for its answer.
   */
  async resume(context: TurnContext, activity: InboundActivity): Promise<void> {
    // New messages in the conversation: a reply would name the continuation event, no real message.
    context.onSendActivities(async (_context, activities, next) => {
      for (const outgoing of activities) delete outgoing.replyToId;
      return next();
    });
    const undelivered = await this.handle(context, activity);
    if (undelivered) this.undelivered(activity, undelivered);
  }

  /** The work is done and recorded; only the answer could not reach Teams (retries exhausted). */
  private undelivered(activity: InboundActivity, err: Error): string {
    const ref = randomUUID().slice(0, 8);
    this.deps.logger.error(
      { ref, err: err.message, type: activity.type, conversation: activity.conversation.id },
      'teams: answer not delivered',
    );
    return ref;
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

/** The work's result if it is ready within `ms`, else undefined (the work goes on). */
async function within<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Teams refused or never answered (retries exhausted, or a 4xx such as "bot not in conversation"). */
function isDeliveryFailure(err: unknown): boolean {
  return err instanceof ConnectorError || (err as { name?: string })?.name === 'RestError';
}
