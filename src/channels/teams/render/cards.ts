import type { Activity } from 'botbuilder';
import type { ImpactLevel } from '../../../config';
import type { ActionButton, OutboundMessage, TicketCard } from '../../../core/notify';
import type { Translate } from '../../../i18n';
import { inputId } from '../activity';
import { linesOf, summaryOf, toTeamsMarkdown, toTeamsText } from './text';

export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
const CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
// Action.Execute (Universal Actions) needs 1.4; Teams renders 1.4 on every client.
const CARD_VERSION = '1.4';

/** Teams-only buttons: the "new" form and the reply box under a ticket message. */
export const NEW_TICKET_ACTION = 'teams.new';
export const REPLY_ACTION = 'teams.reply';

/** Buttons that need a few words typed with them open a small form under the card. */
const INPUT_LABELS: Record<string, string> = {
  'ticket.assign': 'teams.input.assign',
  'ticket.escalate': 'teams.input.escalate',
  'ticket.resolve': 'teams.input.resolve',
  [REPLY_ACTION]: 'teams.input.reply',
};

const PRIORITY_STYLE: Record<string, string> = { P1: 'attention', P2: 'warning', P3: 'accent', P4: 'emphasis' };

export type CardElement = Record<string, unknown>;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema?: string;
  version: string;
  body: CardElement[];
  actions?: CardElement[];
  msteams?: { width: 'Full' };
}

export interface RenderOptions {
  /** Translates the Teams-only labels (form fields, the reply box) for the reader. */
  t: Translate;
  /** Offer a reply box under messages about a ticket (the requester's personal chat). */
  replyable?: boolean;
}

function card(body: CardElement[], actions: CardElement[] = []): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: CARD_SCHEMA,
    version: CARD_VERSION,
    body,
    ...(actions.length ? { actions } : {}),
    msteams: { width: 'Full' },
  };
}

const textBlock = (text: string, extra: CardElement = {}): CardElement => ({
  type: 'TextBlock',
  text,
  wrap: true,
  ...extra,
});

/** The message text; quoted lines (what a person wrote) in a shaded box, as quotes have no markdown here. */
function textBlocks(text: string): CardElement[] {
  const blocks: CardElement[] = [];
  let quote: string[] = [];
  const flush = () => {
    if (quote.length)
      blocks.push({
        type: 'Container',
        style: 'emphasis',
        spacing: 'small',
        items: quote.map((q) => textBlock(q, { spacing: 'none' })),
      });
    quote = [];
  };
  for (const line of linesOf(text)) {
    if (line.quote) quote.push(line.text);
    else {
      flush();
      blocks.push(textBlock(line.text, blocks.length ? { spacing: 'small' } : {}));
    }
  }
  flush();
  return blocks;
}

function ticketBlock(ticket: TicketCard): CardElement {
  return {
    type: 'Container',
    style: PRIORITY_STYLE[ticket.priority] ?? 'emphasis',
    spacing: 'medium',
    items: [
      textBlock(toTeamsMarkdown(ticket.title), { weight: 'bolder' }),
      ...ticket.lines.map((line) =>
        textBlock(toTeamsMarkdown(line), { isSubtle: true, size: 'small', spacing: 'none' }),
      ),
    ],
  };
}

/**
 * A button carries our action id and value, plus its label and the question it answers, so the
 * clicked card can be replaced by "question ✔ answer" (Teams does not send the card back).
 */
function button(action: ActionButton, t: Translate, prompt: string): CardElement {
  const style =
    action.style === 'primary' ? { style: 'positive' } : action.style === 'danger' ? { style: 'destructive' } : {};
  const data = { action: action.id, value: action.value, label: action.label, prompt };
  const execute = (title: string) => ({ type: 'Action.Execute', title, verb: action.id, data, ...style });
  const label = INPUT_LABELS[action.id];
  if (!label) return execute(action.label);
  const field = {
    type: 'Input.Text',
    id: inputId(action.id),
    label: t(label),
    isRequired: true,
    errorMessage: t('teams.input.required'),
    isMultiline: action.id !== 'ticket.assign',
    maxLength: 4000,
  };
  return {
    type: 'Action.ShowCard',
    title: action.label,
    card: { type: 'AdaptiveCard', body: [field], actions: [execute(t('teams.input.submit'))] },
  };
}

/** A core message as an Adaptive Card: its text, its ticket's card, its buttons. */
export function messageCard(message: OutboundMessage, options: RenderOptions): AdaptiveCard {
  const actions = [...(message.actions ?? [])];
  if (options.replyable && message.ticketNumber)
    actions.push({ id: REPLY_ACTION, label: options.t('teams.actions.reply'), value: message.ticketNumber });
  return card(
    [...textBlocks(message.text), ...(message.card ? [ticketBlock(message.card)] : [])],
    actions.map((a) => button(a, options.t, summaryOf(message.text))),
  );
}

/** A card with nothing but text. */
export function textCard(text: string): AdaptiveCard {
  return card(textBlocks(text));
}

/** A question once answered: its buttons gone (it cannot be clicked twice), the choice shown. */
export function answeredCard(prompt: string, answer: string): AdaptiveCard {
  return card([
    ...(prompt ? [textBlock(prompt)] : []),
    textBlock(`✔ ${answer}`, { weight: 'bolder', color: 'good', spacing: 'small' }),
  ]);
}

export function cardActivity(content: AdaptiveCard, summary?: string): Partial<Activity> {
  return {
    type: 'message',
    ...(summary ? { summary } : {}),
    attachments: [{ contentType: CARD_CONTENT_TYPE, content }],
  };
}

/** A core message as a Teams message: plain markdown text, or a card when there is more than text. */
export function toActivity(message: OutboundMessage, options: RenderOptions): Partial<Activity> {
  const needsCard = Boolean(message.card || message.actions?.length || (options.replyable && message.ticketNumber));
  if (!needsCard) return { type: 'message', text: toTeamsText(message.text), textFormat: 'markdown' };
  return cardActivity(messageCard(message, options), summaryOf(message.text));
}

const LEVELS: ImpactLevel[] = ['high', 'medium', 'low'];

/** The `new` command: the whole request in one form (type, description, impact, urgency). */
export function newTicketForm(t: Translate): AdaptiveCard {
  const choices = (kind: 'impact' | 'urgency') =>
    LEVELS.map((level) => ({ title: t(`intake.${kind}.${level}`), value: level }));
  return card(
    [
      textBlock(t('teams.form.title'), { weight: 'bolder', size: 'medium' }),
      {
        type: 'Input.ChoiceSet',
        id: 'type',
        label: t('teams.form.type'),
        style: 'expanded',
        value: 'incident',
        choices: [
          { title: t('teams.form.incident'), value: 'incident' },
          { title: t('teams.form.request'), value: 'request' },
        ],
      },
      {
        type: 'Input.Text',
        id: 'description',
        label: t('teams.form.description'),
        placeholder: t('teams.form.description_placeholder'),
        isMultiline: true,
        isRequired: true,
        errorMessage: t('teams.form.description_required'),
        maxLength: 4000,
      },
      {
        type: 'Input.ChoiceSet',
        id: 'impact',
        label: t('teams.form.impact'),
        style: 'compact',
        placeholder: t('teams.form.not_sure'),
        choices: choices('impact'),
      },
      {
        type: 'Input.ChoiceSet',
        id: 'urgency',
        label: t('teams.form.urgency'),
        style: 'compact',
        placeholder: t('teams.form.not_sure'),
        choices: choices('urgency'),
      },
    ],
    [
      {
        type: 'Action.Execute',
        title: t('teams.form.submit'),
        verb: NEW_TICKET_ACTION,
        data: { action: NEW_TICKET_ACTION, value: '', label: t('teams.form.submit'), prompt: t('teams.form.title') },
        style: 'positive',
      },
    ],
  );
}
