import type { App } from '@slack/bolt';
import { withActor, type SlackContext } from '../context';
import { isDirectChannel } from '../messenger';
import { appMentionEvent, messageEvent, type MessageEvent } from '../schemas';
import { fromSlack, withoutLeadingMention } from '../text';

/** Message subtypes that are still a person writing (others are edits, joins, bot posts...). */
const HUMAN_SUBTYPES = new Set([undefined, 'file_share', 'thread_broadcast']);

/**
 * Messages: a DM or a mention goes to the assistant; a reply in a ticket's thread (the requester's
 * DM thread, the agents' post thread) is relayed. Bolt acknowledges events before these run.
 */
export function registerMessages(app: App, ctx: SlackContext): void {
  app.event('message', async ({ event, context }) => {
    const parsed = messageEvent.safeParse(event);
    if (!parsed.success)
      return ctx.logger.debug({ issues: parsed.error.issues.length }, 'slack: message event ignored');
    const e = parsed.data;
    if (e.bot_id || !e.user || !HUMAN_SUBTYPES.has(e.subtype)) return;
    if (e.channel_type === 'im' || isDirectChannel(e.channel)) return directMessage(ctx, e, e.user);
    if (ctx.agentsChannel && e.channel === ctx.agentsChannel && e.thread_ts)
      return agentsThreadMessage(ctx, e, e.user, context.botUserId);
  });

  app.event('app_mention', async ({ event, context }) => {
    const parsed = appMentionEvent.safeParse(event);
    if (!parsed.success || !parsed.data.user || parsed.data.bot_id) return;
    const e = parsed.data;
    const user = parsed.data.user;
    const inAgents = e.channel === ctx.agentsChannel;
    // In a ticket's agents thread the message event relays it already.
    if (inAgents && e.thread_ts && (await ctx.posts.ticketForThread(e.channel, e.thread_ts))) return;
    await withActor(
      ctx,
      user,
      async (actor) => {
        const text = fromSlack(withoutLeadingMention(e.text, context.botUserId));
        await ctx.identity.mentioned(text);
        const replies = await ctx.assistant.handleMessage({
          actor,
          text,
          place: inAgents ? 'agents' : 'direct',
          room: e.channel,
        });
        // Among agents answers are private; elsewhere the conversation goes on in the mention's thread.
        if (inAgents) await ctx.messenger.ephemeral(e.channel, user, replies, e.thread_ts);
        else await ctx.messenger.toThread(e.channel, e.thread_ts ?? e.ts, replies);
      },
      (replies) => ctx.messenger.ephemeral(e.channel, user, replies, e.thread_ts),
    );
  });
}

async function directMessage(ctx: SlackContext, e: MessageEvent, user: string): Promise<void> {
  await withActor(
    ctx,
    user,
    async (actor) => {
      const thread = e.thread_ts ? await ctx.posts.ticketForThread(e.channel, e.thread_ts) : null;
      const text = fromSlack(e.text);
      await ctx.identity.mentioned(text);
      const replies = await ctx.assistant.handleMessage({
        actor,
        text,
        place: 'direct',
        threadTicket: thread?.place === 'dm' ? thread.ticket : undefined,
        room: e.channel,
      });
      await ctx.messenger.toDirect(e.channel, user, replies, { locale: actor.person.locale, threadTs: e.thread_ts });
    },
    (replies) =>
      ctx.messenger.toDirect(e.channel, user, replies, { locale: ctx.policy.locale.default, threadTs: e.thread_ts }),
  );
}

/** A reply under a ticket's agents post: to the requester, or internal with `note`. */
async function agentsThreadMessage(
  ctx: SlackContext,
  e: MessageEvent,
  user: string,
  botUserId?: string,
): Promise<void> {
  const thread = await ctx.posts.ticketForThread(e.channel, e.thread_ts!);
  if (thread?.place !== 'agents') return;
  await withActor(
    ctx,
    user,
    async (actor) => {
      const text = fromSlack(withoutLeadingMention(e.text, botUserId));
      await ctx.identity.mentioned(text);
      const replies = await ctx.assistant.handleMessage({
        actor,
        text,
        place: 'agents',
        threadTicket: thread.ticket,
        room: e.channel,
      });
      await ctx.messenger.ephemeral(e.channel, user, replies, e.thread_ts);
    },
    (replies) => ctx.messenger.ephemeral(e.channel, user, replies, e.thread_ts),
  );
}
