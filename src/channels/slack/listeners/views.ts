import type { App } from '@slack/bolt';
import { z } from 'zod';
import { impactLevelSchema, type Policy } from '../../../config';
import type { OutboundMessage } from '../../../core/notify';
import { TICKET_TYPES } from '../../../core/tickets';
import { translator, type Translate } from '../../../i18n';
import { FORM_ACTIONS, VIEWS } from '../capabilities';
import { withActor, type SlackContext } from '../context';
import { isDirectChannel } from '../messenger';
import { INPUT_MAX, REASON_MAX, TITLE_FIELD_MAX } from '../render/modals';
import {
  fieldValue,
  newTicketMeta,
  parseMeta,
  SLACK_USER_ID,
  ticketFormMeta,
  viewSubmission,
  type ViewState,
} from '../schemas';
import { openForAuthor } from './reactions';

const TEXT_FIELDS = new Set(['title', 'description', 'reason', 'resolution']);

const newTicketForm = (policy: Policy) =>
  z.object({
    type: z.enum(TICKET_TYPES),
    title: z.string().trim().min(1).max(TITLE_FIELD_MAX),
    description: z.string().trim().min(1).max(Math.min(INPUT_MAX, policy.limits.maxMessageLength)),
    impact: impactLevelSchema,
    urgency: impactLevelSchema,
  });

const assignForm = z.object({ assignee: z.string().regex(SLACK_USER_ID) });
const escalateForm = z.object({
  level: z.enum(['next', 'L2', 'L3']),
  reason: z.string().trim().min(1).max(REASON_MAX),
});
const resolveForm = (policy: Policy) =>
  z.object({ resolution: z.string().trim().min(1).max(Math.min(INPUT_MAX, policy.limits.maxMessageLength)) });

/** Field errors in the person's language, shown by Slack under each input (`response_action: errors`). */
export function formErrors(t: Translate, error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const block = String(issue.path[0] ?? '');
    if (!block || errors[block]) continue;
    if (issue.code === 'too_big') errors[block] = t('slack.modal.errors.too_long', { max: Number(issue.maximum) });
    else errors[block] = TEXT_FIELDS.has(block) ? t('slack.modal.errors.required') : t('slack.modal.errors.choice');
  }
  return errors;
}

function read(state: ViewState, fields: string[]): Record<string, string | undefined> {
  return Object.fromEntries(fields.map((field) => [field, fieldValue(state, field)]));
}

/**
 * Modal submissions. Fields are validated before the acknowledgement, so a bad one is shown in
 * the form; then the modal closes and the work (the same core calls as the commands) happens.
 */
export function registerViews(app: App, ctx: SlackContext): void {
  app.view(VIEWS.newTicket, async ({ ack, body }) => {
    const parsed = viewSubmission.safeParse(body);
    const meta = parsed.success ? parseMeta(newTicketMeta, parsed.data.view.private_metadata) : null;
    if (!parsed.success || !meta) return ack();
    const t = translator(meta.locale);
    const user = parsed.data.user.id;
    const form = newTicketForm(ctx.policy).safeParse(
      read(parsed.data.view.state.values, ['type', 'title', 'description', 'impact', 'urgency']),
    );
    if (!form.success) return ack({ response_action: 'errors', errors: formErrors(t, form.error) });
    if (meta.source) {
      const existing = await ctx.posts.claimSource(meta.source.channel, meta.source.ts);
      if (existing)
        return ack({
          response_action: 'errors',
          errors: { description: t('slack.reaction.already', { number: existing.ticket ?? '…' }) },
        });
    }
    await ack();

    const tellUser = async (replies: OutboundMessage[]) =>
      ctx.messenger.toDirect(await ctx.messenger.dmChannel(user), user, replies, { locale: meta.locale });
    await withActor(
      ctx,
      user,
      async (actor) => {
        if (!meta.source) return tellUser(await ctx.assistant.openTicket({ actor, ...form.data }));
        try {
          const { ticket, requester } = await openForAuthor(ctx, actor, meta.requester ?? user, form.data, meta.source);
          const reporterT = translator(actor.person.locale);
          if (requester.key !== actor.person.key)
            await tellUser([
              { text: reporterT('ticket.opened_for', { number: ticket.number, requester: requester.name }) },
            ]);
        } catch (err) {
          await ctx.posts.releaseSource(meta.source.channel, meta.source.ts).catch(() => undefined);
          throw err;
        }
      },
      tellUser,
    );
  });

  /** Assign / escalate / resolve: the button's action, now with the words it needed. */
  const agentForm = (
    callbackId: string,
    actionId: string,
    fields: string[],
    schema: (policy: Policy) => z.ZodType<Record<string, string>>,
    input: (values: Record<string, string>) => string,
  ) =>
    app.view(callbackId, async ({ ack, body }) => {
      const parsed = viewSubmission.safeParse(body);
      const meta = parsed.success ? parseMeta(ticketFormMeta, parsed.data.view.private_metadata) : null;
      if (!parsed.success || !meta) return ack();
      const form = schema(ctx.policy).safeParse(read(parsed.data.view.state.values, fields));
      if (!form.success)
        return ack({ response_action: 'errors', errors: formErrors(translator(meta.locale), form.error) });
      await ack();
      const user = parsed.data.user.id;
      const tell = async (replies: OutboundMessage[]) =>
        meta.channel && !isDirectChannel(meta.channel)
          ? ctx.messenger.ephemeral(meta.channel, user, replies, meta.threadTs)
          : ctx.messenger.toDirect(await ctx.messenger.dmChannel(user), user, replies, { locale: meta.locale });
      await withActor(
        ctx,
        user,
        async (actor) => {
          if (form.data.assignee) await ctx.identity.person(form.data.assignee);
          await tell(
            await ctx.assistant.handleAction({
              actor,
              id: actionId,
              value: meta.ticket,
              input: input(form.data),
              room: meta.channel,
            }),
          );
        },
        tell,
      );
    });

  agentForm(
    VIEWS.assign,
    FORM_ACTIONS.assign,
    ['assignee'],
    () => assignForm,
    (v) => `@slack:${v.assignee}`,
  );
  agentForm(
    VIEWS.escalate,
    FORM_ACTIONS.escalate,
    ['level', 'reason'],
    () => escalateForm,
    (v) => (v.level === 'next' ? v.reason : `${v.level} ${v.reason}`),
  );
  agentForm(VIEWS.resolve, FORM_ACTIONS.resolve, ['resolution'], resolveForm, (v) => v.resolution);
}
