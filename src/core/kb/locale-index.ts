import type { Analyzer, Term } from './analyzer';
import type { KbLocale, MatchableArticle } from './types';
import { Vocabulary } from './vocabulary';

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
const FIELD_NAMES = Object.keys(FIELDS) as Field[];
const K1 = 1.2;

/** How much a word found only in the body counts as evidence, against one in the title or tags. */
const BODY_ONLY_EVIDENCE = 0.5;
/** Credit given to a word reached by correcting a typo or completing a truncation. */
const CORRECTED = 0.85;
/** A word read several ways ("forgot" → forget, forgotten) keeps only its likeliest readings. */
const MAX_ALTERNATIVES = 3;
/** BM25F only breaks ties between articles carrying the same evidence. */
const BM25_TIE_BREAK = 0.01;
/**
 * A term found in more than this share of the articles is scored by looking it up in the articles
 * the rarer terms already reached, rather than by walking its long postings: an article that
 * matches only such common words cannot carry enough evidence to be suggested.
 */
const COMMON_SHARE = Number(process.env.CS ?? 1000);
/** A hash lookup in an article costs about as much as walking this many postings. */
const LOOKUP_COST = 4;
const MAX_CACHED_RESOLUTIONS = 10_000;

export interface Resolution {
  term: string;
  /** 1 for an exact match, less for a corrected or completed word. */
  credit: number;
  /** The known word the message's word was read as. */
  known: string;
}

export interface QueryTerm {
  surface: string;
  /** Terms of the index the word stands for; empty when the KB has never seen it. */
  alternatives: Resolution[];
  /** How much this word says about which article is meant (inverse document frequency). */
  weight: number;
}

export interface Ranked {
  slot: number;
  /** Sum over matched words of weight × credit, full in title or tags, half in the body only. */
  evidence: number;
}

interface DocTerm {
  /** The term is in the title or the tags. */
  head: boolean;
  /** BM25F saturation of the term in this article, for tie-breaking. */
  saturation: number;
}

interface Doc {
  id: string;
  lengths: Record<Field, number>;
  terms: Map<string, DocTerm>;
  /** Written words, to take back out of the vocabulary when the article goes. */
  surfaces: string[];
}

/**
 * The articles containing one term, in typed arrays so the scoring loop reads flat memory, with
 * the same facts as the article's DocTerm.
 */
class Postings {
  length = 0;
  slots = new Int32Array(4);
  head = new Uint8Array(4);
  saturation = new Float32Array(4);

  push(slot: number, term: DocTerm): void {
    if (this.length === this.slots.length) {
      const slots = new Int32Array(this.length * 2);
      const head = new Uint8Array(this.length * 2);
      const saturation = new Float32Array(this.length * 2);
      slots.set(this.slots);
      head.set(this.head);
      saturation.set(this.saturation);
      this.slots = slots;
      this.head = head;
      this.saturation = saturation;
    }
    this.slots[this.length] = slot;
    this.head[this.length] = term.head ? 1 : 0;
    this.saturation[this.length] = term.saturation;
    this.length += 1;
  }

  delete(slot: number): void {
    const i = this.slots.subarray(0, this.length).indexOf(slot);
    if (i < 0) return;
    const last = this.length - 1;
    this.slots[i] = this.slots[last];
    this.head[i] = this.head[last];
    this.saturation[i] = this.saturation[last];
    this.length = last;
  }
}

function stripMarkdown(text: string): string {
  return text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[`*_#>|~]+/g, ' ');
}

/**
 * One language's articles: postings per term, field lengths for BM25F, and the vocabulary for
 * typo matching. Articles come and go one at a time; nothing is rebuilt.
 */
export class LocaleIndex {
  private readonly vocabulary = new Vocabulary();
  private readonly postings = new Map<string, Postings>();
  private readonly docs: (Doc | undefined)[] = [];
  private readonly slots = new Map<string, number>();
  private readonly free: number[] = [];
  private readonly lengthSums: Record<Field, number> = { title: 0, tags: 0, body: 0 };
  private readonly resolutions = new Map<string, Resolution[]>();
  private scratch = LocaleIndex.buffers(0);
  private generation = 0;

  constructor(
    readonly locale: KbLocale,
    private readonly analyzer: Analyzer,
  ) {}

  get size(): number {
    return this.slots.size;
  }

  add(article: MatchableArticle): void {
    const analyzed: Record<Field, Term[]> = {
      title: this.analyzer.analyze(article.title, this.locale),
      tags: article.tags.flatMap((t) => this.analyzer.analyze(t, this.locale)),
      body: this.analyzer.analyze(stripMarkdown(article.body), this.locale),
    };
    const lengths = { title: analyzed.title.length, tags: analyzed.tags.length, body: analyzed.body.length };
    const counts = new Map<string, Record<Field, number>>();
    const surfaces: string[] = [];
    for (const field of FIELD_NAMES) {
      this.lengthSums[field] += lengths[field];
      for (const t of analyzed[field]) {
        let c = counts.get(t.term);
        if (!c) counts.set(t.term, (c = { title: 0, tags: 0, body: 0 }));
        c[field] += 1;
        if (t.word) {
          surfaces.push(t.surface);
          this.vocabulary.add(t.surface, t.term);
        }
      }
    }
    const slot = this.free.pop() ?? this.docs.length;
    this.slots.set(article.id, slot);
    const n = this.size;
    const norms = {} as Record<Field, number>;
    for (const field of FIELD_NAMES) {
      const { b } = FIELDS[field];
      norms[field] = 1 - b + (b * lengths[field]) / (this.lengthSums[field] / n || 1);
    }
    const doc: Doc = { id: article.id, lengths, terms: new Map(), surfaces };
    for (const [term, c] of counts) {
      let wtf = 0;
      for (const field of FIELD_NAMES) wtf += (FIELDS[field].weight * c[field]) / norms[field];
      const docTerm = { head: c.title + c.tags > 0, saturation: (wtf * (K1 + 1)) / (wtf + K1) };
      doc.terms.set(term, docTerm);
      let p = this.postings.get(term);
      if (!p) this.postings.set(term, (p = new Postings()));
      p.push(slot, docTerm);
    }
    this.docs[slot] = doc;
    this.resolutions.clear();
  }

  remove(id: string): boolean {
    const slot = this.slots.get(id);
    if (slot === undefined) return false;
    const doc = this.docs[slot] as Doc;
    for (const term of doc.terms.keys()) {
      const p = this.postings.get(term) as Postings;
      p.delete(slot);
      if (p.length === 0) this.postings.delete(term);
    }
    for (const field of FIELD_NAMES) this.lengthSums[field] -= doc.lengths[field];
    for (const s of doc.surfaces) this.vocabulary.delete(s);
    this.docs[slot] = undefined;
    this.slots.delete(id);
    this.free.push(slot);
    this.resolutions.clear();
    return true;
  }

  /** BM25 inverse document frequency; with no term, that of a word no article contains. */
  idf(term?: string): number {
    const df = term ? (this.postings.get(term)?.length ?? 0) : 0;
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /** The message's terms, each read as the index's terms it stands for, with its weight. */
  queryTerms(terms: readonly Term[], unknownWeight: number): QueryTerm[] {
    const out: QueryTerm[] = [];
    const seen = new Set<string>();
    for (const t of terms) {
      if (seen.has(t.term)) continue;
      seen.add(t.term);
      const alternatives = this.resolve(t);
      const weight = alternatives.length ? Math.max(...alternatives.map((a) => this.idf(a.term))) : unknownWeight;
      out.push({ surface: t.surface, alternatives, weight });
    }
    return out;
  }
  /**
   * Finds the term meant by a word no article contains: chat elision without apostrophe
   * ("jarrive"), an inflection the stemmer missed ("synchronisent"), a typo ("pasword") or a
   * truncation ("synchro"). Only words missing from the index get here, and the answer is cached
   * until the index changes, so the common path stays a hash lookup.
   */
  private resolve(t: Term): Resolution[] {
    if (this.postings.has(t.term)) return [{ term: t.term, credit: 1, known: t.surface }];
    if (!t.word) return [];
    const cached = this.resolutions.get(t.surface);
    if (cached) return cached;
    const found = this.resolveWord(t.surface);
    if (this.resolutions.size >= MAX_CACHED_RESOLUTIONS) this.resolutions.clear();
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
   * Scores only the articles in the postings of the message's terms, rarest terms first, so the
   * cost follows how common those terms are, not the size of the KB. Per article it sums
   * evidence plus a small BM25F share that breaks ties; a word read several ways counts once, by
   * its best reading.
   */
  rank(terms: readonly QueryTerm[], limit: number): Ranked[] {
    const n = this.size;
    if (n === 0 || limit <= 0 || terms.length === 0) return [];
    if (this.scratch.key.length < this.docs.length || this.generation > 2 ** 30) {
      this.scratch = LocaleIndex.buffers(this.docs.length * 2);
      this.generation = 0;
    }
    const { key, termKey, stamp, touched } = this.scratch;
    let touchedCount = 0;
    const plan = terms
      .filter((q) => q.alternatives.length > 0)
      .map((q) => ({ q, cost: q.alternatives.reduce((sum, a) => sum + (this.postings.get(a.term) as Postings).length, 0) }))
      .sort((a, b) => a.cost - b.cost);
    for (const { q, cost } of plan) {
      if (touchedCount > 0 && cost > n * COMMON_SHARE && cost > touchedCount * LOOKUP_COST) {
        for (let j = 0; j < touchedCount; j += 1) {
          const slot = touched[j];
          key[slot] += this.contribution(q, this.docs[slot] as Doc);
        }
        continue;
      }
      const single = q.alternatives.length === 1;
      const mark = ++this.generation;
      for (const alt of q.alternatives) {
        const p = this.postings.get(alt.term) as Postings;
        const { slots, head, saturation } = p;
        const headValue = q.weight * alt.credit;
        const bodyValue = headValue * BODY_ONLY_EVIDENCE;
        const tieWeight = BM25_TIE_BREAK * this.idf(alt.term) * alt.credit;
        for (let i = 0; i < p.length; i += 1) {
          const slot = slots[i];
          const value = (head[i] ? headValue : bodyValue) + tieWeight * saturation[i];
          if (key[slot] === 0) touched[touchedCount++] = slot;
          if (single) key[slot] += value;
          else if (stamp[slot] !== mark) {
            stamp[slot] = mark;
            termKey[slot] = value;
            key[slot] += value;
          } else if (value > termKey[slot]) {
            key[slot] += value - termKey[slot];
            termKey[slot] = value;
          }
        }
      }
    }
    return this.best(touchedCount, limit).map((slot) => ({ slot, evidence: this.evidence(terms, this.docs[slot] as Doc) }));
  }

  private contribution(q: QueryTerm, doc: Doc): number {
    let best = 0;
    for (const alt of q.alternatives) {
      const t = doc.terms.get(alt.term);
      if (!t) continue;
      const value = q.weight * alt.credit * (t.head ? 1 : BODY_ONLY_EVIDENCE) + BM25_TIE_BREAK * this.idf(alt.term) * alt.credit * t.saturation;
      if (value > best) best = value;
    }
    return best;
  }

  private evidence(terms: readonly QueryTerm[], doc: Doc): number {
    let sum = 0;
    for (const q of terms) {
      let best = 0;
      for (const alt of q.alternatives) {
        const t = doc.terms.get(alt.term);
        if (t) best = Math.max(best, q.weight * alt.credit * (t.head ? 1 : BODY_ONLY_EVIDENCE));
      }
      sum += best;
    }
    return sum;
  }

  /** The `limit` best-keyed touched articles, best first; clears the buffers for the next query. */
  private best(touchedCount: number, limit: number): number[] {
    const { key, stamp, touched } = this.scratch;
    const slots: number[] = [];
    const keys: number[] = [];
    for (let i = 0; i < touchedCount; i += 1) {
      const slot = touched[i];
      const k = key[slot];
      key[slot] = 0;
      stamp[slot] = 0;
      if (slots.length === limit && k <= keys[limit - 1]) continue;
      let j = slots.length < limit ? slots.length : limit - 1;
      while (j > 0 && keys[j - 1] < k) {
        if (j < limit) {
          slots[j] = slots[j - 1];
          keys[j] = keys[j - 1];
        }
        j -= 1;
      }
      slots[j] = slot;
      keys[j] = k;
    }
    return slots;
  }

  articleId(slot: number): string {
    return (this.docs[slot] as Doc).id;
  }

  /** The reading of each message word that the article contains, for explanations. */
  matchedReadings(slot: number, terms: readonly QueryTerm[]): { surface: string; known: string }[] {
    const doc = this.docs[slot] as Doc;
    const out: { surface: string; known: string }[] = [];
    for (const q of terms) {
      const alt = q.alternatives.find((a) => doc.terms.has(a.term));
      if (alt) out.push({ surface: q.surface, known: alt.known });
    }
    return out;
  }

  private static buffers(size: number) {
    return {
      key: new Float64Array(size),
      termKey: new Float64Array(size),
      stamp: new Int32Array(size),
      touched: new Int32Array(size),
    };
  }
}
