import { Schema, type Connection, type Model } from 'mongoose';
import type { Platform } from '../../config';
import { DomainError } from '../errors';
import type { OutboundMessage } from '../notify/messages';
import { isAgent, personRefSchema, SYSTEM_PERSON, type Actor, type PersonRef } from '../people/model';

export const SEVERITIES = ['sev1', 'sev2'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CRISIS_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved', 'closed'] as const;
export type CrisisStatus = (typeof CRISIS_STATUSES)[number];
/** Statuses a member may set with `crisis status`; `closed` is reached only through `crisis close`. */
export const SETTABLE_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type SettableStatus = (typeof SETTABLE_STATUSES)[number];
/** While the crisis is in one of these, stakeholders are owed an update at every interval. */
export const UPDATING_STATUSES: CrisisStatus[] = ['investigating', 'identified', 'monitoring'];

export const CRISIS_ROLES = ['commander', 'communications', 'scribe', 'technical'] as const;
export type CrisisRole = (typeof CRISIS_ROLES)[number];

export const CRISIS_PREFIX = 'CRI';

export type TimelineKind =
  | 'declared'
  | 'role'
  | 'member'
  | 'action'
  | 'action_done'
  | 'update'
  | 'status'
  | 'link'
  | 'reminder'
  | 'escalation'
  | 'room'
  | 'room_failed'
  | 'ticket'
  | 'closed';

/**
 * One thing that happened in the cell, with its time and author. `text` is what a person wrote
 * (an update, an action); `data` holds the facts a generated line is rendered from, so the report
 * can be written in any language later.
 */
export interface TimelineEntry {
  at: Date;
  author: PersonRef;
  kind: TimelineKind;
  text?: string;
  data?: Record<string, string | number | boolean>;
}

export interface CrisisAction {
  n: number;
  text: string;
  owner?: PersonRef;
  due?: Date;
  done: boolean;
  doneAt?: Date;
  doneBy?: PersonRef;
  createdAt: Date;
  createdBy: PersonRef;
}

export interface CrisisUpdate {
  n: number;
  at: Date;
  author: PersonRef;
  text: string;
  /** The crisis status when the update went out. */
  status: CrisisStatus;
  /** Requesters of linked tickets told by direct message. */
  requestersNotified: number;
}

export type TicketOutcome = 'resolved' | 'unchanged' | 'failed';

export interface LinkedTicket {
  number: string;
  title: string;
  requester: PersonRef;
  assignee?: PersonRef;
  /** When the ticket was opened: the earliest one is when the impact was first reported. */
  openedAt: Date;
  linkedAt: Date;
  /** What closing the crisis did to the ticket. */
  outcome?: TicketOutcome;
  /** The ticket's status after the close step (what "unchanged" left it as). */
  finalStatus?: string;
  outcomeError?: string;
}

export interface CrisisMember extends PersonRef {
  joinedAt: Date;
  /** Invited into the room (members on another platform than the room are reached by direct message). */
  inRoom: boolean;
}

export type RoomStepName = 'create' | 'invite' | 'topic' | 'brief' | 'pin' | 'post' | 'report' | 'archive';

/** One call to the room's platform: kept whatever its outcome, so a half-made room is never a mystery. */
export interface RoomStep {
  step: RoomStepName;
  ok: boolean;
  at: Date;
  attempts: number;
  /** Why it was retried or failed (`name_taken`, `ratelimited`, `channel_not_found`...). */
  notes?: string[];
  error?: string;
}

/** A room step (or the resolution of the linked tickets) that did not go through, for the person's answer. */
export interface StepFailure {
  step: RoomStepName | 'tickets';
  error: string;
}

export type RoomState = 'pending' | 'ready' | 'incomplete' | 'failed' | 'archived';

export interface CrisisRoom {
  platform: Platform;
  /** Set as soon as the platform created the room, before anything else is tried. */
  id?: string;
  name?: string;
  url?: string;
  state: RoomState;
  /** The brief's message id (Slack ts, Teams activity id) once posted. */
  briefId?: string;
  reportPosted?: boolean;
  steps: RoomStep[];
}

export interface Crisis {
  number: string;
  title: string;
  severity: Severity;
  status: CrisisStatus;
  declaredBy: PersonRef;
  declaredAt: Date;
  identifiedAt?: Date;
  resolvedAt?: Date;
  closedAt?: Date;
  /** The ticket whose "Declare major incident" button started the crisis. */
  sourceTicket?: string;
  roles: Partial<Record<CrisisRole, PersonRef>>;
  members: CrisisMember[];
  actions: CrisisAction[];
  updates: CrisisUpdate[];
  timeline: TimelineEntry[];
  tickets: LinkedTicket[];
  room: CrisisRoom;
  /** When stakeholders are owed the next update; null once resolved. */
  nextUpdateDue: Date | null;
  /** When the reminder sweep must look at this crisis again (indexed); null when nothing is owed. */
  sweepAt: Date | null;
  resolution?: string;
  /** The post-incident report (markdown), stored at close. */
  report?: string;
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

const timelineSchema = new Schema<TimelineEntry>(
  {
    at: { type: Date, required: true },
    author: { type: personRefSchema, required: true },
    kind: { type: String, required: true },
    text: String,
    data: Schema.Types.Mixed,
  },
  { _id: false },
);

const actionSchema = new Schema<CrisisAction>(
  {
    n: { type: Number, required: true },
    text: { type: String, required: true },
    owner: personRefSchema,
    due: Date,
    done: { type: Boolean, required: true },
    doneAt: Date,
    doneBy: personRefSchema,
    createdAt: { type: Date, required: true },
    createdBy: { type: personRefSchema, required: true },
  },
  { _id: false },
);

const updateSchema = new Schema<CrisisUpdate>(
  {
    n: { type: Number, required: true },
    at: { type: Date, required: true },
    author: { type: personRefSchema, required: true },
    text: { type: String, required: true },
    status: { type: String, required: true },
    requestersNotified: { type: Number, required: true },
  },
  { _id: false },
);

const linkedTicketSchema = new Schema<LinkedTicket>(
  {
    number: { type: String, required: true },
    title: { type: String, required: true },
    requester: { type: personRefSchema, required: true },
    assignee: personRefSchema,
    openedAt: { type: Date, required: true },
    linkedAt: { type: Date, required: true },
    outcome: String,
    finalStatus: String,
    outcomeError: String,
  },
  { _id: false },
);

const memberSchema = new Schema<CrisisMember>(
  {
    key: { type: String, required: true },
    platform: { type: String, required: true },
    name: { type: String, required: true },
    locale: { type: String, required: true },
    joinedAt: { type: Date, required: true },
    inRoom: { type: Boolean, required: true },
  },
  { _id: false },
);

const stepSchema = new Schema<RoomStep>(
  {
    step: { type: String, required: true },
    ok: { type: Boolean, required: true },
    at: { type: Date, required: true },
    attempts: { type: Number, required: true },
    notes: [String],
    error: String,
  },
  { _id: false },
);

const roomSchema = new Schema<CrisisRoom>(
  {
    platform: { type: String, required: true },
    id: String,
    name: String,
    url: String,
    state: { type: String, required: true },
    briefId: String,
    reportPosted: Boolean,
    steps: { type: [stepSchema], default: [] },
  },
  { _id: false },
);

const crisisSchema = new Schema<Crisis>(
  {
    number: { type: String, required: true, unique: true },
    title: { type: String, required: true },
    severity: { type: String, required: true, enum: SEVERITIES },
    status: { type: String, required: true, enum: CRISIS_STATUSES },
    declaredBy: { type: personRefSchema, required: true },
    declaredAt: { type: Date, required: true },
    identifiedAt: Date,
    resolvedAt: Date,
    closedAt: Date,
    sourceTicket: String,
    roles: { type: Schema.Types.Mixed, default: {} },
    members: { type: [memberSchema], default: [] },
    actions: { type: [actionSchema], default: [] },
    updates: { type: [updateSchema], default: [] },
    timeline: { type: [timelineSchema], default: [] },
    tickets: { type: [linkedTicketSchema], default: [] },
    room: { type: roomSchema, required: true },
    nextUpdateDue: { type: Date, default: null },
    sweepAt: { type: Date, default: null },
    resolution: String,
    report: String,
    rev: { type: Number, required: true, default: 0 },
  },
  { collection: 'crises', timestamps: true, minimize: false },
);
// The reminder sweep reads only what is due; rooms find their crisis; reports read by period.
crisisSchema.index({ status: 1, sweepAt: 1 });
crisisSchema.index({ 'room.id': 1, 'room.platform': 1 });
crisisSchema.index({ declaredAt: 1 });
crisisSchema.index({ 'tickets.number': 1, declaredAt: -1 });

export function crisisModel(connection: Connection): Model<Crisis> {
  return (connection.models.Crisis as Model<Crisis>) ?? connection.model<Crisis>('Crisis', crisisSchema);
}

export function roleHolders(crisis: Pick<Crisis, 'roles'>): [CrisisRole, PersonRef][] {
  return CRISIS_ROLES.filter((role) => crisis.roles[role]).map((role) => [role, crisis.roles[role]!]);
}

export function isMember(crisis: Pick<Crisis, 'members'>, personKey: string): boolean {
  return crisis.members.some((m) => m.key === personKey);
}

/** A person joining the cell: on the record now, in the room once the room step invites them. */
export function newMember(person: PersonRef, now: Date): CrisisMember {
  return {
    key: person.key,
    platform: person.platform,
    name: person.name,
    locale: person.locale,
    joinedAt: now,
    inRoom: false,
  };
}

/** Each person once, in their first place; the desk itself is never a member. */
export function uniquePeople(people: PersonRef[]): PersonRef[] {
  const seen = new Map<string, PersonRef>();
  for (const p of people) if (!seen.has(p.key) && p.key !== SYSTEM_PERSON.key) seen.set(p.key, p);
  return [...seen.values()];
}

// ── Who may do what in the cell ──────────────────────────────────────────────────────────

/** Who runs a crisis verb, and the room they typed it in (replies typed in the room may already show there). */
export interface Invocation {
  actor: Actor;
  room?: string;
}

/** What a crisis verb leaves: the record as it now stands, and the answer to whoever ran it. */
export interface CrisisResult {
  crisis: Crisis;
  /** What to answer the person who ran the verb, in their language. */
  replies: OutboundMessage[];
}

/** The desk (system) and agents run the cell; a member who is no agent only follows it. */
export function runsTheCell(actor: Actor): boolean {
  return actor.channel === 'system' || isAgent(actor.person);
}

export function refuseClosed(crisis: Crisis): void {
  if (crisis.status === 'closed') throw new DomainError('crisis.closed', { number: crisis.number });
}

/** Only members run a crisis's verbs (the system acts for the desk). */
export function requireMember(actor: Actor, crisis: Crisis): Crisis {
  if (actor.channel !== 'system' && !isMember(crisis, actor.person.key))
    throw new DomainError('crisis.not_member', { number: crisis.number });
  return crisis;
}

/** Members who are agents run the verbs that change the cell or speak for it. */
export function requireRunner(actor: Actor, crisis: Crisis, verb: string): Crisis {
  requireMember(actor, crisis);
  if (!runsTheCell(actor)) throw new DomainError('crisis.agents_only', { number: crisis.number, verb });
  return crisis;
}

/** A verb that changes the cell: run by one of its agents, while it is open. */
export function requireEditable(actor: Actor, crisis: Crisis, verb: string): Crisis {
  requireRunner(actor, crisis, verb);
  refuseClosed(crisis);
  return crisis;
}

/** Names typed in a command are looked up on the platform the command came from. */
export function namesPlatform(actor: Actor, crisis: Crisis): Platform {
  return actor.channel === 'system' ? crisis.room.platform : actor.channel;
}
