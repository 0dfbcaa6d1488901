import type { Connection } from 'mongoose';
import { loadPolicy } from '../../../src/config/policy';
import { ManualClock } from '../../../src/core/clock';
import { DomainError } from '../../../src/core/errors';
import { KnowledgeBase, articleModel, kbFeedbackModel, type ArticleInput } from '../../../src/core/kb';
import { closeTestDatabase, openTestDatabase } from '../../support/db';

const vpn: ArticleInput = {
  id: 'en-vpn',
  locale: 'en',
  title: 'The VPN will not connect',
  body: 'Restart **GlobalProtect**, check your internet connection, then sign in again with your password and MFA.',
  tags: ['vpn', 'globalprotect', 'remote access'],
  category: 'network',
};
const printer: ArticleInput = {
  id: 'fr-imprimante',
  locale: 'fr',
  title: "Bourrage papier dans l'imprimante",
  body: 'Ouvrez la trappe indiquée sur l’écran du copieur et retirez doucement la feuille coincée.',
  tags: ['imprimante', 'bourrage papier', 'copieur'],
  category: 'hardware',
};

describe('knowledge base: articles in the database, suggestions from memory', () => {
  let connection: Connection;
  let clock: ManualClock;
  let kb: KnowledgeBase;

  beforeAll(async () => {
    connection = await openTestDatabase();
  });
  afterAll(() => closeTestDatabase(connection));
  beforeEach(async () => {
    await articleModel(connection).deleteMany({});
    await kbFeedbackModel(connection).deleteMany({});
    clock = new ManualClock('2026-03-02T09:00:00Z');
    kb = new KnowledgeBase({ connection, policy: loadPolicy(), clock });
  });

  it('given published articles stored earlier, when a new process loads the KB, then they are suggested with a title and excerpt', async () => {
    await kb.addArticle(vpn);
    const restarted = new KnowledgeBase({ connection, policy: loadPolicy(), clock });
    expect(await restarted.load()).toBe(1);
    const [suggestion] = await restarted.suggest('vpn not connecting from home', 'en');
    expect(suggestion).toMatchObject({
      articleId: 'en-vpn',
      title: 'The VPN will not connect',
      locale: 'en',
      knownError: false,
    });
    expect(suggestion.excerpt).toContain('Restart *GlobalProtect*');
    expect(suggestion.confidence).toBeGreaterThanOrEqual(0.5);
  });

  it('given a new article, when it is added, then the next message finds it without a restart', async () => {
    await kb.load();
    expect(await kb.suggest("l'imprimante affiche bourrage papier", 'fr')).toEqual([]);
    await kb.addArticle(printer);
    expect((await kb.suggest("l'imprimante affiche bourrage papier", 'fr'))[0]?.articleId).toBe('fr-imprimante');
  });

  it('given a retired article, when anyone asks, then it is never suggested, not even after a reload', async () => {
    await kb.addArticle(vpn);
    const retired = await kb.retireArticle('en-vpn');
    expect(retired).toMatchObject({ status: 'retired', retiredAt: clock.now() });
    expect(await kb.suggest('the vpn will not connect', 'en')).toEqual([]);
    expect(await kb.search('the vpn will not connect', 'en')).toEqual([]);
    const restarted = new KnowledgeBase({ connection, policy: loadPolicy(), clock });
    await restarted.load();
    expect(await restarted.suggest('the vpn will not connect', 'en')).toEqual([]);
  });

  it('given invalid article input, when it is added, then kb.invalid names the fields and nothing is stored', async () => {
    const bad = { ...vpn, id: 'bad id!', locale: 'de', title: '' } as unknown as ArticleInput;
    const error = await kb.addArticle(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'kb.invalid' });
    expect((error as DomainError).params.details).toMatch(/id: .*locale: .*title: /);
    expect(await articleModel(connection).countDocuments()).toBe(0);
    expect(kb.matcher.size).toBe(0);
    await expect(kb.updateArticle('en-vpn', { title: 'x' })).rejects.toMatchObject({ code: 'kb.invalid' });
    await expect(kb.retireArticle('en-nothing')).rejects.toMatchObject({ code: 'kb.not_found' });
  });

  it('given an existing id, when added again, then it is refused and the first article is kept', async () => {
    await kb.addArticle(vpn);
    await expect(kb.addArticle({ ...vpn, title: 'Another title' })).rejects.toMatchObject({ code: 'kb.invalid' });
    expect((await kb.get('en-vpn')).title).toBe(vpn.title);
  });

  it('given an edited article, when its text changes, then matching follows the new text', async () => {
    await kb.addArticle(vpn);
    clock.advanceMinutes(5);
    const updated = await kb.updateArticle('en-vpn', {
      title: 'Wi-Fi drops in the office',
      tags: ['wifi'],
      body: 'Forget the network and join it again.',
    });
    expect(updated.updatedAt).toEqual(clock.now());
    expect(await kb.suggest('globalprotect vpn', 'en')).toEqual([]);
    expect((await kb.suggest('the office wifi keeps dropping', 'en'))[0]?.articleId).toBe('en-vpn');
  });

  it('given a draft, when it is published, then it starts being suggested', async () => {
    await kb.addArticle({ ...printer, status: 'draft' });
    expect(await kb.suggest('bourrage papier imprimante', 'fr')).toEqual([]);
    await kb.publishArticle('fr-imprimante');
    expect((await kb.suggest('bourrage papier imprimante', 'fr'))[0]?.articleId).toBe('fr-imprimante');
  });

  it('given an agent search, when it runs, then below-threshold candidates come with the words that matched', async () => {
    await kb.addArticle(vpn);
    await kb.addArticle({
      ...vpn,
      id: 'en-mfa',
      title: 'Moving MFA to a new phone',
      tags: ['mfa'],
      body: 'Add the authenticator app on the new phone, then sign in.',
    });
    const hits = await kb.search('sign in', 'en');
    expect(hits.length).toBe(2);
    expect(hits.every((h) => !h.suggested && h.matchedTerms.includes('sign'))).toBe(true);
    const [best] = await kb.search('globalprotect keeps asking for my pasword', 'en');
    expect(best).toMatchObject({ articleId: 'en-vpn', suggested: true });
    expect(best.matchedTerms).toEqual(expect.arrayContaining(['globalprotect', 'pasword→password']));
  });

  it('given a resolved ticket, when an agent drafts an article from it, then a draft with the resolution is stored and not suggested', async () => {
    const draft = await kb.draftFromTicket({
      number: 'INC-000042',
      title: 'Outlook crashes when opening the calendar',
      description: 'Outlook closes as soon as the calendar is opened.',
      resolution: 'Disable the Zoom add-in in File > Options > Add-ins, then restart Outlook.',
      locale: 'en',
      author: 'console:sam',
    });
    expect(draft).toMatchObject({
      id: 'draft-inc-000042',
      status: 'draft',
      sourceTicket: 'INC-000042',
      author: 'console:sam',
    });
    expect(draft.body).toContain('## Solution\n\nDisable the Zoom add-in');
    const second = await kb.draftFromTicket({
      number: 'INC-000042',
      title: 'Same ticket again',
      resolution: 'Another write-up of the fix.',
      locale: 'en',
      author: 'console:sam',
    });
    expect(second.id).toBe('draft-inc-000042-2');
    expect(await kb.suggest('outlook crashes when opening the calendar', 'en')).toEqual([]);
    await expect(
      kb.draftFromTicket({ number: 'INC-1', title: 'No resolution', resolution: '', locale: 'en', author: 'x' }),
    ).rejects.toMatchObject({
      code: 'kb.invalid',
    });
  });

  it('given feedback on suggestions, when recorded, then counts rise per article and the deflection rate is computed', async () => {
    await kb.addArticle(vpn);
    await kb.addArticle(printer);
    await kb.recordFeedback({ articleIds: ['en-vpn'], person: 'slack:U1', helpful: true, query: 'vpn down' });
    await kb.recordFeedback({
      articleIds: ['en-vpn', 'fr-imprimante'],
      personKey: 'teams:2',
      helpful: false,
      ticketNumber: 'INC-000007',
      query: 'vpn',
    });
    expect(await articleModel(connection).findOne({ id: 'en-vpn' }).lean()).toMatchObject({
      helpful: 1,
      notHelpful: 1,
    });
    expect(await articleModel(connection).findOne({ id: 'fr-imprimante' }).lean()).toMatchObject({
      helpful: 0,
      notHelpful: 1,
    });
    expect(await kbFeedbackModel(connection).findOne({ helpful: false }).lean()).toMatchObject({
      person: 'teams:2',
      ticketNumber: 'INC-000007',
    });
    expect(await kb.deflection(new Date('2026-03-01'), new Date('2026-03-03'))).toEqual({
      answered: 2,
      deflected: 1,
      rate: 0.5,
    });
    await expect(kb.recordFeedback({ articleIds: [], person: 'x', helpful: true, query: '' })).rejects.toMatchObject({
      code: 'kb.invalid',
    });
    expect(await kbFeedbackModel(connection).countDocuments()).toBe(2);
  });

  it('given two processes sharing the database, when one retires an article, then the other follows after a sync', async () => {
    await kb.addArticle(vpn);
    const other = new KnowledgeBase({ connection, policy: loadPolicy(), clock });
    await other.load();
    clock.advanceMinutes(1);
    await kb.retireArticle('en-vpn');
    expect(await other.syncChanges()).toBe(1);
    expect(await other.suggest('the vpn will not connect', 'en')).toEqual([]);
  });
});
