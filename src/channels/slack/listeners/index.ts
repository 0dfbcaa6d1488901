import type { App } from '@slack/bolt';
import type { SlackContext } from '../context';
import { registerActions } from './actions';
import { registerCommands } from './commands';
import { registerMessages } from './events';
import { registerHome } from './home';
import { registerReactions } from './reactions';
import { registerShortcuts } from './shortcuts';
import { registerViews } from './views';

/** Every listener of the app; the same set serves HTTP and Socket Mode. */
export function registerListeners(app: App, ctx: SlackContext): void {
  // Slack redelivers events it believes lost: only the first delivery of an event id is worked.
  app.use(async ({ body, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && eventId.length <= 100) {
      const first = await ctx.receipts.firstDelivery(eventId).catch((err: Error) => {
        ctx.logger.warn({ eventId, err: err.message }, 'slack: event receipt not recorded; processing anyway');
        return true;
      });
      if (!first) return ctx.logger.debug({ eventId }, 'slack: duplicate event delivery dropped');
    }
    await next();
  });
  registerMessages(app, ctx);
  registerHome(app, ctx);
  registerReactions(app, ctx);
  registerCommands(app, ctx);
  registerActions(app, ctx);
  registerViews(app, ctx);
  registerShortcuts(app, ctx);
}
