import type { Priority } from '../../config';
import { breachesOf, type Breach } from '../sla/breaches';
import { OPEN_STATUSES, TICKET_STATUSES, type HistoryEvent, type Ticket, type TicketStatus } from '../tickets/model';

/** The fields of a ticket a report reads (history without its texts: see `REPORT_PROJECTION`). */
export type ReportTicket = Pick<
  Ticket,
  | 'number'
  | 'type'
  | 'status'
  | 'priority'
  | 'team'
  | 'category'
  | 'channel'
  | 'requester'
  | 'assignee'
  | 'sla'
  | 'resolvedAt'
  | 'closedAt'
  | 'cancelledAt'
  | 'reopenCount'
  | 'links'
  | 'kbSuggestions'
  | 'history'
>;

/** Message bodies and descriptions are never needed for figures: leave them in the database. */
export const REPORT_PROJECTION = { description: 0, resolution: 0, workaround: 0, 'history.text': 0 } as const;

/**
 * What happened to one ticket, replayed from its history: the status it had at any instant, its
 * resolutions and reopens, and who held it. History is append-only, so a past period's figures
 * are the same whenever they are computed (except `reopen`, which looks forward on purpose).
 */
export class TicketTimeline {
  readonly openedAt: Date;
  /** Status after each status-changing event, in order. */
  readonly statuses: { at: Date; status: TicketStatus }[] = [];
  readonly resolutions: Date[] = [];
  readonly reopens: Date[] = [];
  readonly escalated: boolean;
  /** Agents who held the ticket, in order (claim, assignment, or answering an unassigned ticket). */
  readonly holders: string[] = [];
  /** Person key of whoever gave the last resolution. */
  readonly resolver?: string;
  readonly links: { at: Date; to: string }[] = [];
  /** Every SLA breach the history records (breachesOf), when it happened, at the priority of then. */
  readonly breaches: (Breach & { at: Date; priority: Priority })[] = [];

  constructor(readonly ticket: ReportTicket) {
    const history = [...(ticket.history ?? [])].sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
    this.openedAt = new Date(ticket.sla?.startedAt ?? history[0]?.at);
    let status: TicketStatus | null = null;
    let holder: string | null = null;
    let escalated = false;
    let resolver: string | undefined;
    for (const event of history) {
      const at = new Date(event.at);
      const next = statusAfter(event, status);
      if (next !== status) this.statuses.push({ at, status: next });
      switch (event.type) {
        case 'claimed':
          holder = event.actor.key;
          break;
        case 'assigned':
          holder = assignmentTarget(event) ?? holder;
          break;
        case 'escalated':
          escalated = true;
          holder = null;
          break;
        case 'waiting':
        case 'resolved':
          // Answering or resolving an unassigned ticket makes the agent its assignee (TicketService).
          if (!holder && event.channel !== 'system') holder = event.actor.key;
          break;
        case 'reopened':
          this.reopens.push(at);
          break;
        case 'linked':
          if (event.to) this.links.push({ at, to: event.to });
          break;
      }
      for (const breach of breachesOf(event)) {
        const priority = typeof event.data?.priority === 'string' ? (event.data.priority as Priority) : ticket.priority;
        this.breaches.push({ ...breach, at, priority });
      }
      if (holder && this.holders[this.holders.length - 1] !== holder) this.holders.push(holder);
      if (event.type === 'resolved') {
        this.resolutions.push(at);
        resolver = event.channel === 'system' ? undefined : event.actor.key;
      }
      status = next;
    }
    this.escalated = escalated;
    this.resolver = resolver;
  }

  /** Status just before `at` (events at `at` belong to what follows); null if not yet opened. */
  statusAt(at: Date): TicketStatus | null {
    let status: TicketStatus | null = null;
    for (const change of this.statuses) {
      if (change.at >= at) break;
      status = change.status;
    }
    return status;
  }

  isOpenAt(at: Date): boolean {
    const status = this.statusAt(at);
    return status !== null && OPEN_STATUSES.includes(status);
  }

  /**
   * First-contact resolution: resolved by the one agent who held the ticket from the start,
   * never escalated, never handed to someone else, never reopened. Waiting on the requester is
   * allowed (same agent, same contact). A resolution by the system (e.g. a crisis closing its
   * tickets) is not a contact.
   */
  get firstContactResolution(): boolean {
    if (!this.resolver || this.escalated || this.reopens.length > 0) return false;
    const distinct = new Set(this.holders);
    return distinct.size === 1 && distinct.has(this.resolver);
  }
}

function isStatus(value: unknown): value is TicketStatus {
  return typeof value === 'string' && (TICKET_STATUSES as readonly string[]).includes(value);
}

/** The target of an assignment: `data.to` (current events) or `to` when it is not a status. */
function assignmentTarget(event: HistoryEvent): string | undefined {
  const fromData = event.data?.to;
  if (typeof fromData === 'string') return fromData;
  return event.to && !isStatus(event.to) ? event.to : undefined;
}

/** Replays the status machine of TicketService over one history event. */
function statusAfter(event: HistoryEvent, previous: TicketStatus | null): TicketStatus {
  switch (event.type) {
    case 'opened':
      return 'new';
    case 'claimed':
    case 'assigned':
      return 'assigned';
    case 'escalated':
      // Functional escalation puts the ticket back in the next level's queue, unless it waits on the requester.
      return previous === 'waiting_user' ? 'waiting_user' : 'new';
    case 'waiting':
      return 'waiting_user';
    case 'resolved':
      return 'resolved';
    case 'cancelled':
      return 'cancelled';
    case 'closed':
      return 'closed';
    case 'reopened':
      return isStatus(event.to) ? event.to : 'new';
    default:
      // Any other event that changed the status carries the transition in from/to (e.g. the
      // requester answering a question moves waiting_user → assigned).
      return isStatus(event.from) && isStatus(event.to) ? event.to : (previous ?? 'new');
  }
}
