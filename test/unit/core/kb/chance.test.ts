import { ChanceLevel, confidenceOf, linearScore } from '../../../../src/core/kb/chance';
import { FaqMatcher } from '../../../../src/core/kb/matcher';
import type { MatchableArticle } from '../../../../src/core/kb/types';

/** Articles on distinct topics, each named by its own words: chance rarely lines two of them up. */
function distinctKb(): MatchableArticle[] {
  const topics = [
    ['vpn', 'GlobalProtect tunnel refuses to connect'],
    ['printer', 'Printer jams and toner'],
    ['bitlocker', 'BitLocker recovery key at startup'],
    ['wifi', 'Wireless network for guests'],
    ['mailbox', 'Mailbox quota exceeded'],
    ['badge', 'Door badge lost'],
    ['onedrive', 'OneDrive sync paused'],
    ['teams', 'Teams camera stays black'],
    ['monitor', 'External monitor flickers'],
    ['phishing', 'Suspicious email reported'],
  ];
  return topics.map(([id, title]) => ({
    id,
    locale: 'en' as const,
    title,
    body: `How to fix it: ${title.toLowerCase()}. Call the desk if it persists.`,
    tags: [id],
  }));
}

/** The same topics written the way large KBs are: every body says open, new, check, restart, account. */
function wordyKb(): MatchableArticle[] {
  return distinctKb().map((a, i) => ({
    ...a,
    title: `${a.title} ${['new', 'open', 'check', 'restart', 'account'][i % 5]}`,
    body: `${a.body} Open the settings, check the new account, restart and open it again, check once more.`,
  }));
}

describe('chance level: how high requests no article covers score on this very KB', () => {
  const build = (articles: readonly MatchableArticle[]) => {
    const m = new FaqMatcher();
    for (const a of articles) m.upsert(a);
    return m;
  };

  it('given a KB whose titles share common words, when measured, then chance reaches higher than on one of distinct topics', () => {
    // Thirty articles, above the size under which rarities are counted as for a larger KB.
    const distinct: MatchableArticle[] = Array.from({ length: 30 }, (_, i) => ({
      id: `topic-${i}`,
      locale: 'en',
      title: `Topic${i} alpha${i} beta${i}`,
      body: `About gamma${i} and delta${i}. Call the desk.`,
      tags: [`tag${i}`],
    }));
    const common = ['new', 'open', 'check', 'restart', 'account'];
    const shared = distinct.map((a, i) => ({ ...a, title: `${common[i % 5]} ${common[(i + 1) % 5]} Topic${i}` }));
    const level = (kb: MatchableArticle[]) => build(kb).match('topic1', { locale: 'en' }).candidates[0].evidence.chance;
    expect(level(shared)).toBeGreaterThan(level(distinct));
  });

  it('given the same evidence, when the KB reaches higher by chance, then the confidence is lower', () => {
    const evidence = { coverage: 0.5, strength: 0.8, matched: 2, unknownNames: 0 };
    expect(confidenceOf(evidence, 5)).toBeLessThan(confidenceOf(evidence, 4));
    expect(linearScore({ ...evidence, matched: 1 })).toBeLessThan(linearScore(evidence));
    expect(confidenceOf({ ...evidence, unknownNames: 1 }, 4)).toBeLessThan(confidenceOf(evidence, 4));
  });

  it('given the same KB built twice, when measured, then the level is the same (seeded, replayable)', () => {
    const a = build(wordyKb()).match('printer toner', { locale: 'en' }).candidates[0];
    const b = build(wordyKb()).match('printer toner', { locale: 'en' }).candidates[0];
    expect(a.evidence.chance).toBe(b.evidence.chance);
    expect(a.confidence).toBe(b.confidence);
  });

  it('given articles added after a measure, when matched again, then the level is measured on the KB as it is now', () => {
    const m = build(distinctKb());
    const before = m.match('vpn', { locale: 'en' }).candidates[0].evidence.chance;
    for (const a of wordyKb()) m.upsert({ ...a, id: `${a.id}-wordy` });
    const after = m.match('vpn', { locale: 'en' }).candidates[0].evidence.chance;
    expect(after).not.toBe(before);
    expect(after).toBe(
      build([...distinctKb(), ...wordyKb().map((a) => ({ ...a, id: `${a.id}-wordy` }))]).match('vpn', { locale: 'en' })
        .candidates[0].evidence.chance,
    );
  });

  it('given an empty index, when measured, then it is zero and matching still works', () => {
    const m = new FaqMatcher();
    expect(m.match('anything at all', { locale: 'en' }).candidates).toEqual([]);
    const index = { size: 0, changes: 0, sampleTerm: () => undefined } as unknown as ConstructorParameters<
      typeof ChanceLevel
    >[0];
    expect(
      new ChanceLevel(
        index,
        () => undefined,
        () => 1,
      ).get(),
    ).toBe(0);
  });
});

describe('FAQ matcher: a match carried by one word is not an answer', () => {
  const matcher = new FaqMatcher();
  for (const a of wordyKb()) matcher.upsert(a);

  it('given a request sharing only one common word with an article, when matched, then nothing is suggested', () => {
    const result = matcher.match('the coffee machine on the third floor needs a new filter', { locale: 'en' });
    expect(result.candidates[0]?.evidence.matched).toBe(1);
    expect(result.suggestions).toEqual([]);
  });

  it("given a request naming the article's subject in two words, when matched, then it is suggested", () => {
    expect(matcher.match('the printer jams again', { locale: 'en' }).suggestions[0]?.articleId).toBe('printer');
  });

  it('given two words read as the same term, when matched, then they count once, by the surer reading', () => {
    const m = new FaqMatcher({ synonyms: [['printer', 'print', 'printing']] });
    for (const a of distinctKb()) m.upsert(a);
    const [top] = m.match('printr not printing', { locale: 'en' }).candidates;
    expect(top.articleId).toBe('printer');
    expect(top.evidence.matched).toBe(1);
    expect(top.matchedTerms).toEqual(['printing']);
  });
});

describe('FAQ matcher: a name the KB has never seen points to a subject it does not cover', () => {
  const matcher = new FaqMatcher();
  for (const a of distinctKb()) matcher.upsert(a);

  it('given a request naming an unknown product, when matched, then it is less confident than the same words without it', () => {
    const [plain] = matcher.match('the tunnel refuses to connect', { locale: 'en' }).candidates;
    const [named] = matcher.match('the Jenkins tunnel refuses to connect', { locale: 'en' }).candidates;
    expect(plain.articleId).toBe('vpn');
    expect(named.articleId).toBe('vpn');
    expect(plain.evidence.unknownNames).toBe(0);
    expect(named.evidence.unknownNames).toBe(1);
    expect(named.confidence).toBeLessThan(plain.confidence);
  });

  it('given a name the KB knows, typed in capitals, when matched, then it is no penalty', () => {
    const [top] = matcher.match('My GlobalProtect TUNNEL refuses to connect', { locale: 'en' }).candidates;
    expect(top.articleId).toBe('vpn');
    expect(top.evidence.unknownNames).toBe(0);
  });
});
