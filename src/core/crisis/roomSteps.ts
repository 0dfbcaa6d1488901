import { translator, type Locale, type Translate } from '../../i18n';
import type { OutboundMessage } from '../notify';
import { SYSTEM_PERSON, toRef } from '../people';
import type { Crisis, RoomStepName, StepFailure } from './model';
import type { CrisisPresenter } from './presenter';
import { describeRoomFailure, roomName, type CrisisRooms, type RoomJournal, type RoomRef } from './rooms';
import type { CrisisMutation, CrisisService } from './service';

export interface CrisisLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

type StepOutcome<T> = { crisis: Crisis; ok: true; value: T } | { crisis: Crisis; ok: false; error: string };

const SYSTEM_REF = toRef(SYSTEM_PERSON);
const UNJOURNALED: RoomJournal = { retried: () => undefined };

/**
 * The crisis room on its platform, one recorded step at a time. Each call to the platform is
 * written to the crisis record with its outcome, attempts and retry reasons as soon as it returns,
 * so a failure half-way leaves a record that says exactly what exists; done steps are skipped
 * when the set-up or the closing runs again (`crisis retry`).
 */
export class RoomSteps {
  private readonly deskT: Translate;

  constructor(
    private readonly deps: {
      records: CrisisService;
      rooms: CrisisRooms;
      presenter: CrisisPresenter;
      timezone: string;
      locale: Locale;
      logger: CrisisLogger;
    },
  ) {
    this.deskT = translator(deps.locale);
  }

  /**
   * Creates whatever the room still lacks: the room itself (recorded the moment it exists), the
   * invitations, topic and purpose, the brief and its pin.
   */
  async setup(start: Crisis): Promise<{ crisis: Crisis; failures: StepFailure[] }> {
    const { records, presenter, locale } = this.deps;
    const provider = this.deps.rooms.get(start.room.platform);
    let crisis = start;
    const failures: StepFailure[] = [];
    if (!provider) return { crisis, failures: [{ step: 'create', error: `no rooms on ${crisis.room.platform}` }] };
    if (!crisis.room.id) {
      const spec = {
        number: crisis.number,
        name: roomName(crisis.title, crisis.declaredAt, this.deps.timezone, crisis.number),
        topic: presenter.topic(this.deskT, locale, crisis),
        purpose: presenter.purpose(this.deskT, crisis),
      };
      const created = await this.step(
        crisis,
        'create',
        (journal) => provider.createRoom(spec, journal),
        (room, c) => ({ room: { ...c.room, id: room.id, name: room.name, url: room.url, state: 'pending' } }),
      );
      crisis = created.crisis;
      if (!created.ok) {
        crisis = await records.mutate(crisis.number, (c) => ({ set: { room: { ...c.room, state: 'failed' } } }));
        return { crisis, failures: [{ step: 'create', error: created.error }] };
      }
    }
    const invited = await this.inviteMissing(crisis);
    crisis = invited.crisis;
    failures.push(...invited.failures);
    const room = roomOf(crisis);
    if (provider.describe && !stepDone(crisis, 'topic')) {
      const describe = provider.describe.bind(provider);
      const description = {
        topic: presenter.topic(this.deskT, locale, crisis),
        purpose: presenter.purpose(this.deskT, crisis),
      };
      const r = await this.step(crisis, 'topic', (journal) => describe(room, description, journal));
      crisis = r.crisis;
      if (!r.ok) failures.push({ step: 'topic', error: r.error });
    }
    if (!stepDone(crisis, 'brief')) {
      const brief = { text: presenter.brief(this.deskT, locale, crisis) };
      const r = await this.step(
        crisis,
        'brief',
        (journal) => provider.post(room, brief, journal),
        (id, c) => ({ room: { ...c.room, briefId: id } }),
      );
      crisis = r.crisis;
      if (!r.ok) failures.push({ step: 'brief', error: r.error });
    }
    if (provider.pin && crisis.room.briefId && !stepDone(crisis, 'pin')) {
      const pin = provider.pin.bind(provider);
      const briefId = crisis.room.briefId;
      const r = await this.step(crisis, 'pin', (journal) => pin(room, briefId, journal));
      crisis = r.crisis;
      if (!r.ok) failures.push({ step: 'pin', error: r.error });
    }
    const state = failures.length ? 'incomplete' : 'ready';
    crisis = await records.mutate(crisis.number, (c) =>
      c.room.state === state || c.room.state === 'archived' ? null : { set: { room: { ...c.room, state } } },
    );
    return { crisis, failures };
  }

  /** Invites the members of the room's platform who are not in it yet (others are reached by direct message). */
  async inviteMissing(crisis: Crisis): Promise<{ crisis: Crisis; failures: StepFailure[] }> {
    const provider = this.deps.rooms.get(crisis.room.platform);
    const pending = crisis.members.filter((m) => m.platform === crisis.room.platform && !m.inRoom);
    if (!provider || !crisis.room.id || crisis.room.state === 'archived' || !pending.length)
      return { crisis, failures: [] };
    const room = roomOf(crisis);
    const r = await this.step(
      crisis,
      'invite',
      (journal) => provider.invite(room, pending, journal),
      (keys, c) => ({ members: c.members.map((m) => (keys.includes(m.key) ? { ...m, inRoom: true } : m)) }),
    );
    return { crisis: r.crisis, failures: r.ok ? [] : [{ step: 'invite', error: r.error }] };
  }

  /** At close: the report posted, then the closing notice and the archive (each skipped once done). */
  async close(start: Crisis, report: string): Promise<{ crisis: Crisis; failures: StepFailure[] }> {
    const provider = this.deps.rooms.get(start.room.platform);
    let crisis = start;
    const failures: StepFailure[] = [];
    if (!provider || !crisis.room.id) return { crisis, failures };
    const room = roomOf(crisis);
    if (!crisis.room.reportPosted) {
      const r = await this.step(
        crisis,
        'report',
        (journal) => provider.post(room, { text: report }, journal),
        (_id, c) => ({ room: { ...c.room, reportPosted: true } }),
      );
      crisis = r.crisis;
      if (!r.ok) failures.push({ step: 'report', error: r.error });
    }
    if (crisis.room.state !== 'archived') {
      const notice = { text: this.deskT('crisis.archived_notice', { number: crisis.number }) };
      const r = await this.step(
        crisis,
        'archive',
        (journal) => provider.archive(room, notice, journal),
        (_v, c) => ({ room: { ...c.room, state: 'archived' } }),
      );
      crisis = r.crisis;
      if (!r.ok) failures.push({ step: 'archive', error: r.error });
    }
    return { crisis, failures };
  }

  /** Best effort: a room that cannot be reached must not undo what the record holds. Returns the failure, if any. */
  async post(crisis: Crisis, message: OutboundMessage): Promise<string | null> {
    const provider = this.deps.rooms.get(crisis.room.platform);
    if (!provider || !crisis.room.id || crisis.room.state === 'archived') return null;
    try {
      await provider.post(roomOf(crisis), message, UNJOURNALED);
      return null;
    } catch (err) {
      const error = describeRoomFailure(err);
      this.deps.logger.warn({ crisis: crisis.number, err: error }, 'could not post in the crisis room');
      return error;
    }
  }

  /** The topic shows status, commander and next deadline: refreshed when they change (best effort). */
  async refreshTopic(crisis: Crisis): Promise<void> {
    const { presenter, locale } = this.deps;
    const provider = this.deps.rooms.get(crisis.room.platform);
    if (!provider?.describe || !crisis.room.id || crisis.room.state === 'archived') return;
    const description = {
      topic: presenter.topic(this.deskT, locale, crisis),
      purpose: presenter.purpose(this.deskT, crisis),
    };
    await provider.describe(roomOf(crisis), description, UNJOURNALED).catch((err) => {
      this.deps.logger.warn(
        { crisis: crisis.number, err: describeRoomFailure(err) },
        'could not refresh the room topic',
      );
    });
  }

  /**
   * Whether verbs typed in this crisis's room are answered in front of everyone there (then the
   * answer is the announcement).
   */
  echoes(crisis: Crisis): boolean {
    return Boolean(this.deps.rooms.get(crisis.room.platform)?.echoesReplies);
  }

  /**
   * One call to the room's platform, recorded with its outcome, its attempts and why it was
   * retried. A failure is recorded and returned, never thrown: the crisis must stay consistent.
   */
  private async step<T>(
    crisis: Crisis,
    name: RoomStepName,
    call: (journal: RoomJournal) => Promise<T>,
    onSuccess?: (value: T, crisis: Crisis) => CrisisMutation['set'],
  ): Promise<StepOutcome<T>> {
    const notes: string[] = [];
    const journal: RoomJournal = { retried: (reason) => void notes.push(reason) };
    let value: T;
    try {
      value = await call(journal);
    } catch (err) {
      const error = describeRoomFailure(err);
      this.deps.logger.warn(
        { crisis: crisis.number, step: name, err: error, platform: crisis.room.platform },
        'crisis room step failed',
      );
      const failed = await this.deps.records.mutate(crisis.number, (c, now) => ({
        set: {
          room: {
            ...c.room,
            steps: [...c.room.steps, { step: name, ok: false, at: now, attempts: notes.length + 1, notes, error }],
          },
        },
        timeline: [{ author: SYSTEM_REF, kind: 'room_failed', data: { step: name, error } }],
      }));
      return { crisis: failed, ok: false, error };
    }
    const recorded = await this.deps.records.mutate(crisis.number, (c, now) => {
      const extra = onSuccess?.(value, c) ?? {};
      const room = { ...(extra.room ?? c.room) };
      room.steps = [...c.room.steps, { step: name, ok: true, at: now, attempts: notes.length + 1, notes }];
      // The post-incident timeline keeps the room's milestones and anything that needed a retry.
      const milestone = name === 'create' || name === 'archive' || notes.length > 0;
      const data = { step: name, ...(notes.length ? { notes: notes.join(', ') } : {}) };
      return { set: { ...extra, room }, timeline: milestone ? [{ author: SYSTEM_REF, kind: 'room', data }] : [] };
    });
    return { crisis: recorded, ok: true, value };
  }
}

function roomOf(crisis: Crisis): RoomRef {
  const id = crisis.room.id!;
  return { platform: crisis.room.platform, id, name: crisis.room.name ?? id, url: crisis.room.url };
}

function stepDone(crisis: Crisis, step: RoomStepName): boolean {
  return crisis.room.steps.some((s) => s.step === step && s.ok);
}
