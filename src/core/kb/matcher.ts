import { Analyzer, type Term } from './analyzer';
import { stopWordHits } from './stopwords';
import { KB_LOCALES, type KbLocale, type MatchableArticle } from './types';
import { Vocabulary } from './vocabulary';

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
  /** Relevance used for ranking (BM25F); only comparable within one message. */
  score: number;
  /** Estimated chance that this article answers the message, comparable across messages and KBs. */
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

/*
 * Field weights and BM25 constants. Titles and tags are written to name the problem, the body to
 * solve it, so a word in the title says more about what the article is for.
 */
const FIELDS = {
  title: { weight: 3, b: 0.5 },
  tags: { weight: 3, b: 0.3 },
  body: { weight: 1, b: 0.75 },
} as const;
type Field = keyof typeof FIELDS;
const K1 = 1.2;

/** How much a word found only in the body counts towards confidence, against title or tags. */
const BODY_ONLY_COVERAGE = Number(process.env.BODY ?? 0.5);
/** Credit given to a word reached by correcting a typo or completing a truncation. */
const CORRECTED = 0.85;
/**
 * Weight of a message word the KB has never seen, relative to the rarest known word. Chat words
 * ("bosser", "spins") are often unknown for harmless reasons, so they count a little less than a
 * rare known word; off-topic requests are mostly made of them.
 */
const UNKNOWN_WEIGHT = Number(process.env.UW ?? 0.8);
/** A word read several ways ("forgot" → forget, forgotten) keeps only its likeliest readings. */
const MAX_ALTERNATIVES = 3;
const HEADIDF = process.env.HEADIDF === '1';
const RANK_EV = Number(process.env.RANK_EV ?? 0);

interface Doc {
  id: string;
  lengths: Record<Field, number>;
  fields: Map<string, Record<Field, number>>;
  surfaces: string[];
}

interface Postings {
  docs: number[];
  title: number[];
  tags: number[];
  body: number[];
}

interface Resolution {
  term: string;
  credit: number;
  known: string;
}

interface QueryTerm {
  surface: string;
  /** Terms of the index the word stands for; empty when the KB has never seen it. */
  alternatives: Resolution[];
  /** Share of the message's information this word carries (its inverse document frequency). */
  weight: number;
}

function stripMarkdown(text: string): string {
  return text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[`*_#>|~]+/g, ' ');
}

/** One language's articles: postings per term, field lengths, and the words for typo matching. */
class LocaleIndex {
  readonly vocabulary = new Vocabulary();
  readonly postings = new Map<string, Postings>();
  /** How many articles name the term in their title or tags: few means it names a topic. */
  readonly headFrequency = new Map<string, number>();
  readonly docs: (Doc | undefined)[] = [];
  readonly slots = new Map<string, number>();
  private readonly free: number[] = [];
  private readonly lengthSums: Record<Field, number> = { title: 0, tags: 0, body: 0 };
  private readonly resolutions = new Map<string, Resolution[]>();
  private scratch = {
    bm25: new Float64Array(0),
    evidence: new Float64Array(0),
    termBm25: new Float64Array(0),
    termEvidence: new Float64Array(0),
    stamp: new Int32Array(0),
    touched: new Int32Array(0),
  };
  private generation = 0;

  constructor(
    readonly locale: KbLocale,
    private readonly analyzer: Analyzer,
  ) {}

  get size(): number {
    return this.slots.size;
  }

  add(article: MatchableArticle): void {
    const fields: Record<Field, Term[]> = {
      title: this.analyzer.analyze(article.title, this.locale),
      tags: article.tags.flatMap((t) => this.analyzer.analyze(t, this.locale)),
      body: this.analyzer.analyze(stripMarkdown(article.body), this.locale),
    };
    const doc: Doc = { id: article.id, lengths: { title: 0, tags: 0, body: 0 }, fields: new Map(), surfaces: [] };
    for (const field of Object.keys(FIELDS) as Field[]) {
      doc.lengths[field] = fields[field].length;
      this.lengthSums[field] += fields[field].length;
      for (const t of fields[field]) {
        let counts = doc.fields.get(t.term);
        if (!counts) doc.fields.set(t.term, (counts = { title: 0, tags: 0, body: 0 }));
        counts[field] += 1;
        if (t.word) {
          doc.surfaces.push(t.surface);
          this.vocabulary.add(t.surface, t.term);
        }
      }
    }
    const slot = this.free.pop() ?? this.docs.length;
    this.docs[slot] = doc;
    this.slots.set(article.id, slot);
    for (const [term, counts] of doc.fields) {
      if (counts.title || counts.tags) this.headFrequency.set(term, (this.headFrequency.get(term) ?? 0) + 1);
      let p = this.postings.get(term);
      if (!p) this.postings.set(term, (p = { docs: [], title: [], tags: [], body: [] }));
      p.docs.push(slot);
      p.title.push(counts.title);
      p.tags.push(counts.tags);
      p.body.push(counts.body);
    }
    this.resolutions.clear();
  }

  remove(id: string): boolean {
    const slot = this.slots.get(id);
    if (slot === undefined) return false;
    const doc = this.docs[slot] as Doc;
    for (const [term, counts] of doc.fields) {
      if (counts.title || counts.tags) {
        const left = (this.headFrequency.get(term) ?? 1) - 1;
        if (left > 0) this.headFrequency.set(term, left);
        else this.headFrequency.delete(term);
      }
      const p = this.postings.get(term) as Postings;
      const i = p.docs.indexOf(slot);
      const last = p.docs.length - 1;
      for (const list of [p.docs, p.title, p.tags, p.body]) {
        list[i] = list[last];
        list.pop();
      }
      if (p.docs.length === 0) this.postings.delete(term);
    }
    for (const field of Object.keys(FIELDS) as Field[]) this.lengthSums[field] -= doc.lengths[field];
    for (const s of doc.surfaces) this.vocabulary.delete(s);
    this.docs[slot] = undefined;
    this.slots.delete(id);
    this.free.push(slot);
    this.resolutions.clear();
    return true;
  }

  idf(term: string | undefined): number {
    const n = this.size;
    const df = term ? (this.postings.get(term)?.docs.length ?? 0) : 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  headIdf(term: string): number {
    const n = this.size;
    const df = this.headFrequency.get(term) ?? n;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  weight(term: string): number {
    return HEADIDF ? Math.max(this.idf(term), this.headIdf(term)) : this.idf(term);
  }

  /**
   * Finds the term meant by a word no article contains: chat elision without apostrophe
   * ("jarrive"), an inflection the stemmer missed ("synchronisent"), a typo ("pasword") or a
   * truncation ("synchro"). Only rare words get here, and the answer is cached until the index
   * changes, so the cost stays off the common path.
   */
  resolve(t: Term): Resolution[] {
    if (this.postings.has(t.term)) return [{ term: t.term, credit: 1, known: t.surface }];
    if (!t.word) return [];
    const cached = this.resolutions.get(t.surface);
    if (cached) return cached;
    const found = this.resolveWord(t.surface);
    if (this.resolutions.size > 10_000) this.resolutions.clear();
    this.resolutions.set(t.surface, found);
    return found;
  }

  private resolveWord(word: string): Resolution[] {
    const found: Resolution[] = [];
    const add = (w: string, credit: number): void => {
      const term = this.vocabulary.termOf(w) ?? this.analyzer.termOf(w, this.locale);
      if (this.postings.has(term) && !found.some((f) => f.term === term)) found.push({ term, credit, known: w });
    };
    if (this.locale === 'fr') {
      const elided = /^(?:qu|[cdjlmnst])([aeiouyh][a-z]{2,})$/.exec(word);
      if (elided) add(elided[1], 1);
      if (found.length) return found;
    }
    for (let len = word.length - 1; len >= Math.max(5, Math.ceil(word.length * 0.6)) && !found.length; len -= 1) {
      const stem = word.slice(0, len);
      if (this.postings.has(stem)) found.push({ term: stem, credit: 1, known: stem });
    }
    for (const w of this.vocabulary.corrections(word)) add(w, CORRECTED);
    for (const w of this.vocabulary.completions(word)) add(w, CORRECTED);
    return found.slice(0, MAX_ALTERNATIVES);
  }

  /**
   * Scores only the documents in the postings of the message's terms, so the cost follows their
   * document frequency, not the size of the KB. Two sums per document: BM25F for ordering close
   * calls, and evidence (each word's weight, full in title or tags, partial in the body) which is
   * what confidence is made of. A word read several ways counts once, by its best reading.
   */
  rank(terms: readonly QueryTerm[], limit: number): { slot: number; score: number; evidence: number }[] {
    const n = this.size;
    if (n === 0) return [];
    const avg = {
      title: this.lengthSums.title / n || 1,
      tags: this.lengthSums.tags / n || 1,
      body: this.lengthSums.body / n || 1,
    };
    const { bm25, evidence, termBm25, termEvidence, stamp, touched } = this.buffers;
    let touchedCount = 0;
    for (const q of terms) {
      const mark = ++this.generation;
      for (const alt of q.alternatives) {
        const p = this.postings.get(alt.term) as Postings;
        const idf = this.idf(alt.term) * alt.credit;
        const { docs, title, tags, body } = p;
        for (let i = 0; i < docs.length; i += 1) {
          const slot = docs[i];
          const l = (this.docs[slot] as Doc).lengths;
          const wtf =
            (FIELDS.title.weight * title[i]) / (1 - FIELDS.title.b + (FIELDS.title.b * l.title) / avg.title) +
            (FIELDS.tags.weight * tags[i]) / (1 - FIELDS.tags.b + (FIELDS.tags.b * l.tags) / avg.tags) +
            (FIELDS.body.weight * body[i]) / (1 - FIELDS.body.b + (FIELDS.body.b * l.body) / avg.body);
          const bm = (idf * wtf * (K1 + 1)) / (wtf + K1);
          const ev = alt.credit * (title[i] || tags[i] ? this.weight(alt.term) : BODY_ONLY_COVERAGE * this.idf(alt.term));
          if (bm25[slot] === 0 && evidence[slot] === 0) touched[touchedCount++] = slot;
          if (stamp[slot] !== mark) {
            stamp[slot] = mark;
            termBm25[slot] = bm;
            termEvidence[slot] = ev;
            bm25[slot] += bm;
            evidence[slot] += ev;
          } else {
            if (bm > termBm25[slot]) (bm25[slot] += bm - termBm25[slot]), (termBm25[slot] = bm);
            if (ev > termEvidence[slot]) (evidence[slot] += ev - termEvidence[slot]), (termEvidence[slot] = ev);
          }
        }
      }
    }
    const best: { slot: number; score: number; evidence: number; key: number }[] = [];
    for (let i = 0; i < touchedCount; i += 1) {
      const slot = touched[i];
      const entry = { slot, score: bm25[slot], evidence: evidence[slot], key: evidence[slot] * RANK_EV + bm25[slot] };
      bm25[slot] = 0;
      evidence[slot] = 0;
      if (best.length < limit) best.push(entry);
      else if (entry.key > best[limit - 1].key) best[limit - 1] = entry;
      else continue;
      for (let j = best.length - 1; j > 0 && best[j - 1].key < best[j].key; j -= 1) {
        [best[j - 1], best[j]] = [best[j], best[j - 1]];
      }
    }
    return best;
  }

  private get buffers() {
    if (this.scratch.bm25.length < this.docs.length) {
      const size = Math.max(64, this.docs.length * 2);
      this.scratch = {
        bm25: new Float64Array(size),
        evidence: new Float64Array(size),
        termBm25: new Float64Array(size),
        termEvidence: new Float64Array(size),
        stamp: new Int32Array(size),
        touched: new Int32Array(size),
      };
      this.generation = 0;
    }
    return this.scratch;
  }

  doc(slot: number): Doc {
    return this.docs[slot] as Doc;
  }
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
    const locales: KbLocale[] = options.locale ? [options.locale] : this.guessLocales(text);
    let best: MatchResult | undefined;
    for (const locale of locales) {
      const result = this.matchIn(this.indexes[locale], text, limit);
      if (!best || (result.candidates[0]?.confidence ?? 0) > (best.candidates[0]?.confidence ?? 0)) best = result;
    }
    return best as MatchResult;
  }

  private guessLocales(text: string): KbLocale[] {
    const detected = this.detectLocale(text);
    return detected ? [detected] : [...KB_LOCALES];
  }

  private matchIn(index: LocaleIndex, text: string, limit: number): MatchResult {
    const unknownWeight = UNKNOWN_WEIGHT * index.idf(undefined);
    const terms: QueryTerm[] = [];
    const seen = new Set<string>();
    for (const t of this.analyzer.analyze(text, index.locale)) {
      if (seen.has(t.term)) continue;
      seen.add(t.term);
      const alternatives = index.resolve(t);
      const weight = alternatives.length ? Math.max(...alternatives.map((a) => index.weight(a.term))) : unknownWeight;
      terms.push({ surface: t.surface, alternatives, weight });
    }
    const total = terms.reduce((sum, q) => sum + q.weight, 0);
    const candidates = index.rank(terms, limit).map((r) => this.explain(index, terms, r, total));
    const suggestions = candidates.filter((c, i) => i < this.maxSuggestions && c.confidence >= this.threshold);
    return { locale: index.locale, candidates, suggestions };
  }

  /**
   * Confidence is the share of the message's information the article accounts for: each word
   * weighs its inverse document frequency (unknown words weigh about as much as the rarest), and
   * counts fully when found in the title or tags, partly when only in the body. A message whose
   * rare words the article names is answered; one whose rare words the KB has never seen ("SAP",
   * "paie") is not, however well its common words match. Being a ratio, it does not drift with
   * the size of the KB.
   */
  private explain(index: LocaleIndex, terms: readonly QueryTerm[], r: { slot: number; score: number; evidence: number }, total: number): Candidate {
    const doc = index.doc(r.slot);
    const matchedTerms: string[] = [];
    for (const q of terms) {
      const alt = q.alternatives.find((a) => doc.fields.has(a.term));
      if (alt) matchedTerms.push(alt.known === q.surface ? q.surface : `${q.surface}→${alt.known}`);
    }
    const coverage = total > 0 ? r.evidence / total : 0;
    // debug features
    let headMass = 0, headHit = 0, anchor = 0, unknown = 0, knownMiss = 0;
    const idfMax = index.idf(undefined);
    for (const [term, c] of doc.fields) if (c.title || c.tags) { const w = index.idf(term); headMass += w; if (terms.some((q) => q.alternatives.some((a) => a.term === term))) headHit += w; }
    for (const q of terms) {
      if (!q.alternatives.length) { unknown++; continue; }
      const c = q.alternatives.map((a) => doc.fields.get(a.term)).find(Boolean);
      if (!c) knownMiss++;
      else if (c.title || c.tags) anchor = Math.max(anchor, q.weight / idfMax);
    }
    const features = { cov: coverage, head: headMass ? headHit / headMass : 0, anchor, unknown, knownMiss, n: terms.length, ev: r.evidence / idfMax };
    return { articleId: doc.id, score: r.score, confidence: coverage, matchedTerms, features } as Candidate;
  }
}
