import { Analyzer, fold, typedNames } from '../../../../src/core/kb/analyzer';

describe('kb analyzer: the same terms for an article and a chat message', () => {
  const analyzer = new Analyzer([
    ['mdp', 'mot de passe', 'password'],
    ['wifi', 'wi-fi', 'sans fil'],
  ]);
  const terms = (text: string, locale: 'fr' | 'en' = 'fr') => analyzer.analyze(text, locale).map((t) => t.term);

  it('folds case, accents and ligatures', () => {
    expect(fold('Ça BLOQUE à l’écran, cœur')).toBe("ca bloque a l'ecran, coeur");
  });

  it('given French elisions with or without an apostrophe, when analysed, then articles and pronouns disappear', () => {
    expect(terms("l'imprimante")).toEqual(terms('imprimante'));
    expect(terms('jai un souci')).toEqual([]);
    expect(analyzer.words("qu'il n'y a pas d'écran")).toEqual(['il', 'y', 'a', 'pas', 'ecran']);
  });

  it('given English contractions, when analysed, then they expand and drop out as stop words', () => {
    expect(terms("it doesn't work and I can't print", 'en')).toEqual(terms('work print', 'en'));
  });

  it('reads "won\'t" as "will not", not as the word "won"', () => {
    expect(analyzer.words("the laptop won't start")).toEqual(['the', 'laptop', 'will', 'not', 'start']);
    expect(terms("the laptop won't start", 'en')).toEqual(terms('laptop start', 'en'));
  });

  it('given a synonym phrase in any inflection, when analysed, then it becomes one group term', () => {
    const [group] = terms('mdp');
    expect(group).toMatch(/^~/);
    expect(terms('Mots de passe')).toEqual([group]);
    expect(terms('my password', 'en')).toEqual([group]);
    expect(terms('le Wi-Fi')).toEqual(terms('réseau sans fil').slice(-1));
  });

  it('stems accented and unaccented spellings alike', () => {
    expect(terms('partagée')).toEqual(terms('partagee'));
    expect(terms('verrouillé')).toEqual(terms('verrouille'));
  });

  it('drops bare numbers and ordinals but keeps codes', () => {
    expect(terms('2e étage 3 fois ORA-12154 notepad++', 'fr')).toEqual(['etag', 'ora', '12154', 'notepad++']);
  });
});

describe('kb analyzer: names and codes as typed', () => {
  it('given acronyms, CamelCase, codes and capitalised words inside a sentence, when read, then they are names', () => {
    expect(typedNames('The accounting ERP shows error 0x8004 in GitLab for the Lisbon project')).toEqual([
      'erp',
      '0x8004',
      'gitlab',
      'lisbon',
    ]);
    expect(typedNames("npm install renvoie E401 sur l'Artifactory interne")).toEqual(['e401', 'artifactory']);
  });

  it('given a capital that only starts a sentence, when read, then it is no name', () => {
    expect(typedNames('Bonjour, ma nouvelle assistante commence lundi. Qu’est-ce que je dois demander ?')).toEqual([]);
    expect(typedNames("Hi. I can't log in, it says 12 attempts")).toEqual([]);
  });
});
