import type { Connection } from 'mongoose';
import { claim } from '../../db/claims';
import { translator, type Locale } from '../../i18n';
import type { Notifier } from '../notify';
import { SYSTEM_PERSON, toRef } from '../people';
import type { Crisis, TimelineEntry } from './model';
import type { CrisisPresenter } from './presenter';
import type { CrisisLogger, RoomSteps } from './roomSteps';
import type { CrisisService } from './service';

export interface ReminderReport {
  /** Crises whose deadline (or its grace) had come. */
  crises: number;
  reminders: number;
  escalations: number;
  failures: number;
}

const SYSTEM_REF = toRef(SYSTEM_PERSON);

/**
 * Update deadlines: at each one the communications lead is reminded (direct message, and a line in
 * the room); when the deadline plus the grace passes without an update, the commander is alerted.
 * Each is claimed per crisis and deadline, so any number of processes send it exactly once.
 */
export class UpdateReminders {
  constructor(
    private readonly deps: {
      connection: Connection;
      records: CrisisService;
      notifier: Notifier;
      presenter: CrisisPresenter;
      rooms: RoomSteps;
      locale: Locale;
      logger: CrisisLogger;
    },
  ) {}

  async sweep(now: Date): Promise<ReminderReport> {
    const report: ReminderReport = { crises: 0, reminders: 0, escalations: 0, failures: 0 };
    for (const crisis of await this.deps.records.due(now)) {
      report.crises++;
      try {
        const done = await this.handle(crisis, now);
        report.reminders += done.reminded ? 1 : 0;
        report.escalations += done.escalated ? 1 : 0;
      } catch (err) {
        report.failures++;
        this.deps.logger.error({ crisis: crisis.number, err: (err as Error).message }, 'crisis reminder failed');
      }
    }
    return report;
  }

  private async handle(crisis: Crisis, now: Date): Promise<{ reminded: boolean; escalated: boolean }> {
    const { connection, records, presenter, locale } = this.deps;
    const deskT = translator(locale);
    if (!crisis.nextUpdateDue) return { reminded: false, escalated: false };
    const due = new Date(crisis.nextUpdateDue);
    const dueIso = due.toISOString();
    const graceMs = presenter.graceMinutes() * 60_000;
    const timeline: Omit<TimelineEntry, 'at'>[] = [];

    const reminded = now >= due && (await claim(connection, `crisis:${crisis.number}:remind:${dueIso}`, now));
    if (reminded) {
      const comms = crisis.roles.communications ?? crisis.roles.commander ?? crisis.declaredBy;
      await this.deps.notifier.toPerson(comms, (t) => ({
        text: t('crisis.reminder', {
          number: crisis.number,
          title: crisis.title,
          due: presenter.when(comms.locale, due),
        }),
      }));
      await this.deps.rooms.post(crisis, {
        text: deskT('crisis.reminder_room', {
          number: crisis.number,
          due: presenter.when(locale, due),
          person: comms.name,
        }),
      });
      timeline.push({ author: SYSTEM_REF, kind: 'reminder', data: { due: dueIso, person: comms.name } });
    }

    const missed = now.getTime() >= due.getTime() + graceMs;
    const escalated = missed && (await claim(connection, `crisis:${crisis.number}:escalate:${dueIso}`, now));
    if (escalated) {
      const commander = crisis.roles.commander ?? crisis.declaredBy;
      await this.deps.notifier.toPerson(commander, (t) => ({
        text: t('crisis.escalation', {
          number: crisis.number,
          title: crisis.title,
          due: presenter.when(commander.locale, due),
        }),
      }));
      await this.deps.rooms.post(crisis, {
        text: deskT('crisis.escalation_room', { due: presenter.when(locale, due), person: commander.name }),
      });
      timeline.push({ author: SYSTEM_REF, kind: 'escalation', data: { due: dueIso, person: commander.name } });
    }

    // Look again when the grace ends; nothing more is owed for this deadline after the escalation.
    // Only while the deadline is the one handled here: an update posted meanwhile set a new one.
    const next = missed ? null : new Date(due.getTime() + graceMs);
    await records.mutate(crisis.number, (c) => {
      const same = c.nextUpdateDue && new Date(c.nextUpdateDue).getTime() === due.getTime();
      if (same) return { set: { sweepAt: next }, timeline };
      return timeline.length ? { timeline } : null;
    });
    return { reminded, escalated };
  }
}
