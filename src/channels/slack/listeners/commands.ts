import type { App } from '@slack/bolt';
import type { OutboundMessage } from '../../../core/notify';
import type { Actor } from '../../../core/people';
import { translator } from '../../../i18n';
import { SLASH_COMMAND } from '../capabilities';
import { apologise, type SlackContext } from '../context';
import { ephemeralAnswer } from '../render/blocks';
import { newTicketModal } from '../render/modals';
import { slashCommand } from '../schemas';
import { fromSlack } from '../text';

/** Slack wants the HTTP answer within 3 s; past this the reply goes through `response_url`. */
const ANSWER_WITHIN_MS = 2000;
const NEW_VERBS = new Set(['new', 'nouveau', 'nouvelle']);

/**
 * `/helpdesk <verb>`: `new` opens the ticket form; everything else is the same verb the assistant
 * understands in a DM (`mine`, `status <id>`, and every agent verb), answered ephemerally.
 */
export function registerCommands(app: App, ctx: SlackContext): void {
  app.command(SLASH_COMMAND, async ({ command, ack, respond }) => {
    const parsed = slashCommand.safeParse(command);
    if (!parsed.success) return ack();
    const { user_id: user, channel_id: channel, trigger_id: triggerId } = parsed.data;
    const text = fromSlack(parsed.data.text);

    let actor: Actor | undefined;
    if (NEW_VERBS.has(text.toLowerCase())) {
      await ack();
      try {
        actor = await ctx.identity.actor(user);
        await ctx.api.openView(
          triggerId,
          newTicketModal(translator(actor.person.locale), ctx.policy, { locale: actor.person.locale }),
        );
      } catch (err) {
        await respond(ephemeralAnswer(apologise(ctx, err, actor?.person.locale, { user, command: 'new' })));
      }
      return;
    }

    const work = (async (): Promise<OutboundMessage[]> => {
      try {
        actor = await ctx.identity.actor(user);
        const t = translator(actor.person.locale);
        if (!text) return [{ text: t('slack.usage') }];
        await ctx.identity.mentioned(text);
        const place = channel === ctx.agentsChannel ? 'agents' : 'direct';
        return await ctx.assistant.handleMessage({ actor, text, place, room: channel });
      } catch (err) {
        return apologise(ctx, err, actor?.person.locale, { user, command: SLASH_COMMAND });
      }
    })();
    const early = await Promise.race([
      work,
      new Promise<null>((resolve) => setTimeout(() => resolve(null), ANSWER_WITHIN_MS).unref()),
    ]);
    if (early) return ack(ephemeralAnswer(early));
    await ack();
    await respond(ephemeralAnswer(await work));
  });
}
