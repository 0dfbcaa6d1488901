import { Schema, Types, type Connection, type Model } from 'mongoose';
import type { ImpactLevel } from '../../config';
import { claim, claimModel } from '../../db/claims';
import type { Clock } from '../clock';

/**
 * What an employee wrote before it went anywhere (while we ask which waiting ticket it answers,
 * show an article, or ask impact/urgency). Stored at once so nothing the user sent is lost
 * between two clicks; its end (`ticket`, `deflected`, `added` to a ticket) answers late clicks.
 */
export interface Draft {
  _id: Types.ObjectId;
  personKey: string;
  text: string;
  /** Every candidate article (kept on the ticket). */
  suggestions: string[];
  /** The articles the person was actually shown: the only ones their feedback is about (absent on older drafts). */
  shown?: string[];
  /** Tickets waiting on the person that this text may answer; while set, the person is asked which. */
  offered?: string[];
  /** Articles in "Is it about A or B?"; while set, the person is asked which one (absent on older drafts). */
  asked?: string[];
  impact?: ImpactLevel;
  status: 'open' | 'ticket' | 'deflected' | 'added';
  ticketNumber?: string;
  createdAt: Date;
}

export type DraftEnd = Exclude<Draft['status'], 'open'>;

const draftSchema = new Schema<Draft>(
  {
    personKey: { type: String, required: true },
    text: { type: String, required: true },
    suggestions: { type: [String], default: [] },
    shown: { type: [String], default: [] },
    offered: { type: [String], default: [] },
    asked: { type: [String], default: [] },
    impact: { type: String, enum: ['high', 'medium', 'low'] },
    status: { type: String, required: true, enum: ['open', 'ticket', 'deflected', 'added'] },
    ticketNumber: String,
    createdAt: { type: Date, required: true },
  },
  { collection: 'drafts' },
);
draftSchema.index({ personKey: 1, createdAt: -1 });
draftSchema.index({ status: 1, createdAt: 1 });

/**
 * A draft that became a ticket, a deflection or an addition only answers late clicks: kept 30
 * days. One never finished (the person never answered the question) is kept 90 days.
 */
export const DRAFT_RETENTION = { endedMs: 30 * 24 * 3600_000, openMs: 90 * 24 * 3600_000 };

export function draftModel(connection: Connection): Model<Draft> {
  return (connection.models.Draft as Model<Draft>) ?? connection.model<Draft>('Draft', draftSchema);
}

/**
 * The person said `new`: their next direct message is a new request, whatever waits on them (a
 * ticket's question, a survey's comment window). One per person, kept for `NEW_REQUEST_PROMPT_MINUTES`.
 */
interface NewRequestPrompt {
  _id: string;
  at: Date;
}

const NEW_REQUEST_PROMPT_MINUTES = 30;

const newRequestPromptSchema = new Schema<NewRequestPrompt>(
  { _id: { type: String, required: true }, at: { type: Date, required: true } },
  { collection: 'new_request_prompts', versionKey: false },
);

function newRequestPromptModel(connection: Connection): Model<NewRequestPrompt> {
  return (
    (connection.models.NewRequestPrompt as Model<NewRequestPrompt>) ??
    connection.model<NewRequestPrompt>('NewRequestPrompt', newRequestPromptSchema)
  );
}

/** Ids of the once-only decisions on a draft (unique claims: filtered updates are not atomic on FerretDB). */
const claimKey = {
  end: (id: Types.ObjectId) => `draft:${String(id)}`,
  choice: (id: Types.ObjectId) => `draft:${String(id)}:choice`,
  feedback: (id: Types.ObjectId) => `draft:${String(id)}:feedback`,
  article: (id: Types.ObjectId) => `draft:${String(id)}:article`,
};

/** A number typed alone answers "Is it about A or B?" for this long after the question. */
const ASK_WINDOW_MS = 60 * 60 * 1000;

export class Drafts {
  private readonly model;
  constructor(private readonly deps: { connection: Connection; clock: Clock }) {
    this.model = draftModel(deps.connection);
  }

  async create(
    personKey: string,
    text: string,
    options: { suggestions?: string[]; shown?: string[]; offered?: string[]; asked?: string[] } = {},
  ): Promise<Draft> {
    const doc = await this.model.create({
      personKey,
      text,
      suggestions: options.suggestions ?? [],
      shown: options.shown ?? [],
      offered: options.offered ?? [],
      asked: options.asked ?? [],
      status: 'open',
      createdAt: this.deps.clock.now(),
    });
    return doc.toObject();
  }

  /** The person's open draft with this id; forged or foreign ids find nothing. */
  async findOpen(personKey: string, id: string): Promise<Draft | null> {
    const _id = objectId(id);
    if (!_id) return null;
    return this.model.findOne({ _id, personKey, status: 'open' }).lean<Draft>();
  }

  /** The person's draft with this id whatever became of it (to answer a late click); null for others'. */
  async find(personKey: string, id: string): Promise<Draft | null> {
    const _id = objectId(id);
    if (!_id) return null;
    return this.model.findOne({ _id, personKey }).lean<Draft>();
  }

  async setImpact(id: Types.ObjectId, impact: ImpactLevel): Promise<void> {
    await this.model.updateOne({ _id: id, status: 'open' }, { $set: { impact } });
  }

  /**
   * Takes the answer to "which ticket is this about?"; false when another click already gave it.
   * Given back by `release` when acting on the answer failed.
   */
  async choose(id: Types.ObjectId): Promise<boolean> {
    return claim(this.deps.connection, claimKey.choice(id), this.deps.clock.now());
  }

  /** The text turned out to be a new problem: it goes on through intake with these articles. */
  async startIntake(id: Types.ObjectId, suggestions: string[], shown: string[], asked: string[] = []): Promise<void> {
    await this.model.updateOne({ _id: id, status: 'open' }, { $set: { suggestions, shown, offered: [], asked } });
  }

  /**
   * The person's latest draft, if it is open, recent and still asking which article it is about:
   * a number typed alone answers it (index: personKey, createdAt).
   */
  async latestAsking(personKey: string): Promise<Draft | null> {
    const since = new Date(this.deps.clock.now().getTime() - ASK_WINDOW_MS);
    const draft = await this.model
      .findOne({ personKey, createdAt: { $gte: since } })
      .sort({ createdAt: -1 })
      .lean<Draft>();
    return draft && draft.status === 'open' && draft.asked?.length ? draft : null;
  }

  /** True the first time only: "Is it about A or B?" is answered once, whatever is clicked or typed. */
  async chooseArticle(id: Types.ObjectId): Promise<boolean> {
    return claim(this.deps.connection, claimKey.article(id), this.deps.clock.now());
  }

  /** The person answered "Is it about A or B?": that article is the one shown, the question is closed. */
  async answerAsked(id: Types.ObjectId, shown: string[]): Promise<void> {
    await this.model.updateOne({ _id: id, status: 'open' }, { $set: { shown, asked: [] } });
  }

  /** True the first time only: "I still need help" clicked twice counts once. */
  async firstFeedback(id: Types.ObjectId): Promise<boolean> {
    return claim(this.deps.connection, claimKey.feedback(id), this.deps.clock.now());
  }

  /**
   * Marks the draft used; false when another click already used it (double clicks open one
   * ticket). The unique claim decides, since a filtered update is not atomic on FerretDB.
   */
  async consume(id: Types.ObjectId, status: DraftEnd): Promise<boolean> {
    if (!(await claim(this.deps.connection, claimKey.end(id), this.deps.clock.now()))) return false;
    await this.model.updateOne({ _id: id }, { $set: { status } });
    return true;
  }

  /** Gives the draft back when opening the ticket (or adding to one) failed, so the next click can retry. */
  async release(id: Types.ObjectId): Promise<void> {
    await this.model.updateOne(
      { _id: id, status: { $in: ['ticket', 'added'] }, ticketNumber: { $exists: false } },
      { $set: { status: 'open' } },
    );
    await claimModel(this.deps.connection).deleteMany({ _id: { $in: [claimKey.end(id), claimKey.choice(id)] } });
  }

  /** Deletes drafts past their retention (DRAFT_RETENTION); returns how many. */
  async prune(now: Date): Promise<number> {
    const ended = await this.model.deleteMany({
      status: { $in: ['ticket', 'deflected', 'added'] },
      createdAt: { $lt: new Date(now.getTime() - DRAFT_RETENTION.endedMs) },
    });
    const open = await this.model.deleteMany({
      status: 'open',
      createdAt: { $lt: new Date(now.getTime() - DRAFT_RETENTION.openMs) },
    });
    return ended.deletedCount + open.deletedCount;
  }

  async attachTicket(id: Types.ObjectId, ticketNumber: string): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { ticketNumber } });
  }

  /** `new` was said: the person's next message goes to intake. */
  async promptNewRequest(personKey: string): Promise<void> {
    await newRequestPromptModel(this.deps.connection).updateOne(
      { _id: personKey },
      { $set: { at: this.deps.clock.now() } },
      { upsert: true },
    );
  }

  /** True once after `new` (within the time it is kept): this message is the new request. */
  async takeNewRequestPrompt(personKey: string): Promise<boolean> {
    const prompt = await newRequestPromptModel(this.deps.connection)
      .findOneAndDelete({ _id: personKey })
      .lean<NewRequestPrompt>();
    return Boolean(
      prompt && this.deps.clock.now().getTime() - prompt.at.getTime() <= NEW_REQUEST_PROMPT_MINUTES * 60_000,
    );
  }
}

function objectId(id: string): Types.ObjectId | null {
  if (!Types.ObjectId.isValid(id) || String(new Types.ObjectId(id)) !== id) return null;
  return new Types.ObjectId(id);
}
