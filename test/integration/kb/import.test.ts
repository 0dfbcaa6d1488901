import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Connection } from 'mongoose';
import { loadPolicy } from '../../../src/config/policy';
import { ManualClock } from '../../../src/core/clock';
import { KnowledgeBase, articleModel, importArticles, seedSampleKb } from '../../../src/core/kb';
import { closeTestDatabase, openTestDatabase } from '../../support/db';

const SAMPLE_KB = path.resolve(__dirname, '../../../kb');

describe('kb import: idempotent upserts from files', () => {
  let connection: Connection;
  let kb: KnowledgeBase;
  const clock = new ManualClock('2026-03-02T09:00:00Z');

  beforeAll(async () => {
    connection = await openTestDatabase();
  });
  afterAll(() => closeTestDatabase(connection));
  beforeEach(async () => {
    await articleModel(connection).deleteMany({});
    kb = new KnowledgeBase({ connection, policy: loadPolicy(), clock });
  });

  it('given the sample markdown folder, when imported twice, then the second import changes nothing', async () => {
    const first = await importArticles(kb, SAMPLE_KB);
    expect(first.errors).toEqual([]);
    expect(first.created).toBeGreaterThanOrEqual(60);
    const stored = await articleModel(connection).find().sort({ id: 1 }).lean();
    clock.advanceMinutes(10);
    const second = await importArticles(kb, SAMPLE_KB);
    expect(second).toEqual({ read: first.read, created: 0, updated: 0, unchanged: first.read, errors: [] });
    expect(await articleModel(connection).find().sort({ id: 1 }).lean()).toEqual(stored);
    expect((await kb.suggest('mot de passe oublie', 'fr'))[0]?.articleId).toBe('fr-password-reset');
  });

  it('given a changed file, when re-imported, then that article is updated in place and re-indexed', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kb-import-'));
    cpSync(SAMPLE_KB, dir, { recursive: true });
    await importArticles(kb, dir);
    const file = path.join(dir, 'en', 'vpn.md');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('The VPN will not connect', 'Zscaler tunnel will not connect'),
    );
    clock.advanceMinutes(5);
    const report = await importArticles(kb, dir);
    expect(report).toMatchObject({ created: 0, updated: 1, errors: [] });
    expect(await articleModel(connection).countDocuments({ id: 'en-vpn' })).toBe(1);
    expect(await articleModel(connection).findOne({ id: 'en-vpn' }).lean()).toMatchObject({
      title: 'Zscaler tunnel will not connect',
      updatedAt: clock.now(),
    });
    expect((await kb.search('zscaler tunnel', 'en'))[0]?.articleId).toBe('en-vpn');
  });

  it('given JSON and CSV files, when imported, then valid rows are upserted and bad rows reported with their place', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kb-import-'));
    const json = path.join(dir, 'kb.json');
    writeFileSync(
      json,
      JSON.stringify([
        {
          id: 'kb-en-01',
          locale: 'en',
          title: 'Forgotten password',
          body: 'Use the self-service portal to reset it.',
          tags: ['password'],
          category: 'access',
        },
        { id: 'kb-en-02', locale: 'xx', title: 'Broken', body: 'This one has an unknown locale.' },
      ]),
    );
    const report = await importArticles(kb, json);
    expect(report).toMatchObject({ read: 2, created: 1 });
    expect(report.errors).toEqual([{ source: 'kb.json[1]', message: expect.stringContaining('locale') }]);
    expect(await articleModel(connection).countDocuments()).toBe(1);

    const csv = path.join(dir, 'kb.csv');
    writeFileSync(
      csv,
      'id,locale,title,body,tags\nkb-en-01,en,Forgotten password,Use the self-service portal to reset it.,password;sign-in\n',
    );
    expect(await importArticles(kb, csv)).toMatchObject({ created: 0, updated: 1, unchanged: 0, errors: [] });
    expect(await articleModel(connection).findOne({ id: 'kb-en-01' }).lean()).toMatchObject({
      tags: ['password', 'sign-in'],
      sourcePath: 'kb.csv',
    });
    expect(await importArticles(kb, csv)).toMatchObject({ created: 0, updated: 0, unchanged: 1, errors: [] });
  });

  it('given an agent retired an imported article, when the same file is imported again, then it stays retired', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kb-import-'));
    const json = path.join(dir, 'kb.json');
    writeFileSync(
      json,
      JSON.stringify([
        { id: 'kb-en-01', locale: 'en', title: 'Forgotten password', body: 'Use the self-service portal to reset it.' },
      ]),
    );
    await importArticles(kb, json);
    await kb.retireArticle('kb-en-01');
    expect(await importArticles(kb, json)).toMatchObject({ unchanged: 1 });
    expect(await kb.suggest('forgotten password', 'en')).toEqual([]);
  });

  it('given the sample KB, when seeded, then it loads into an empty KB only', async () => {
    const first = await seedSampleKb(kb, SAMPLE_KB);
    expect(first?.created).toBeGreaterThanOrEqual(60);
    await kb.retireArticle('en-vpn');
    expect(await seedSampleKb(kb, SAMPLE_KB)).toBeUndefined();
    expect((await kb.get('en-vpn')).status).toBe('retired');
  });
});
