import type { Connection } from 'mongoose';
import { loadPolicy } from '../../../src/config/policy';
import { ManualClock } from '../../../src/core/clock';
import { KnowledgeBase, articleModel } from '../../../src/core/kb';
import { closeTestDatabase, openTestDatabase } from '../../support/db';

describe('knowledge-base suggestions: the article text the requester gets', () => {
  let connection: Connection;
  let kb: KnowledgeBase;

  beforeAll(async () => {
    connection = await openTestDatabase();
  });
  afterAll(() => closeTestDatabase(connection));
  beforeEach(async () => {
    await articleModel(connection).deleteMany({});
    kb = new KnowledgeBase({ connection, policy: loadPolicy(), clock: new ManualClock('2026-03-02T09:00:00Z') });
  });

  it('given a short article with numbered steps, when it is suggested, then all the steps come, one per line', async () => {
    await kb.addArticle({
      id: 'en-laptop',
      locale: 'en',
      title: 'My laptop will not start',
      body: '1. Plug the charger in and wait 15 minutes.\n2. Check the charging light.\n3. Hold the power button for **20 seconds**.\n\nA loan laptop can be handed over the same day.',
      tags: ['laptop', 'battery', 'power'],
    });
    const [suggestion] = await kb.suggest('my laptop does not start', 'en');
    expect(suggestion.excerpt).toBe(
      '1. Plug the charger in and wait 15 minutes.\n2. Check the charging light.\n3. Hold the power button for *20 seconds*.\n\nA loan laptop can be handed over the same day.',
    );
  });

  it('given a long French article, when it is suggested, then it is cut between steps and says where the rest is', async () => {
    const steps = Array.from(
      { length: 40 },
      (_, i) => `${i + 1}. Étape ${i + 1} : redémarrez l’imprimante puis vérifiez le bac à papier.`,
    );
    await kb.addArticle({
      id: 'fr-imprimante-longue',
      locale: 'fr',
      title: 'Bourrage papier dans l’imprimante',
      body: steps.join('\n'),
      tags: ['imprimante', 'bourrage papier'],
    });
    const [suggestion] = await kb.suggest('bourrage papier imprimante', 'fr');
    const [shown, note] = suggestion.excerpt.split('\n\n');
    expect(shown.split('\n').at(-1)).toMatch(
      /^\d+\. Étape \d+ : redémarrez l’imprimante puis vérifiez le bac à papier\.$/,
    );
    expect(shown.length).toBeLessThanOrEqual(1500);
    expect(note).toBe(
      'Ceci est le début d’un article plus long. Si ces étapes ne suffisent pas, demandez l’article `fr-imprimante-longue` au centre de services.',
    );
  });
});
