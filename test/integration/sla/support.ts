import { DateTime } from 'luxon';
import type { SweepReport } from '../../../src/core/sla/flows';
import type { HistoryType, Ticket } from '../../../src/core/tickets';
import { SLA_AUTOCLOSE, SLA_SWEEP } from '../../../src/jobs/sla';
import type { TestHelpdesk } from '../../support/helpdesk';

/** Runs the SLA sweep as agenda would, at the manual clock's time. */
export const sweep = (h: TestHelpdesk) => h.helpdesk.scheduler.runNow(SLA_SWEEP) as Promise<SweepReport>;
export const autoClose = (h: TestHelpdesk) =>
  h.helpdesk.scheduler.runNow(SLA_AUTOCLOSE) as Promise<{ closed: number; skipped: number }>;

export const ticket = (h: TestHelpdesk, number: string): Promise<Ticket> => h.helpdesk.tickets.find(number);

export async function events(h: TestHelpdesk, number: string, type: HistoryType) {
  return (await ticket(h, number)).history.filter((e) => e.type === type);
}

/** Everything the bot wrote in a console room (`dm:sam`, `agents`...), oldest first. */
export async function room(h: TestHelpdesk, name: string) {
  return h.helpdesk.consoleMessenger.messages(name);
}

export async function texts(h: TestHelpdesk, name: string): Promise<string> {
  return (await room(h, name)).map((m) => m.text).join('\n---\n');
}

/** People of the shipped policy and two employees, identified as the console would. */
export async function cast(h: TestHelpdesk) {
  const [alice, bertrand, sam, agnes, lucas, marie] = await Promise.all([
    h.actor('console', 'alice', { name: 'Alice Martin', locale: 'en' }),
    h.actor('console', 'bertrand', { name: 'Bertrand Petit', locale: 'fr' }),
    h.actor('console', 'sam'),
    h.actor('console', 'agnes'),
    h.actor('console', 'lucas'),
    h.actor('console', 'marie'),
  ]);
  return { alice, bertrand, sam, agnes, lucas, marie };
}

/** "2026-03-02T16:00" read as wall-clock time in Paris, the policy's zone (DST included). */
export function paris(local: string): Date {
  const at = DateTime.fromISO(local, { zone: 'Europe/Paris' });
  if (!at.isValid) throw new Error(`bad local time ${local}`);
  return at.toJSDate();
}
