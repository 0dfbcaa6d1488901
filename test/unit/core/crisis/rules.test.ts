import { DateTime } from 'luxon';
import { loadPolicy } from '../../../../src/config';
import {
  namesPlatform,
  newMember,
  requireEditable,
  requireMember,
  requireRunner,
  runsTheCell,
  uniquePeople,
  type Crisis,
} from '../../../../src/core/crisis/model';
import { CrisisPresenter } from '../../../../src/core/crisis/presenter';
import { SYSTEM_ACTOR, SYSTEM_PERSON, toRef, type Actor, type Person } from '../../../../src/core/people';
import { translator } from '../../../../src/i18n';

const at = DateTime.fromISO('2026-03-02T10:00', { zone: 'Europe/Paris' }).toJSDate();

function person(name: string, role: Person['role'], platform: Person['platform'] = 'console'): Person {
  const id = name.toLowerCase();
  return { key: `${platform}:${id}`, platform, platformId: id, name, locale: 'en', role };
}

const sam = person('Sam', 'agent');
const alice = person('Alice', 'employee');
const outsider = person('Olga', 'agent');
const as = (p: Person, channel: Actor['channel'] = p.platform): Actor => ({ person: p, channel });

function crisis(overrides: Partial<Crisis> = {}): Crisis {
  return {
    number: 'CRI-000001',
    title: 'Mail is down',
    severity: 'sev1',
    status: 'investigating',
    declaredBy: toRef(sam),
    declaredAt: at,
    roles: { commander: toRef(sam) },
    members: [newMember(toRef(sam), at), newMember(toRef(alice), at)],
    actions: [],
    updates: [],
    timeline: [],
    tickets: [],
    room: { platform: 'teams', id: 'room-1', state: 'ready', steps: [] },
    nextUpdateDue: null,
    sweepAt: null,
    rev: 1,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

describe('who may do what in a crisis cell', () => {
  it('members run its verbs; the desk (system) acts without being one', () => {
    expect(requireMember(as(alice), crisis()).number).toBe('CRI-000001');
    expect(requireMember(SYSTEM_ACTOR, crisis()).number).toBe('CRI-000001');
    expect(() => requireMember(as(outsider), crisis())).toThrow(
      expect.objectContaining({ code: 'crisis.not_member', params: { number: 'CRI-000001' } }),
    );
  });

  it('a member who is no agent only follows: verbs that change the cell are refused to them', () => {
    expect(runsTheCell(as(sam))).toBe(true);
    expect(runsTheCell(SYSTEM_ACTOR)).toBe(true);
    expect(runsTheCell(as(alice))).toBe(false);
    expect(() => requireRunner(as(alice), crisis(), 'update')).toThrow(
      expect.objectContaining({ code: 'crisis.agents_only', params: { number: 'CRI-000001', verb: 'update' } }),
    );
    expect(requireRunner(as(sam), crisis(), 'update').number).toBe('CRI-000001');
  });

  it('nothing changes a closed cell, even for its agents', () => {
    expect(() => requireEditable(as(sam), crisis({ status: 'closed' }), 'action')).toThrow(
      expect.objectContaining({ code: 'crisis.closed', params: { number: 'CRI-000001' } }),
    );
    // A closed cell can still be retried (its runner check alone).
    expect(requireRunner(as(sam), crisis({ status: 'closed' }), 'retry').status).toBe('closed');
  });

  it('names are looked up on the platform the verb came from; for the desk, on the room’s', () => {
    expect(namesPlatform(as(sam, 'slack'), crisis())).toBe('slack');
    expect(namesPlatform(SYSTEM_ACTOR, crisis())).toBe('teams');
  });

  it('each person joins once, in their first place, and the desk never joins', () => {
    const people = [toRef(sam), toRef(SYSTEM_PERSON), toRef(alice), { ...toRef(sam), name: 'Sam again' }];
    expect(uniquePeople(people).map((p) => p.name)).toEqual(['Sam', 'Alice']);
    expect(newMember(toRef(alice), at)).toEqual({ ...toRef(alice), joinedAt: at, inRoom: false });
  });
});

describe('what the person who ran a crisis verb is told when a step fails or actions stay open', () => {
  const presenter = new CrisisPresenter(loadPolicy());

  it('one warning per failed step, in their language; a room that was never made says how to go on', () => {
    const failures = [
      { step: 'create' as const, error: 'name_taken' },
      { step: 'tickets' as const, error: 'INC-000042: boom' },
    ];
    expect(presenter.stepWarnings(translator('en'), crisis(), failures).map((m) => m.text)).toEqual([
      '⚠️ The crisis is recorded, but its room could not be created (name_taken). Use `crisis retry CRI-000001`, and meanwhile add `CRI-000001` after the verb (`crisis update CRI-000001 …`).',
      '⚠️ Resolving the linked tickets failed (INC-000042: boom). The crisis is recorded; `crisis retry CRI-000001` tries the missing steps again.',
    ]);
    expect(presenter.stepWarnings(translator('fr'), crisis(), failures.slice(1))[0].text).toContain(
      'a échoué (INC-000042: boom)',
    );
    expect(presenter.stepWarnings(translator('en'), crisis(), [])).toEqual([]);
  });

  it('closing lists the actions left open, with owner and due time, and says nothing when all are done', () => {
    const action = { text: 'Call the vendor', done: false, createdAt: at, createdBy: toRef(sam) };
    const open = crisis({
      actions: [
        { ...action, n: 1, owner: toRef(sam), due: at },
        { ...action, n: 2, text: 'Warn HR', done: true },
        { ...action, n: 3, text: 'Restart the API' },
      ],
    });
    const [message] = presenter.openActions(translator('en'), 'en', open);
    expect(message.text.split('\n')).toEqual([
      '⚠️ Actions of CRI-000001 still open at the close (2); the report lists them as open:',
      `• #1 Call the vendor — owner: Sam, due: ${presenter.when('en', at)}`,
      `• #3 Restart the API — owner: ${translator('en')('crisis.nobody')}, due: ${translator('en')('crisis.none')}`,
    ]);
    expect(
      presenter.openActions(translator('en'), 'en', crisis({ actions: [{ ...action, n: 2, done: true }] })),
    ).toEqual([]);
  });
});
