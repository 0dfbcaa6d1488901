import { DateTime } from 'luxon';
import type { Crisis, ReminderReport } from '../../../src/core/crisis';
import type { Ticket } from '../../../src/core/tickets';
import { CRISIS_REMINDERS } from '../../../src/jobs/crisis';
import { consoleAct, consoleSay, type TestHelpdesk } from '../../support/helpdesk';

/** "2026-03-02T10:00" read as wall-clock time in Paris, the shipped policy's zone. */
export function paris(local: string): Date {
  const at = DateTime.fromISO(local, { zone: 'Europe/Paris' });
  if (!at.isValid) throw new Error(`bad local time ${local}`);
  return at.toJSDate();
}

/** Runs the reminder sweep as agenda would, at the manual clock's time. */
export const remind = (h: TestHelpdesk) => h.helpdesk.scheduler.runNow(CRISIS_REMINDERS) as Promise<ReminderReport>;

export const crisisRecord = (h: TestHelpdesk, number = 'CRI-000001'): Promise<Crisis> =>
  h.helpdesk.crisis.records.get(number);

/** Everything the bot and people wrote in a console room, oldest first. */
export async function texts(h: TestHelpdesk, room: string): Promise<string[]> {
  return (await h.helpdesk.consoleMessenger.messages(room)).map((m) => m.text);
}

/** A persona types in a console room (`agents`, `crisis:CRI-000001`, or its own DM by default); the bot's answers. */
export async function say(h: TestHelpdesk, persona: string, text: string, room?: string): Promise<string[]> {
  const { status, body } = await consoleSay(h.url, persona, text, room ? { room } : {});
  if (status !== 200) throw new Error(`console refused (${status}): ${body.error}`);
  return body.replies.map((r) => r.text);
}

export async function click(
  h: TestHelpdesk,
  persona: string,
  id: string,
  value: string,
  room?: string,
): Promise<string[]> {
  const { status, body } = await consoleAct(h.url, persona, id, value, room ? { room } : {});
  if (status !== 200) throw new Error(`console refused (${status}): ${body.error}`);
  return body.replies.map((r) => r.text);
}

/** Five requesters (three English, two French), each with a P1 incident about the payroll outage. */
export async function fivePayrollTickets(h: TestHelpdesk): Promise<Ticket[]> {
  const people = [
    { id: 'emma', name: 'Emma Stone', locale: 'en' },
    { id: 'hugo', name: 'Hugo Blanc', locale: 'fr' },
    { id: 'olivia', name: 'Olivia Park', locale: 'en' },
    { id: 'chloe', name: 'Chloé Roux', locale: 'fr' },
    { id: 'noah', name: 'Noah Reed', locale: 'en' },
  ];
  const tickets: Ticket[] = [];
  for (const p of people) {
    const actor = await h.actor('console', p.id, { name: p.name, locale: p.locale });
    tickets.push(
      await h.helpdesk.tickets.open(actor, {
        description: `Payroll portal is down for ${p.name}`,
        impact: 'high',
        urgency: 'high',
      }),
    );
    h.clock.advanceMinutes(1);
  }
  return tickets;
}
