/**
 * FAQ matching benchmark: accuracy of the real matcher against a BM25 baseline on the same
 * labelled chat messages, and match latency on that KB and on a synthetic 10,000-article one.
 * Usage: npm run bench --silent -- faq [--kb FILE] [--queries FILE]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import MiniSearch from 'minisearch';
import { loadPolicy } from '../src/config/policy';
import { FaqMatcher } from '../src/core/kb/matcher';
import type { KbLocale, MatchableArticle } from '../src/core/kb/types';

const ROOT = path.resolve(__dirname, '..');
const DEFAULT_KB = path.resolve(ROOT, '../shared/faq-eval/kb.json');
const DEFAULT_QUERIES = path.resolve(ROOT, '../shared/faq-eval/queries.dev.jsonl');
const LOCALES: KbLocale[] = ['fr', 'en'];
const SYNTHETIC_SIZE = 10_000;
const TIMED_PASSES = 5;

interface Query {
  q: string;
  locale: KbLocale;
  expected: string | null;
}

interface Scores {
  top1: number;
  abstention: number;
  overall: number;
}

function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

function parseArgs(argv: string[]): { kb: string; queries: string } {
  const out = { kb: DEFAULT_KB, queries: DEFAULT_QUERIES };
  for (let i = 0; i < argv.length; i += 1) {
    const value = argv[i + 1];
    if ((argv[i] === '--kb' || argv[i] === '--queries') && value) {
      out[argv[i] === '--kb' ? 'kb' : 'queries'] = path.resolve(value);
      i += 1;
    } else {
      throw new Error(`unknown argument ${argv[i]} (usage: faq [--kb FILE] [--queries FILE])`);
    }
  }
  return out;
}

function readKb(file: string): MatchableArticle[] {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Partial<MatchableArticle>[];
  return raw.map((a) => ({
    id: String(a.id),
    locale: a.locale as KbLocale,
    title: a.title ?? '',
    body: a.body ?? '',
    tags: a.tags ?? [],
    category: a.category,
  }));
}

function readQueries(file: string): Query[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Query);
}

/** Top-1 over answerable messages, correct abstention over the others, and their mean. */
function score(queries: readonly Query[], suggested: readonly (string | null)[]): Scores {
  let answerable = 0;
  let right = 0;
  let unanswerable = 0;
  let abstained = 0;
  queries.forEach((q, i) => {
    if (q.expected === null) {
      unanswerable += 1;
      if (suggested[i] === null) abstained += 1;
    } else {
      answerable += 1;
      if (suggested[i] === q.expected) right += 1;
    }
  });
  const top1 = answerable ? right / answerable : 0;
  const abstention = unanswerable ? abstained / unanswerable : 0;
  return { top1: round(top1), abstention: round(abstention), overall: round((top1 + abstention) / 2) };
}

function byLocale(queries: readonly Query[], suggested: readonly (string | null)[]): Record<KbLocale, Scores> {
  const out = {} as Record<KbLocale, Scores>;
  for (const locale of LOCALES) {
    const idx = queries.map((q, i) => (q.locale === locale ? i : -1)).filter((i) => i >= 0);
    out[locale] = score(
      idx.map((i) => queries[i]),
      idx.map((i) => suggested[i]),
    );
  }
  return out;
}

function round(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * MiniSearch with its default settings (BM25, its own tokeniser, no stemming, no fuzzy), one index
 * per language so that it competes on the same terms; its abstention threshold on the top score
 * is the one that maximises its own overall result on these very messages.
 */
function baseline(articles: readonly MatchableArticle[], queries: readonly Query[]) {
  const indexes = new Map<KbLocale, MiniSearch>();
  for (const locale of LOCALES) {
    const ms = new MiniSearch({ fields: ['title', 'tags', 'body'] });
    ms.addAll(articles.filter((a) => a.locale === locale).map((a) => ({ id: a.id, title: a.title, tags: a.tags.join(' '), body: a.body })));
    indexes.set(locale, ms);
  }
  const tops = queries.map((q) => {
    const [top] = (indexes.get(q.locale) as MiniSearch).search(q.q);
    return top ? { id: String(top.id), score: top.score } : null;
  });
  const thresholds = [...new Set(tops.filter((t) => t !== null).map((t) => t.score))].sort((a, b) => a - b);
  thresholds.push(Infinity);
  let best = { threshold: Infinity, suggested: tops.map(() => null as string | null), overall: -1 };
  for (const threshold of thresholds) {
    const suggested = tops.map((t) => (t && t.score >= threshold ? t.id : null));
    const { overall } = score(queries, suggested);
    if (overall > best.overall) best = { threshold, suggested, overall };
  }
  return { ...score(queries, best.suggested), threshold: round(best.threshold), by_locale: byLocale(queries, best.suggested) };
}

/** Milliseconds per match over several passes on a matcher whose caches start empty. */
function latency(build: () => FaqMatcher, queries: readonly Query[]): { p50: number; p99: number } {
  const warm = build();
  for (let pass = 0; pass < 3; pass += 1) for (const q of queries) warm.match(q.q, { locale: q.locale });
  const matcher = build();
  const samples: number[] = [];
  for (let pass = 0; pass < TIMED_PASSES; pass += 1) {
    for (const q of queries) {
      const start = process.hrtime.bigint();
      matcher.match(q.q, { locale: q.locale });
      samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  samples.sort((a, b) => a - b);
  return { p50: round(percentile(samples, 50)), p99: round(percentile(samples, 99)) };
}

/** A small seeded generator, so the synthetic KB is the same on every run and machine. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * 10,000 articles in each language built from the real articles' sentences, titles and tags,
 * mixed and salted with invented product names and error codes. Reusing the real vocabulary makes
 * the postings of the words people type as long as they would be in a large KB of the same
 * domain, which is the worst case for the matcher; the invented words grow the vocabulary the
 * typo index has to search.
 */
export function syntheticKb(articles: readonly MatchableArticle[], size = SYNTHETIC_SIZE): MatchableArticle[] {
  const rand = mulberry32(20260302);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
  const syllables = ['ka', 'lo', 'mi', 'tra', 'vex', 'net', 'sol', 'ri', 'do', 'plex', 'tor', 'zen', 'qua', 'bi', 'fyn'];
  const invent = (): string => {
    const n = 2 + Math.floor(rand() * 3);
    let w = '';
    for (let i = 0; i < n; i += 1) w += pick(syllables);
    return rand() < 0.2 ? `${w.toUpperCase()}-${Math.floor(rand() * 9000) + 1000}` : w;
  };
  const out: MatchableArticle[] = [];
  for (const locale of LOCALES) {
    const source = articles.filter((a) => a.locale === locale);
    if (!source.length) continue;
    const sentences = source.flatMap((a) => a.body.split(/(?<=[.!?])\s+/));
    const titleWords = source.flatMap((a) => a.title.split(/\s+/));
    const tags = source.flatMap((a) => a.tags);
    for (let i = 0; i < size; i += 1) {
      const title = Array.from({ length: 4 + Math.floor(rand() * 5) }, () => pick(titleWords));
      title.splice(Math.floor(rand() * title.length), 0, invent());
      const body = Array.from({ length: 4 + Math.floor(rand() * 5) }, () =>
        pick(sentences)
          .split(' ')
          .map((w) => (rand() < 0.08 ? invent() : w))
          .join(' '),
      ).join(' ');
      out.push({
        id: `synthetic-${locale}-${i}`,
        locale,
        title: title.join(' '),
        body,
        tags: Array.from({ length: 3 + Math.floor(rand() * 3) }, () => pick(tags)),
      });
    }
  }
  return out;
}

export async function run(argv: string[]): Promise<unknown> {
  const args = parseArgs(argv);
  const policy = loadPolicy();
  const articles = readKb(args.kb);
  const queries = readQueries(args.queries);
  const options = { synonyms: policy.kb.synonyms, threshold: policy.kb.threshold, maxSuggestions: policy.kb.maxSuggestions };
  const build = (list: readonly MatchableArticle[]) => () => {
    const m = new FaqMatcher(options);
    for (const a of list) m.upsert(a);
    return m;
  };
  progress(`faq: ${articles.length} articles, ${queries.length} messages, threshold ${policy.kb.threshold}`);

  const matcher = build(articles)();
  const suggested = queries.map((q) => matcher.match(q.q, { locale: q.locale }).suggestions[0]?.articleId ?? null);
  const ours = score(queries, suggested);
  progress(`faq: matcher top1 ${ours.top1} abstention ${ours.abstention} overall ${ours.overall}`);

  const base = baseline(articles, queries);
  progress(`faq: baseline top1 ${base.top1} abstention ${base.abstention} overall ${base.overall}`);

  const small = latency(build(articles), queries);
  const synthetic = syntheticKb(articles);
  progress(`faq: timing on ${synthetic.length / LOCALES.length} synthetic articles per language...`);
  const started = Date.now();
  const large = latency(build(synthetic), queries);
  progress(`faq: synthetic KB indexed and timed in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  return {
    ...ours,
    by_locale: byLocale(queries, suggested),
    baseline: base,
    threshold: policy.kb.threshold,
    p50_ms: small.p50,
    p99_ms: small.p99,
    p50_ms_10k: large.p50,
    p99_ms_10k: large.p99,
    synthetic_articles_per_locale: SYNTHETIC_SIZE,
  };
}
