import type { App } from '@slack/bolt';
import { translator } from '../../../i18n';
import { MESSAGE_SHORTCUT } from '../capabilities';
import { withActor, type SlackContext } from '../context';
import { newTicketModal } from '../render/modals';
import { messageShortcut } from '../schemas';
import { fromSlack } from '../text';

/**
 * "Create helpdesk ticket" on any message: the ticket form, filled with the message, for its
 * author (a bot's message is reported for the person who used the shortcut).
 */
export function registerShortcuts(app: App, ctx: SlackContext): void {
  app.shortcut(MESSAGE_SHORTCUT, async ({ ack, body }) => {
    await ack();
    const parsed = messageShortcut.safeParse(body);
    if (!parsed.success)
      return ctx.logger.warn({ issues: parsed.error.issues.length }, 'slack: shortcut payload ignored');
    const { user, channel, message, trigger_id: triggerId } = parsed.data;
    await withActor(
      ctx,
      user.id,
      async (actor) => {
        const author = message.user && !message.bot_id ? message.user : user.id;
        const meta = {
          locale: actor.person.locale,
          ...(author !== user.id ? { requester: author } : {}),
          source: { channel: channel.id, ts: message.ts },
        };
        const t = translator(actor.person.locale);
        await ctx.api.openView(
          triggerId,
          newTicketModal(t, ctx.policy, meta, { description: fromSlack(message.text) }),
        );
      },
      async (replies) =>
        ctx.messenger.toDirect(await ctx.messenger.dmChannel(user.id), user.id, replies, {
          locale: ctx.policy.locale.default,
        }),
    );
  });
}
