import type { CrisisRoomProvider, RoomRef, RoomSpec } from '../../core/crisis';
import type { OutboundMessage } from '../../core/notify';
import type { PersonRef } from '../../core/people';
import type { ConsoleMessenger } from './messenger';

/** The console room of a crisis: `crisis:CRI-000007` (the console API accepts these rooms). */
export const crisisRoom = (number: string) => `crisis:${number}`;

/**
 * Crisis rooms in the local web chat. A console room exists as soon as something is posted in it
 * and anyone with an agent persona may open it, so "inviting" announces who joined; the cell
 * itself decides who may run the crisis verbs.
 */
export class ConsoleCrisisRooms implements CrisisRoomProvider {
  readonly platform = 'console' as const;
  // The console posts the answer to a command in the room where it was typed.
  readonly echoesReplies = true;

  /** The room id is what the page opens, whoever reads it. */
  cite(room: { id: string }): string {
    return room.id;
  }

  constructor(private readonly messenger: ConsoleMessenger) {}

  async createRoom(spec: RoomSpec): Promise<RoomRef> {
    return { platform: 'console', id: crisisRoom(spec.number), name: spec.name };
  }

  async invite(room: RoomRef, people: PersonRef[]): Promise<string[]> {
    const local = people.filter((p) => p.platform === 'console');
    if (local.length) await this.messenger.postBot(room.id, { text: `👋 ${local.map((p) => p.name).join(', ')}` });
    return local.map((p) => p.key);
  }

  async describe(room: RoomRef, description: { topic: string; purpose: string }): Promise<void> {
    // One line, updated in place: the console's equivalent of a channel topic.
    await this.messenger.postBot(
      room.id,
      { text: `📌 ${description.purpose}\n${description.topic}` },
      `${room.id}:topic`,
    );
  }

  async post(room: RoomRef, message: OutboundMessage): Promise<string | undefined> {
    await this.messenger.postBot(room.id, message);
    return undefined;
  }

  /** The notice is posted and replaces the topic line; the closed crisis refuses every verb from now on. */
  async archive(room: RoomRef, notice: OutboundMessage): Promise<void> {
    await this.messenger.postBot(room.id, notice);
    await this.messenger.postBot(room.id, notice, `${room.id}:topic`);
  }
}
