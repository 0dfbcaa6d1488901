export {
  KnowledgeBase,
  excerpt,
  type KnowledgeBaseOptions,
  type KbSuggestion,
  type KbSearchHit,
  type UpsertOutcome,
  type ImportedArticle,
} from './service';
export { FaqMatcher, type MatcherOptions, type MatchOptions, type MatchResult, type Candidate } from './matcher';
export { offerFor, MAX_CHOICES, type KbOffer, type OfferRule } from './offer';
export { importArticles, readArticles, seedSampleKb, type ImportReport } from './import';
export { articleModel, kbFeedbackModel, type Article, type KbFeedback } from './model';
export * from './schemas';
export * from './types';
export { kbCommands } from './commands';
