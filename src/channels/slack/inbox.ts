import type { App, ReceiverEvent } from '@slack/bolt';
import type { Inbound } from '../inbox';
import type { Logger } from '../../observability/logger';
import type { SlackApi } from './api';

type Body = Record<string, unknown>;

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 && value.length <= 200 ? value : undefined;
const field = (value: unknown, key: string): unknown =>
  value && typeof value === 'object' ? (value as Body)[key] : undefined;

/**
 * A Slack delivery's own id, which its redeliveries and replays share: the event id (Events API),
 * the trigger id of a slash command or shortcut, the click's `action_ts` (buttons), the view's id
 * and hash (a form submitted). None for what needs no keeping (option lists, SSL checks).
 */
export function slackDeliveryKey(body: Body): string | undefined {
  const eventId = str(body.event_id);
  if (eventId) return `event:${eventId}`;
  const trigger = str(body.trigger_id);
  if (str(body.command)) return trigger && `command:${trigger}`;
  switch (body.type) {
    case 'block_actions': {
      const action = Array.isArray(body.actions) ? body.actions[0] : undefined;
      const ts = str(field(action, 'action_ts'));
      return (
        ts &&
        `action:${trigger ?? ''}:${ts}:${str(field(body.user, 'id')) ?? ''}:${str(field(action, 'action_id')) ?? ''}`
      );
    }
    case 'view_submission':
    case 'view_closed': {
      if (trigger) return `${body.type}:${trigger}`;
      const view = str(field(body.view, 'id'));
      return view && `${body.type}:${view}:${str(field(body.view, 'hash')) ?? ''}`;
    }
    case 'shortcut':
    case 'message_action':
      return trigger && `shortcut:${trigger}`;
    default:
      return undefined;
  }
}

/** Where a delivery belongs: its channel, else its user (deliveries of one are resumed in order). */
function conversationOf(body: Body): string {
  const event = body.event;
  return (
    str(field(event, 'channel')) ??
    str(body.channel_id) ??
    str(field(body.channel, 'id')) ??
    str(field(body.container, 'channel_id')) ??
    str(field(event, 'user')) ??
    str(body.user_id) ??
    str(field(body.user, 'id')) ??
    'slack'
  );
}

/**
 * Puts the inbox in front of a Bolt app, whatever its receiver (HTTP or Socket Mode): each
 * delivery is kept before Bolt acknowledges it (events are acknowledged as soon as they are
 * handed over; commands and actions when their listener calls `ack`), a redelivery is
 * acknowledged and dropped, and the delivery is settled once Bolt has worked it.
 */
export function keepSlackDeliveries(app: App, inbound: Inbound, deps: RefusalDeps): void {
  const process = app.processEvent.bind(app);
  app.processEvent = async (event: ReceiverEvent) => {
    const key = slackDeliveryKey(event.body);
    if (!key) return process(event);
    const received = await inbound.receive({ key, conversation: conversationOf(event.body), payload: event.body }, () =>
      process(event),
    );
    if (received.kind === 'duplicate') {
      deps.logger.debug({ key, retry: event.retryNum }, 'slack: delivery seen before, dropped');
      await event.ack();
    }
    if (received.kind === 'refused') await refuse(event, deps);
  };
}

interface RefusalDeps {
  logger: Logger;
  api: SlackApi;
  /** What the person is told when nothing could keep the delivery (`errors.db_full`). */
  refusal: string;
}

/**
 * Nothing could keep the delivery (database down, spool full): the person is told to send it
 * again later, in the command's answer, else in the conversation (only to them outside a DM).
 */
async function refuse(event: ReceiverEvent, deps: RefusalDeps): Promise<void> {
  const body = event.body as Body;
  const text = deps.refusal;
  if (str(body.command)) return event.ack({ response_type: 'ephemeral', text });
  await event.ack();
  const channel = conversationOf(body);
  const user = str(field(body.event, 'user')) ?? str(field(body.user, 'id')) ?? str(body.user_id);
  const thread = str(field(body.event, 'thread_ts'));
  await (
    channel.startsWith('D') || !user
      ? deps.api.postMessage({ channel, text, thread_ts: thread })
      : deps.api.postEphemeral({ channel, user, text, thread_ts: thread })
  ).catch((err: Error) => deps.logger.warn({ err: err.message }, 'slack: refusal not delivered'));
}

/**
 * Works a kept delivery again after a restart, through the same listeners. Slack was answered
 * long ago: what a listener would have put in that answer (a command's ephemeral reply) goes to
 * the delivery's `response_url` instead.
 */
export function resumeSlackDelivery(app: App, logger: Logger): (payload: unknown) => Promise<void> {
  const process = app.processEvent.bind(app);
  return async (payload) => {
    const body = payload as Body;
    const responseUrl = str(body.response_url);
    await process({
      body,
      ack: async (response?: unknown) => {
        if (!responseUrl || !response || typeof response !== 'object') return;
        const res = await fetch(responseUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(response),
        }).catch((err: Error) => ({ ok: false, status: err.message }));
        if (!res.ok) logger.warn({ status: res.status }, 'slack: resumed answer not delivered');
      },
    });
  };
}
