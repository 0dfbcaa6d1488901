import { Schema, Types, type Connection, type Model } from 'mongoose';
import type { Clock } from '../clock';
import { personRefSchema, type PersonRef } from '../people/model';
import type { SlaClaims } from './claims';

export type SlaRequestKind = 'extension' | 'problem';
export type SlaRequestStatus = 'pending' | 'accepted' | 'declined' | 'superseded';

/**
 * A question the desk asked and whose answer comes back as a button click: "accept a longer
 * deadline?" to the requester, "open a problem record?" to the agents. The button carries only the
 * request id; who may answer and what the answer does are decided from this record, so a forged
 * or replayed click changes nothing.
 */
export interface SlaRequest {
  _id: Types.ObjectId;
  kind: SlaRequestKind;
  ticket: string;
  status: SlaRequestStatus;
  requestedBy: PersonRef;
  /** Extensions: business minutes asked for, as the agent wrote them and converted. */
  duration?: string;
  minutes?: number;
  reason?: string;
  answeredBy?: PersonRef;
  answeredAt?: Date;
  createdAt: Date;
}

const requestSchema = new Schema<SlaRequest>(
  {
    kind: { type: String, required: true, enum: ['extension', 'problem'] },
    ticket: { type: String, required: true },
    status: { type: String, required: true, enum: ['pending', 'accepted', 'declined', 'superseded'] },
    requestedBy: { type: personRefSchema, required: true },
    duration: String,
    minutes: Number,
    reason: String,
    answeredBy: { type: personRefSchema },
    answeredAt: Date,
    createdAt: { type: Date, required: true },
  },
  { collection: 'sla_requests', versionKey: false },
);
requestSchema.index({ ticket: 1, kind: 1, status: 1 });

export function slaRequestModel(connection: Connection): Model<SlaRequest> {
  return (
    (connection.models.SlaRequest as Model<SlaRequest>) ?? connection.model<SlaRequest>('SlaRequest', requestSchema)
  );
}

export class SlaRequests {
  private readonly model;

  constructor(private readonly deps: { connection: Connection; clock: Clock; claims: SlaClaims }) {
    this.model = slaRequestModel(deps.connection);
  }

  /** A new pending request; an extension replaces the ticket's earlier unanswered one. */
  async create(
    input: Pick<SlaRequest, 'kind' | 'ticket' | 'requestedBy' | 'duration' | 'minutes' | 'reason'>,
  ): Promise<SlaRequest> {
    if (input.kind === 'extension')
      await this.model.updateMany(
        { ticket: input.ticket, kind: 'extension', status: 'pending' },
        { $set: { status: 'superseded' } },
      );
    const doc = await this.model.create({ ...input, status: 'pending', createdAt: this.deps.clock.now() });
    return doc.toObject();
  }

  /** The request a button points at; null for anything that is not one of ours. */
  async find(id: string): Promise<SlaRequest | null> {
    if (!/^[0-9a-f]{24}$/i.test(id)) return null;
    return this.model.findById(new Types.ObjectId(id)).lean<SlaRequest>();
  }

  async pending(ticket: string, kind: SlaRequestKind): Promise<SlaRequest | null> {
    return this.model.findOne({ ticket: String(ticket), kind, status: 'pending' }).lean<SlaRequest>();
  }

  /**
   * Answers a pending request once: null when someone answered first (double click, second
   * process). The answer is claimed by an atomic insert; the status is then recorded for the record.
   */
  async answer(id: Types.ObjectId, status: 'accepted' | 'declined', by: PersonRef): Promise<SlaRequest | null> {
    if (!(await this.deps.claims.claim(`answer:${String(id)}`))) return null;
    const answeredAt = this.deps.clock.now();
    await this.model.updateOne({ _id: id }, { $set: { status, answeredBy: by, answeredAt } });
    return this.model.findById(id).lean<SlaRequest>();
  }
}
