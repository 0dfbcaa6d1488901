import type { Connection } from 'mongoose';
import { isDuplicateKey } from '../../db/claims';
import { slackPostModel, type SlackPost } from './model';

const agentsKey = (ticket: string) => `agents:${ticket}`;
const dmKey = (ticket: string, user: string) => `dm:${ticket}:${user}`;
const sourceKey = (channel: string, ts: string) => `source:${channel}:${ts}`;

/**
 * The Slack side of each ticket: its agents' post, its direct-message threads, the message it came
 * from. Every "first one wins" decision is a unique insert on `_id` (see src/db/claims.ts).
 */
export class SlackPosts {
  private readonly model;

  constructor(
    connection: Connection,
    private readonly waitFor = { attempts: 40, delayMs: 100 },
  ) {
    this.model = slackPostModel(connection);
  }

  private async insert(doc: Omit<SlackPost, 'createdAt'>): Promise<boolean> {
    try {
      await this.model.create({ ...doc, createdAt: new Date() });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  /** True when the caller must create the ticket's agents' post (nobody else is doing it). */
  claimAgentsPost(ticket: string, channel: string): Promise<boolean> {
    return this.insert({ _id: agentsKey(ticket), place: 'agents', ticket, channel });
  }

  async agentsPostSent(ticket: string, ts: string, rev: number): Promise<void> {
    await this.model.updateOne({ _id: agentsKey(ticket) }, { $set: { ts, rev } });
  }

  /** Sending failed: let the next change try again. */
  async releaseAgentsPost(ticket: string): Promise<void> {
    await this.model.deleteOne({ _id: agentsKey(ticket), ts: { $exists: false } });
  }

  /** The agents' post once it is sent; waits a little when another request is still sending it. */
  async agentsPost(ticket: string, wait = false): Promise<SlackPost | null> {
    for (let attempt = 0; ; attempt++) {
      const post = await this.model.findById(agentsKey(ticket)).lean<SlackPost>();
      if (!post || post.ts || !wait || attempt >= this.waitFor.attempts) return post?.ts ? post : null;
      await new Promise((resolve) => setTimeout(resolve, this.waitFor.delayMs));
    }
  }

  async agentsPostRendered(ticket: string, rev: number): Promise<void> {
    await this.model.updateOne({ _id: agentsKey(ticket) }, { $set: { rev } });
  }

  async dmThread(ticket: string, user: string): Promise<SlackPost | null> {
    return this.model.findById(dmKey(ticket, user)).lean<SlackPost>();
  }

  /** Makes `ts` the root of the ticket's thread in the user's DM, unless it already has one. */
  claimDmThread(ticket: string, user: string, channel: string, ts: string): Promise<boolean> {
    return this.insert({ _id: dmKey(ticket, user), place: 'dm', ticket, user, channel, ts });
  }

  /** The ticket whose thread (agents' post or DM root) starts at `ts` in `channel`. */
  async ticketForThread(channel: string, ts: string): Promise<{ ticket: string; place: 'agents' | 'dm' } | null> {
    const post = await this.model
      .findOne({ channel: String(channel), ts: String(ts), place: { $in: ['agents', 'dm'] } })
      .lean<SlackPost>();
    return post?.ticket ? { ticket: post.ticket, place: post.place as 'agents' | 'dm' } : null;
  }

  /** Claims a channel message as the source of a ticket; the existing claim when someone was first. */
  async claimSource(channel: string, ts: string): Promise<SlackPost | null> {
    if (await this.insert({ _id: sourceKey(channel, ts), place: 'source', channel, ts })) return null;
    return this.model.findById(sourceKey(channel, ts)).lean<SlackPost>();
  }

  async sourceOpened(channel: string, ts: string, ticket: string): Promise<void> {
    await this.model.updateOne({ _id: sourceKey(channel, ts) }, { $set: { ticket } });
  }

  async releaseSource(channel: string, ts: string): Promise<void> {
    await this.model.deleteOne({ _id: sourceKey(channel, ts), ticket: { $exists: false } });
  }
}
