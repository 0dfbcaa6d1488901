import path from 'node:path';
import { loadPolicy } from '../../../../src/config/policy';
import { readArticles } from '../../../../src/core/kb/import';
import { FaqMatcher } from '../../../../src/core/kb/matcher';
import type { MatchableArticle } from '../../../../src/core/kb/types';

const SAMPLE_KB = path.resolve(__dirname, '../../../../kb');

describe('FAQ matcher on the sample knowledge base, with the shipped policy', () => {
  let matcher: FaqMatcher;
  const top = (text: string, locale?: 'fr' | 'en') => matcher.match(text, { locale }).suggestions[0]?.articleId ?? null;

  beforeAll(async () => {
    const { kb } = loadPolicy();
    matcher = new FaqMatcher({ synonyms: kb.synonyms, threshold: kb.threshold, maxSuggestions: kb.maxSuggestions });
    for (const { article } of await readArticles(SAMPLE_KB)) matcher.upsert(article as MatchableArticle);
  });

  it('given a message without accents, when matched, then the accented article is suggested', () => {
    expect(top('mot de passe oublie', 'fr')).toBe('fr-password-reset');
  });

  it('given chat abbreviations and elisions without apostrophes, when matched, then the article is still found', () => {
    expect(top('jarrive pas a me cnx au vpn', 'fr')).toBe('fr-vpn');
    expect(top('mdp expiré', 'fr')).toBe('fr-password-expiry');
    expect(top('pb de synchro onedrive', 'fr')).toBe('fr-onedrive-sync');
  });

  it('given typos on rare words, when matched, then the intended article is suggested and the correction is explained', () => {
    const result = matcher.match('forgot my pasword', { locale: 'en' });
    expect(result.suggestions[0]).toMatchObject({ articleId: 'en-password-reset' });
    expect(result.suggestions[0].matchedTerms).toContain('pasword→password');
    expect(top('mon imprimnte n’imprime plus rien', 'fr')).toBe('fr-printing');
  });

  it.each([
    ['fr', 'Bonjour !'],
    ['fr', 'quel est le menu de la cantine ?'],
    ['fr', 'je voudrais poser des congés la semaine prochaine'],
    ['en', 'thanks a lot'],
    ['en', 'when is payday this month?'],
    ['en', 'what is for lunch today'],
  ] as const)('given an off-topic message (%s) "%s", when matched, then it abstains', (locale, text) => {
    expect(matcher.match(text, { locale }).suggestions).toEqual([]);
  });

  it('given no locale, when matched, then the language is detected from the message', () => {
    expect(matcher.detectLocale("je n'arrive pas à imprimer")).toBe('fr');
    expect(matcher.detectLocale('I cannot print my document')).toBe('en');
    expect(top('mon ordinateur est super lent depuis ce matin')).toBe('fr-slow-computer');
    expect(top('my computer is really slow today')).toBe('en-slow-computer');
  });

  it('ranks candidates below the threshold too, with confidences between 0 and 1, best first', () => {
    const { candidates } = matcher.match('outlook', { locale: 'en', limit: 5 });
    expect(candidates.length).toBeGreaterThan(1);
    for (const c of candidates) expect(c.confidence).toBeGreaterThanOrEqual(0);
    for (const c of candidates) expect(c.confidence).toBeLessThanOrEqual(1);
    const scores = candidates.map((c) => c.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });
});

describe('FAQ matcher index maintenance', () => {
  const vpn: MatchableArticle = {
    id: 'vpn',
    locale: 'en',
    title: 'The VPN will not connect',
    body: 'Restart GlobalProtect, check your internet connection, then sign in again.',
    tags: ['vpn', 'remote access'],
  };
  const printer: MatchableArticle = {
    id: 'printer',
    locale: 'en',
    title: 'Printer jams',
    body: 'Open the front door of the copier and remove the jammed sheet.',
    tags: ['printer', 'paper jam'],
  };

  it('given an article added after the others, when matched, then it is found without rebuilding', () => {
    const matcher = new FaqMatcher();
    matcher.upsert(vpn);
    expect(matcher.match('paper jam in the printer', { locale: 'en' }).suggestions).toEqual([]);
    matcher.upsert(printer);
    expect(matcher.match('paper jam in the printer', { locale: 'en' }).suggestions[0]?.articleId).toBe('printer');
  });

  it('given an article removed or rewritten, when matched, then only its current text counts', () => {
    const matcher = new FaqMatcher();
    matcher.upsert(vpn);
    matcher.upsert(printer);
    matcher.remove('printer');
    expect(
      matcher.match('paper jam in the printer', { locale: 'en' }).candidates.map((c) => c.articleId),
    ).not.toContain('printer');
    matcher.upsert({
      ...vpn,
      title: 'Wi-Fi drops in the office',
      tags: ['wifi'],
      body: 'Forget the network and join it again.',
    });
    expect(matcher.match('vpn globalprotect', { locale: 'en' }).candidates).toEqual([]);
    expect(matcher.size).toBe(1);
  });

  it('given an article moved to another language, when matched, then it is searched in that language only', () => {
    const matcher = new FaqMatcher();
    matcher.upsert(vpn);
    matcher.upsert({
      ...vpn,
      locale: 'fr',
      title: 'Le VPN ne se connecte pas',
      body: 'Redémarrez GlobalProtect et reconnectez-vous.',
    });
    expect(matcher.match('vpn', { locale: 'en' }).candidates).toEqual([]);
    expect(matcher.match('vpn', { locale: 'fr' }).candidates[0]?.articleId).toBe('vpn');
  });

  /** Five articles that mention passwords in passing, and one about passwords. */
  const passwordKb = (): MatchableArticle[] => [
    {
      id: 'password',
      locale: 'en',
      title: 'Reset a forgotten password',
      body: 'Use the self-service portal from any device.',
      tags: [],
    },
    {
      id: 'vpn-login',
      locale: 'en',
      title: 'The VPN refuses to connect',
      body: 'An expired password often blocks the VPN: sign in again once it is changed.',
      tags: [],
    },
    ...['wifi', 'mail', 'phone', 'teams'].map((topic) => ({
      id: topic,
      locale: 'en' as const,
      title: `Setting up ${topic}`,
      body: `Enter your ${topic} settings and your password when asked.`,
      tags: [],
    })),
  ];

  it('given a word many bodies mention but one title names, when matched, then the article it names comes first', () => {
    const matcher = new FaqMatcher();
    for (const a of passwordKb()) matcher.upsert(a);
    // A title match weighs the word by how rare it is among titles, a body match by how rare it
    // is in whole articles: five bodies mentioning "password" do not outweigh the title naming it.
    expect(matcher.match('password', { locale: 'en' }).candidates[0]?.articleId).toBe('password');
    // "expired password" in one body earns as much as "password" in a title: a close call between
    // the two, not a third article.
    const close = matcher.match('password expired', { locale: 'en' }).candidates.slice(0, 2);
    expect(close.map((c) => c.articleId).sort()).toEqual(['password', 'vpn-login']);
    expect(close[0].score).toBeCloseTo(close[1].score, 3);
  });

  it('given an article removed and added back, when matched, then scores are as before', () => {
    const matcher = new FaqMatcher();
    for (const a of passwordKb()) matcher.upsert(a);
    const before = matcher.match('password expired', { locale: 'en' }).candidates;
    const [title] = passwordKb();
    matcher.remove(title.id);
    expect(matcher.match('password expired', { locale: 'en' }).candidates[0]?.articleId).toBe('vpn-login');
    matcher.upsert(title);
    expect(matcher.match('password expired', { locale: 'en' }).candidates).toEqual(before);
  });

  it('given a large KB with common words, when matched, then pruning returns the same top articles as a full walk', () => {
    // A seeded generator, so a failure replays.
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const words = Array.from({ length: 300 }, (_, i) => `word${i.toString(36)}x`);
    // Low-numbered words are common (long postings, where pruning starts), the rest rare.
    const pick = () => words[Math.floor(words.length * random() ** 3)];
    const matcher = new FaqMatcher();
    const size = 3000;
    for (let i = 0; i < size; i += 1) {
      matcher.upsert({
        id: `a${i}`,
        locale: 'en',
        title: Array.from({ length: 3 }, pick).join(' '),
        body: Array.from({ length: 30 }, pick).join(' '),
        tags: [pick()],
      });
    }
    for (let n = 0; n < 100; n += 1) {
      const text = Array.from({ length: 2 + (n % 4) }, pick).join(' ');
      const pruned = matcher.match(text, { locale: 'en', limit: 5 }).candidates;
      const full = matcher.match(text, { locale: 'en', limit: size }).candidates.slice(0, 5);
      expect(pruned.map((c) => c.score)).toEqual(full.map((c) => c.score));
      expect(pruned.map((c) => c.articleId)).toEqual(full.map((c) => c.articleId));
    }
  });

  it('given a large KB, when one article changes, then typo correction and completion follow the change', () => {
    const matcher = new FaqMatcher();
    for (let i = 0; i < 600; i += 1) {
      matcher.upsert({
        id: `a${i}`,
        locale: 'en',
        title: `Topic number ${i.toString(36)}x`,
        body: `Body text about item${i.toString(36)}zz`,
        tags: [],
      });
    }
    matcher.upsert({ ...printer, id: 'late', body: 'Reconfiguration of the spooler service.' });
    expect(matcher.match('reconfig spooler', { locale: 'en' }).candidates[0]?.articleId).toBe('late');
    expect(matcher.match('printr jam', { locale: 'en' }).candidates[0]?.articleId).toBe('late');
  });
});
