import { Schema, Types, type Connection, type Model } from 'mongoose';
import type { ImpactLevel } from '../../config';
import { claim, claimModel } from '../../db/claims';
import type { Clock } from '../clock';

/**
 * What an employee wrote before the ticket exists (while we ask impact/urgency or show an
 * article). Stored at once so nothing the user sent is lost between two clicks.
 */
export interface Draft {
  _id: Types.ObjectId;
  personKey: string;
  text: string;
  suggestions: string[];
  impact?: ImpactLevel;
  status: 'open' | 'ticket' | 'deflected';
  ticketNumber?: string;
  createdAt: Date;
}

const draftSchema = new Schema<Draft>(
  {
    personKey: { type: String, required: true },
    text: { type: String, required: true },
    suggestions: { type: [String], default: [] },
    impact: { type: String, enum: ['high', 'medium', 'low'] },
    status: { type: String, required: true, enum: ['open', 'ticket', 'deflected'] },
    ticketNumber: String,
    createdAt: { type: Date, required: true },
  },
  { collection: 'drafts' },
);
draftSchema.index({ personKey: 1, createdAt: -1 });

export function draftModel(connection: Connection): Model<Draft> {
  return (connection.models.Draft as Model<Draft>) ?? connection.model<Draft>('Draft', draftSchema);
}

export class Drafts {
  private readonly model;
  constructor(private readonly deps: { connection: Connection; clock: Clock }) {
    this.model = draftModel(deps.connection);
  }

  async create(personKey: string, text: string, suggestions: string[] = []): Promise<Draft> {
    const doc = await this.model.create({
      personKey,
      text,
      suggestions,
      status: 'open',
      createdAt: this.deps.clock.now(),
    });
    return doc.toObject();
  }

  /** The person's open draft with this id; forged or foreign ids find nothing. */
  async findOpen(personKey: string, id: string): Promise<Draft | null> {
    if (!Types.ObjectId.isValid(id) || String(new Types.ObjectId(id)) !== id) return null;
    return this.model.findOne({ _id: new Types.ObjectId(id), personKey, status: 'open' }).lean<Draft>();
  }

  async setImpact(id: Types.ObjectId, impact: ImpactLevel): Promise<void> {
    await this.model.updateOne({ _id: id, status: 'open' }, { $set: { impact } });
  }

  /**
   * Marks the draft used; false when another click already used it (double clicks open one
   * ticket). The unique claim decides, since a filtered update is not atomic on FerretDB.
   */
  async consume(id: Types.ObjectId, status: 'ticket' | 'deflected'): Promise<boolean> {
    if (!(await claim(this.deps.connection, `draft:${String(id)}`, this.deps.clock.now()))) return false;
    await this.model.updateOne({ _id: id }, { $set: { status } });
    return true;
  }

  /** Gives the draft back when opening the ticket failed, so the next click can retry. */
  async release(id: Types.ObjectId): Promise<void> {
    await this.model.updateOne(
      { _id: id, status: 'ticket', ticketNumber: { $exists: false } },
      { $set: { status: 'open' } },
    );
    await claimModel(this.deps.connection).deleteOne({ _id: `draft:${String(id)}` });
  }

  async attachTicket(id: Types.ObjectId, ticketNumber: string): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { ticketNumber } });
  }
}
