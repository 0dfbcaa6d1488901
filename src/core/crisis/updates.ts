import type { Policy } from '../../config';
import type { Locale, Translate } from '../../i18n';
import { DomainError } from '../errors';
import { toRef } from '../people';
import {
  refuseClosed,
  requireEditable,
  UPDATING_STATUSES,
  type Crisis,
  type CrisisResult,
  type Invocation,
  type SettableStatus,
} from './model';
import type { CrisisPresenter } from './presenter';
import type { CrisisReactions } from './reactions';
import type { RoomSteps } from './roomSteps';
import { crisisText } from './schemas';
import type { CrisisMutation, CrisisService } from './service';

/**
 * What the cell says and where it stands: `crisis update` (the next one is due after the
 * severity's interval) and `crisis status` (resolved stops the clock, back from resolved restarts it).
 */
export class CrisisUpdates {
  constructor(
    private readonly deps: {
      policy: Policy;
      records: CrisisService;
      roomSteps: RoomSteps;
      presenter: CrisisPresenter;
      reactions: CrisisReactions;
      locale: Locale;
    },
  ) {}

  /**
   * A timestamped update: into the room, to the stakeholders' channel, and by direct message to
   * every requester of a linked ticket (once per requester, whatever their number of tickets, in
   * their language). Each delivery is claimed, so a retried call never sends it twice.
   */
  async postUpdate(inv: Invocation, reference: Crisis, text: string): Promise<CrisisResult> {
    const crisis0 = requireEditable(inv.actor, reference, 'update');
    const body = crisisText(this.deps.policy.limits.maxMessageLength).parse(text);
    const author = toRef(inv.actor.person);
    let n = 0;
    let crisis = await this.deps.records.mutate(crisis0.number, (c, now) => {
      refuseClosed(c);
      n = c.updates.length + 1;
      const due = UPDATING_STATUSES.includes(c.status)
        ? new Date(now.getTime() + this.deps.presenter.intervalMinutes(c.severity) * 60_000)
        : null;
      return {
        set: {
          updates: [...c.updates, { n, at: now, author, text: body, status: c.status, requestersNotified: 0 }],
          nextUpdateDue: due,
          sweepAt: due,
        },
        timeline: [{ author, kind: 'update', text: body, data: { n } }],
      };
    });
    const update = crisis.updates.find((u) => u.n === n)!;
    const vars = (t: Translate, locale: Locale) => ({
      n,
      number: crisis.number,
      title: crisis.title,
      severity: this.deps.presenter.severity(t, crisis),
      status: this.deps.presenter.status(t, update.status),
      author: author.name,
      text: body.replace(/\n/g, '\n> '),
      at: this.deps.presenter.when(locale, update.at),
      due: this.deps.presenter.nextDue(t, locale, crisis),
    });
    await this.deps.reactions.tellStakeholders(`crisis:${crisis.number}:update:${n}:stakeholders`, (t) => ({
      text: t('crisis.update_stakeholders', vars(t, this.deps.locale)),
    }));
    const notified = await this.deps.reactions.tellRequesters(crisis, `update:${n}`, (t, locale, tickets) =>
      t('crisis.update_requester', { ...vars(t, locale), tickets }),
    );
    crisis = await this.deps.records.mutate(crisis.number, (c) => ({
      set: {
        updates: c.updates.map((u) => (u.n === n ? { ...u, requestersNotified: u.requestersNotified + notified } : u)),
      },
    }));
    const replies = await this.deps.reactions.announce(
      crisis,
      inv,
      (t, locale) => t('crisis.update_room', vars(t, locale)),
      (t, locale) =>
        t('crisis.update_reply', { n, requesters: notified, due: this.deps.presenter.nextDue(t, locale, crisis) }),
    );
    return { crisis, replies };
  }

  async setStatus(inv: Invocation, reference: Crisis, status: SettableStatus): Promise<CrisisResult> {
    const crisis0 = requireEditable(inv.actor, reference, 'status');
    const author = toRef(inv.actor.person);
    let from = crisis0.status;
    const crisis = await this.deps.records.mutate(crisis0.number, (c, now): CrisisMutation => {
      refuseClosed(c);
      if (c.status === status) throw new DomainError('crisis.same_status', { number: c.number, status });
      from = c.status;
      const set: CrisisMutation['set'] = { status };
      const unset: (keyof Crisis)[] = [];
      // Reaching any status past investigation means the cause is known.
      if (status !== 'investigating' && !c.identifiedAt) set.identifiedAt = now;
      if (status === 'resolved') Object.assign(set, { resolvedAt: now, nextUpdateDue: null, sweepAt: null });
      else if (c.status === 'resolved') {
        // Back from resolved: the incident recurred, so updates are owed again.
        const due = new Date(now.getTime() + this.deps.presenter.intervalMinutes(c.severity) * 60_000);
        Object.assign(set, { nextUpdateDue: due, sweepAt: due });
        unset.push('resolvedAt');
      }
      return { set, unset, timeline: [{ author, kind: 'status', data: { from: c.status, to: status } }] };
    });
    await this.deps.roomSteps.refreshTopic(crisis);
    await this.deps.reactions.tellStakeholders(`crisis:${crisis.number}:status:${crisis.rev}`, (t) => ({
      text: t('crisis.status_stakeholders', {
        number: crisis.number,
        title: crisis.title,
        status: this.deps.presenter.status(t, status),
      }),
    }));
    const replies = await this.deps.reactions.announce(crisis, inv, (t) =>
      t('crisis.status_changed', {
        number: crisis.number,
        status: this.deps.presenter.status(t, status),
        person: author.name,
        from,
      }),
    );
    return { crisis, replies };
  }
}
