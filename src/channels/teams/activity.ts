import { z } from 'zod';

/** The Bot Framework messaging endpoint on our HTTP server (the bot registration points here). */
export const TEAMS_ENDPOINT = '/api/messages';

/**
 * Largest activity read, before its token is checked. A Teams message is limited to tens of
 * kilobytes (about 28 KB with its cards); an activity carries it at most twice (text and an HTML
 * attachment) plus the envelope, far below this.
 */
export const TEAMS_BODY_LIMIT = '256kb';

/** The invoke Teams sends for an `Action.Execute` button (Universal Actions). */
export const ADAPTIVE_CARD_ACTION = 'adaptiveCard/action';

/** Longest text accepted at the edge; the assistant answers politely above its own, smaller limit. */
const MAX_TEXT = 40_000;

const account = z
  .object({
    id: z.string().min(1).max(256),
    name: z.string().max(256).optional(),
    aadObjectId: z.string().max(64).optional(),
    role: z.string().max(32).optional(),
  })
  .loose();

const conversation = z
  .object({
    id: z.string().min(1).max(512),
    conversationType: z.string().max(32).optional(),
    tenantId: z.string().max(64).optional(),
    isGroup: z.boolean().optional(),
  })
  .loose();

/**
 * What a card button carries back: our action id and value, plus the card's form fields
 * (Teams merges the inputs into the same object).
 */
export const cardData = z
  .object({
    action: z.string().min(1).max(60),
    value: z.string().max(200).default(''),
  })
  .loose();
export type CardData = z.infer<typeof cardData>;

const executeValue = z
  .object({
    action: z
      .object({ type: z.literal('Action.Execute'), verb: z.string().max(60).optional(), data: cardData })
      .loose(),
  })
  .loose();

/**
 * One Bot Framework activity as Teams posts it. Only what we read is checked (Teams adds fields
 * freely, they pass through); anything else is refused with 400 before it touches the database.
 */
export const inboundActivity = z
  .object({
    type: z.string().min(1).max(64),
    id: z.string().min(1).max(256).optional(),
    serviceUrl: z.url({ protocol: /^https?$/ }).max(512),
    channelId: z.string().min(1).max(64),
    from: account,
    recipient: account,
    conversation,
    locale: z.string().max(20).optional(),
    text: z.string().max(MAX_TEXT).optional(),
    replyToId: z.string().max(256).optional(),
    name: z.string().max(128).optional(),
    action: z.string().max(32).optional(),
    value: z.unknown().optional(),
    entities: z
      .array(z.object({ type: z.string().max(64) }).loose())
      .max(100)
      .optional(),
    membersAdded: z.array(account).max(1000).optional(),
    channelData: z
      .object({
        tenant: z
          .object({ id: z.string().max(64) })
          .loose()
          .optional(),
        team: z
          .object({ id: z.string().max(256) })
          .loose()
          .optional(),
      })
      .loose()
      .optional(),
  })
  .loose()
  .superRefine((a, ctx) => {
    if ((a.type === 'message' || a.type === 'invoke') && !a.id)
      ctx.addIssue({ code: 'custom', path: ['id'], message: 'required for message and invoke activities' });
    if (a.type === 'invoke' && a.name === ADAPTIVE_CARD_ACTION && !executeValue.safeParse(a.value).success)
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'not a card action of this bot' });
    if (a.type === 'message' && a.value !== undefined && !a.text?.trim() && !cardData.safeParse(a.value).success)
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'not a card action of this bot' });
  });
export type InboundActivity = z.infer<typeof inboundActivity>;

/** The button data of a card action, from an `Action.Execute` invoke or an `Action.Submit` message. */
export function cardActionOf(activity: InboundActivity): CardData | null {
  if (activity.type === 'invoke' && activity.name === ADAPTIVE_CARD_ACTION)
    return executeValue.parse(activity.value).action.data;
  if (activity.type === 'message' && activity.value !== undefined && !activity.text?.trim())
    return cardData.parse(activity.value);
  return null;
}

/** A card field's text: each button's field has its own id so sibling forms never mix. */
export const inputId = (actionId: string) => `input:${actionId}`;

export function inputOf(data: CardData): string | undefined {
  const raw = data[inputId(data.action)] ?? data.input;
  return typeof raw === 'string' && raw.trim() ? raw.trim() : undefined;
}

export function isPersonal(activity: InboundActivity): boolean {
  return (
    activity.conversation.conversationType === 'personal' ||
    (!activity.conversation.conversationType && !activity.conversation.isGroup)
  );
}

/**
 * A Teams channel conversation id names the thread too: `19:…@thread.tacv2;messageid=1700000000000`.
 * The base is the channel, the message id the thread's root post.
 */
export function splitThread(conversationId: string): { channel: string; root?: string } {
  const [channel, ...params] = conversationId.split(';');
  const root = params.map((p) => /^messageid=(.+)$/.exec(p)?.[1]).find(Boolean);
  return { channel, root };
}

export const threadId = (channel: string, root: string) => `${channel};messageid=${root}`;

const ENTITIES: Record<string, string> = {
  '&nbsp;': ' ',
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&apos;': "'",
};

/**
 * The words a person typed: the bot's @mention removed (`<at>Helpdesk</at> claim INC-42`), other
 * mentions kept as plain names (`assign INC-42 <at>Sam Carter</at>`), markup and entities undone.
 */
export function plainText(activity: InboundActivity): string {
  let text = activity.text ?? '';
  for (const entity of activity.entities ?? []) {
    const mentioned = (entity as { mentioned?: { id?: string } }).mentioned;
    const tagged = (entity as { text?: unknown }).text;
    if (entity.type === 'mention' && mentioned?.id === activity.recipient.id && typeof tagged === 'string')
      text = text.split(tagged).join(' ');
  }
  return text
    .replace(/<at>([^<]*)<\/at>/gi, '$1')
    .replace(/<br\s*\/?>|<\/p>/gi, '\n')
    .replace(/<\/?[a-z][^>]*>/gi, '')
    .replace(/&(nbsp|amp|lt|gt|quot|apos|#39);/g, (m) => ENTITIES[m] ?? m)
    .replace(/[ \t]+/g, ' ')
    .trim();
}
