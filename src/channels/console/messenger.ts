import type { Connection } from 'mongoose';
import type { Clock } from '../../core/clock';
import type { Messenger, OutboundMessage } from '../../core/notify';
import type { PersonRef } from '../../core/people';
import type { Ticket } from '../../core/tickets';
import { consoleMessageModel } from './model';

export const AGENTS_ROOM = 'agents';
export const dmRoom = (personaId: string) => `dm:${personaId}`;

/** Delivers notifications into the console's rooms (stored, so a reload shows them). */
export class ConsoleMessenger implements Messenger {
  readonly platform = 'console' as const;
  private readonly model;
  private lastStamp = 0;

  constructor(private readonly deps: { connection: Connection; clock: Clock }) {
    this.model = consoleMessageModel(deps.connection);
  }

  /**
   * Strictly increasing, wall-clock based: polling must see every change even when the domain
   * clock stands still (tests) or two posts share a millisecond.
   */
  private nextStamp(): number {
    this.lastStamp = Math.max(Date.now(), this.lastStamp + 1);
    return this.lastStamp;
  }

  async post(
    room: string,
    author: { key: string; name: string },
    message: OutboundMessage,
    key?: string,
  ): Promise<void> {
    const now = this.deps.clock.now();
    const stamp = this.nextStamp();
    const doc = {
      room,
      author: author.key,
      authorName: author.name,
      text: message.text,
      actions: message.actions ?? [],
      card: message.card,
      ticketNumber: message.ticketNumber,
      updatedAt: now,
      stamp,
    };
    if (key)
      await this.model.updateOne(
        { key },
        { $set: doc, $setOnInsert: { createdAt: now, key, order: stamp } },
        { upsert: true },
      );
    else await this.model.create({ ...doc, createdAt: now, order: stamp });
  }

  postBot(room: string, message: OutboundMessage, key?: string): Promise<void> {
    return this.post(room, { key: 'bot', name: 'Helpdesk' }, message, key);
  }

  async sendToPerson(person: PersonRef, message: OutboundMessage): Promise<void> {
    await this.postBot(dmRoom(person.key.replace(/^console:/, '')), message);
  }

  async upsertAgentsPost(ticket: Ticket, message: OutboundMessage): Promise<void> {
    await this.postBot(AGENTS_ROOM, message, `ticket:${ticket.number}`);
  }

  async postToAgentsThread(_ticket: Ticket, message: OutboundMessage): Promise<void> {
    await this.postBot(AGENTS_ROOM, message);
  }

  async postToChannel(channel: string, message: OutboundMessage): Promise<boolean> {
    await this.postBot(channel, message);
    return true;
  }

  /** Rooms opened by the bot for crises (`crisis:CRI-…`), newest first. */
  async crisisRooms(): Promise<string[]> {
    const rooms = (await this.model.distinct('room', { room: /^crisis:/ })) as string[];
    return rooms.sort().reverse().slice(0, 50);
  }

  /** A room's messages in posting order; with `since`, only those posted or changed after that stamp. */
  async messages(room: string, since?: number) {
    const filter: Record<string, unknown> = { room: String(room) };
    if (since !== undefined) filter.stamp = { $gt: since };
    const found = await this.model.find(filter).sort({ stamp: -1 }).limit(500).lean();
    return found.sort((a, b) => a.order - b.order);
  }
}
