import type { App, RespondFn } from '@slack/bolt';
import { DomainError } from '../../../core/errors';
import type { OutboundMessage } from '../../../core/notify';
import { isAgent, type Actor } from '../../../core/people';
import { translator } from '../../../i18n';
import { FORM_ACTIONS } from '../capabilities';
import { withActor, type SlackContext } from '../context';
import { isDirectChannel } from '../messenger';
import { actionIdOf, answered, ephemeralAnswer } from '../render/blocks';
import { assignModal, escalateModal, newTicketModal, resolveModal } from '../render/modals';
import { blockActions, ticketFormMeta, type BlockActions } from '../schemas';
import { publishHome } from './home';

const AGENT_FORMS: Record<string, 'assign' | 'escalate' | 'resolve'> = {
  [FORM_ACTIONS.assign]: 'assign',
  [FORM_ACTIONS.escalate]: 'escalate',
  [FORM_ACTIONS.resolve]: 'resolve',
};

/**
 * Buttons (block_actions). The action id and value are ours: they go to `assistant.handleAction`
 * unchanged, except the few that need a form first (new ticket, assign, escalate, resolve), which
 * open a modal whose submission runs the same verb. Acknowledged first, then worked.
 */
export function registerActions(app: App, ctx: SlackContext): void {
  app.action(/.+/, async ({ ack, body, respond }) => {
    await ack();
    const parsed = blockActions.safeParse(body);
    if (!parsed.success)
      return ctx.logger.warn({ issues: parsed.error.issues.length }, 'slack: block_actions payload ignored');
    const b = parsed.data;
    const action = b.actions[0];
    if (action.url) return; // a link button: Slack opened the page, there is nothing to do
    const id = actionIdOf(action.action_id);
    const value = action.value ?? action.selected_option?.value ?? '';
    const user = b.user.id;
    await withActor(
      ctx,
      user,
      async (actor) => {
        if (id === FORM_ACTIONS.newTicket && b.trigger_id) {
          const t = translator(actor.person.locale);
          return ctx.api.openView(b.trigger_id, newTicketModal(t, ctx.policy, { locale: actor.person.locale }));
        }
        const form = AGENT_FORMS[id];
        if (form && b.trigger_id) return openAgentForm(ctx, b, actor, form, value, respond);
        const replies = await ctx.assistant.handleAction({
          actor,
          id,
          value,
          room: b.channel?.id ?? b.container.channel_id,
        });
        await deliver(ctx, b, actor, replies, respond, action.text?.text);
      },
      (replies) => deliver(ctx, b, undefined, replies, respond),
    );
  });
}

async function openAgentForm(
  ctx: SlackContext,
  b: BlockActions,
  actor: Actor,
  form: 'assign' | 'escalate' | 'resolve',
  value: string,
  respond: RespondFn | undefined,
): Promise<void> {
  if (!isAgent(actor.person))
    return deliver(
      ctx,
      b,
      actor,
      ctx.assistant.explain(actor, new DomainError('forbidden_agent', { verb: form })),
      respond,
    );
  const meta = ticketFormMeta.safeParse({
    locale: actor.person.locale,
    ticket: value,
    channel: b.channel?.id ?? b.container.channel_id,
    threadTs: b.message?.thread_ts ?? b.message?.ts,
  });
  if (!meta.success)
    return deliver(
      ctx,
      b,
      actor,
      ctx.assistant.explain(actor, new DomainError('ticket.invalid_number', { number: value })),
      respond,
    );
  const t = translator(actor.person.locale);
  const view =
    form === 'assign'
      ? assignModal(t, meta.data)
      : form === 'escalate'
        ? escalateModal(t, meta.data)
        : resolveModal(t, ctx.policy, meta.data);
  await ctx.api.openView(b.trigger_id!, view);
}

/**
 * Answers a click where it happened: the Home tab's in the DM; an ephemeral message's through its
 * response_url; the agents' channel's ephemerally; a DM or a mention thread's in that conversation,
 * after the clicked question shows the choice instead of its buttons.
 */
async function deliver(
  ctx: SlackContext,
  b: BlockActions,
  actor: Actor | undefined,
  replies: OutboundMessage[],
  respond: RespondFn | undefined,
  choice?: string,
): Promise<void> {
  const user = b.user.id;
  const locale = actor?.person.locale ?? ctx.policy.locale.default;
  const channel = b.channel?.id ?? b.container.channel_id;
  if (b.container.type === 'view' || !channel) {
    await ctx.messenger.toDirect(await ctx.messenger.dmChannel(user), user, replies, { locale });
    if (b.container.type === 'view' && actor) await publishHome(ctx, user);
    return;
  }
  if (b.container.is_ephemeral && respond) {
    for (const reply of replies) await respond({ ...ephemeralAnswer([reply]), replace_original: false });
    return;
  }
  const message = b.message;
  if (channel === ctx.agentsChannel || !message)
    return ctx.messenger.ephemeral(channel, user, replies, message?.thread_ts);
  if (choice && actor && message.blocks.some((block) => block.type === 'actions')) {
    const t = translator(locale);
    await ctx.api.update({
      channel,
      ts: message.ts,
      text: message.text,
      blocks: answered(message.blocks, t('slack.chosen', { label: choice })),
    });
  }
  if (isDirectChannel(channel))
    await ctx.messenger.toDirect(channel, user, replies, { locale, threadTs: message.thread_ts });
  else await ctx.messenger.toThread(channel, message.thread_ts ?? message.ts, replies);
}
