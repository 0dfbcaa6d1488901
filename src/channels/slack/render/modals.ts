import type { ImpactLevel, Policy } from '../../../config';
import { TICKET_TYPES } from '../../../core/tickets/model';
import type { Translate } from '../../../i18n';
import type { Block, View } from '../api';
import { VIEWS } from '../capabilities';
import type { NewTicketMeta, TicketFormMeta } from '../schemas';
import { toSlack } from '../text';
import { context, plain } from './blocks';

/** Slack caps modal titles and buttons at 24 characters, plain-text inputs at 3000. */
const TITLE_MAX = 24;
export const INPUT_MAX = 3000;
export const TITLE_FIELD_MAX = 200;
export const REASON_MAX = 1000;
const LEVELS: ImpactLevel[] = ['high', 'medium', 'low'];

const option = (text: string, value: string) => ({ text: plain(text, 75), value });

function input(block: string, label: string, element: Block, optional = false): Block {
  return {
    type: 'input',
    block_id: block,
    label: plain(label, 2000),
    optional,
    element: { action_id: 'value', ...element },
  };
}

function select(options: { text: unknown; value: string }[], initial?: string): Block {
  const chosen = options.find((o) => o.value === initial);
  return { type: 'static_select', options, ...(chosen ? { initial_option: chosen } : {}) };
}

function text(max: number, extra: { multiline?: boolean; placeholder?: string; initial?: string } = {}): Block {
  return {
    type: 'plain_text_input',
    max_length: max,
    multiline: extra.multiline ?? false,
    ...(extra.placeholder ? { placeholder: plain(extra.placeholder) } : {}),
    ...(extra.initial ? { initial_value: extra.initial.slice(0, max) } : {}),
  };
}

function modal(callbackId: string, title: string, submit: string, t: Translate, meta: object, blocks: Block[]): View {
  return {
    type: 'modal',
    callback_id: callbackId,
    private_metadata: JSON.stringify(meta),
    title: plain(title, TITLE_MAX),
    submit: plain(submit, TITLE_MAX),
    close: plain(t('slack.modal.cancel'), TITLE_MAX),
    blocks,
  };
}

/** `/helpdesk new`, the App Home button and the message shortcut: type, title, description, impact, urgency. */
export function newTicketModal(
  t: Translate,
  policy: Policy,
  meta: NewTicketMeta,
  prefill: { description?: string } = {},
): View {
  return modal(VIEWS.newTicket, t('slack.modal.new_title'), t('slack.modal.submit_new'), t, meta, [
    ...(meta.requester
      ? [context([toSlack(t('slack.modal.requester', { requester: `@slack:${meta.requester}` }))])]
      : []),
    input(
      'type',
      t('slack.modal.type'),
      select(
        TICKET_TYPES.map((type) => option(t(`common.type.${type}`), type)),
        'incident',
      ),
    ),
    input('title', t('slack.modal.title'), text(TITLE_FIELD_MAX, { placeholder: t('slack.modal.title_placeholder') })),
    input(
      'description',
      t('slack.modal.description'),
      text(Math.min(INPUT_MAX, policy.limits.maxMessageLength), {
        multiline: true,
        placeholder: t('slack.modal.description_placeholder'),
        initial: prefill.description,
      }),
    ),
    input(
      'impact',
      t('slack.modal.impact'),
      select(
        LEVELS.map((l) => option(t(`intake.impact.${l}`), l)),
        policy.defaults.impact,
      ),
    ),
    input(
      'urgency',
      t('slack.modal.urgency'),
      select(
        LEVELS.map((l) => option(t(`intake.urgency.${l}`), l)),
        policy.defaults.urgency,
      ),
    ),
  ]);
}

export function assignModal(t: Translate, meta: TicketFormMeta): View {
  return modal(VIEWS.assign, t('slack.modal.assign_title', { number: meta.ticket }), t('actions.assign'), t, meta, [
    input('assignee', t('slack.modal.assignee'), { type: 'users_select' }),
  ]);
}

export function escalateModal(t: Translate, meta: TicketFormMeta): View {
  const levels = [option(t('slack.modal.level_next'), 'next'), option('L2', 'L2'), option('L3', 'L3')];
  return modal(
    VIEWS.escalate,
    t('slack.modal.escalate_title', { number: meta.ticket }),
    t('actions.escalate'),
    t,
    meta,
    [
      input('level', t('slack.modal.level'), select(levels, 'next')),
      input('reason', t('slack.modal.reason'), text(REASON_MAX, { multiline: true })),
    ],
  );
}

export function resolveModal(t: Translate, policy: Policy, meta: TicketFormMeta): View {
  return modal(VIEWS.resolve, t('slack.modal.resolve_title', { number: meta.ticket }), t('actions.resolve'), t, meta, [
    input(
      'resolution',
      t('slack.modal.resolution'),
      text(Math.min(INPUT_MAX, policy.limits.maxMessageLength), { multiline: true }),
    ),
  ]);
}
