import type { TurnContext } from 'botbuilder';
import { isNewRequestWord, type Place } from '../../../core/conversation';
import { translator } from '../../../i18n';
import { isPersonal, plainText, splitThread, type InboundActivity } from '../activity';
import { cardActivity, newTicketForm, toActivity } from '../render/cards';
import type { TeamsListenerDeps } from './deps';

/** Commands only Teams has (the others are the core's): listed in the manifest too. */
export const NEW_TICKET_VERBS = ['new', 'nouveau'] as const;

export interface Whereabouts {
  place: Place;
  /** The personal chat, or the channel (without the thread part). */
  room: string;
  /** The ticket whose thread in the agents' channel this is. */
  threadTicket?: string;
}

/**
 * Where an activity was written: a personal chat is `direct`; the configured agents' channel is
 * `agents` (a reply in a ticket card's thread belongs to that ticket); any other channel of a
 * team the app was added to is treated like a crisis channel (commands only, chatter ignored).
 */
export async function whereabouts(
  activity: InboundActivity,
  deps: Pick<TeamsListenerDeps, 'policy' | 'posts'>,
): Promise<Whereabouts> {
  if (isPersonal(activity)) return { place: 'direct', room: activity.conversation.id };
  const { channel, root } = splitThread(activity.conversation.id);
  const threadTicket = root ? await deps.posts.ticketOfThread(channel, root) : undefined;
  return { place: channel === deps.policy.channels.agents.teams ? 'agents' : 'crisis', room: channel, threadTicket };
}

/** A message to the bot: personal chat (employees) or an @mention in a channel (agents). */
export async function onMessage(
  context: TurnContext,
  activity: InboundActivity,
  deps: TeamsListenerDeps,
): Promise<void> {
  const actor = await deps.identity.actor(context, activity);
  await deps.references.rememberIfReachable(activity, actor.person.key);
  const t = translator(actor.person.locale);
  const text = plainText(activity);
  const where = await whereabouts(activity, deps);
  // `new` alone (any of its forms) in the personal chat: the form asks everything at once.
  if (where.place === 'direct' && isNewRequestWord(text)) {
    await context.sendActivity(cardActivity(newTicketForm(t), t('teams.form.title')));
    return;
  }
  const replies = await deps.assistant.handleMessage({
    actor,
    text,
    place: where.place,
    threadTicket: where.threadTicket,
    room: where.room,
  });
  for (const reply of replies)
    await context.sendActivity(toActivity(reply, { t, replyable: where.place === 'direct' }));
}
