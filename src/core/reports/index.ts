export { ReportService, UNASSIGNED, UNCATEGORISED, type ReportLogger } from './service';
export { DashboardAccess, SESSION_TTL_MIN, SIGNIN_TTL_MIN, type DashboardViewer } from './access';
export { reportCommands } from './commands';
export { formatMinutes, formatPct, periodLabel, summaryText, weeklyDigestText } from './digest';
export { lastCompleteWeek, parsePeriod, previousPeriod, weeksOf, type Period } from './period';
export {
  GROUP_BY,
  MAX_PERIOD_DAYS,
  groupBySchema,
  reportQuerySchema,
  resolveReportQuery,
  type GroupBy,
  type ReportQuery,
} from './schemas';
export * from './sources';
export * from './types';
