import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { personRefSchema, type PersonRef } from '../people/model';

/**
 * Life of a CSAT poll (one per ticket):
 * scheduled → sent → answered; scheduled|sent → cancelled (ticket reopened or cancelled first);
 * scheduled → skipped (sampling at resolve, cool-down at send); scheduled|sent → expired;
 * scheduled → undelivered (the requester's platform kept refusing the message).
 */
export const CSAT_STATUSES = [
  'scheduled',
  'sent',
  'answered',
  'cancelled',
  'skipped',
  'expired',
  'undelivered',
] as const;
export type CsatStatus = (typeof CSAT_STATUSES)[number];

export interface CsatSurvey {
  _id: Types.ObjectId;
  /** Unique: one survey, hence one answer, per ticket. */
  ticketNumber: string;
  requester: PersonRef;
  /** Denormalised from the ticket at resolve time so results group without a join. */
  team: string;
  agent?: PersonRef;
  category?: string;
  status: CsatStatus;
  skipReason?: 'sampling' | 'cooldown';
  cancelReason?: string;
  resolvedAt: Date;
  /** When the poll is due to be sent (also the lease of a sweep working on it). */
  dueAt?: Date;
  remindAt?: Date;
  expiresAt: Date;
  attempts: number;
  sentAt?: Date;
  remindedAt?: Date;
  score?: number;
  firstAnsweredAt?: Date;
  answeredAt?: Date;
  /** How many times the requester changed their score after the first answer. */
  changes: number;
  comment?: string;
  commentAt?: Date;
  /** The next direct message of the requester before this instant is taken as the comment. */
  commentUntil?: Date;
  leadAlertedAt?: Date;
  createdAt: Date;
}

const csatSchema = new Schema<CsatSurvey>(
  {
    ticketNumber: { type: String, required: true },
    requester: { type: personRefSchema, required: true },
    team: { type: String, required: true },
    agent: { type: personRefSchema },
    category: String,
    status: { type: String, required: true, enum: CSAT_STATUSES },
    skipReason: String,
    cancelReason: String,
    resolvedAt: { type: Date, required: true },
    dueAt: Date,
    remindAt: Date,
    expiresAt: { type: Date, required: true },
    attempts: { type: Number, default: 0 },
    sentAt: Date,
    remindedAt: Date,
    score: { type: Number, min: 1, max: 5 },
    firstAnsweredAt: Date,
    answeredAt: Date,
    changes: { type: Number, default: 0 },
    comment: String,
    commentAt: Date,
    commentUntil: Date,
    leadAlertedAt: Date,
    createdAt: { type: Date, required: true },
  },
  { collection: 'csat_surveys', minimize: false },
);
csatSchema.index({ ticketNumber: 1 }, { unique: true });
csatSchema.index({ status: 1, dueAt: 1 });
csatSchema.index({ status: 1, remindAt: 1 });
csatSchema.index({ status: 1, expiresAt: 1 });
csatSchema.index({ 'requester.key': 1, commentUntil: 1 });
csatSchema.index({ sentAt: 1 });
// Results list a period's comments newest first.
csatSchema.index({ commentAt: -1 });

export function csatSurveyModel(connection: Connection): Model<CsatSurvey> {
  return (connection.models.CsatSurvey as Model<CsatSurvey>) ?? connection.model<CsatSurvey>('CsatSurvey', csatSchema);
}

/** Per-person ledger of the last CSAT poll sent (anti-fatigue), changed only under a claimed revision. */
export interface SurveyRecipient {
  key: string;
  lastCsatAt?: Date | null;
  lastCsatSurvey?: string | null;
  /** Revision claimed before every change (see src/db/claims.ts). */
  rev: number;
}

const recipientSchema = new Schema<SurveyRecipient>(
  {
    key: { type: String, required: true },
    lastCsatAt: Date,
    lastCsatSurvey: String,
    rev: { type: Number, default: 0 },
  },
  { collection: 'survey_recipients', versionKey: false },
);
recipientSchema.index({ key: 1 }, { unique: true });

export function surveyRecipientModel(connection: Connection): Model<SurveyRecipient> {
  return (
    (connection.models.SurveyRecipient as Model<SurveyRecipient>) ??
    connection.model<SurveyRecipient>('SurveyRecipient', recipientSchema)
  );
}

/** One NPS round: a sample of recent requesters invited at `startedAt`. `seq` is unique. */
export interface NpsCampaign {
  _id: Types.ObjectId;
  seq: number;
  startedAt: Date;
  /** People who opened a ticket since this instant were eligible. */
  eligibleSince: Date;
  /** Distinct requesters in the period (agents included; only employees are drawn). */
  eligible: number;
  invited: number;
}

const campaignSchema = new Schema<NpsCampaign>(
  {
    seq: { type: Number, required: true },
    startedAt: { type: Date, required: true },
    eligibleSince: { type: Date, required: true },
    eligible: { type: Number, required: true },
    invited: { type: Number, required: true },
  },
  { collection: 'nps_campaigns', versionKey: false },
);
campaignSchema.index({ seq: 1 }, { unique: true });

export function npsCampaignModel(connection: Connection): Model<NpsCampaign> {
  return (
    (connection.models.NpsCampaign as Model<NpsCampaign>) ??
    connection.model<NpsCampaign>('NpsCampaign', campaignSchema)
  );
}

export const NPS_STATUSES = ['scheduled', 'sent', 'answered', 'expired', 'undelivered'] as const;
export type NpsStatus = (typeof NPS_STATUSES)[number];

/** One person's invitation to one NPS round, and their answer (unique per campaign and person). */
export interface NpsResponse {
  _id: Types.ObjectId;
  campaignId: Types.ObjectId;
  person: PersonRef;
  status: NpsStatus;
  dueAt?: Date;
  attempts: number;
  sentAt?: Date;
  expiresAt?: Date;
  score?: number;
  answeredAt?: Date;
  changes: number;
  comment?: string;
  commentAt?: Date;
  commentUntil?: Date;
  createdAt: Date;
}

const npsResponseSchema = new Schema<NpsResponse>(
  {
    campaignId: { type: Schema.Types.ObjectId, required: true },
    person: { type: personRefSchema, required: true },
    status: { type: String, required: true, enum: NPS_STATUSES },
    dueAt: Date,
    attempts: { type: Number, default: 0 },
    sentAt: Date,
    expiresAt: Date,
    score: { type: Number, min: 0, max: 10 },
    answeredAt: Date,
    changes: { type: Number, default: 0 },
    comment: String,
    commentAt: Date,
    commentUntil: Date,
    createdAt: { type: Date, required: true },
  },
  { collection: 'nps_responses', minimize: false },
);
npsResponseSchema.index({ campaignId: 1, 'person.key': 1 }, { unique: true });
npsResponseSchema.index({ status: 1, dueAt: 1 });
npsResponseSchema.index({ status: 1, expiresAt: 1 });
npsResponseSchema.index({ 'person.key': 1, commentUntil: 1 });
npsResponseSchema.index({ sentAt: 1 });
npsResponseSchema.index({ commentAt: -1 });

export function npsResponseModel(connection: Connection): Model<NpsResponse> {
  return (
    (connection.models.NpsResponse as Model<NpsResponse>) ??
    connection.model<NpsResponse>('NpsResponse', npsResponseSchema)
  );
}
