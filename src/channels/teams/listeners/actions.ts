import { ActivityTypes, type TurnContext } from 'botbuilder';
import { z } from 'zod';
import { impactLevelSchema } from '../../../config';
import type { OutboundMessage } from '../../../core/notify';
import type { Actor } from '../../../core/people';
import { toLocale, translator, type Translate } from '../../../i18n';
import { inputOf, isPersonal, type CardData, type InboundActivity } from '../activity';
import { referenceOf } from '../references';
import {
  answeredCard,
  messageCard,
  NEW_TICKET_ACTION,
  REPLY_ACTION,
  toActivity,
  type AdaptiveCard,
} from '../render/cards';
import type { TeamsListenerDeps } from './deps';
import { whereabouts } from './messages';

const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

/** The `new` form's fields. */
const newTicketFields = z.object({
  type: z.preprocess(blankToUndefined, z.enum(['incident', 'request']).optional()),
  description: z.string().max(4000).default(''),
  impact: z.preprocess(blankToUndefined, impactLevelSchema.optional()),
  urgency: z.preprocess(blankToUndefined, impactLevelSchema.optional()),
});

type InvokeBody =
  | { statusCode: 200; type: 'application/vnd.microsoft.card.adaptive'; value: AdaptiveCard }
  | { statusCode: 200; type: 'application/vnd.microsoft.activity.message'; value: string };

const cardBody = (value: AdaptiveCard): InvokeBody => ({
  statusCode: 200,
  type: 'application/vnd.microsoft.card.adaptive',
  value,
});
export const messageBody = (text: string): InvokeBody => ({
  statusCode: 200,
  type: 'application/vnd.microsoft.activity.message',
  value: plain(text),
});

export async function respond(context: TurnContext, body: InvokeBody): Promise<void> {
  await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body } });
}

/**
 * A card button: `Action.Execute` (an invoke Teams waits about five seconds for) or
 * `Action.Submit` (a message). The work (identification included) gets `actionBudgetMs`; past
 * it Teams is told the work goes on, and its result is posted in the conversation when ready.
 */
export async function onCardAction(
  context: TurnContext,
  activity: InboundActivity,
  data: CardData,
  deps: TeamsListenerDeps,
): Promise<void> {
  const personal = isPersonal(activity);
  const work = (async () => {
    const actor = await deps.identity.actor(context, activity);
    await deps.references.rememberIfReachable(activity, actor.person.key);
    const t = translator(actor.person.locale);
    return { t, replies: await perform(activity, actor, data, t, deps) };
  })();
  const done = await within(work, deps.actionBudgetMs);
  if (!done) {
    const reference = referenceOf(activity);
    void work
      .then(({ t, replies }) => deps.messenger.deliver(reference, replies, t, personal))
      .catch((err: Error) =>
        deps.logger.error({ err: err.message, action: data.action }, 'teams: late card action result not delivered'),
      );
    const t = translator(toLocale(activity.locale) ?? deps.policy.locale.default);
    if (activity.type === 'invoke') await respond(context, messageBody(t('teams.working')));
    return;
  }
  const { t, replies } = done;
  if (activity.type !== 'invoke') {
    for (const reply of replies) await context.sendActivity(toActivity(reply, { t, replyable: personal }));
    return;
  }
  await respond(context, await invokeAnswer(context, data, replies, t, personal, deps));
}

async function perform(
  activity: InboundActivity,
  actor: Actor,
  data: CardData,
  t: Translate,
  deps: TeamsListenerDeps,
): Promise<OutboundMessage[]> {
  const where = await whereabouts(activity, deps);
  if (data.action === NEW_TICKET_ACTION) {
    const form = newTicketFields.safeParse(data);
    if (!form.success) return [{ text: t('teams.unsupported') }];
    return deps.assistant.openTicket({ actor, ...form.data });
  }
  // The reply box under a ticket message: a message in that ticket's conversation.
  if (data.action === REPLY_ACTION)
    return deps.assistant.handleMessage({
      actor,
      text: inputOf(data) ?? '',
      place: 'direct',
      threadTicket: data.value,
      room: where.room,
    });
  return deps.assistant.handleAction({
    actor,
    id: data.action,
    value: data.value,
    input: inputOf(data),
    room: where.room,
  });
}

/**
 * What replaces the clicked card. A ticket card in a channel shows the ticket as it is now after
 * a change, and stays as it was after a refusal (which only the clicker sees). In a personal chat
 * the answers come as new messages, so the conversation reads top to bottom, and the clicked
 * question shows the choice made; the reply box under a ticket message just confirms.
 */
async function invokeAnswer(
  context: TurnContext,
  data: CardData,
  replies: OutboundMessage[],
  t: Translate,
  personal: boolean,
  deps: TeamsListenerDeps,
): Promise<InvokeBody> {
  const text = replies.map((r) => r.text).join('\n');
  if (!personal) {
    const number = replies[0]?.ticketNumber;
    if (!number) return messageBody(text);
    const ticket = await deps.tickets.find(number);
    const desk = deps.policy.locale.default;
    const deskT = translator(desk);
    return cardBody(messageCard(deps.presenter.agentsPost(deskT, desk, ticket), { t: deskT }));
  }
  if (data.action === REPLY_ACTION) return messageBody(text || t('teams.already_handled'));
  for (const reply of replies) await context.sendActivity(toActivity(reply, { t, replyable: true }));
  return cardBody(
    answeredCard(clipped(data.prompt), clipped(data.action === NEW_TICKET_ACTION ? data.description : data.label)),
  );
}

/** Echoed card fields (they come back from the client): text only, bounded. */
function clipped(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, 300) : '';
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

/** Invoke answers are shown as plain text. */
function plain(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/^>\s?/, '').replace(/\*\*?([^*]+)\*\*?/g, '$1'))
    .join('\n');
}
