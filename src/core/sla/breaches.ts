import type { BreachCause, SlaClockState } from './clock';

export type SlaTarget = 'acknowledge' | 'resolve';

/** One missed target, as the ticket's history records it. */
export interface Breach {
  target: SlaTarget;
  cause: BreachCause;
}

type RecordedEvent = { type: string; data?: Record<string, unknown> };

/**
 * THE definition of "a breach happened", shared by chat, `/metrics` and every report: a history
 * event that records it. Either the sweep's `sla_breach` event (the target ran out while the clock
 * ran), or the breaches another change had to record on the spot (`data.slaBreaches`: a first
 * response after the acknowledge deadline, a resolution after the resolve deadline the sweep had not
 * reached yet). History is append-only, so a breach is counted once, when it happened.
 */
export function breachesOf(event: RecordedEvent): Breach[] {
  if (event.type === 'sla_breach') {
    const target = event.data?.target === 'acknowledge' ? 'acknowledge' : 'resolve';
    return [{ target, cause: event.data?.cause === 'requester' ? 'requester' : 'support' }];
  }
  const listed = event.data?.slaBreaches;
  if (!Array.isArray(listed)) return [];
  return listed.flatMap((b: Partial<Breach>): Breach[] =>
    b?.target === 'acknowledge' || b?.target === 'resolve'
      ? [{ target: b.target, cause: b.cause === 'requester' ? 'requester' : 'support' }]
      : [],
  );
}

/** Targets a state change marks as breached (a flag turning true). */
export function breachesBetween(before: SlaClockState | undefined, after: SlaClockState | undefined): Breach[] {
  if (!after) return [];
  const found: Breach[] = [];
  if (after.breachedAcknowledge && !before?.breachedAcknowledge)
    found.push({ target: 'acknowledge', cause: 'support' });
  if (after.breachedResolve && !before?.breachedResolve)
    found.push({ target: 'resolve', cause: after.breachCause ?? 'support' });
  return found;
}
