export { createSurveys, type Surveys, type SurveysDeps } from './flows';
export { CsatService, type CsatAnswer, type SurveyRefusal } from './service';
export { NpsService, type NpsAnswer } from './nps';
export {
  SurveyResults,
  type CsatComment,
  type CsatGroup,
  type CsatResults,
  type CsatStats,
  type NpsComment,
  type NpsResults,
} from './results';
export { CSAT_GROUP_BY, type CsatGroupBy, type CsatResultsQuery, type NpsResultsQuery } from './schemas';
export {
  npsCategory,
  npsScore,
  type CsatDistribution,
  type NpsCategory,
  type PeriodInterval,
  type RandomSource,
} from './stats';
export { CSAT_ACTION, NPS_ACTION } from './presenter';
export type { SweepReport } from './delivery';
export * from './model';
