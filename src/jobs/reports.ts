import { DateTime } from 'luxon';
import type { Connection } from 'mongoose';
import type { Notifier } from '../core/notify';
import { lastCompleteWeek, weeklyDigestText, type ReportService } from '../core/reports';
import { claim, releaseStaleClaim } from '../db/claims';
import type { Locale } from '../i18n';
import type { SweepJob } from './scheduler';

/** Local hour on Monday from which last week's digest goes out: ready for the service review. */
const DIGEST_HOUR = 8;

export type DigestOutcome =
  | { posted: true; week: string; delivered: number }
  | { posted: false; week: string; reason: 'too_early' | 'already_posted' };

/**
 * The weekly service-review digest, posted once per ISO week to the managers' channel. The job runs
 * hourly; the first run after Monday 08:00 (policy time zone) claims the week with a unique insert,
 * so a restart, a second process or a rerun never posts it twice. A run that fails after claiming
 * gives the week back so the next hour retries.
 */
export function weeklyDigestJob(deps: {
  connection: Connection;
  reports: ReportService;
  notifier: Notifier;
  timezone: string;
  locale: Locale;
}): SweepJob {
  const { connection, reports, notifier, timezone, locale } = deps;
  return {
    name: 'reports.weekly-digest',
    every: '1 hour',
    async run(now: Date): Promise<DigestOutcome> {
      const { current, previous } = lastCompleteWeek(now, timezone);
      const sendFrom = DateTime.fromJSDate(current.to, { zone: timezone }).plus({ hours: DIGEST_HOUR });
      if (now < sendFrom.toJSDate()) return { posted: false, week: current.week, reason: 'too_early' };
      const key = `reports:weekly-digest:${current.week}`;
      if (!(await claim(connection, key, now))) return { posted: false, week: current.week, reason: 'already_posted' };
      try {
        const [thisWeek, weekBefore] = await Promise.all([
          reports.reportFor({ from: current.from, to: current.to, timezone, groupBy: 'category' }),
          reports.reportFor({ from: previous.from, to: previous.to, timezone }),
        ]);
        const delivered = await notifier.toChannel('managers', (t) => ({
          text: weeklyDigestText(t, locale, thisWeek, weekBefore),
        }));
        return { posted: true, week: current.week, delivered };
      } catch (err) {
        await releaseStaleClaim(connection, key, new Date(now.getTime() + 1));
        throw err;
      }
    },
  };
}
