import { Analyzer, typedNames } from './analyzer';
import { ChanceLevel, confidenceOf, type Evidence } from './chance';
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
  /** The measures the confidence comes from, and the score chance reaches on this KB, for `kb why`. */
  evidence: Evidence & { chance: number };
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

/**
 * Finds the published articles that answer a chat message, in memory and synchronously. The index
 * is built once and kept up to date article by article; a query touches only the postings of its
 * own terms, so its cost does not grow with the number of articles it does not mention.
 */
export class FaqMatcher {
  private readonly analyzer: Analyzer;
  private readonly indexes: Record<KbLocale, LocaleIndex>;
  private readonly chance: Record<KbLocale, ChanceLevel>;
  private readonly localeOf = new Map<string, KbLocale>();
  readonly threshold: number;
  readonly maxSuggestions: number;

  constructor(options: MatcherOptions = {}) {
    this.analyzer = new Analyzer(options.synonyms ?? []);
    this.indexes = { fr: new LocaleIndex('fr', this.analyzer), en: new LocaleIndex('en', this.analyzer) };
    const chanceOf = (index: LocaleIndex) =>
      new ChanceLevel(
        index,
        (terms) => {
          const [best] = index.rank(terms, 1);
          return best && this.evidence(index, terms, best, 0);
        },
        () => UNKNOWN_WEIGHT * index.idf(),
      );
    this.chance = { fr: chanceOf(this.indexes.fr), en: chanceOf(this.indexes.en) };
    this.threshold = options.threshold ?? 0.45;
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
    const terms = index.queryTerms(this.analyzer.analyze(text, index.locale), UNKNOWN_WEIGHT * index.idf());
    const chance = this.chance[index.locale].get();
    const unknown = new Set(terms.filter((q) => q.alternatives.length === 0).map((q) => q.surface));
    const unknownNames = new Set(typedNames(text).filter((name) => unknown.has(name))).size;
    const candidates = index.rank(terms, limit).map((r) => this.candidate(index, terms, r, chance, unknownNames));
    const suggestions = candidates.filter((c, i) => i < this.maxSuggestions && c.confidence >= this.threshold);
    return { locale: index.locale, candidates, suggestions };
  }

  private evidence(index: LocaleIndex, terms: readonly QueryTerm[], r: Ranked, unknownNames: number): Evidence {
    const total = terms.reduce((sum, q) => sum + q.weight, 0);
    return {
      coverage: total > 0 ? r.evidence / total : 0,
      strength: r.evidence / index.idf(),
      matched: r.matched,
      unknownNames,
    };
  }

  private candidate(
    index: LocaleIndex,
    terms: readonly QueryTerm[],
    r: Ranked,
    chance: number,
    unknownNames: number,
  ): Candidate {
    const evidence = this.evidence(index, terms, r, unknownNames);
    return {
      articleId: index.articleId(r.slot),
      score: evidence.strength,
      confidence: confidenceOf(evidence, chance),
      evidence: { ...evidence, chance },
      matchedTerms: index
        .matchedReadings(r.slot, terms)
        .map((m) => (m.known === m.surface ? m.surface : `${m.surface}→${m.known}`)),
    };
  }
}
