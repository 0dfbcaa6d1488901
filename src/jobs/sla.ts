import type { SlaFlows } from '../core/sla/flows';
import type { SweepJob } from './scheduler';

export const SLA_SWEEP = 'sla.sweep';
export const SLA_AUTOCLOSE = 'sla.autoclose';

/**
 * The SLA watch (every minute: warnings, breaches, escalations) and the auto-close of resolved
 * tickets. Both read only what is due through an index and claim each ticket with a
 * compare-and-set write, so agenda may run them in any process, after any restart.
 */
export function slaJobs(flows: SlaFlows): SweepJob[] {
  return [
    { name: SLA_SWEEP, every: '1 minute', run: (now) => flows.sweep(now) },
    { name: SLA_AUTOCLOSE, every: '15 minutes', run: (now) => flows.autoClose(now) },
  ];
}
