import { z } from 'zod';
import { LOCALES } from '../../i18n';

/**
 * Slack payloads, parsed once at the edge. Only the fields the channel reads are listed; anything
 * else Slack sends is ignored, and a payload missing what we need is dropped (and logged).
 */

export const SLACK_USER_ID = /^[UW][A-Z0-9]{2,20}$/;

const userId = z.string().regex(SLACK_USER_ID);
const channelId = z.string().regex(/^[CGD][A-Z0-9]{2,20}$/);
const ts = z.string().regex(/^\d{1,12}\.\d{1,8}$/);
const text = z.string().max(40_000);

export const messageEvent = z.object({
  type: z.literal('message'),
  subtype: z.string().optional(),
  channel: channelId,
  channel_type: z.string().optional(),
  user: userId.optional(),
  bot_id: z.string().optional(),
  text: text.default(''),
  ts,
  thread_ts: ts.optional(),
});
export type MessageEvent = z.infer<typeof messageEvent>;

export const appMentionEvent = z.object({
  type: z.literal('app_mention'),
  channel: channelId,
  user: userId.optional(),
  bot_id: z.string().optional(),
  text: text.default(''),
  ts,
  thread_ts: ts.optional(),
});

export const appHomeOpenedEvent = z.object({
  type: z.literal('app_home_opened'),
  user: userId,
  tab: z.string().optional(),
});

export const reactionAddedEvent = z.object({
  type: z.literal('reaction_added'),
  user: userId,
  reaction: z.string(),
  item_user: userId.optional(),
  item: z.object({ type: z.string(), channel: channelId.optional(), ts: ts.optional() }),
});

export const slashCommand = z.object({
  command: z.string(),
  text: z.string().max(4000).default(''),
  user_id: userId,
  channel_id: channelId,
  trigger_id: z.string().min(1),
});

const buttonText = z.object({ text: z.string() }).optional();

export const blockActions = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id: userId }),
  trigger_id: z.string().optional(),
  container: z
    .object({
      type: z.string(),
      is_ephemeral: z.boolean().optional(),
      channel_id: channelId.optional(),
      message_ts: ts.optional(),
    })
    .prefault({ type: 'unknown' }),
  channel: z.object({ id: channelId }).optional(),
  message: z
    .object({
      ts,
      thread_ts: ts.optional(),
      text: z.string().default(''),
      blocks: z.array(z.record(z.string(), z.unknown())).default([]),
    })
    .optional(),
  actions: z
    .array(
      z.object({
        action_id: z.string().min(1).max(255),
        type: z.string(),
        value: z.string().max(2000).optional(),
        url: z.string().optional(),
        selected_option: z.object({ value: z.string().max(2000) }).optional(),
        text: buttonText,
      }),
    )
    .min(1),
});
export type BlockActions = z.infer<typeof blockActions>;

const stateValue = z.object({
  type: z.string(),
  value: z.string().nullish(),
  selected_option: z.object({ value: z.string() }).nullish(),
  selected_user: z.string().nullish(),
});

export const viewSubmission = z.object({
  type: z.literal('view_submission'),
  user: z.object({ id: userId }),
  view: z.object({
    callback_id: z.string(),
    private_metadata: z.string().max(3000).default(''),
    state: z.object({ values: z.record(z.string(), z.record(z.string(), stateValue)) }),
  }),
});
export type ViewState = z.infer<typeof viewSubmission>['view']['state']['values'];

export const messageShortcut = z.object({
  type: z.literal('message_action'),
  callback_id: z.string(),
  trigger_id: z.string().min(1),
  user: z.object({ id: userId }),
  channel: z.object({ id: channelId }),
  message: z.object({ ts, text: z.string().default(''), user: userId.optional(), bot_id: z.string().optional() }),
});

/** What a modal remembers between opening and submission (our own JSON, still checked). */
export const newTicketMeta = z.object({
  locale: z.enum(LOCALES),
  requester: userId.optional(),
  source: z.object({ channel: channelId, ts }).optional(),
});
export type NewTicketMeta = z.infer<typeof newTicketMeta>;

export const ticketFormMeta = z.object({
  locale: z.enum(LOCALES),
  ticket: z.string().regex(/^[A-Z]{3}-\d{1,9}$/),
  channel: channelId.optional(),
  threadTs: ts.optional(),
});
export type TicketFormMeta = z.infer<typeof ticketFormMeta>;

export function parseMeta<T extends z.ZodTypeAny>(schema: T, raw: string): z.infer<T> | null {
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The value of one input block, whatever its element (text, select, user picker). */
export function fieldValue(state: ViewState, block: string): string | undefined {
  const element = Object.values(state[block] ?? {})[0];
  return element?.value ?? element?.selected_option?.value ?? element?.selected_user ?? undefined;
}

/*
 * Envelopes: every request to the Slack endpoint, checked whole at the edge (see edge.ts) before
 * Bolt reads it. Bolt dereferences fields such as `event.item.channel`, `body.user.id` or
 * `body.actions[0]` without checking them: a signed request with one of those of the wrong type
 * would fail inside it (500). So each field Bolt or a listener reads is typed here, the payloads
 * the listeners handle must match their own schemas above, and nothing else gets through.
 */

const id = z.string().min(1).max(100);
const withId = z.object({ id }).loose();

/** Fields Bolt reads on any event to route it and find its context. */
const eventShape = z
  .object({
    type: z.string().min(1).max(64),
    user: z.union([id, withId]).optional(),
    channel: z.union([id, z.object({ id, creator: id.optional() }).loose()]).optional(),
    channel_id: id.optional(),
    item: z.object({ channel: id.optional() }).loose().optional(),
    subteam: z.object({ created_by: id.optional() }).loose().optional(),
  })
  .loose();

/** The events the manifest subscribes to, each as its listener reads it. */
const HANDLED_EVENTS: Record<string, z.ZodType> = {
  message: messageEvent,
  app_mention: appMentionEvent,
  app_home_opened: appHomeOpenedEvent,
  reaction_added: reactionAddedEvent,
};

const authorization = z
  .object({ team_id: id.nullish(), enterprise_id: id.nullish(), is_enterprise_install: z.boolean().optional() })
  .loose();

export const eventEnvelope = z
  .object({
    type: z.literal('event_callback'),
    event_id: id,
    team_id: id.optional(),
    enterprise_id: id.nullish(),
    is_enterprise_install: z.boolean().optional(),
    authorizations: z.array(authorization).max(50).optional(),
    event: eventShape,
  })
  .loose()
  .superRefine((body, ctx) => {
    const schema = HANDLED_EVENTS[body.event.type];
    const parsed = schema?.safeParse(body.event);
    for (const issue of parsed?.error?.issues ?? [])
      ctx.addIssue({ code: 'custom', path: ['event', ...issue.path], message: issue.message });
  });

/** Fields Bolt reads on every interactive payload (team, enterprise, user, respond). */
const interactiveShape = z
  .object({
    type: z.string().min(1).max(64),
    user: z.object({ id, team_id: id.optional() }).loose(),
    team: z.object({ id: id.optional(), enterprise_id: id.nullish() }).loose().nullish(),
    enterprise: withId.nullish(),
    is_enterprise_install: z.boolean().optional(),
    channel: withId.optional(),
    callback_id: z.string().max(255).optional(),
    name: z.string().max(255).optional(),
    response_url: z.string().max(2000).optional(),
    response_urls: z
      .array(z.object({ response_url: z.string().max(2000) }).loose())
      .max(20)
      .optional(),
    view: z
      .object({ callback_id: z.string().max(255).optional(), app_installed_team_id: id.optional() })
      .loose()
      .optional(),
    actions: z
      .array(z.object({ action_id: z.string().max(255), block_id: z.string().max(255).optional() }).loose())
      .optional(),
    function_data: z.object({ execution_id: id.optional() }).loose().optional(),
  })
  .loose();

/** The interactive payloads the listeners handle, each as its listener reads it. */
const HANDLED_INTERACTIONS: Record<string, z.ZodType> = {
  block_actions: blockActions,
  view_submission: viewSubmission,
  message_action: messageShortcut,
};

export const interactiveEnvelope = interactiveShape.superRefine((body, ctx) => {
  const parsed = HANDLED_INTERACTIONS[body.type]?.safeParse(body);
  for (const issue of parsed?.error?.issues ?? [])
    ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
});

export const commandEnvelope = slashCommand
  .extend({
    team_id: id.optional(),
    enterprise_id: id.optional(),
    is_enterprise_install: z.enum(['true', 'false']).optional(),
    response_url: z.string().max(2000).optional(),
  })
  .loose();

export const urlVerification = z.object({ type: z.literal('url_verification'), challenge: z.string().min(1).max(500) });
export const sslCheck = z.object({ ssl_check: z.string().max(10) }).loose();
/** Slack's notice that it dropped events because the app was over its rate limit. */
export const rateLimited = z.object({
  type: z.literal('app_rate_limited'),
  minute_rate_limited: z.number().optional(),
});

export const HANDLED_EVENT_TYPES = new Set(Object.keys(HANDLED_EVENTS));
export const HANDLED_INTERACTION_TYPES = new Set(Object.keys(HANDLED_INTERACTIONS));
