/**
 * Everything the Slack app asks of the workspace. `manifests/slack/manifest.yml` declares exactly
 * this; test/channels/slack/manifest.test.ts fails when the two drift apart.
 */

export const SLASH_COMMAND = '/helpdesk';

/** Message shortcut "Create helpdesk ticket". */
export const MESSAGE_SHORTCUT = 'create_ticket_from_message';

/** The reaction that turns a message into a ticket for its author (`:ticket:`). */
export const TICKET_REACTION = 'ticket';

/** Events API subscriptions, with the bot scopes each one needs. */
export const BOT_EVENTS = {
  app_home_opened: [],
  app_mention: ['app_mentions:read'],
  'message.im': ['im:history'],
  'message.channels': ['channels:history'],
  'message.groups': ['groups:history'],
  reaction_added: ['reactions:read'],
} as const satisfies Record<string, readonly string[]>;

/** Slash commands and shortcuts need the `commands` scope. */
export const COMMAND_SCOPES = ['commands'] as const;

/** Modals (view callback ids). */
export const VIEWS = {
  newTicket: 'ticket_new',
  assign: 'ticket_assign',
  escalate: 'ticket_escalate',
  resolve: 'ticket_resolve',
} as const;

/**
 * Buttons that need a form before the core can act: the channel opens a modal instead of calling
 * the assistant. Every other button id goes straight to `assistant.handleAction`.
 */
export const FORM_ACTIONS = {
  newTicket: 'slack.new_ticket',
  assign: 'ticket.assign',
  escalate: 'ticket.escalate',
  resolve: 'ticket.resolve',
} as const;
