import type { App } from '@slack/bolt';
import { toRef, type Actor, type Person } from '../../../core/people';
import type { OpenTicketInput, Ticket } from '../../../core/tickets';
import { translator } from '../../../i18n';
import { TICKET_REACTION } from '../capabilities';
import { withActor, type SlackContext } from '../context';
import { isDirectChannel } from '../messenger';
import { reactionAddedEvent } from '../schemas';
import { fromSlack } from '../text';

/**
 * Opens a ticket whose requester is the author of a channel message (reaction, shortcut); the
 * author hears about it in their DM, in their language. The caller has claimed the message.
 */
export async function openForAuthor(
  ctx: SlackContext,
  reporter: Actor,
  authorId: string,
  input: OpenTicketInput,
  source: { channel: string; ts: string },
): Promise<{ ticket: Ticket; requester: Person }> {
  const requester = authorId === reporter.person.platformId ? reporter.person : await ctx.identity.person(authorId);
  const ticket = await ctx.tickets.open(reporter, input, requester);
  await ctx.posts.sourceOpened(source.channel, source.ts, ticket.number);
  const rt = translator(requester.locale);
  const opened = ctx.presenter.opened(rt, requester.locale, ticket);
  if (requester.key !== reporter.person.key)
    opened.text += `\n${rt('slack.opened_from_message', { reporter: reporter.person.name, channel: `#slack:${source.channel}` })}`;
  await ctx.messenger.sendToPerson(toRef(requester), opened);
  return { ticket, requester };
}

/** Halp-style: whoever reacts with :ticket: opens a ticket for the message's author, once per message. */
async function ticketFromReaction(ctx: SlackContext, user: string, channel: string, ts: string): Promise<void> {
  const tell = (text: string) => ctx.messenger.ephemeral(channel, user, [{ text }]);
  await withActor(
    ctx,
    user,
    async (reporter) => {
      const t = translator(reporter.person.locale);
      const existing = await ctx.posts.claimSource(channel, ts);
      if (existing) {
        if (existing.ticket) await tell(t('slack.reaction.already', { number: existing.ticket }));
        return;
      }
      try {
        const message = await ctx.api.message(channel, ts);
        const text = message ? fromSlack(message.text) : '';
        if (!message || !text) {
          await ctx.posts.releaseSource(channel, ts);
          return tell(t('slack.reaction.no_text'));
        }
        const author = message.user && !message.botId ? message.user : user;
        const { ticket, requester } = await openForAuthor(
          ctx,
          reporter,
          author,
          { description: text },
          { channel, ts },
        );
        if (requester.key !== reporter.person.key)
          await tell(t('ticket.opened_for', { number: ticket.number, requester: requester.name }));
      } catch (err) {
        await ctx.posts.releaseSource(channel, ts).catch(() => undefined);
        throw err;
      }
    },
    (replies) => ctx.messenger.ephemeral(channel, user, replies),
  );
}

export function registerReactions(app: App, ctx: SlackContext): void {
  app.event('reaction_added', async ({ event }) => {
    const parsed = reactionAddedEvent.safeParse(event);
    if (!parsed.success) return;
    const { user, reaction, item } = parsed.data;
    // Reactions in direct messages are not "a message in a channel the bot is in".
    if (
      reaction !== TICKET_REACTION ||
      item.type !== 'message' ||
      !item.channel ||
      !item.ts ||
      isDirectChannel(item.channel)
    )
      return;
    await ticketFromReaction(ctx, user, item.channel, item.ts);
  });
}
