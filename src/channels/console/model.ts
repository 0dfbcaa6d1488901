import { Schema, type Connection, type Model } from 'mongoose';
import type { ActionButton, TicketCard } from '../../core/notify';

/** One line of the local web chat. Rooms: `dm:<persona>` and `agents`. */
export interface ConsoleMessage {
  room: string;
  /** `bot` or a persona key. */
  author: string;
  authorName: string;
  text: string;
  actions: ActionButton[];
  card?: TicketCard;
  ticketNumber?: string;
  /** Stable key for posts updated in place (the agents' ticket post). */
  key?: string;
  createdAt: Date;
  updatedAt: Date;
  /** Order of first posting and of last change: the page polls with `since=<stamp>`. */
  order: number;
  stamp: number;
}

const schema = new Schema<ConsoleMessage>(
  {
    room: { type: String, required: true },
    author: { type: String, required: true },
    authorName: { type: String, required: true },
    text: { type: String, required: true },
    actions: { type: Schema.Types.Mixed, default: [] },
    card: Schema.Types.Mixed,
    ticketNumber: String,
    key: String,
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    order: { type: Number, required: true },
    stamp: { type: Number, required: true },
  },
  { collection: 'console_messages', minimize: false },
);
schema.index({ room: 1, stamp: 1 });
schema.index({ key: 1 }, { sparse: true });

export function consoleMessageModel(connection: Connection): Model<ConsoleMessage> {
  return (
    (connection.models.ConsoleMessage as Model<ConsoleMessage>) ??
    connection.model<ConsoleMessage>('ConsoleMessage', schema)
  );
}
