import type { TicketStatus } from './model';

/**
 * The ticket status state machine (DESIGN.md §3). Closed and cancelled are final: a closed
 * ticket is never reopened (a new one is opened and linked instead).
 */
export const TRANSITIONS: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ['assigned', 'waiting_user', 'resolved', 'cancelled'],
  // assigned → new: functional escalation hands the ticket to the next level's queue.
  assigned: ['assigned', 'new', 'waiting_user', 'resolved', 'cancelled'],
  waiting_user: ['assigned', 'new', 'resolved', 'cancelled'],
  // resolved → assigned|new is a reopen; TicketService.reopen also checks the ticket *is* resolved,
  // since assigned → assigned (a reassignment) is a legal move that must not count as a reopen.
  resolved: ['closed', 'assigned', 'new'],
  closed: [],
  cancelled: [],
};

export function canTransition(from: TicketStatus, to: TicketStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Statuses from which `to` may be reached: used as the filter of the atomic update. */
export function statusesLeadingTo(to: TicketStatus): TicketStatus[] {
  return (Object.keys(TRANSITIONS) as TicketStatus[]).filter((from) => canTransition(from, to));
}
