import { Schema, type Connection, type Model } from 'mongoose';
import type { ImpactLevel, Platform, Priority, SupportLevel } from '../../config';
import { personRefSchema, type PersonRef } from '../people/model';
import type { SlaClockState } from '../sla/clock';

export const TICKET_TYPES = ['incident', 'request', 'problem'] as const;
export type TicketType = (typeof TICKET_TYPES)[number];
export const TICKET_PREFIX: Record<TicketType, string> = { incident: 'INC', request: 'REQ', problem: 'PRB' };

export const TICKET_STATUSES = ['new', 'assigned', 'waiting_user', 'resolved', 'closed', 'cancelled'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const OPEN_STATUSES: TicketStatus[] = ['new', 'assigned', 'waiting_user'];

/**
 * A problem record's own lifecycle while open (ITIL problem management); resolved and closed are
 * the ticket statuses. A known error has a documented root cause and a workaround.
 */
export const PROBLEM_STATES = ['investigating', 'root_cause_known', 'known_error'] as const;
export type ProblemState = (typeof PROBLEM_STATES)[number];

export interface ProblemRecord {
  state: ProblemState;
  rootCause?: string;
  /** The workaround of the known error. */
  workaround?: string;
  /** The incident it was raised from, when it was. */
  raisedFrom?: string;
}

export type HistoryType =
  | 'opened'
  | 'claimed'
  | 'assigned'
  | 'priority_changed'
  | 'escalated'
  | 'reply'
  | 'requester_message'
  | 'note'
  | 'waiting'
  | 'workaround'
  | 'resolved'
  | 'reopened'
  | 'cancelled'
  | 'closed'
  | 'linked'
  | 'sla_warning'
  | 'sla_breach'
  | 'sla_extended'
  | 'kb_suggested'
  | 'problem_state';

/** One change to a ticket: who, when, what, from which channel. Never edited, never removed. */
export interface HistoryEvent {
  at: Date;
  type: HistoryType;
  actor: PersonRef;
  channel: Platform | 'system';
  from?: string;
  to?: string;
  text?: string;
  /** Internal events (notes) are never shown to the requester. */
  internal?: boolean;
  data?: Record<string, unknown>;
}

export interface Ticket {
  number: string;
  type: TicketType;
  title: string;
  description: string;
  status: TicketStatus;
  impact: ImpactLevel;
  urgency: ImpactLevel;
  priority: Priority;
  level: SupportLevel;
  team: string;
  category?: string;
  channel: Platform;
  /** A problem record has no requester: the desk itself (SYSTEM_PERSON) stands in. */
  requester: PersonRef;
  /** For a problem record, its owner. */
  assignee?: PersonRef;
  /** Problem records only: their lifecycle, root cause and known error. */
  problem?: ProblemRecord;
  /** A problem record's clock is stopped from the start: problems carry no incident SLA. */
  sla: SlaClockState;
  /** Denormalised from `sla` so the SLA sweep reads only due tickets through an index. */
  slaNextCheckAt: Date | null;
  firstResponseAt?: Date;
  resolvedAt?: Date;
  closedAt?: Date;
  cancelledAt?: Date;
  resolution?: string;
  workaround?: string;
  reopenCount: number;
  links: string[];
  kbSuggestions: string[];
  history: HistoryEvent[];
  /** Compare-and-set version: every write increments it. */
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

const historySchema = new Schema<HistoryEvent>(
  {
    at: { type: Date, required: true },
    type: { type: String, required: true },
    actor: { type: personRefSchema, required: true },
    channel: { type: String, required: true },
    from: String,
    to: String,
    text: String,
    internal: Boolean,
    data: Schema.Types.Mixed,
  },
  { _id: false },
);

const ticketSchema = new Schema<Ticket>(
  {
    number: { type: String, required: true, unique: true },
    type: { type: String, required: true, enum: TICKET_TYPES },
    title: { type: String, required: true, maxlength: 200 },
    description: { type: String, required: true },
    status: { type: String, required: true, enum: TICKET_STATUSES },
    impact: { type: String, required: true, enum: ['high', 'medium', 'low'] },
    urgency: { type: String, required: true, enum: ['high', 'medium', 'low'] },
    priority: { type: String, required: true, enum: ['P1', 'P2', 'P3', 'P4'] },
    level: { type: String, required: true, enum: ['L1', 'L2', 'L3'] },
    team: { type: String, required: true },
    category: String,
    channel: { type: String, required: true },
    requester: { type: personRefSchema, required: true },
    assignee: { type: personRefSchema },
    problem: { type: Schema.Types.Mixed },
    sla: { type: Schema.Types.Mixed, required: true },
    slaNextCheckAt: { type: Date, default: null },
    firstResponseAt: Date,
    resolvedAt: Date,
    closedAt: Date,
    cancelledAt: Date,
    resolution: String,
    workaround: String,
    reopenCount: { type: Number, default: 0 },
    links: { type: [String], default: [] },
    kbSuggestions: { type: [String], default: [] },
    history: { type: [historySchema], default: [] },
    rev: { type: Number, default: 0 },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  // createdAt/updatedAt come from the injected clock (set by TicketService), not mongoose.
  { collection: 'tickets', minimize: false },
);
// Equality fields first, then the sort (the queue's priority and age, a requester's newest first).
ticketSchema.index({ status: 1, priority: 1, createdAt: 1 });
ticketSchema.index({ 'requester.key': 1, status: 1, createdAt: -1 });
ticketSchema.index({ 'assignee.key': 1, status: 1, priority: 1, createdAt: 1 });
// Reports read the open tickets newest change first.
ticketSchema.index({ status: 1, updatedAt: 1 });
// The `breaching` queue: open tickets by resolve deadline.
ticketSchema.index({ status: 1, 'sla.resolveBy': 1 });
ticketSchema.index({ slaNextCheckAt: 1 });
ticketSchema.index({ createdAt: 1 });
// Reports read "open now, or changed since the period began" through this index.
ticketSchema.index({ updatedAt: 1 });
ticketSchema.index({ status: 1, resolvedAt: 1 });

export function ticketModel(connection: Connection): Model<Ticket> {
  return (connection.models.Ticket as Model<Ticket>) ?? connection.model<Ticket>('Ticket', ticketSchema);
}

const counterSchema = new Schema<{ _id: string; seq: number }>(
  { _id: String, seq: Number },
  { collection: 'counters', versionKey: false },
);

export function counterModel(connection: Connection): Model<{ _id: string; seq: number }> {
  return (
    (connection.models.Counter as Model<{ _id: string; seq: number }>) ?? connection.model('Counter', counterSchema)
  );
}
