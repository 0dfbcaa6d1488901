import { DateTime } from 'luxon';
import type { Platform } from '../../config';
import type { OutboundMessage } from '../notify/messages';
import type { PersonRef } from '../people';

/** Where a crisis is worked: a Slack channel, a Teams channel, a console room. */
export interface RoomRef {
  platform: Platform;
  id: string;
  name: string;
  url?: string;
}

export interface RoomSpec {
  /** The crisis number (`CRI-000007`). */
  number: string;
  /** Preferred room name (date + slug); the provider makes it unique on its platform. */
  name: string;
  topic: string;
  purpose: string;
}

/**
 * Told by a provider when a call had to be tried again (a taken name, a rate limit): the cell
 * records it with the step, so the crisis record says what really happened on the platform.
 */
export interface RoomJournal {
  retried(reason: string): void;
}

/**
 * The platform side of a crisis room, one per channel (console, Slack, Teams). Each method is one
 * step the cell records, so a failure half-way leaves a record that says which steps are done.
 * Failures a person can act on are thrown as `RoomError` with the platform's error code.
 */
export interface CrisisRoomProvider {
  readonly platform: Platform;
  /**
   * Whether the answer to a command typed in the room is shown to everyone there (console, Teams)
   * or only to its author (Slack slash commands answer ephemerally): the cell then posts it itself.
   */
  readonly echoesReplies: boolean;
  /** Creates the room and nothing else, so the cell can record it before the next step. */
  createRoom(spec: RoomSpec, journal: RoomJournal): Promise<RoomRef>;
  /** Brings people into the room; returns the keys of those it could invite (its platform's people). */
  invite(room: RoomRef, people: PersonRef[], journal: RoomJournal): Promise<string[]>;
  /** Sets the room's topic and purpose (platforms that have them; Teams sets a description at creation). */
  describe?(room: RoomRef, description: { topic: string; purpose: string }, journal: RoomJournal): Promise<void>;
  /** Posts a message; returns its id on the platform. */
  post(room: RoomRef, message: OutboundMessage, journal: RoomJournal): Promise<string | undefined>;
  /** Pins a posted message (platforms that let an app pin). */
  pin?(room: RoomRef, messageId: string, journal: RoomJournal): Promise<void>;
  /**
   * How text names the room for a reader on `reader`'s platform (none: the post-incident report),
   * when the platform has its own way (a channel link the renderer expands, a room id the page
   * opens); otherwise the cell writes its name and link.
   */
  cite?(room: { id: string; name?: string; url?: string }, reader?: Platform): string | undefined;
  /** Posts the closing notice, then makes the room read-only. */
  archive(room: RoomRef, notice: OutboundMessage, journal: RoomJournal): Promise<void>;
}

/** A platform refused a step; `code` is its own error code (`name_taken`, `ratelimited`, `403`...). */
export class RoomError extends Error {
  override name = 'RoomError';
  constructor(
    readonly code: string,
    message?: string,
  ) {
    super(message ?? code);
  }
}

/** A short, person-readable reason for a failed step (never a stack trace). */
export function describeRoomFailure(err: unknown): string {
  if (err instanceof RoomError) return err.code;
  const e = err as { code?: string; data?: { error?: string }; message?: string };
  return String(e?.data?.error ?? e?.code ?? e?.message ?? 'unknown error').slice(0, 200);
}

/** The rooms of every platform the desk serves; a crisis is worked on its declarer's platform. */
export class CrisisRooms {
  private readonly providers = new Map<Platform, CrisisRoomProvider>();

  register(provider: CrisisRoomProvider): void {
    this.providers.set(provider.platform, provider);
  }

  get(platform: Platform): CrisisRoomProvider | undefined {
    return this.providers.get(platform);
  }

  /** The declarer's platform when it has rooms; otherwise the first registered (compose.ts's order). */
  choose(preferred: Platform | 'system'): CrisisRoomProvider | undefined {
    if (preferred !== 'system' && this.providers.has(preferred)) return this.providers.get(preferred);
    return this.providers.values().next().value;
  }
}

/**
 * A room name from the declaration date (in the desk's time zone) and the title: lower case,
 * accents folded, words joined by hyphens (`2026-03-02-payroll-is-down`). Fits Slack's 80
 * characters and Teams' 50 with room left for a `-2` suffix.
 */
export function roomName(title: string, at: Date, timezone: string, number: string, max = 44): string {
  const date = DateTime.fromJSDate(at, { zone: timezone }).toISODate() ?? at.toISOString().slice(0, 10);
  const slug = title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const room = `${date}-${slug || number.toLowerCase()}`;
  if (room.length <= max) return room;
  const cut = room.slice(0, max);
  const atWord = cut.replace(/-[^-]*$/, '');
  // Cut on a word boundary unless that would leave little more than the date.
  return atWord.length > date.length + 4 ? atWord : cut.replace(/-+$/, '');
}

/** `name`, then `name-2`, `name-3`...: what a provider tries when the platform says the name is taken. */
export function candidateNames(name: string, tries = 10): string[] {
  return Array.from({ length: tries }, (_, i) => (i === 0 ? name : `${name}-${i + 1}`));
}
