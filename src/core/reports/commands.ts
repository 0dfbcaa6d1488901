import type { Command } from '../conversation/commands';
import type { Notifier } from '../notify';
import { toRef } from '../people';
import { SIGNIN_TTL_MIN, type DashboardAccess } from './access';
import { summaryText } from './digest';
import { parsePeriod } from './period';
import type { ReportService } from './service';

/** `report [period]` (a summary in chat) and `dashboard` (a personal sign-in link): agents only. */
export function reportCommands(deps: {
  reports: ReportService;
  access: DashboardAccess;
  notifier: Notifier;
  clock: { now(): Date };
  /** Public base URL of the HTTP server, e.g. `https://helpdesk.example.com`. */
  baseUrl: string;
}): Command[] {
  const { reports, access, notifier } = deps;
  return [
    {
      verbs: ['report', 'rapport'],
      agentOnly: true,
      usage: 'report [period]',
      async run(ctx) {
        const timezone = reports.timezone;
        const period = parsePeriod(ctx.args, deps.clock.now(), timezone);
        if (!period) return [{ text: ctx.t('reports.invalid_period', { period: ctx.args.slice(0, 60) }) }];
        const report = await reports.reportFor({ ...period, timezone });
        return [{ text: `${summaryText(ctx.t, ctx.locale, report)}\n${ctx.t('reports.summary.dashboard')}` }];
      },
    },
    {
      verbs: ['dashboard', 'tableau de bord'],
      agentOnly: true,
      usage: 'dashboard',
      async run(ctx) {
        const url = `${deps.baseUrl.replace(/\/+$/, '')}/dashboard/signin?token=${encodeURIComponent(access.signInToken(ctx.actor.person))}`;
        const text = ctx.t('reports.signin.link', { url, minutes: SIGNIN_TTL_MIN });
        if (ctx.place === 'direct') return [{ text }];
        // A sign-in link is personal: never post it where the rest of a channel could use it.
        const sent = await notifier.toPerson(toRef(ctx.actor.person), (t) => ({
          text: t('reports.signin.link', { url, minutes: SIGNIN_TTL_MIN }),
        }));
        return [{ text: ctx.t(sent ? 'reports.signin.sent_dm' : 'reports.signin.dm_failed') }];
      },
    },
  ];
}
