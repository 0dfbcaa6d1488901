import { DamerauLevenshteinDistance } from 'natural/lib/natural/distance';

/** Words shorter than this are too ambiguous to correct: "vpm" could be anything. */
const MIN_FUZZY_LENGTH = 4;
/** A truncated word ("synchro", "config") must be at least this long to be completed. */
const MIN_PREFIX_LENGTH = 5;

interface Entry {
  term: string;
  count: number;
}

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i += 1) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/**
 * The written words of one language's articles, for the words of a message that match no term
 * exactly. Typos are found with a symmetric-deletion index (every word minus one letter), so a
 * lookup costs a few hash probes instead of a distance to each of tens of thousands of words;
 * candidates are then confirmed with Damerau-Levenshtein (one edit, transpositions included).
 */
export class Vocabulary {
  private readonly entries = new Map<string, Entry>();
  private readonly deleted = new Map<string, string[]>();
  private sorted: string[] | undefined;

  add(word: string, term: string): void {
    const entry = this.entries.get(word);
    if (entry) {
      entry.count += 1;
      return;
    }
    this.entries.set(word, { term, count: 1 });
    this.sorted = undefined;
    if (word.length < MIN_FUZZY_LENGTH) return;
    for (const d of new Set(deletions(word))) {
      const list = this.deleted.get(d);
      if (list) list.push(word);
      else this.deleted.set(d, [word]);
    }
  }

  delete(word: string): void {
    const entry = this.entries.get(word);
    if (!entry) return;
    entry.count -= 1;
    if (entry.count > 0) return;
    this.entries.delete(word);
    this.sorted = undefined;
    if (word.length < MIN_FUZZY_LENGTH) return;
    for (const d of new Set(deletions(word))) {
      const list = this.deleted.get(d);
      if (!list) continue;
      const rest = list.filter((w) => w !== word);
      if (rest.length) this.deleted.set(d, rest);
      else this.deleted.delete(d);
    }
  }

  /** Words one edit away (insertion, deletion, substitution, transposition), best known first. */
  corrections(word: string): string[] {
    if (word.length < MIN_FUZZY_LENGTH || /[^a-z]/.test(word)) return [];
    const found = new Set<string>();
    for (const w of this.deleted.get(word) ?? []) found.add(w);
    for (const d of deletions(word)) {
      if (this.entries.has(d) && d.length >= MIN_FUZZY_LENGTH) found.add(d);
      for (const w of this.deleted.get(d) ?? []) found.add(w);
    }
    found.delete(word);
    return [...found]
      .filter((w) => DamerauLevenshteinDistance(word, w) <= 1)
      .sort((a, b) => this.count(b) - this.count(a) || (a < b ? -1 : 1));
  }

  /** Known words that start with a truncated word ("synchro" → "synchronisation"), most used first. */
  completions(prefix: string, limit = 20): string[] {
    if (prefix.length < MIN_PREFIX_LENGTH) return [];
    const sorted = (this.sorted ??= [...this.entries.keys()].sort());
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < sorted.length && out.length < limit && sorted[i].startsWith(prefix); i += 1) {
      if (sorted[i] !== prefix) out.push(sorted[i]);
    }
    return out.sort((a, b) => this.count(b) - this.count(a) || (a < b ? -1 : 1));
  }

  termOf(word: string): string | undefined {
    return this.entries.get(word)?.term;
  }

  count(word: string): number {
    return this.entries.get(word)?.count ?? 0;
  }
}
