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

/**
 * How much a word found only in the body counts as evidence, against one in the title or tags.
 * A body match is also weighed by the word's rarity across whole articles, a head match by its
 * rarity among titles and tags only (per-field document frequency, as Lucene keeps it): "pc" or
 * "mot de passe" turn up in half the bodies of a helpdesk KB but in few titles, so the article
 * whose title names them is strong evidence, and scattered body mentions are not.
 */
const BODY_ONLY_EVIDENCE = 0.5;
/** Credit given to a word reached by correcting a typo or completing a truncation. */
const CORRECTED = 0.85;
/** A word read several ways ("forgot" → forget, forgotten) keeps only its likeliest readings. */
const MAX_ALTERNATIVES = 3;
/** BM25F only breaks ties between articles carrying the same evidence. */
const BM25_TIE_BREAK = 0.01;
/** Postings shorter than this are walked without checking whether pruning could skip them. */
const PRUNE_FROM = 256;
/** The collection size below which inverse document frequencies are computed as if at this size. */
const MIN_COLLECTION = 20;
/** Looking a term up in one article costs about as much as walking this many postings. */
const LOOKUP_COST = 50;
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
  /** How much this word could say about which article is meant (see LocaleIndex.weightOf). */
  weight: number;
}

export interface Ranked {
  slot: number;
  /**
   * Sum over matched words of what the match is worth, times the reading's credit: the word's
   * head value when the article has it in its title or tags, half its rarity across whole
   * articles when only in the body.
   */
  evidence: number;
  /** How many of the message's words the article contains. */
  matched: number;
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

interface Values {
  head: number;
  body: number;
  tie: number;
}

type Scratch = ReturnType<(typeof LocaleIndex)['buffers']>;

/*
 * The scoring loops, kept small and apart so the JIT compiles each to tight machine code: they
 * run once per posting and are nearly all of the time a query takes on a large KB.
 */
function accumulate(p: Postings, v: Values, s: Scratch, touchedCount: number): number {
  const { slots, head, saturation } = p;
  const { key, touched } = s;
  const n = p.length;
  let count = touchedCount;
  for (let i = 0; i < n; i += 1) {
    const slot = slots[i];
    const prev = key[slot];
    if (prev === 0) touched[count++] = slot;
    key[slot] = prev + (head[i] ? v.head : v.body) + v.tie * saturation[i];
  }
  return count;
}

/** Like accumulate, for one of several readings of a word: the article keeps its best reading. */
function accumulateBest(p: Postings, v: Values, s: Scratch, touchedCount: number, mark: number): number {
  const { slots, head, saturation } = p;
  const { key, termKey, stamp, touched } = s;
  let count = touchedCount;
  for (let i = 0; i < p.length; i += 1) {
    const slot = slots[i];
    const value = (head[i] ? v.head : v.body) + v.tie * saturation[i];
    if (key[slot] === 0) touched[count++] = slot;
    if (stamp[slot] !== mark) {
      stamp[slot] = mark;
      termKey[slot] = value;
      key[slot] += value;
    } else if (value > termKey[slot]) {
      key[slot] += value - termKey[slot];
      termKey[slot] = value;
    }
  }
  return count;
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
  /** Per term, how many articles have it in their title or tags. */
  private readonly headCounts = new Map<string, number>();
  private scratch = LocaleIndex.buffers(0);
  private generation = 0;
  /** Articles added or removed so far, so that what is derived from the whole index knows its age. */
  changes = 0;

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
      if (docTerm.head) this.headCounts.set(term, (this.headCounts.get(term) ?? 0) + 1);
      let p = this.postings.get(term);
      if (!p) this.postings.set(term, (p = new Postings()));
      p.push(slot, docTerm);
    }
    this.docs[slot] = doc;
    this.resolutions.clear();
    this.changes += 1;
  }

  remove(id: string): boolean {
    const slot = this.slots.get(id);
    if (slot === undefined) return false;
    const doc = this.docs[slot] as Doc;
    for (const [term, t] of doc.terms) {
      if (t.head) {
        const left = (this.headCounts.get(term) ?? 1) - 1;
        if (left > 0) this.headCounts.set(term, left);
        else this.headCounts.delete(term);
      }
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
    this.changes += 1;
    return true;
  }

  /**
   * BM25 inverse document frequency; with no term, that of a word no article contains. A KB with
   * only a handful of articles is counted as if it had MIN_COLLECTION, the others lacking the
   * term: otherwise every known word of a three-article KB would look common, every unknown word
   * rare, and confidence would mean nothing until the KB grew.
   */
  idf(term?: string): number {
    return this.idfOf(term ? (this.postings.get(term)?.length ?? 0) : 0);
  }

  /** Inverse document frequency among titles and tags. */
  headIdf(term: string): number {
    return this.idfOf(this.headCounts.get(term) ?? 0);
  }

  /**
   * What a match in an article's head is worth: half the word's rarity among titles and tags,
   * half its rarity across whole articles. Rarity among heads alone rates "open" or "new" (in one
   * title, but in most bodies) as high as "vpn", and such words carried many of the wrong answers
   * to requests no article covers; two common words in one title ("mise à jour", "pc") also
   * outweighed the one rare word that names the topic ("sharepoint"). The head still weighs
   * most, so the article whose title names "password" beats one that mentions it in passing.
   */
  headValue(term: string): number {
    return (this.headIdf(term) + this.idf(term)) / 2;
  }

  /**
   * How much a known word says about which article is meant. A word in some title or tag can
   * earn its head value; one found only in bodies ("instead", "semaine") is rated by its rarity
   * across articles, not by the top rarity among heads it would get for being in none.
   */
  private weightOf(term: string): number {
    return this.headCounts.has(term) ? this.headValue(term) : this.idf(term);
  }

  private idfOf(df: number): number {
    const n = Math.max(this.size, MIN_COLLECTION);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** The message's terms, each read as the index's terms it stands for, with its weight. */
  queryTerms(terms: readonly Term[], unknownWeight: number): QueryTerm[] {
    const out: { surface: string; alternatives: Resolution[]; known: boolean }[] = [];
    const seen = new Set<string>();
    /** Which word of `out` each index term is read from, with the credit of that reading. */
    const readFrom = new Map<string, { word: number; credit: number }>();
    for (const t of terms) {
      if (seen.has(t.term)) continue;
      seen.add(t.term);
      const alternatives = this.resolve(t);
      // Two words read as the same term ("imprimnte", corrected to imprimante, and "imprime",
      // its synonym) are one piece of evidence, not two: the term keeps its surest reading.
      const fresh = alternatives.filter((a) => {
        const before = readFrom.get(a.term);
        if (!before) return true;
        if (a.credit <= before.credit) return false;
        const word = out[before.word];
        word.alternatives = word.alternatives.filter((b) => b.term !== a.term);
        return true;
      });
      if (alternatives.length && !fresh.length) continue;
      for (const a of fresh) readFrom.set(a.term, { word: out.length, credit: a.credit });
      out.push({ surface: t.surface, alternatives: fresh, known: alternatives.length > 0 });
    }
    return out
      .filter((w) => !w.known || w.alternatives.length > 0)
      .map((w) => ({
        surface: w.surface,
        alternatives: w.alternatives,
        weight: w.known ? Math.max(...w.alternatives.map((a) => this.weightOf(a.term))) : unknownWeight,
      }));
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
   * Scores only the articles in the postings of the message's terms, so the cost follows how
   * common those terms are, not the size of the KB. Per article it sums evidence plus a small
   * BM25F share that breaks ties; a word read several ways counts once, by its best reading.
   *
   * Terms go rarest (heaviest) first. Once the `limit`-th best article so far is out of reach of
   * any article the remaining terms alone could lift (MaxScore pruning), the remaining, common
   * terms are looked up in the few articles still in contention instead of walking their long
   * postings. The result is the same as a full walk.
   */
  rank(terms: readonly QueryTerm[], limit: number): Ranked[] {
    const n = this.size;
    if (n === 0 || limit <= 0) return [];
    if (this.scratch.key.length < this.docs.length || this.generation > 2 ** 30) {
      this.scratch = LocaleIndex.buffers(this.docs.length * 2);
      this.generation = 0;
    }
    const { key, touched } = this.scratch;
    const plan = terms
      .filter((q) => q.alternatives.length > 0)
      .map((q) => ({
        q,
        cost: q.alternatives.reduce((sum, a) => sum + (this.postings.get(a.term) as Postings).length, 0),
        values: q.alternatives.map((a) => this.values(a)),
      }))
      .map((entry) => ({ ...entry, ceiling: Math.max(...entry.values.map((v) => v.head + v.tie * (K1 + 1))) }))
      .sort((a, b) => b.ceiling - a.ceiling);
    const reach: number[] = new Array(plan.length + 1).fill(0);
    const remainingCost: number[] = new Array(plan.length + 1).fill(0);
    for (let j = plan.length - 1; j >= 0; j -= 1) {
      reach[j] = reach[j + 1] + plan[j].ceiling;
      remainingCost[j] = remainingCost[j + 1] + plan[j].cost;
    }

    let touchedCount = 0;
    let j = 0;
    let bar = -Infinity;
    for (; j < plan.length; j += 1) {
      if (touchedCount >= limit && plan[j].cost >= PRUNE_FROM) {
        bar = this.keyAt(touchedCount, limit);
        if (
          bar >= reach[j] &&
          this.contenders(touchedCount, bar - reach[j]) * (plan.length - j) * LOOKUP_COST < remainingCost[j]
        )
          break;
      }
      const { q, values } = plan[j];
      if (q.alternatives.length === 1) {
        touchedCount = accumulate(
          this.postings.get(q.alternatives[0].term) as Postings,
          values[0],
          this.scratch,
          touchedCount,
        );
        continue;
      }
      const mark = ++this.generation;
      q.alternatives.forEach((alt, a) => {
        touchedCount = accumulateBest(
          this.postings.get(alt.term) as Postings,
          values[a],
          this.scratch,
          touchedCount,
          mark,
        );
      });
    }
    let contenders = touched;
    let contenderCount = touchedCount;
    if (j < plan.length) {
      const floor = bar - reach[j];
      contenders = this.scratch.contenders;
      contenderCount = 0;
      for (let i = 0; i < touchedCount; i += 1) {
        const slot = touched[i];
        if (key[slot] < floor) continue;
        contenders[contenderCount++] = slot;
        const doc = this.docs[slot] as Doc;
        for (let k = j; k < plan.length; k += 1) key[slot] += this.contribution(plan[k].q, plan[k].values, doc);
      }
    }
    const best = this.best(contenders, contenderCount, limit);
    this.clear(touchedCount);
    return best.map((slot) => ({ slot, ...this.evidence(terms, this.docs[slot] as Doc) }));
  }

  /** How many touched articles have at least this key. */
  private contenders(touchedCount: number, floor: number): number {
    const { key, touched } = this.scratch;
    let count = 0;
    for (let i = 0; i < touchedCount; i += 1) if (key[touched[i]] >= floor) count += 1;
    return count;
  }

  /** The `limit`-th largest key among the touched articles. */
  private keyAt(touchedCount: number, limit: number): number {
    const { key, touched } = this.scratch;
    const top: number[] = [];
    for (let i = 0; i < touchedCount; i += 1) {
      const k = key[touched[i]];
      if (top.length === limit && k <= top[limit - 1]) continue;
      let p = top.length < limit ? top.length : limit - 1;
      while (p > 0 && top[p - 1] < k) {
        if (p < limit) top[p] = top[p - 1];
        p -= 1;
      }
      top[p] = k;
    }
    return top.length === limit ? top[limit - 1] : -Infinity;
  }

  /**
   * What a match of one reading is worth in an article's head and in its body. A word is in no
   * more heads than articles, so its head value is never below its body value: the pruning in
   * `rank` counts on the head value being a term's ceiling.
   */
  private values(alt: Resolution): Values {
    const idf = this.idf(alt.term) * alt.credit;
    return {
      head: this.headValue(alt.term) * alt.credit,
      body: idf * BODY_ONLY_EVIDENCE,
      tie: BM25_TIE_BREAK * idf,
    };
  }

  private contribution(q: QueryTerm, values: readonly Values[], doc: Doc): number {
    let best = 0;
    q.alternatives.forEach((alt, a) => {
      const t = doc.terms.get(alt.term);
      if (!t) return;
      const v = values[a];
      best = Math.max(best, (t.head ? v.head : v.body) + v.tie * t.saturation);
    });
    return best;
  }

  private evidence(terms: readonly QueryTerm[], doc: Doc): { evidence: number; matched: number } {
    let evidence = 0;
    let matched = 0;
    for (const q of terms) {
      let best = 0;
      for (const alt of q.alternatives) {
        const t = doc.terms.get(alt.term);
        if (!t) continue;
        const v = this.values(alt);
        best = Math.max(best, t.head ? v.head : v.body);
      }
      evidence += best;
      if (best > 0) matched += 1;
    }
    return { evidence, matched };
  }

  /** The `limit` articles with the best keys, best first. */
  private best(candidates: Int32Array, count: number, limit: number): number[] {
    const { key } = this.scratch;
    const slots: number[] = [];
    const keys: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const slot = candidates[i];
      const k = key[slot];
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

  private clear(touchedCount: number): void {
    const { key, stamp, touched } = this.scratch;
    for (let i = 0; i < touchedCount; i += 1) {
      key[touched[i]] = 0;
      stamp[touched[i]] = 0;
    }
  }

  /**
   * A word of the articles drawn at random, as its term: an article, then one of its written
   * words, so common words of this KB's own language ("open", "restart", "compte") come up as
   * often as they are used. A KB with fewer than MIN_COLLECTION articles is drawn from as if it
   * had that many, the missing ones holding words it does not know (undefined), as its inverse
   * document frequencies count it; otherwise every word of a three-article KB would be drawn
   * from those three articles and nothing could stand out from chance.
   */
  sampleTerm(random: () => number): QueryTerm | undefined {
    if (random() >= this.size / Math.max(this.size, MIN_COLLECTION)) return undefined;
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const doc = this.docs[Math.floor(random() * this.docs.length)];
      if (!doc || doc.surfaces.length === 0) continue;
      const surface = doc.surfaces[Math.floor(random() * doc.surfaces.length)];
      const term = this.vocabulary.termOf(surface);
      if (term && this.postings.has(term))
        return { surface, alternatives: [{ term, credit: 1, known: surface }], weight: this.weightOf(term) };
    }
    return undefined;
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

  static buffers(size: number) {
    return {
      key: new Float64Array(size),
      termKey: new Float64Array(size),
      stamp: new Int32Array(size),
      touched: new Int32Array(size),
      contenders: new Int32Array(size),
    };
  }
}
