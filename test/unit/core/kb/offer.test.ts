import { offerFor } from '../../../../src/core/kb/offer';

describe('kb offer: show the article, ask which one, or go to the ticket', () => {
  const rule = { answerAbove: 0.8, closeMargin: 0.2 };
  const s = (articleId: string, confidence: number) => ({ articleId, confidence });

  it('given nothing confident, then nothing is offered', () => {
    expect(offerFor([], rule)).toEqual({ kind: 'none' });
  });

  it('given one article well above the rest, then it is shown', () => {
    expect(offerFor([s('vpn', 0.95), s('wifi', 0.6)], rule)).toEqual({ kind: 'answer', article: s('vpn', 0.95) });
    expect(offerFor([s('vpn', 0.8)], rule).kind).toBe('answer');
  });

  it('given two articles close to each other, then both are asked about, even when both are confident', () => {
    expect(offerFor([s('a', 0.97), s('b', 0.9), s('c', 0.85)], rule)).toEqual({
      kind: 'ask',
      choices: [s('a', 0.97), s('b', 0.9)],
    });
  });

  it('given a middling confidence with no close second, then only that article is asked about', () => {
    expect(offerFor([s('a', 0.6), s('b', 0.3)], rule)).toEqual({ kind: 'ask', choices: [s('a', 0.6)] });
    expect(offerFor([s('a', 0.79)], rule)).toEqual({ kind: 'ask', choices: [s('a', 0.79)] });
  });
});
