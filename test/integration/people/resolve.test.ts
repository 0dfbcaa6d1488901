import { startTestHelpdesk, type TestHelpdesk } from '../../support/helpdesk';

describe('people named in a command', () => {
  let h: TestHelpdesk;
  beforeAll(async () => {
    h = await startTestHelpdesk();
    await h.actor('console', 'alice', { name: 'Alice Martin', locale: 'en' });
    await h.actor('console', 'alicia', { name: 'Alicia Keller', locale: 'en' });
    await h.actor('console', 'alan', { name: 'Alan Martin', locale: 'en' });
  });
  afterAll(() => h.close());

  const resolve = (ref: string) => h.helpdesk.people.resolve(ref, 'console').then((p) => p.key);

  it('given an id, a key or a mention, in any case, then that person', async () => {
    await expect(resolve('sam')).resolves.toBe('console:sam');
    await expect(resolve('@Sam')).resolves.toBe('console:sam');
    await expect(resolve('console:agnes')).resolves.toBe('console:agnes');
  });

  it('given a name without its accents or case, or a first name alone, then the one person it names', async () => {
    await expect(resolve('Agnes')).resolves.toBe('console:agnes');
    await expect(resolve('agnès morel')).resolves.toBe('console:agnes');
    await expect(resolve('Lucas')).resolves.toBe('console:lucas');
    await expect(resolve('alice martin')).resolves.toBe('console:alice');
    await expect(resolve('Alicia')).resolves.toBe('console:alicia');
  });

  it('given a name that is ambiguous or unknown, then a translated refusal naming it', async () => {
    await expect(resolve('Martin')).rejects.toMatchObject({ code: 'ticket.unknown_user', params: { user: 'Martin' } });
    await expect(resolve('Ali')).rejects.toMatchObject({ code: 'ticket.unknown_user' });
    await expect(resolve('Nobody')).rejects.toMatchObject({ code: 'ticket.unknown_user' });
  });
});
