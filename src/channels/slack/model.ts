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
// Thread replies name their root by (channel, thread_ts, and the kind of post): this finds the ticket.
postSchema.index({ channel: 1, ts: 1, place: 1 });
postSchema.index({ ticket: 1 });

export function slackPostModel(connection: Connection): Model<SlackPost> {
  return (connection.models.SlackPost as Model<SlackPost>) ?? connection.model<SlackPost>('SlackPost', postSchema);
}
