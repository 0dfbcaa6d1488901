import { Vocabulary } from '../../../../src/core/kb/vocabulary';

describe('kb vocabulary: typo correction and completion against known words', () => {
  function vocabulary(...words: string[]): Vocabulary {
    const v = new Vocabulary();
    for (const w of words) v.add(w, `t:${w}`);
    return v;
  }

  it('finds words one edit away, transpositions included, and nothing further', () => {
    const v = vocabulary('password', 'printer', 'passport');
    expect(v.corrections('pasword')).toEqual(['password']);
    expect(v.corrections('rpinter')).toEqual(['printer']);
    expect(v.corrections('passwrd')).toEqual(['password']);
    expect(v.corrections('pxsswxrd')).toEqual([]);
  });

  it('does not correct short words, where one edit is another word', () => {
    expect(vocabulary('vpn', 'pin').corrections('vpm')).toEqual([]);
  });

  it('completes truncated words, most used first, and forgets removed ones', () => {
    const v = vocabulary('synchronisation', 'synchroniser', 'synchroniser', 'syntaxe');
    expect(v.completions('synchro')).toEqual(['synchroniser', 'synchronisation']);
    v.delete('synchronisation');
    expect(v.completions('synchro')).toEqual(['synchroniser']);
    expect(v.corrections('synchronisatio')).toEqual([]);
  });

  it('keeps a word while another article still uses it', () => {
    const v = vocabulary('imprimante', 'imprimante');
    v.delete('imprimante');
    expect(v.termOf('imprimante')).toBe('t:imprimante');
    v.delete('imprimante');
    expect(v.termOf('imprimante')).toBeUndefined();
  });

  it('completes words added after many others (merged in batches)', () => {
    const v = new Vocabulary();
    for (let i = 0; i < 1500; i += 1) v.add(`mot${i.toString(36)}abc`, `t${i}`);
    v.add('configuration', 'config');
    expect(v.completions('configur')).toEqual(['configuration']);
    expect(v.completions('motzzabc')).toEqual([]);
  });
});
