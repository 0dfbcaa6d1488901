/** The band rule (policy `kb.answerAbove`, `kb.closeMargin`). */
export interface OfferRule {
  /** Confidence from which the best article is shown straight away. */
  answerAbove: number;
  /** Two articles whose confidences are closer than this are a question, not an answer. */
  closeMargin: number;
}

/** At most this many articles in "Is it about A or B?": more makes a poor question. */
export const MAX_CHOICES = 2;

/**
 * What to do with the articles confident enough to offer (best first): show the best one, ask
 * which one the request is about, or nothing (a ticket). A middling confidence or two articles
 * close to each other are questions: pushing one article there gives a wrong answer about as
 * often as a right one, and a wrong article costs the person a click and their trust.
 */
export type KbOffer<T> = { kind: 'answer'; article: T } | { kind: 'ask'; choices: T[] } | { kind: 'none' };

export function offerFor<T extends { confidence: number }>(suggestions: readonly T[], rule: OfferRule): KbOffer<T> {
  const [best, second] = suggestions;
  if (!best) return { kind: 'none' };
  const close = second !== undefined && best.confidence - second.confidence < rule.closeMargin;
  if (best.confidence >= rule.answerAbove && !close) return { kind: 'answer', article: best };
  return { kind: 'ask', choices: close ? suggestions.slice(0, MAX_CHOICES) : [best] };
}
