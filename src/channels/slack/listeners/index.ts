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
  // Redeliveries are dropped before Bolt sees them: the inbox knows each delivery's id (inbox.ts).
  registerMessages(app, ctx);
  registerHome(app, ctx);
  registerReactions(app, ctx);
  registerCommands(app, ctx);
  registerActions(app, ctx);
  registerViews(app, ctx);
  registerShortcuts(app, ctx);
}
