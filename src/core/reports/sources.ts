/**
 * What reports read from the domains that own survey, knowledge-base and crisis data. Reports never
 * read those collections directly: each domain implements the port over its own model and
 * compose.ts plugs it in. A port that is not plugged in makes its KPIs null ("no data"), never 0.
 */

export interface ReportRange {
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
}

/** Breakdowns a CSAT source can honour (its records carry the team, the agent and the category). */
export type CsatGroupBy = 'team' | 'agent' | 'category';

export interface CsatResults {
  /** Polls sent in the range (the response-rate denominator). */
  sent: number;
  /** Answers per score 1..5 for polls sent in the range (a changed answer counts once, as its last score). */
  distribution: Partial<Record<1 | 2 | 3 | 4 | 5, number>>;
}

export interface CsatResultsSource {
  /**
   * Results of the polls sent in the range; with `groupBy`, also per group key: team id, agent
   * person key (`slack:U123`) or category (`uncategorised` when none) — the keys tickets use.
   */
  csatResults(
    range: ReportRange,
    groupBy?: CsatGroupBy,
  ): Promise<{ overall: CsatResults; groups?: Record<string, CsatResults> }>;
}

export interface NpsResultsSource {
  /** Answers (0..10) given in the range, per score. */
  npsResults(range: ReportRange): Promise<{ distribution: Partial<Record<number, number>> }>;
}

export interface KbFeedbackRecord {
  /** Person key of the employee who gave the feedback. */
  personKey: string;
  at: Date;
  /** true: "That solved it"; false: "I still need help". */
  helpful: boolean;
}

export interface DeflectionSource {
  /** Feedback given on knowledge-base answers in the range. */
  kbFeedback(range: ReportRange): Promise<KbFeedbackRecord[]>;
}

export interface CrisisRecord {
  number: string;
  severity: string;
  declaredAt: Date;
  /** When the crisis reached "resolved" (or was closed, when no resolution time was kept). */
  resolvedAt?: Date | null;
  closedAt?: Date | null;
}

export interface CrisisSource {
  /** Crises declared in the range. */
  crises(range: ReportRange): Promise<CrisisRecord[]>;
}

export interface ReportSources {
  csat?: CsatResultsSource;
  nps?: NpsResultsSource;
  deflection?: DeflectionSource;
  crises?: CrisisSource;
}
