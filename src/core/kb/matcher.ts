import { Analyzer } from './analyzer';
import { LocaleIndex, type QueryTerm, type Ranked } from './locale-index';
import { stopWordHits } from './stopwords';
import { KB_LOCALES, type KbLocale, type MatchableArticle } from './types';

export interface MatcherOptions {
  /** Groups of words or phrases that mean the same thing (policy `kb.synonyms`). */
  synonyms?: readonly (readonly string[])[];
  /** Confidence under which nothing is suggested (policy `kb.threshold`). */
  threshold?: number;
  /** At most this many confident suggestions (policy `kb.maxSuggestions`). */
  maxSuggestions?: number;
}

export interface MatchOptions {
  /** The person's language; detected from the message when absent. */
  locale?: KbLocale;
  /** How many ranked candidates to return (default 5). */
  limit?: number;
}

export interface Candidate {
  articleId: string;
  /** Evidence the article carries for the message, in units of the rarest word; for ranking. */
  score: number;
  /** Estimated probability that the article answers the message: one threshold fits any KB. */
  confidence: number;
  /** Words of the message found in the article, as typed; `typed→known` when corrected. */
  matchedTerms: string[];
}

export interface MatchResult {
  locale: KbLocale;
  /** Best candidates first, including those below the threshold (for agents). */
  candidates: Candidate[];
  /** Candidates confident enough to show the requester; empty means abstain. */
  suggestions: Candidate[];
}

/**
 * Weight of a message word the KB has never seen, relative to the rarest known word. Chat words
 * ("bosser", "spins") are often unknown for harmless reasons, so they count a little less than a
 * rare known word; off-topic requests are mostly made of them.
 */
const UNKNOWN_WEIGHT = 0.8;

/*
 * Confidence is a logistic function of two measures that do not depend on the size of the KB:
 * coverage, the share of the message's information the article accounts for, and strength, the
 * evidence in units of the rarest word. Coverage alone trusts "desk phone" (all of two words) and
 * doubts "the vpn won't connect from the hotel, it just spins" (one word of four); strength tells
 * them apart. The coefficients are a logistic regression of "the top article is the right one" on
 * the two measures over a bilingual set of chat messages; fitted on the French messages alone and
 * tested on the English ones, and the other way round, they score within two points of the full
 * fit, so the output reads as a probability that carries across languages and KBs.
 */
const CALIBRATION = { intercept: -2.45, coverage: 1.55, strength: 2.9 };

function calibrate(coverage: number, strength: number): number {
  const z = CALIBRATION.intercept + CALIBRATION.coverage * coverage + CALIBRATION.strength * strength;
  return 1 / (1 + Math.exp(-z));
}

/**
 * Finds the published articles that answer a chat message, in memory and synchronously. The index
 * is built once and kept up to date article by article; a query touches only the postings of its
 * own terms, so its cost does not grow with the number of articles it does not mention.
 */
export class FaqMatcher {
  private readonly analyzer: Analyzer;
  private readonly indexes: Record<KbLocale, LocaleIndex>;
  private readonly localeOf = new Map<string, KbLocale>();
  readonly threshold: number;
  readonly maxSuggestions: number;

  constructor(options: MatcherOptions = {}) {
    this.analyzer = new Analyzer(options.synonyms ?? []);
    this.indexes = { fr: new LocaleIndex('fr', this.analyzer), en: new LocaleIndex('en', this.analyzer) };
    this.threshold = options.threshold ?? 0.5;
    this.maxSuggestions = options.maxSuggestions ?? 3;
  }

  get size(): number {
    return this.indexes.fr.size + this.indexes.en.size;
  }

  has(id: string): boolean {
    return this.localeOf.has(id);
  }

  /** Adds the article, or replaces the indexed version of it (its locale may have changed). */
  upsert(article: MatchableArticle): void {
    this.remove(article.id);
    this.indexes[article.locale].add(article);
    this.localeOf.set(article.id, article.locale);
  }

  remove(id: string): boolean {
    const locale = this.localeOf.get(id);
    if (!locale) return false;
    this.localeOf.delete(id);
    return this.indexes[locale].remove(id);
  }

  /** The language of a message from its grammar words, or undefined when it gives no clue. */
  detectLocale(text: string): KbLocale | undefined {
    const words = this.analyzer.words(text);
    const fr = stopWordHits(words, 'fr');
    const en = stopWordHits(words, 'en');
    if (fr === en) return undefined;
    return fr > en ? 'fr' : 'en';
  }

  match(text: string, options: MatchOptions = {}): MatchResult {
    const limit = options.limit ?? 5;
    const detected = options.locale ?? this.detectLocale(text);
    const locales = detected ? [detected] : [...KB_LOCALES];
    let best: MatchResult | undefined;
    for (const locale of locales) {
      const result = this.matchIn(this.indexes[locale], text, limit);
      if (!best || (result.candidates[0]?.confidence ?? 0) > (best.candidates[0]?.confidence ?? 0)) best = result;
    }
    return best as MatchResult;
  }

  private matchIn(index: LocaleIndex, text: string, limit: number): MatchResult {
    const rarest = index.idf();
    const terms = index.queryTerms(this.analyzer.analyze(text, index.locale), UNKNOWN_WEIGHT * rarest);
    const total = terms.reduce((sum, q) => sum + q.weight, 0);
    const candidates = index.rank(terms, limit).map((r) => this.candidate(index, terms, r, total, rarest));
    const suggestions = candidates.filter((c, i) => i < this.maxSuggestions && c.confidence >= this.threshold);
    return { locale: index.locale, candidates, suggestions };
  }

  private candidate(
    index: LocaleIndex,
    terms: readonly QueryTerm[],
    r: Ranked,
    total: number,
    rarest: number,
  ): Candidate {
    const coverage = total > 0 ? r.evidence / total : 0;
    const strength = r.evidence / rarest;
    return {
      articleId: index.articleId(r.slot),
      score: strength,
      confidence: calibrate(coverage, strength),
      matchedTerms: index
        .matchedReadings(r.slot, terms)
        .map((m) => (m.known === m.surface ? m.surface : `${m.surface}→${m.known}`)),
    };
  }
}
