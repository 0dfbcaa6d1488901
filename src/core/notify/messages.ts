/** Channel-neutral messages: core builds them (already translated), channels render them. */
export interface ActionButton {
  /** Stable action id, e.g. `ticket.claim`, `intake.impact`, `kb.solved`, `csat.score`. */
  id: string;
  label: string;
  /** Opaque value the action carries back (ticket number, draft id...): re-validated on return. */
  value: string;
  style?: 'primary' | 'danger';
}

export interface TicketCard {
  number: string;
  title: string;
  status: string;
  priority: string;
  /** Translated lines (fields, SLA commitments, requester). */
  lines: string[];
}

export interface OutboundMessage {
  text: string;
  actions?: ActionButton[];
  card?: TicketCard;
  /** The ticket whose conversation (thread) this message belongs to. */
  ticketNumber?: string;
}
