import type { Priority } from '../../config';
import type { GroupBy } from './schemas';

/*
 * KPI definitions. A period is [from, to); figures about "the end of the period" are taken at `to`,
 * or now while the period is still running. Statuses at a past instant are replayed from the
 * ticket's history, so they do not change afterwards; resolution figures use the ticket's standing
 * resolution (a ticket reopened later counts where it was finally resolved), and the reopen rate
 * looks forward on purpose. Breakdowns use the ticket's current team, category, channel, assignee
 * and priority.
 */

/** Mean of a duration over `count` tickets, in minutes; null when no ticket qualifies ("no data"). */
export interface MeanDuration {
  count: number;
  /** Business minutes on the ticket's SLA calendar, pauses excluded (from the SLA record). */
  businessMin: number | null;
  /** Wall-clock minutes, pauses and nights included. */
  wallMin: number | null;
}

/**
 * Service-desk KPIs of incidents and service requests over one period. Problems are counted apart
 * (`ProblemKpis`): they are raised by the desk, not by requesters. Every ratio is null when its
 * denominator is zero, so an empty period shows "no data" rather than 0 %.
 */
export interface TicketKpis {
  opened: number;
  /** Tickets whose final resolution (`resolvedAt`, still standing) falls in the period. */
  resolved: number;
  /** Tickets closed in the period (auto-close after the policy delay, or by a job). */
  closed: number;
  cancelled: number;
  /** Tickets in new/assigned/waiting_user at the period's end, reconstructed from their history. */
  openAtEnd: number;
  /**
   * SLA figures (kpis.ts `slaKpis`, one definition for the JSON, dashboard, CSV, chat report and
   * digest). A breach is a history event (`breachesOf`), counted in the period it happened in,
   * whether the ticket is still open or resolved since.
   */
  sla: {
    /** Tickets measured: resolved in the period, or whose resolve target support missed in it. */
    measured: number;
    /** Measured tickets whose resolve target support had not missed by the period's end. */
    withinSla: number;
    /** withinSla / measured; null when nothing was measured ("no data", never "on target"). */
    compliancePct: number | null;
    /** Breaches that happened in the period, by target and by who held the clock. */
    breaches: {
      total: number;
      support: number;
      /** Lapses during a pause recorded by earlier versions; the current clock cannot produce them. */
      requester: number;
      acknowledge: { support: number; requester: number };
      resolve: { support: number; requester: number };
    };
    /** Acknowledge breaches in the period (= breaches.acknowledge, both causes). */
    acknowledgeBreaches: number;
  };
  /** Mean time to acknowledge, over tickets first answered in the period. */
  mtta: MeanDuration;
  /** Mean time to resolve, over the resolved tickets. */
  mttr: MeanDuration;
  /** Resolved by the first agent who took the ticket, without escalation, hand-over or reopen. */
  firstContact: { count: number; pct: number | null };
  /** Of the tickets resolved in the period, those reopened after that resolution. */
  reopen: { resolutions: number; reopened: number; pct: number | null };
}

export interface GroupKpis {
  key: string;
  /** Team name, agent name; the key itself for category, channel and priority. */
  label: string;
  kpis: TicketKpis;
  csat?: CsatKpis | null;
}

export interface WeeklyPoint {
  /** Local date (YYYY-MM-DD) of the Monday starting the week. */
  week: string;
  from: string;
  to: string;
  opened: number;
  resolved: number;
  openAtEnd: number;
  slaCompliancePct: number | null;
  csatAverage: number | null;
}

export interface SlaByPriority {
  priority: Priority;
  resolved: number;
  /** As TicketKpis.sla, for the tickets of this (current) priority. */
  measured: number;
  withinSla: number;
  compliancePct: number | null;
  /** Breaches in the period, both targets and causes. */
  breaches: number;
}

export const BACKLOG_BUCKETS = ['lt1d', '1to3d', '3to7d', '7to30d', 'gt30d'] as const;
export type BacklogBucket = (typeof BACKLOG_BUCKETS)[number];

export interface CategoryCount {
  category: string;
  tickets: number;
}

export interface KnowledgeGap {
  /** A ticket category (or `uncategorised`) whose tickets got no confident KB answer. */
  topic: string;
  tickets: number;
  /** Up to three ticket numbers to look at when writing the article. */
  examples: string[];
}

export interface ProblemKpis {
  /** Problem records opened in the period. */
  opened: number;
  /** Of those, linked to at least one incident (the incident was `link`ed to it, or it to the incident). */
  fromIncidents: number;
  /** Distinct change records (`CHG-…`) that incidents were linked to in the period. */
  changesFromIncidents: number;
  openAtEnd: number;
}

export interface CsatKpis {
  /** Polls sent in the period. */
  sent: number;
  responses: number;
  responseRatePct: number | null;
  average: number | null;
  /** Count of answers per score, 1 to 5. */
  distribution: Record<'1' | '2' | '3' | '4' | '5', number>;
}

export interface NpsKpis {
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** %promoters − %detractors, −100..100; null without answers. */
  score: number | null;
}

export interface DeflectionKpis {
  /** "That solved it" answers in the period. */
  solvedByKb: number;
  /** Of those, followed by a ticket from the same person within 24 h: not a real deflection. */
  followedByTicket: number;
  deflected: number;
  /** Tickets opened by requesters in the period (incidents and requests). */
  ticketsOpened: number;
  /** deflected / (deflected + ticketsOpened): the share of requests solved without a ticket. */
  ratePct: number | null;
}

export interface CrisisSeverityKpis {
  severity: string;
  declared: number;
  closed: number;
  /** Mean minutes from declaration to resolution, over the crises resolved (or closed) so far. */
  meanDurationMin: number | null;
  maxDurationMin: number | null;
}

export interface CrisisKpis {
  total: number;
  bySeverity: CrisisSeverityKpis[];
}

export interface Report {
  period: { from: string; to: string; timezone: string };
  generatedAt: string;
  tickets: TicketKpis;
  groupBy?: GroupBy;
  groups?: GroupKpis[];
  weekly: WeeklyPoint[];
  slaByPriority: SlaByPriority[];
  backlogAge: Record<BacklogBucket, number>;
  topCategories: CategoryCount[];
  knowledgeGaps: KnowledgeGap[];
  problems: ProblemKpis;
  /**
   * The breaches of the period, one line each (at most 50; support's first, then by date), on open
   * and resolved tickets alike; `priority` is the ticket's at the breach.
   */
  breachedTickets: {
    number: string;
    priority: Priority;
    target: 'acknowledge' | 'resolve';
    cause: 'support' | 'requester';
    at: string;
    openAtEnd: boolean;
  }[];
  /** null: no CSAT source is wired (the module is not installed): "no data", never 0. */
  csat: CsatKpis | null;
  nps: NpsKpis | null;
  deflection: DeflectionKpis | null;
  crises: CrisisKpis | null;
  /** True when the bounded read hit its cap: figures cover the most recent tickets only. */
  truncated: boolean;
}
