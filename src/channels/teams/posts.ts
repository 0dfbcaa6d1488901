import type { Connection } from 'mongoose';
import type { Clock } from '../../core/clock';
import { isDuplicateKey } from '../../db/claims';
import { teamsPostModel, type TeamsPost } from './model';

const slot = (ticket: string) => `agents:${ticket}`;

/** Ticket cards in the agents' channel: one per ticket, updated in place, root of the ticket's thread. */
export class TicketPosts {
  private readonly model;

  constructor(private readonly deps: { connection: Connection; clock: Clock }) {
    this.model = teamsPostModel(deps.connection);
  }

  find(ticket: string): Promise<TeamsPost | null> {
    return this.model.findById(slot(String(ticket))).lean<TeamsPost>();
  }

  /** True for the one caller allowed to post the ticket's card. */
  async claim(ticket: string, conversationId: string): Promise<boolean> {
    try {
      await this.model.create({ _id: slot(ticket), ticket, conversationId, createdAt: this.deps.clock.now() });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  async attach(ticket: string, activityId: string, rev: number): Promise<void> {
    await this.model.updateOne({ _id: slot(ticket) }, { $set: { activityId, rev } });
  }

  /** Posting failed: free the slot so the next change posts the card. */
  async release(ticket: string): Promise<void> {
    await this.model.deleteOne({ _id: slot(ticket), activityId: { $exists: false } });
  }

  /** Records that the card now shows revision `rev`; false when a newer one is already shown. */
  async advance(ticket: string, rev: number): Promise<boolean> {
    const result = await this.model.updateOne(
      { _id: slot(ticket), $or: [{ rev: { $exists: false } }, { rev: { $lt: rev } }] },
      { $set: { rev } },
    );
    return result.matchedCount === 1;
  }

  /** The ticket whose thread this is, from the thread's root message. */
  async ticketOfThread(conversationId: string, root: string): Promise<string | undefined> {
    const post = await this.model
      .findOne({ conversationId: String(conversationId), activityId: String(root) })
      .lean<TeamsPost>();
    return post?.ticket;
  }
}
