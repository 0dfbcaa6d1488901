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
