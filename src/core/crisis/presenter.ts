import { durationToMinutes, type Platform, type Policy } from '../../config';
import { formatDateTime, translator, type Locale, type Translate } from '../../i18n';
import type { OutboundMessage } from '../notify';
import type { Actor } from '../people';
import {
  roleHolders,
  type Crisis,
  type CrisisRole,
  type Severity,
  type StepFailure,
  type TimelineEntry,
} from './model';

/** A member's part: a crisis role, a participant (an agent without a role), or a follower (not an agent). */
export type RoleOrParticipant = CrisisRole | 'participant' | 'follower';

/** Turns a crisis into translated text: brief, topic, duties, notifications, timeline lines. */
/** How a room's own platform names it for a reader (see `CrisisRoomProvider.cite`). */
export type RoomCitation = (
  room: { platform: Platform; id: string; name?: string; url?: string },
  reader?: Platform,
) => string | undefined;

export class CrisisPresenter {
  constructor(
    private readonly policy: Policy,
    private readonly cite: RoomCitation = () => undefined,
  ) {}

  when(locale: Locale, at: Date | string | null | undefined): string {
    return formatDateTime(locale, at ? new Date(at) : null, this.policy.timezone);
  }

  /** Minutes between two stakeholder updates at this severity (wall-clock: crises run 24/7). */
  intervalMinutes(severity: Severity): number {
    return durationToMinutes(this.policy.crisis.updateInterval[severity]);
  }

  graceMinutes(): number {
    return durationToMinutes(this.policy.crisis.updateGrace);
  }

  severity(t: Translate, crisis: Pick<Crisis, 'severity'>): string {
    return t(`crisis.severity.${crisis.severity}`);
  }

  status(t: Translate, status: string): string {
    return t(`crisis.status.${status}`);
  }

  role(t: Translate, role: RoleOrParticipant): string {
    return t(`crisis.role.${role}`);
  }

  /** How a person finds the room: as its platform names it for them, else its name and link. */
  room(t: Translate, crisis: Pick<Crisis, 'room'>, reader?: Platform): string {
    const { room } = crisis;
    if (!room.id) return t('crisis.room_none');
    const cited = this.cite({ ...room, id: room.id }, reader);
    if (cited) return cited;
    return room.url ? `${room.name ?? room.id} (${room.url})` : `#${room.name ?? room.id}`;
  }

  nextDue(t: Translate, locale: Locale, crisis: Pick<Crisis, 'nextUpdateDue'>): string {
    return crisis.nextUpdateDue ? this.when(locale, crisis.nextUpdateDue) : t('crisis.no_next_update');
  }

  roleLines(t: Translate, crisis: Crisis): string {
    return this.policy.crisis.roles
      .map((role) =>
        t('crisis.role_line', {
          role: capitalise(this.role(t, role)),
          person: crisis.roles[role]?.name ?? t('crisis.nobody'),
        }),
      )
      .join('\n');
  }

  impact(t: Translate, crisis: Crisis): string {
    return t('crisis.impact', {
      severity: t(`crisis.severity_impact.${crisis.severity}`),
      tickets: crisis.tickets.length,
      requesters: new Set(crisis.tickets.map((tk) => tk.requester.key)).size,
    });
  }

  brief(t: Translate, locale: Locale, crisis: Crisis): string {
    return t('crisis.brief', {
      number: crisis.number,
      severity: this.severity(t, crisis),
      title: crisis.title,
      impact: this.impact(t, crisis),
      status: this.status(t, crisis.status),
      declarer: crisis.declaredBy.name,
      declaredAt: this.when(locale, crisis.declaredAt),
      roles: this.roleLines(t, crisis),
      due: this.nextDue(t, locale, crisis),
    });
  }

  topic(t: Translate, locale: Locale, crisis: Crisis): string {
    return t('crisis.topic', {
      severity: this.severity(t, crisis),
      status: this.status(t, crisis.status),
      number: crisis.number,
      commander: crisis.roles.commander?.name ?? t('crisis.nobody'),
      due: this.nextDue(t, locale, crisis),
    });
  }

  purpose(t: Translate, crisis: Crisis): string {
    return t('crisis.purpose', { number: crisis.number, title: crisis.title });
  }

  /** What the person is in this crisis: their roles, or participant. */
  rolesOf(crisis: Crisis, personKey: string): RoleOrParticipant[] {
    const roles = roleHolders(crisis)
      .filter(([, holder]) => holder.key === personKey)
      .map(([role]) => role);
    return roles.length ? roles : ['participant'];
  }

  /** The direct message telling someone their role(s) and duties, in their language. */
  invited(t: Translate, crisis: Crisis, roles: RoleOrParticipant[], reader: Platform): string {
    const interval = t('crisis.interval', { minutes: this.intervalMinutes(crisis.severity) });
    return t('crisis.invited', {
      role: roles.map((role) => this.role(t, role)).join(' + '),
      number: crisis.number,
      severity: this.severity(t, crisis),
      title: crisis.title,
      duties: roles.map((role) => `• ${capitalise(t(`crisis.duty.${role}`, { interval }))}`).join('\n'),
      room: this.room(t, crisis, reader),
    });
  }

  /** A timeline entry as one line in the reader's language. */
  timeline(t: Translate, locale: Locale, entry: TimelineEntry): string {
    const data = entry.data ?? {};
    const vars: Record<string, string | number> = { ...data, text: entry.text ?? '' };
    if (typeof data.severity === 'string') vars.severity = t(`crisis.severity.${data.severity}`);
    if (typeof data.role === 'string') vars.role = this.role(t, data.role as RoleOrParticipant);
    if (typeof data.from === 'string') vars.from = this.status(t, data.from);
    if (typeof data.to === 'string') vars.to = this.status(t, data.to);
    if (typeof data.step === 'string') vars.step = t(`crisis.steps.${data.step}`);
    if (typeof data.due === 'string') vars.due = this.when(locale, data.due);
    if (entry.kind === 'room') vars.notes = data.notes ? t('crisis.timeline.notes', { notes: String(data.notes) }) : '';
    if (entry.kind === 'action') vars.owner = typeof data.owner === 'string' ? data.owner : t('crisis.nobody');
    if (entry.kind === 'ticket')
      vars.outcome = t(`crisis.outcome.${String(data.outcome)}`, {
        status: typeof data.status === 'string' ? t(`common.status.${data.status}`) : '',
        error: String(data.error ?? ''),
      });
    return t(`crisis.timeline.${entry.kind}`, vars);
  }

  /** What did not go through on the platform, one warning each, for the person who ran the verb. */
  stepWarnings(t: Translate, crisis: Crisis, failures: StepFailure[]): OutboundMessage[] {
    return failures.map(({ step, error }) => ({
      text:
        step === 'create'
          ? t('crisis.room_failed', { error, number: crisis.number })
          : t('crisis.step_failed', { step: t(`crisis.steps.${step}`), error, number: crisis.number }),
    }));
  }

  /** Closing does not wait for open actions, but whoever closes sees which ones were left (the report lists them too). */
  openActions(t: Translate, locale: Locale, crisis: Crisis): OutboundMessage[] {
    const open = crisis.actions.filter((a) => !a.done);
    if (!open.length) return [];
    const lines = open.map((a) =>
      t('crisis.open_action_line', {
        n: a.n,
        text: a.text,
        owner: a.owner?.name ?? t('crisis.nobody'),
        due: a.due ? this.when(locale, a.due) : t('crisis.none'),
      }),
    );
    return [
      { text: t('crisis.open_actions', { count: open.length, number: crisis.number, actions: lines.join('\n') }) },
    ];
  }

  /** "45 min", "1 h 05 min", "2 d 3 h"; "n/a" when unknown. */
  duration(t: Translate, minutes: number | null): string {
    if (minutes === null || !Number.isFinite(minutes) || minutes < 0) return t('crisis.duration.unknown');
    const total = Math.round(minutes);
    if (total < 60) return t('crisis.duration.minutes', { m: total });
    if (total < 1440)
      return t('crisis.duration.hours', { h: Math.floor(total / 60), m: String(total % 60).padStart(2, '0') });
    return t('crisis.duration.days', { d: Math.floor(total / 1440), h: Math.floor((total % 1440) / 60) });
  }
}

/** The language of whoever ran a verb, to answer them in. */
export function voice(actor: Actor): { t: Translate; locale: Locale } {
  return { t: translator(actor.person.locale), locale: actor.person.locale };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
