import { PorterStemmer, PorterStemmerFr } from 'natural/lib/natural/stemmers';
import { RegexpTokenizer } from 'natural/lib/natural/tokenizers';
import { isStopWord } from './stopwords';
import type { KbLocale } from './types';

/** One meaningful unit of a text: a stem, or a synonym group standing for a word or phrase. */
export interface Term {
  /** Index key: a stem, or `~label` for a synonym group. */
  term: string;
  /** The words as written (folded), for explanations and typo matching. */
  surface: string;
  /** True when the term is a single word that may be corrected or completed if unknown. */
  word: boolean;
}

// Apostrophes from phones and word processors all become the plain one before elision handling.
const APOSTROPHES = /[’‘`´ʼ]/g;
// French elision glues an article or pronoun to the next word: l'imprimante, j'ai, qu'il.
const FRENCH_ELISION = /\b(?:jusqu|lorsqu|puisqu|quoiqu|qu|[cdjlmnst])'(?=[a-z])/g;
const ENGLISH_CONTRACTION = /\b(can|won)'t\b|n't\b|'(?:s|re|ve|ll|d|m)\b/g;
// Ordinals and small numbers ("2e étage", "3rd floor", "5 ans") name no topic; longer ones are
// often error codes ("ORA-12154", "erreur 404") and are kept.
const NUMBER = /^(?:\d{1,2}|\d+(?:st|nd|rd|th|e|er|eme|ere|ieme))$/;
const MAX_STEM_CACHE = 50_000;

// A product, application, place or code as typed: "GitLab", "SAP", "E401", "0x8004", or a
// capitalised word inside a sentence ("the Lisbon project", "sur l'Artifactory interne").
const CODE_OR_ACRONYM =
  /^(?:\p{Lu}{2,}[\p{L}\d]*|\p{Lu}\p{Ll}+\p{Lu}[\p{L}\d]*|[\p{L}\d]*(?:\d\p{L}|\p{L}\d)[\p{L}\d]*)$/u;
const CAPITALISED = /^\p{Lu}\p{Ll}/u;
const SENTENCE_END = /[.!?:;]\s*$/;

/**
 * The words of a message written as names: acronyms, CamelCase, codes mixing letters and digits,
 * and capitalised words that do not start a sentence; folded like the analyzer's words.
 */
export function typedNames(text: string): string[] {
  const out: string[] = [];
  const re = /[\p{L}\d]+/gu;
  let m: RegExpExecArray | null;
  let end = -1;
  while ((m = re.exec(text))) {
    const word = m[0];
    const startsSentence = end < 0 || SENTENCE_END.test(text.slice(end, m.index));
    end = m.index + word.length;
    if (CODE_OR_ACRONYM.test(word) || (!startsSentence && CAPITALISED.test(word))) out.push(fold(word));
  }
  return out;
}

export function fold(text: string): string {
  return text
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(APOSTROPHES, "'");
}

/**
 * Turns text into terms for one language: folding, elision, tokenising, stemming, synonym phrases
 * (matched on stems, so "mots de passe" finds "mot de passe"), then stop words. Articles and
 * messages go through the same path, which is what makes their terms comparable.
 */
export class Analyzer {
  private readonly tokenizer = new RegexpTokenizer({ pattern: /[a-z0-9]+(?:\+\+|#)?/g, gaps: false });
  private readonly phrases: Record<KbLocale, Map<string, string>> = { fr: new Map(), en: new Map() };
  private readonly labels = new Map<string, string>();
  private readonly stems: Record<KbLocale, Map<string, string>> = { fr: new Map(), en: new Map() };
  private maxPhrase = 1;

  constructor(synonyms: readonly (readonly string[])[] = []) {
    for (const group of synonyms) {
      const members = group.map((m) => this.words(m)).filter((w) => w.length > 0);
      if (members.length < 2) continue;
      const concept = `~${members[0].join('_')}`;
      this.labels.set(concept, group[0]);
      for (const locale of ['fr', 'en'] as const) {
        for (const words of members) {
          const key = words.map((w) => this.stem(w, locale)).join(' ');
          // A word listed in two groups keeps its first meaning, so the result does not depend on map order.
          if (!this.phrases[locale].has(key)) this.phrases[locale].set(key, concept);
          this.maxPhrase = Math.max(this.maxPhrase, words.length);
        }
      }
    }
  }

  /** Folded words in order, stop words included: elisions split, contractions expanded. */
  words(text: string): string[] {
    const prepared = fold(text)
      // "won't" is "will not": left as "won not" it would match "won" (a win) in an article.
      .replace(ENGLISH_CONTRACTION, (_m, verb: string | undefined) =>
        verb ? `${verb === 'won' ? 'will' : verb} not` : _m.startsWith('n') ? ' not' : ' ',
      )
      .replace(FRENCH_ELISION, ' ');
    const tokens = this.tokenizer.tokenize(prepared) ?? [];
    return tokens.filter((t) => !NUMBER.test(t));
  }

  stem(word: string, locale: KbLocale): string {
    const cache = this.stems[locale];
    let stem = cache.get(word);
    if (stem !== undefined) return stem;
    if (/[^a-z]/.test(word)) stem = word;
    else if (locale === 'en') stem = PorterStemmer.stem(word);
    else {
      // The French stemmer keys some endings on accents (é/ée) that users leave out; dropping a
      // final "e" makes "partagée", "partagee" and "partages" meet.
      stem = PorterStemmerFr.stem(word);
      if (stem.length > 3 && stem.endsWith('e')) stem = stem.slice(0, -1);
    }
    if (cache.size >= MAX_STEM_CACHE) cache.clear();
    cache.set(word, stem);
    return stem;
  }

  /** The term a single folded word stands for: its synonym group if it has one, else its stem. */
  termOf(word: string, locale: KbLocale): string {
    const stem = this.stem(word, locale);
    return this.phrases[locale].get(stem) ?? stem;
  }

  isSynonymWord(word: string, locale: KbLocale): boolean {
    return this.phrases[locale].has(this.stem(word, locale));
  }

  /** Readable name of a term for explanations: the first member of a synonym group, else the term. */
  label(term: string): string {
    return this.labels.get(term) ?? term;
  }

  analyze(text: string, locale: KbLocale): Term[] {
    return this.analyzeWords(this.words(text), locale);
  }

  analyzeWords(words: readonly string[], locale: KbLocale): Term[] {
    const stems = words.map((w) => this.stem(w, locale));
    const phrases = this.phrases[locale];
    const out: Term[] = [];
    let i = 0;
    while (i < words.length) {
      let matched = 0;
      for (let len = Math.min(this.maxPhrase, words.length - i); len >= 1 && !matched; len -= 1) {
        const concept = phrases.get(len === 1 ? stems[i] : stems.slice(i, i + len).join(' '));
        if (concept) {
          out.push({ term: concept, surface: words.slice(i, i + len).join(' '), word: len === 1 });
          matched = len;
        }
      }
      if (matched) {
        i += matched;
        continue;
      }
      if (!isStopWord(words[i], locale)) out.push({ term: stems[i], surface: words[i], word: true });
      i += 1;
    }
    return out;
  }
}
