import { startTestHelpdesk, type TestHelpdesk } from '../../support/helpdesk';
import { crisisRecord, paris, say } from './support';

// QA findings 11 (French status words) and 14 (action owner and due time). Agnès (fr) declares on
// Monday 2 March 2026: Marie (fr) commands, Sam (en) is communications lead, Lucas (fr) technical lead.
describe('crisis verbs as people type them, in French and English', () => {
  let h: TestHelpdesk;
  beforeEach(async () => {
    h = await startTestHelpdesk();
    h.clock.set(paris('2026-03-02T10:00'));
    await say(h, 'agnes', 'crise declarer Messagerie indisponible sev2', 'agents');
  });
  afterEach(() => h.close());

  const ROOM = 'crisis:CRI-000001';

  it('statuses in French, as the bot shows them, and in English, whoever types them', async () => {
    expect(await say(h, 'agnes', 'crise statut identifiée', ROOM)).toEqual([
      '🔄 CRI-000001 est maintenant *cause identifiée* (Agnès Morel).',
    ]);
    expect(await say(h, 'lucas', 'crise statut sous surveillance', ROOM)).toEqual([
      '🔄 CRI-000001 est maintenant *sous surveillance* (Lucas Bernard).',
    ]);
    expect(await say(h, 'sam', 'crisis status cause identifiée', ROOM)).toEqual([
      '🔄 CRI-000001 is now *identified* (Sam Carter).',
    ]);
    expect(await say(h, 'marie', 'crise statut resolved', ROOM)).toEqual([
      '🔄 CRI-000001 est maintenant *résolue* (Marie Lefèvre).',
    ]);
    expect(await say(h, 'marie', 'crise statut en investigation', ROOM)).toEqual([
      '🔄 CRI-000001 est maintenant *en investigation* (Marie Lefèvre).',
    ]);
    expect((await crisisRecord(h)).timeline.filter((e) => e.kind === 'status').map((e) => e.data?.to)).toEqual([
      'identified',
      'monitoring',
      'identified',
      'resolved',
      'investigating',
    ]);
    // Unknown or missing: the statuses are listed in the reader's language, with no validator jargon.
    expect(await say(h, 'agnes', 'crise statut fermée', ROOM)).toEqual([
      '« fermée » n’est pas un statut de crise (statuts : investigation, identifiée, surveillance, résolue).',
    ]);
    expect(await say(h, 'sam', 'crisis status', ROOM)).toEqual([
      'Which status? `crisis status <status>` with one of: investigating, identified, monitoring, resolved.',
    ]);
  });

  it('roles in French, in one or several words', async () => {
    expect(await say(h, 'marie', 'crise role responsable technique agnes', ROOM)).toEqual([
      '👤 Agnès Morel est maintenant responsable technique de CRI-000001.',
    ]);
    expect(await say(h, 'marie', 'crise role commandant de l’incident @lucas', ROOM)).toEqual([
      '👤 Lucas Bernard est maintenant commandant de l’incident de CRI-000001.',
    ]);
    expect(await say(h, 'lucas', 'crise role concierge @agnes', ROOM)).toEqual([
      '« concierge » n’est pas un rôle de crise ici (rôles : commandant, communication, scribe, technique).',
    ]);
    const crisis = await crisisRecord(h);
    expect(crisis.roles.technical?.name).toBe('Agnès Morel');
    expect(crisis.roles.commander?.name).toBe('Lucas Bernard');
  });

  it('an action keeps its owner wherever it is typed, with a due time of one or two words', async () => {
    expect(await say(h, 'sam', 'crisis action Replace AP on floor 2 @agnes tomorrow 10:00', ROOM)).toEqual([
      '📌 Action #1: Replace AP on floor 2 — owner: Agnès Morel, due: Tue 3 Mar, 10:00 CET',
    ]);
    expect(await say(h, 'sam', 'crisis action Check PoE budget @lucas in 2h', ROOM)).toEqual([
      '📌 Action #2: Check PoE budget — owner: Lucas Bernard, due: Mon 2 Mar, 12:00 CET',
    ]);
    expect(await say(h, 'agnes', 'crise action @lucas Redémarrer le relais SMTP demain 9h', ROOM)).toEqual([
      '📌 Action n°3 : Redémarrer le relais SMTP — responsable : Lucas Bernard, échéance : mar. 3 mars, 09:00 UTC+1',
    ]);
    const actions = (await crisisRecord(h)).actions;
    expect(actions.map((a) => [a.n, a.text, a.owner?.name, a.due])).toEqual([
      [1, 'Replace AP on floor 2', 'Agnès Morel', paris('2026-03-03T10:00')],
      [2, 'Check PoE budget', 'Lucas Bernard', paris('2026-03-02T12:00')],
      [3, 'Redémarrer le relais SMTP', 'Lucas Bernard', paris('2026-03-03T09:00')],
    ]);

    // What cannot be read is refused with a hint, in the person's language; nothing is recorded.
    expect(await say(h, 'sam', 'crisis action Call the vendor @agnes @lucas', ROOM)).toEqual([
      'An action has one owner, and I see @agnes, @lucas. Keep one `@user` (or add one action per owner).',
    ]);
    expect(await say(h, 'agnes', 'crise action Appeler le fournisseur @sam demain 25h', ROOM)).toEqual([
      'Je ne comprends pas l’échéance « demain 25h » (ou elle est déjà passée). Indiquez-la à la fin : `30m`, `2h`, `dans 2h`, `14h30`, `demain 10h`, ou une date ISO comme `2026-03-02T14:30` ; le responsable s’indique n’importe où avec `@utilisateur`.',
    ]);
    expect((await crisisRecord(h)).actions).toHaveLength(3);
  });
});
