import type { SweepJob } from '../../../src/jobs/scheduler';
import type { Actor } from '../../../src/core/people';
import type { TestHelpdesk } from '../../support/helpdesk';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Deterministic uniform numbers in [0, 1) (mulberry32): the injected sampling source. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A survey sweep as the scheduler registered it, run at the manual clock's time. */
export function job(h: TestHelpdesk, name: string): () => Promise<unknown> {
  const found: SweepJob | undefined = h.helpdesk.scheduler.registered().find((j) => j.name === name);
  if (!found) throw new Error(`job ${name} is not registered`);
  return () => found.run(h.clock.now());
}

export interface RoomMessage {
  text: string;
  actions?: { id: string; label: string; value: string; style?: string }[];
  ticketNumber?: string;
}

export async function room(h: TestHelpdesk, name: string): Promise<RoomMessage[]> {
  return (await h.helpdesk.consoleMessenger.messages(name)) as unknown as RoomMessage[];
}

/** CSAT polls (and reminders) that reached a console room, optionally for one ticket. */
export async function polls(h: TestHelpdesk, name: string, ticketNumber?: string): Promise<RoomMessage[]> {
  return (await room(h, name)).filter(
    (m) => m.actions?.some((a) => a.id === 'csat.score') && (!ticketNumber || m.ticketNumber === ticketNumber),
  );
}

export function scoreValue(poll: RoomMessage, score: number): string {
  const button = poll.actions?.find((a) => a.id === 'csat.score' && a.value.endsWith(`:${score}`));
  if (!button) throw new Error(`no button for ${score}`);
  return button.value;
}

/** Opens a ticket as the requester and has an agent resolve it (through the ticket service). */
export async function resolvedTicket(
  h: TestHelpdesk,
  requester: Actor,
  agent: Actor,
  description: string,
  category?: string,
): Promise<string> {
  const ticket = await h.helpdesk.tickets.open(requester, { description, ...(category ? { category } : {}) });
  await h.helpdesk.tickets.resolve(agent, ticket.number, 'Fixed it');
  return ticket.number;
}
