import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readArticles } from '../../../../src/core/kb/import';

describe('kb import: reading articles from markdown, JSON and CSV', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kb-read-'));

  it('given a folder of markdown files with front matter, when read, then each file is one article, locale from the folder if missing', async () => {
    mkdirSync(path.join(dir, 'md', 'fr'), { recursive: true });
    writeFileSync(
      path.join(dir, 'md', 'fr', 'vpn.md'),
      '---\ntitle: Le VPN ne se connecte pas\ntags: [vpn, télétravail]\nknown_error: true\n---\n\nRedémarrez GlobalProtect.\n',
    );
    writeFileSync(path.join(dir, 'md', 'notes.txt'), 'not an article');
    const [read] = await readArticles(path.join(dir, 'md'));
    expect(read).toEqual({
      source: 'fr/vpn.md',
      article: {
        id: 'vpn',
        locale: 'fr',
        title: 'Le VPN ne se connecte pas',
        body: 'Redémarrez GlobalProtect.',
        tags: ['vpn', 'télétravail'],
        knownError: true,
        sourcePath: 'fr/vpn.md',
      },
    });
  });

  it('given a JSON array, when read, then every element is an article named by its index', async () => {
    const file = path.join(dir, 'kb.json');
    writeFileSync(
      file,
      JSON.stringify([{ id: 'a', locale: 'en', title: 'T', body: 'B', tags: ['x'], category: 'network' }]),
    );
    expect(await readArticles(file)).toEqual([
      {
        source: 'kb.json[0]',
        article: {
          id: 'a',
          locale: 'en',
          title: 'T',
          body: 'B',
          tags: ['x'],
          category: 'network',
          sourcePath: 'kb.json',
        },
      },
    ]);
  });

  it('given a CSV file with a header, when read, then tags split on separators and rows are named by line', async () => {
    const file = path.join(dir, 'kb.csv');
    writeFileSync(
      file,
      'id,locale,title,body,tags,status\nwifi,en,Office Wi-Fi,"Forget the network, then join again.","wifi; wireless",draft\n',
    );
    expect(await readArticles(file)).toEqual([
      {
        source: 'kb.csv:2',
        article: {
          id: 'wifi',
          locale: 'en',
          title: 'Office Wi-Fi',
          body: 'Forget the network, then join again.',
          tags: ['wifi', 'wireless'],
          status: 'draft',
          sourcePath: 'kb.csv',
        },
      },
    ]);
  });

  it('given the sample knowledge base, when read, then it has at least 30 articles per language with unique ids', async () => {
    const read = await readArticles(path.resolve(__dirname, '../../../../kb'));
    const ids = read.map((r) => r.article.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(read.filter((r) => r.article.locale === 'fr').length).toBeGreaterThanOrEqual(30);
    expect(read.filter((r) => r.article.locale === 'en').length).toBeGreaterThanOrEqual(30);
    for (const r of read)
      expect(r.article).toMatchObject({ status: 'published', category: expect.any(String), tags: expect.any(Array) });
  });
});
