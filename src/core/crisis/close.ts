import type { Connection } from 'mongoose';
import { claim, claimModel } from '../../db/claims';
import { translator, type Locale, type Translate } from '../../i18n';
import type { Clock } from '../clock';
import { DomainError } from '../errors';
import { toRef } from '../people';
import { requireEditable, type Crisis, type CrisisResult, type Invocation, type StepFailure } from './model';
import { voice, type CrisisPresenter } from './presenter';
import type { CrisisReactions } from './reactions';
import { postIncidentReport } from './report';
import type { RoomSteps } from './roomSteps';
import type { CrisisService } from './service';

/**
 * `crisis close`: once (claimed), the linked tickets resolved with the crisis's resolution, the
 * post-incident report built, stored and posted, the room archived; each step skipped when done,
 * so `crisis retry` finishes what a platform failure left.
 */
export class CrisisClosing {
  private readonly deskT: Translate;

  constructor(
    private readonly deps: {
      connection: Connection;
      clock: Clock;
      records: CrisisService;
      roomSteps: RoomSteps;
      presenter: CrisisPresenter;
      reactions: CrisisReactions;
      locale: Locale;
    },
  ) {
    this.deskT = translator(deps.locale);
  }

  /**
   * Closes the crisis once (claimed): the linked tickets are resolved with its resolution (their
   * requesters get the usual resolution message and CSAT poll), the report is built, stored,
   * posted in the room, and the room archived.
   */
  async close(inv: Invocation, reference: Crisis, resolution?: string): Promise<CrisisResult> {
    const crisis0 = requireEditable(inv.actor, reference, 'close');
    const closing = `crisis:${crisis0.number}:close`;
    if (!(await claim(this.deps.connection, closing, this.deps.clock.now())))
      throw new DomainError('crisis.closing', { number: crisis0.number });
    const given = resolution?.trim() || crisis0.updates.at(-1)?.text;
    const text = given || this.deskT('crisis.default_resolution');
    const author = toRef(inv.actor.person);
    let closed: Crisis;
    try {
      closed = await this.deps.records.mutate(crisis0.number, (c, now) => ({
        set: {
          status: 'closed',
          closedAt: now,
          resolvedAt: c.resolvedAt ?? now,
          resolution: text,
          nextUpdateDue: null,
          sweepAt: null,
        },
        // Nothing was said: each requester's ticket gets the default in their own language.
        timeline: [{ author, kind: 'closed', text, ...(given ? {} : { data: { defaulted: true } }) }],
      }));
    } catch (err) {
      // Not closed after all: `crisis close` must stay possible.
      await claimModel(this.deps.connection)
        .deleteOne({ _id: closing })
        .catch(() => undefined);
      throw err;
    }
    const result = await this.finish(inv, closed);
    const { t, locale } = voice(inv.actor);
    return { ...result, replies: [...result.replies, ...this.deps.presenter.openActions(t, locale, result.crisis)] };
  }

  /** The steps after the status: each skipped when already done, so `crisis retry` can finish them. */
  async finish(inv: Invocation, start: Crisis): Promise<CrisisResult> {
    let crisis = start;
    const failures: StepFailure[] = [];
    const defaulted = crisis.timeline.some((e) => e.kind === 'closed' && e.data?.defaulted === true);
    const closedText = crisis.resolution ?? '';
    // Stored on the ticket and sent as is to its requester: written in the requester's language.
    const resolution = (locale: Locale) => {
      const t = translator(locale);
      return t('crisis.ticket_resolution', {
        number: crisis.number,
        title: crisis.title,
        resolution: defaulted ? t('crisis.default_resolution') : closedText,
      });
    };
    for (const linked of crisis.tickets.filter((tk) => tk.outcome !== 'resolved' && tk.outcome !== 'unchanged')) {
      crisis = await this.deps.reactions.resolveLinked(crisis, linked, resolution);
      const after = crisis.tickets.find((tk) => tk.number === linked.number);
      if (after?.outcome === 'failed')
        failures.push({ step: 'tickets', error: `${linked.number}: ${after.outcomeError ?? ''}` });
    }
    const report = postIncidentReport(crisis, this.deps.presenter, this.deps.locale);
    crisis = await this.deps.records.mutate(crisis.number, () => ({ set: { report } }));

    const room = await this.deps.roomSteps.close(crisis, report);
    crisis = room.crisis;
    failures.push(...room.failures);
    await this.deps.reactions.tellStakeholders(`crisis:${crisis.number}:closed`, (t) => ({
      text: t('crisis.closed_stakeholders', {
        number: crisis.number,
        title: crisis.title,
        resolution: crisis.resolution ?? '',
      }),
    }));
    const { t } = voice(inv.actor);
    const resolved = crisis.tickets.filter((tk) => tk.outcome === 'resolved').length;
    const text = t('crisis.closed_reply', {
      number: crisis.number,
      resolved,
      posted: crisis.room.reportPosted ? t('crisis.closed_posted') : '',
      archived: crisis.room.state === 'archived' ? t('crisis.closed_archived') : '',
    });
    return { crisis, replies: [{ text }, ...this.deps.presenter.stepWarnings(t, crisis, failures)] };
  }
}
