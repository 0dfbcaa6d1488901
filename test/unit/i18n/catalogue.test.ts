import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { catalogues, hasKey, t } from '../../../src/i18n';

function leaves(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${prefix}${k}`] : leaves(v as object, `${prefix}${k}.`),
  );
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

describe('message catalogues', () => {
  const en = leaves(catalogues.en).sort();
  const fr = leaves(catalogues.fr).sort();

  it('every key exists in both French and English', () => {
    expect(en.filter((k) => !fr.includes(k))).toEqual([]);
    expect(fr.filter((k) => !en.includes(k))).toEqual([]);
  });

  it('no message is left empty, and interpolation variables match across languages', () => {
    const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const key of en) {
      const e = key.split('.').reduce<any>((o, k) => o[k], catalogues.en);
      const f = key.split('.').reduce<any>((o, k) => o[k], catalogues.fr);
      expect([key, e.trim().length > 0, f.trim().length > 0]).toEqual([key, true, true]);
      expect([key, vars(f)]).toEqual([key, vars(e)]);
    }
  });

  it('every literal key the code translates exists', () => {
    const root = path.resolve(__dirname, '../../../src');
    const used = new Set<string>();
    for (const file of sourceFiles(root)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*(?:[a-zA-Z.]+,\s*)?'([a-z_]+(?:\.[a-z_A-Z0-9]+)+)'/g)) used.add(m[1]);
    }
    const missing = [...used].filter((key) => !hasKey('en', key) && !hasKey('en', `${key}_other`));
    expect(missing).toEqual([]);
    expect(used.size).toBeGreaterThan(30);
  });

  it('plurals follow each language', () => {
    expect(t('en', 'ticket.mine_header', { count: 1 })).toBe('You have 1 open ticket:');
    expect(t('fr', 'ticket.mine_header', { count: 2 })).toBe('Vous avez 2 tickets ouverts :');
  });
});
