import { Schema, type Connection, type Model } from 'mongoose';

/** The part of a Bot Framework conversation reference needed to write into a conversation later. */
export interface StoredReference {
  serviceUrl: string;
  channelId: string;
  conversation: { id: string; conversationType?: string; tenantId?: string; isGroup?: boolean };
  bot: { id: string; name?: string };
  user?: { id: string; name?: string; aadObjectId?: string };
  locale?: string;
}

/**
 * Where the bot can write again, stored at install or first contact so proactive messages work
 * after a restart and from any process. `_id`:
 * - `person:<person key>`: the person's personal chat with the bot;
 * - `channel:<channel id>`: a team channel (the thread part of the id is dropped).
 */
export interface TeamsConversation {
  _id: string;
  kind: 'person' | 'channel';
  reference: StoredReference;
  tenantId?: string;
  teamId?: string;
  updatedAt: Date;
}

const conversationSchema = new Schema<TeamsConversation>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true, enum: ['person', 'channel'] },
    reference: { type: Schema.Types.Mixed, required: true },
    tenantId: String,
    teamId: String,
    updatedAt: { type: Date, required: true },
  },
  { collection: 'teams_conversations', versionKey: false, minimize: false },
);
conversationSchema.index({ kind: 1, updatedAt: -1 });

/**
 * A ticket's card in the agents' channel. `_id` is `agents:<ticket>`, so creating it is a plain
 * unique insert (atomic on MongoDB and FerretDB): one card per ticket whatever the concurrency.
 */
export interface TeamsPost {
  _id: string;
  ticket: string;
  /** The channel (no thread part). */
  conversationId: string;
  /** The card's activity id, root of the ticket's thread. Unset while the card is being posted. */
  activityId?: string;
  /** Ticket revision shown by the card: an older rendering never overwrites a newer one. */
  rev?: number;
  createdAt: Date;
}

const postSchema = new Schema<TeamsPost>(
  {
    _id: { type: String, required: true },
    ticket: { type: String, required: true },
    conversationId: { type: String, required: true },
    activityId: String,
    rev: Number,
    createdAt: { type: Date, required: true },
  },
  { collection: 'teams_posts', versionKey: false },
);
// A reply in a thread names its root by (channel, message id): this finds the ticket.
postSchema.index({ conversationId: 1, activityId: 1 });

export function teamsConversationModel(connection: Connection): Model<TeamsConversation> {
  return (
    (connection.models.TeamsConversation as Model<TeamsConversation>) ??
    connection.model<TeamsConversation>('TeamsConversation', conversationSchema)
  );
}

export function teamsPostModel(connection: Connection): Model<TeamsPost> {
  return (connection.models.TeamsPost as Model<TeamsPost>) ?? connection.model<TeamsPost>('TeamsPost', postSchema);
}
