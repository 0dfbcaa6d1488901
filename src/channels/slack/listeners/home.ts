import type { App } from '@slack/bolt';
import { isAgent } from '../../../core/people';
import { translator } from '../../../i18n';
import type { SlackContext } from '../context';
import { homeView } from '../render/home';
import { appHomeOpenedEvent } from '../schemas';

/** Draws the person's Home tab: their open tickets with SLA state; agents also see theirs to work. */
export async function publishHome(ctx: SlackContext, user: string): Promise<void> {
  const actor = await ctx.identity.actor(user);
  const t = translator(actor.person.locale);
  const mine = await ctx.tickets.listForRequester(actor);
  const assigned = isAgent(actor.person) ? await ctx.tickets.queue(actor, 'mine') : undefined;
  await ctx.api.publishHome(user, homeView({ t, person: actor.person, presenter: ctx.presenter, mine, assigned }));
}

export function registerHome(app: App, ctx: SlackContext): void {
  app.event('app_home_opened', async ({ event }) => {
    const parsed = appHomeOpenedEvent.safeParse(event);
    if (!parsed.success || (parsed.data.tab && parsed.data.tab !== 'home')) return;
    await publishHome(ctx, parsed.data.user);
  });
}
