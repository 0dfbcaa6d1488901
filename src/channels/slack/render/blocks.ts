import type { RespondArguments, types } from '@slack/bolt';
import type { ActionButton, OutboundMessage } from '../../../core/notify';
import type { Block } from '../api';
import { clip, toSlack } from '../text';

/** Block Kit limits we render within. */
const SECTION_TEXT_MAX = 3000;
const CONTEXT_ELEMENTS_MAX = 10;
const ACTIONS_ELEMENTS_MAX = 25;
const BUTTON_LABEL_MAX = 75;
const FALLBACK_TEXT_MAX = 3000;

export interface RenderedMessage {
  /** Notification and accessibility text. */
  text: string;
  blocks: Block[];
}

export const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
export const plain = (text: string, max = 150) => ({ type: 'plain_text', text: clip(text, max), emoji: true });

export function section(text: string): Block {
  return { type: 'section', text: mrkdwn(clip(text, SECTION_TEXT_MAX)) };
}

export function context(lines: string[]): Block {
  return { type: 'context', elements: lines.slice(0, CONTEXT_ELEMENTS_MAX).map((line) => mrkdwn(clip(line, 2000))) };
}

/** Long text in as many sections as needed, cut on line breaks where possible. */
function sections(text: string): Block[] {
  const blocks: Block[] = [];
  let rest = text;
  while (rest.length > SECTION_TEXT_MAX) {
    const cut = rest.lastIndexOf('\n', SECTION_TEXT_MAX);
    const at = cut > SECTION_TEXT_MAX / 2 ? cut : SECTION_TEXT_MAX;
    blocks.push(section(rest.slice(0, at)));
    rest = rest.slice(at).replace(/^\n/, '');
  }
  if (rest.trim()) blocks.push(section(rest));
  return blocks;
}

/**
 * A button carries our action id and value unchanged. Slack wants action ids unique within a
 * block, and a question offers several buttons with one id (impact high / medium / low): the
 * second and later ones get a `#n` suffix that `actionIdOf` removes on the way back.
 */
export function button(action: ActionButton, actionId = action.id): Block {
  return {
    type: 'button',
    action_id: actionId,
    text: plain(action.label, BUTTON_LABEL_MAX),
    value: action.value,
    ...(action.style ? { style: action.style } : {}),
  };
}

export function actionBlocks(actions: ActionButton[]): Block[] {
  const blocks: Block[] = [];
  for (let i = 0; i < actions.length; i += ACTIONS_ELEMENTS_MAX) {
    const seen = new Map<string, number>();
    const elements = actions.slice(i, i + ACTIONS_ELEMENTS_MAX).map((action) => {
      const n = (seen.get(action.id) ?? 0) + 1;
      seen.set(action.id, n);
      return button(action, n === 1 ? action.id : `${action.id}#${n}`);
    });
    blocks.push({ type: 'actions', elements });
  }
  return blocks;
}

export function actionIdOf(slackActionId: string): string {
  return slackActionId.replace(/#\d+$/, '');
}

/** A core message as Block Kit: its text, its card's lines, its buttons, an optional hint. */
export function renderMessage(message: OutboundMessage, hint?: string): RenderedMessage {
  const text = toSlack(message.text);
  const blocks: Block[] = sections(text);
  if (message.card?.lines.length) blocks.push(context(message.card.lines.map(toSlack)));
  if (message.actions?.length) blocks.push(...actionBlocks(message.actions));
  if (hint) blocks.push(context([toSlack(hint)]));
  return { text: clip(text, FALLBACK_TEXT_MAX), blocks };
}

/** The clicked message once answered: its buttons replaced by the choice, so it cannot be clicked twice. */
export function answered(blocks: Block[], choice: string): Block[] {
  return [...blocks.filter((b) => b.type !== 'actions'), context([toSlack(choice)])];
}

/** One ephemeral answer made of several replies (a slash command or a response_url answers once). */
export function ephemeralAnswer(replies: OutboundMessage[]): RespondArguments {
  const rendered = replies.map((reply) => renderMessage(reply));
  return {
    response_type: 'ephemeral',
    text: clip(rendered.map((r) => r.text).join('\n\n'), FALLBACK_TEXT_MAX),
    // Our blocks are plain JSON (see api.ts); Bolt types them.
    blocks: rendered.flatMap((r) => r.blocks).slice(0, 50) as unknown as types.KnownBlock[],
  };
}
