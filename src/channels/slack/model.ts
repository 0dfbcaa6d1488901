import { Schema, type Connection, type Model } from 'mongoose';

/**
 * Where a ticket lives in Slack. `_id` names the slot, so claiming one is a plain unique insert
 * (atomic on MongoDB and FerretDB alike):
 * - `agents:<ticket>`: the ticket's post in the agents' channel (updated in place; its thread mirrors the ticket);
 * - `dm:<ticket>:<user>`: the ticket's thread in a person's direct messages with the bot;
 * - `source:<channel>:<ts>`: a channel message a ticket was opened from (reaction, shortcut).
 */
export interface SlackPost {
  _id: string;
  place: 'agents' | 'dm' | 'source';
  ticket?: string;
  channel: string;
  /** Slack message timestamp: the post, or the thread's root. Unset while the post is being sent. */
  ts?: string;
  user?: string;
  /** Ticket revision last rendered in the post: an older rendering never overwrites a newer one. */
  rev?: number;
  createdAt: Date;
}

const postSchema = new Schema<SlackPost>(
  {
    _id: { type: String, required: true },
    place: { type: String, required: true, enum: ['agents', 'dm', 'source'] },
    ticket: String,
    channel: { type: String, required: true },
    ts: String,
    user: String,
    rev: Number,
    createdAt: { type: Date, required: true },
  },
  { collection: 'slack_posts', versionKey: false },
);
// Thread replies name their root by (channel, thread_ts): this finds the ticket.
postSchema.index({ channel: 1, ts: 1 });
postSchema.index({ ticket: 1 });

/** One Events API delivery, kept a day so Slack's retries (X-Slack-Retry-Num) are recognised. */
export interface SlackEventReceipt {
  eventId: string;
  receivedAt: Date;
}

export const EVENT_RECEIPT_TTL_SECONDS = 24 * 3600;

const receiptSchema = new Schema<SlackEventReceipt>(
  {
    eventId: { type: String, required: true },
    receivedAt: { type: Date, required: true },
  },
  { collection: 'slack_events', versionKey: false },
);
receiptSchema.index({ eventId: 1 }, { unique: true });
// The expiry (TTL) index is created by EventReceipts: FerretDB 1.x has none, receipts are pruned there.

export function slackPostModel(connection: Connection): Model<SlackPost> {
  return (connection.models.SlackPost as Model<SlackPost>) ?? connection.model<SlackPost>('SlackPost', postSchema);
}

export function slackEventReceiptModel(connection: Connection): Model<SlackEventReceipt> {
  return (
    (connection.models.SlackEventReceipt as Model<SlackEventReceipt>) ??
    connection.model<SlackEventReceipt>('SlackEventReceipt', receiptSchema)
  );
}
