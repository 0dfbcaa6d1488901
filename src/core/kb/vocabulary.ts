import { DamerauLevenshteinDistance } from 'natural/lib/natural/distance';

/** Words shorter than this are too ambiguous to correct: "vpm" could be anything. */
const MIN_FUZZY_LENGTH = 4;
/** A truncated word ("synchro", "config") must be at least this long to be completed. */
const MIN_PREFIX_LENGTH = 5;
/** Words added since the last merge are scanned one by one; past this many they are merged. */
const MAX_RECENT = 512;

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
  /** Known words in order for completion; words added since the last merge wait in `recent`. */
  private sorted: string[] = [];
  private recent: string[] = [];

  add(word: string, term: string): void {
    const entry = this.entries.get(word);
    if (entry) {
      entry.count += 1;
      return;
    }
    this.entries.set(word, { term, count: 1 });
    this.recent.push(word);
    if (this.recent.length > MAX_RECENT) this.merge();
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
    const out: string[] = [];
    const sorted = this.sorted;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < prefix) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < sorted.length && out.length < limit && sorted[i].startsWith(prefix); i += 1) {
      // Removed words stay in the sorted list until the next merge.
      if (sorted[i] !== prefix && this.entries.has(sorted[i])) out.push(sorted[i]);
    }
    for (const w of this.recent)
      if (out.length < limit && w !== prefix && w.startsWith(prefix) && this.entries.has(w)) out.push(w);
    return [...new Set(out)].sort((a, b) => this.count(b) - this.count(a) || (a < b ? -1 : 1));
  }

  /**
   * Folds recent words into the sorted list. Merging in batches keeps each article addition cheap
   * and never leaves a query to pay for sorting the whole vocabulary.
   */
  private merge(): void {
    const live = this.sorted.filter((w) => this.entries.has(w));
    const added = [...new Set(this.recent)].filter((w) => this.entries.has(w)).sort();
    const merged: string[] = [];
    let i = 0;
    let j = 0;
    while (i < live.length || j < added.length) {
      const next = j >= added.length || (i < live.length && live[i] <= added[j]) ? live[i++] : added[j++];
      if (merged[merged.length - 1] !== next) merged.push(next);
    }
    this.sorted = merged;
    this.recent = [];
  }

  termOf(word: string): string | undefined {
    return this.entries.get(word)?.term;
  }

  count(word: string): number {
    return this.entries.get(word)?.count ?? 0;
  }
}
