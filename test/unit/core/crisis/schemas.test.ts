import { DateTime } from 'luxon';
import { parseActionArgs, roleOf, splitRoleArgs, statusOf } from '../../../../src/core/crisis/schemas';

const ZONE = 'Europe/Paris';
const paris = (local: string) => DateTime.fromISO(local, { zone: ZONE }).toJSDate();
// Monday 23 November 2026, 17:20 in Paris (the QA session's wall clock).
const NOW = paris('2026-11-23T17:20');
const parse = (args: string) => parseActionArgs(args, NOW, ZONE);

describe('crisis action arguments: `crisis action <text> [@owner] [due]`', () => {
  it('finds the owner anywhere and a two-word due time at the end (QA finding 14)', () => {
    expect(parse('Replace AP on floor 2 @agnes tomorrow 10:00')).toEqual({
      text: 'Replace AP on floor 2',
      owner: '@agnes',
      due: paris('2026-11-24T10:00'),
    });
    expect(parse('Check PoE budget @lucas in 2h')).toEqual({
      text: 'Check PoE budget',
      owner: '@lucas',
      due: paris('2026-11-23T19:20'),
    });
    expect(parse('@agnes Remplacer la borne du 2e étage demain 10h')).toEqual({
      text: 'Remplacer la borne du 2e étage',
      owner: '@agnes',
      due: paris('2026-11-24T10:00'),
    });
    expect(parse('Appeler le fournisseur, @sam, dans 30 min')).toEqual({
      text: 'Appeler le fournisseur,',
      owner: '@sam',
      due: paris('2026-11-23T17:50'),
    });
  });

  it('keeps the one-word forms: owner and due at the end, in either order', () => {
    expect(parse('Restore the payroll database @lucas 30m')).toEqual({
      text: 'Restore the payroll database',
      owner: '@lucas',
      due: paris('2026-11-23T17:50'),
    });
    expect(parse('Check the last deployment 18:00 @slack:U0SAM')).toEqual({
      text: 'Check the last deployment',
      owner: '@slack:U0SAM',
      due: paris('2026-11-23T18:00'),
    });
    // `2h` alone is a duration; a time of day already past today is tomorrow's.
    expect(parse('Call the vendor 2h')).toEqual({ text: 'Call the vendor', due: paris('2026-11-23T19:20') });
    expect(parse('Appeler le fournisseur à 9h')).toEqual({
      text: 'Appeler le fournisseur',
      due: paris('2026-11-24T09:00'),
    });
    expect(parse('Call the vendor 08:30')).toEqual({ text: 'Call the vendor', due: paris('2026-11-24T08:30') });
    expect(parse('Call the vendor at 17:45')).toEqual({ text: 'Call the vendor', due: paris('2026-11-23T17:45') });
    expect(parse('Call the vendor today 18:30')).toEqual({ text: 'Call the vendor', due: paris('2026-11-23T18:30') });
    expect(parse('Prepare an FAQ for the service desk')).toEqual({ text: 'Prepare an FAQ for the service desk' });
    // Numbers that are no time stay in the text.
    expect(parse('Replace AP on floor 2')).toEqual({ text: 'Replace AP on floor 2' });
    expect(parse('Restart rack 3 5m')).toEqual({ text: 'Restart rack 3', due: paris('2026-11-23T17:25') });
  });

  it('refuses two owners and a due time it cannot read, instead of dropping them', () => {
    expect(() => parse('Call the vendor @sam @lucas')).toThrow(
      expect.objectContaining({ code: 'crisis.action_many_owners', params: { owners: '@sam, @lucas' } }),
    );
    expect(() => parse('Replace AP @agnes tomorrow 25:00')).toThrow(
      expect.objectContaining({ code: 'crisis.action_bad_due', params: { due: 'tomorrow 25:00' } }),
    );
    expect(() => parse('Check PoE budget @lucas in 45d')).toThrow(
      expect.objectContaining({ code: 'crisis.action_bad_due', params: { due: 'in 45d' } }),
    );
    expect(() => parse('Call the vendor 10h75')).toThrow(
      expect.objectContaining({ code: 'crisis.action_bad_due', params: { due: '10h75' } }),
    );
    expect(() => parse('Call the vendor today 09:00')).toThrow(
      expect.objectContaining({ code: 'crisis.action_bad_due', params: { due: 'today 09:00' } }),
    );
    // The same owner twice is one owner.
    expect(parse('@sam Call the vendor @sam')).toEqual({ text: 'Call the vendor', owner: '@sam' });
  });
});

describe('crisis status and role words, in English and French', () => {
  it('accepts every status label the bot shows, in either language (QA finding 11)', () => {
    for (const [word, status] of [
      ['identifiée', 'identified'],
      ['cause identifiée', 'identified'],
      ['Identified', 'identified'],
      ['en investigation', 'investigating'],
      ['enquête', 'investigating'],
      ['sous surveillance', 'monitoring'],
      ['surveillance', 'monitoring'],
      ['résolue', 'resolved'],
      ['résolu', 'resolved'],
      ['resolved', 'resolved'],
    ])
      expect([word, statusOf(word)]).toEqual([word, status]);
    expect(statusOf('fermée')).toBeUndefined();
  });

  it('reads one- and several-word role labels before the person', () => {
    expect(roleOf('commandant')).toBe('commander');
    expect(splitRoleArgs('responsable technique @agnes')).toEqual({
      role: 'technical',
      roleWord: 'responsable technique',
      who: '@agnes',
    });
    expect(splitRoleArgs('commandant de l’incident Marie Lefèvre')).toEqual({
      role: 'commander',
      roleWord: 'commandant de l’incident',
      who: 'Marie Lefèvre',
    });
    expect(splitRoleArgs('comms @agnes')).toEqual({ role: 'communications', roleWord: 'comms', who: '@agnes' });
    expect(splitRoleArgs('janitor @agnes')).toEqual({ roleWord: 'janitor', who: '@agnes' });
  });
});
