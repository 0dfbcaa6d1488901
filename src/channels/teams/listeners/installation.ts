import type { TurnContext } from 'botbuilder';
import { toLocale, translator } from '../../../i18n';
import { isPersonal, type InboundActivity } from '../activity';
import { personKeyOf } from '../identity';
import { toTeamsText } from '../render/text';
import type { TeamsListenerDeps } from './deps';

/**
 * The app added to a personal chat or a team (`installationUpdate`, `conversationUpdate`): the
 * conversation reference is stored at once, so notifications reach the person or the channel
 * even before anyone writes. A new personal install gets a welcome in the person's language, a
 * team a short note for its agents.
 */
export async function onInstall(
  context: TurnContext,
  activity: InboundActivity,
  deps: TeamsListenerDeps,
): Promise<void> {
  const removed = activity.action?.startsWith('remove');
  if (removed) return;
  await deps.references.remember(activity, personKeyOf(activity.from));
  if (activity.type === 'installationUpdate' && activity.action?.startsWith('add') && isPersonal(activity)) {
    const t = translator(toLocale(activity.locale) ?? deps.policy.locale.default);
    await context.sendActivity({
      type: 'message',
      text: toTeamsText(t('teams.welcome', { name: activity.from.name ?? '' })),
      textFormat: 'markdown',
    });
    return;
  }
  const botJoinedTeam =
    activity.type === 'conversationUpdate' &&
    !isPersonal(activity) &&
    activity.membersAdded?.some((m) => m.id === activity.recipient.id);
  if (botJoinedTeam) {
    const t = translator(deps.policy.locale.default);
    await context.sendActivity({
      type: 'message',
      text: toTeamsText(t('teams.channel_welcome')),
      textFormat: 'markdown',
    });
  }
}
