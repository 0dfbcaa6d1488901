import type { LocaleIndex, QueryTerm } from './locale-index';
import { seededRandom as mulberry32 } from '../random';

/** What the best article shows for a message, in measures that do not depend on the KB's size. */
export interface Evidence {
  /** Share of the message's information the article accounts for (0-1). */
  coverage: number;
  /** Evidence in units of the rarest word. */
  strength: number;
  /** How many of the message's words the article contains. */
  matched: number;
  /**
   * Names and codes typed in the message that the KB has never seen ("GitLab", "SAP", "0x8004"):
   * each names a subject the KB does not cover, whatever words it shares with an article.
   */
  unknownNames: number;
}

/*
 * The score is linear in three measures. Coverage alone trusts "desk phone" (all of two words)
 * and doubts "the vpn won't connect from the hotel, it just spins" (one word of four); strength
 * tells them apart. A match carried by a single word is what chance produces most often ("my
 * chair is broken" → the article on broken phones), so it pays a penalty.
 */
export const WEIGHTS = { coverage: 3.3, strength: 3.7, single: -1.4 };

/*
 * Confidence is a logistic function of how far that score stands above this KB's chance level,
 * less a penalty per name the KB does not know. Scale, intercept and penalty are a logistic
 * regression of "the top article is the right one" on the dev set's messages and half of
 * bench/faq-sets/offtopic.jsonl against the dev KB; the other sets (the shipped KB, a second KB
 * with its own messages) check that it carries over.
 */
export const CALIBRATION = { scale: 1.31, intercept: 0.24, unknownName: -0.96 };

export function linearScore(e: Omit<Evidence, 'unknownNames'>): number {
  return WEIGHTS.coverage * e.coverage + WEIGHTS.strength * e.strength + (e.matched === 1 ? WEIGHTS.single : 0);
}

/** Probability that the article answers the message, given how far its score is above chance on this KB. */
export function confidenceOf(e: Evidence, chance: number): number {
  const z =
    CALIBRATION.intercept + CALIBRATION.scale * (linearScore(e) - chance) + CALIBRATION.unknownName * e.unknownNames;
  return 1 / (1 + Math.exp(-z));
}

/** Random messages scored to find the chance level; enough for a stable 95th percentile. */
const SAMPLES = 400;
const QUANTILE = 0.95;
/** The chance level is measured again once this share of the KB has changed (at least one article). */
const REFRESH_SHARE = 0.01;
const SEED = 0x5eed;

/**
 * The score that requests this KB does not cover reach by chance, measured on the KB itself:
 * messages made of one to three words drawn from its own articles (so its common words come up
 * as often as it uses them) and one to three words it has never seen, as an off-topic request
 * ("the plants in the open space are dying") mixes a few of the KB's words with its own topic.
 * The level is the score 95% of such messages stay under. A large KB full of common words has a
 * higher level than a small one of distinct topics, so one threshold on the confidence means
 * "this unlikely by chance" on any KB, with no threshold tuned per KB.
 */
export class ChanceLevel {
  private level = 0;
  private measuredAt = -1;

  constructor(
    private readonly index: LocaleIndex,
    private readonly evidenceOf: (terms: readonly QueryTerm[]) => Omit<Evidence, 'unknownNames'> | undefined,
    private readonly unknownWeight: () => number,
  ) {}

  get(): number {
    const { changes, size } = this.index;
    const stale = changes - this.measuredAt >= Math.max(1, Math.floor(size * REFRESH_SHARE));
    if (this.measuredAt < 0 || stale) {
      this.level = this.measure();
      this.measuredAt = changes;
    }
    return this.level;
  }

  private measure(): number {
    if (this.index.size === 0) return 0;
    // Seeded afresh each time: the level depends on the KB, never on how often it was measured.
    const random = mulberry32(SEED);
    const scores: number[] = [];
    for (let n = 0; n < SAMPLES; n += 1) {
      const terms: QueryTerm[] = [];
      const known = 1 + Math.floor(random() * 3);
      const unknownWord = (): QueryTerm => ({ surface: '', alternatives: [], weight: this.unknownWeight() });
      for (let k = 0; k < known; k += 1) {
        const t = this.index.sampleTerm(random);
        if (!t) terms.push(unknownWord());
        else if (!terms.some((q) => q.alternatives[0]?.term === t.alternatives[0].term)) terms.push(t);
      }
      const unknown = 1 + Math.floor(random() * 3);
      for (let u = 0; u < unknown; u += 1) terms.push(unknownWord());
      const e = this.evidenceOf(terms);
      scores.push(e ? linearScore(e) : -Infinity);
    }
    scores.sort((a, b) => a - b);
    const at = scores[Math.min(scores.length - 1, Math.floor(QUANTILE * scores.length))];
    return Number.isFinite(at) ? at : 0;
  }
}
