import path from 'node:path';
import { Eta } from 'eta';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Clock } from '../../core/clock';
import { isDatabaseUnavailable } from '../../core/errors';
import {
  resolveReportQuery,
  SESSION_TTL_MIN,
  type DashboardAccess,
  type DashboardViewer,
  type ReportService,
} from '../../core/reports';
import { t, toLocale, type Locale } from '../../i18n';
import { RETRY_AFTER_SECONDS } from '../server';
import { reportCsv } from './csv';
import { dashboardView, periodErrorView, pickerDates } from './view';

// Templates and static files stay in src/ (tsc does not copy them); src/ and dist/ sit at the same depth.
const HERE = path.resolve(__dirname, '../../..', 'src/http/dashboard');
const VIEWS = path.join(HERE, 'views');
const PUBLIC = path.join(HERE, 'public');
// chart.js exports no subpath for its UMD build: find it next to the package's main file.
const CHART_JS = path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js');

export const SESSION_COOKIE = 'helpdesk_dashboard';

const HTML_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

export interface DashboardDeps {
  reports: ReportService;
  access: DashboardAccess;
  clock: Clock;
  defaultLocale: Locale;
}

/**
 * The request's cookies. A value that is not valid percent-encoding is kept as sent (as the
 * `cookie` package does): someone else's cookie on the same host must not break the page.
 */
function cookies(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0) out[part.slice(0, at).trim()] = decodeCookie(part.slice(at + 1).trim());
  }
  return out;
}

function decodeCookie(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function bearer(req: Request): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

function queryToken(req: Request): string | undefined {
  const token = req.query.token;
  return typeof token === 'string' ? token : undefined;
}

const QUERY_KEYS = new Set(['from', 'to', 'timezone', 'groupBy', 'token', 'lang']);

/**
 * The report query of a request, resolved in the desk's time zone. Unknown parameters are refused
 * (a typo must not silently give another period); empty fields ("no breakdown") are dropped.
 */
function reportQueryOf(req: Request, reports: ReportService, now: Date): ReturnType<typeof resolveReportQuery> {
  const unknown = Object.keys(req.query).filter((k) => !QUERY_KEYS.has(k));
  if (unknown.length) {
    const names = unknown.join(', ').slice(0, 100);
    return { ok: false, error: `unknown parameter: ${names}`, reason: { code: 'unknown_parameter', names } };
  }
  const { from, to, timezone, groupBy } = req.query;
  const params = Object.fromEntries(
    Object.entries({ from, to, timezone, groupBy }).filter(([, v]) => v !== undefined && v !== ''),
  );
  return resolveReportQuery(params, { timezone: reports.timezone, now });
}

/**
 * `/dashboard` (server-rendered page), its sign-in/out, and `/api/reports` + `/api/reports.csv`.
 * Every data route needs a viewer: a session cookie from a signed link the bot sent to an agent,
 * or a token of the policy (`Authorization: Bearer …` or `?token=`). Nothing is open by default.
 */
export function dashboardRouter(deps: DashboardDeps): Router {
  const { reports, access, clock } = deps;
  const router = express.Router();
  const eta = new Eta({ views: VIEWS, cache: true, autoEscape: true });

  const languageOf = (req: Request, viewer?: DashboardViewer | null): Locale => {
    const asked = typeof req.query.lang === 'string' ? toLocale(req.query.lang) : undefined;
    if (asked) return asked;
    if (viewer?.kind === 'person') return viewer.locale;
    // A browser's Accept-Language for token viewers; `*` or nothing (scripts) → the desk's language.
    const header = req.headers['accept-language'];
    if (!header || header.trim() === '*') return deps.defaultLocale;
    return toLocale(req.acceptsLanguages('fr', 'en') || undefined) ?? deps.defaultLocale;
  };

  const setSession = (req: Request, res: Response, session: string) => {
    res.cookie(SESSION_COOKIE, session, {
      httpOnly: true,
      sameSite: 'lax',
      secure: req.secure,
      path: '/',
      maxAge: SESSION_TTL_MIN * 60_000,
    });
  };

  const refuse = (
    req: Request,
    res: Response,
    status: number,
    messageKey: string,
    vars: Record<string, string> = {},
  ) => {
    const lang = languageOf(req);
    const other: Locale = lang === 'fr' ? 'en' : 'fr';
    res.status(status).set(HTML_HEADERS).type('html');
    if (status === 401) res.set('www-authenticate', 'Bearer realm="helpdesk-dashboard"');
    res.send(
      eta.render('./refused', {
        lang,
        title: t(lang, status === 401 ? 'reports.dashboard.refused_title' : 'reports.dashboard.title'),
        message: t(lang, messageKey, vars),
        switchHref: `/dashboard?lang=${other}`,
        switchLabel: t(lang, 'reports.dashboard.language'),
      }),
    );
  };

  const viewerOf = async (
    req: Request,
  ): Promise<{ viewer: DashboardViewer; via: 'session' | 'bearer' | 'query' } | null> => {
    const session = await access.session(cookies(req)[SESSION_COOKIE]);
    if (session) return { viewer: session, via: 'session' };
    const fromHeader = access.staticToken(bearer(req));
    if (fromHeader) return { viewer: fromHeader, via: 'bearer' };
    const fromQuery = access.staticToken(queryToken(req));
    return fromQuery ? { viewer: fromQuery, via: 'query' } : null;
  };

  // A database outage reaches the API as an error: the last handler answers 503 (see http/server.ts).
  const requireApiViewer = async (req: Request, res: Response, next: NextFunction) => {
    try {
      const found = await viewerOf(req);
      if (!found) {
        res
          .status(401)
          .set('www-authenticate', 'Bearer realm="helpdesk-dashboard"')
          .json({ error: 'sign-in required' });
        return;
      }
      res.locals.viewer = found.viewer;
      next();
    } catch (err) {
      next(err);
    }
  };

  /** Pages answer an outage with a page in the person's language; anything else goes on to the last handler. */
  const failed = (req: Request, res: Response, next: NextFunction, err: unknown) => {
    if (isDatabaseUnavailable(err)) {
      res.set('retry-after', String(RETRY_AFTER_SECONDS));
      return refuse(req, res, 503, 'reports.dashboard.unavailable');
    }
    next(err);
  };

  router.get('/dashboard/assets/chart.umd.min.js', (_req, res) => {
    res.type('application/javascript').set('cache-control', 'public, max-age=86400').sendFile(CHART_JS);
  });
  router.get('/dashboard/assets/dashboard.js', (_req, res) => {
    res.type('application/javascript').set('cache-control', 'no-cache').sendFile(path.join(PUBLIC, 'dashboard.js'));
  });
  router.get('/dashboard/assets/dashboard.css', (_req, res) => {
    res.type('text/css').set('cache-control', 'no-cache').sendFile(path.join(PUBLIC, 'dashboard.css'));
  });

  router.get('/dashboard/signin', async (req, res, next) => {
    try {
      const token = queryToken(req);
      const exchanged = token ? await access.exchange(token) : null;
      if (!exchanged) return refuse(req, res, 401, 'reports.dashboard.expired');
      setSession(req, res, exchanged.session);
      // Redirect so the one-time link leaves the address bar (and never reaches a Referer).
      res.set('referrer-policy', 'no-referrer').redirect(303, '/dashboard');
    } catch (err) {
      failed(req, res, next, err);
    }
  });

  router.post('/dashboard/signout', (req, res) => {
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.redirect(303, '/dashboard');
  });

  router.get('/dashboard', async (req, res, next) => {
    try {
      const found = await viewerOf(req);
      if (!found) return refuse(req, res, 401, 'reports.dashboard.refused');
      if (found.via === 'query') {
        // A wall-screen token in the URL becomes a session cookie, then leaves the URL.
        setSession(req, res, access.sessionForToken(queryToken(req)!, languageOf(req, found.viewer))!);
        const rest = new URLSearchParams(
          Object.entries(req.query).filter((e): e is [string, string] => e[0] !== 'token' && typeof e[1] === 'string'),
        );
        return res.redirect(303, `/dashboard${rest.size ? `?${rest}` : ''}`);
      }
      const lang = languageOf(req, found.viewer);
      const viewer = {
        lang,
        viewerName: found.viewer.kind === 'person' ? found.viewer.name : undefined,
        signedIn: found.via === 'session',
        now: clock.now(),
      };
      const resolved = reportQueryOf(req, reports, clock.now());
      if (!resolved.ok) {
        // The picker again, filled with what the person asked, and why it was refused.
        const view = periodErrorView(resolved.reason, req.query, { ...viewer, timezone: reports.timezone });
        return void res.status(400).set(HTML_HEADERS).type('html').send(eta.render('./period-error', view));
      }
      const report = await reports.reportFor(resolved.query);
      const view = dashboardView(report, viewer);
      // JSON inside <script type="application/json">: `<` escaped so no value can close the tag.
      const chartsJson = JSON.stringify(view.charts).replace(/</g, '\\u003c');
      res
        .status(200)
        .set(HTML_HEADERS)
        .type('html')
        .send(eta.render('./dashboard', { ...view, chartsJson }));
    } catch (err) {
      failed(req, res, next, err);
    }
  });

  router.get('/api/reports', requireApiViewer, async (req, res, next) => {
    try {
      const resolved = reportQueryOf(req, reports, clock.now());
      if (!resolved.ok) return void res.status(400).json({ error: resolved.error });
      res.set('cache-control', 'no-store').json(await reports.reportFor(resolved.query));
    } catch (err) {
      next(err);
    }
  });

  router.get('/api/reports.csv', requireApiViewer, async (req, res, next) => {
    try {
      const resolved = reportQueryOf(req, reports, clock.now());
      if (!resolved.ok) return void res.status(400).json({ error: resolved.error });
      const report = await reports.reportFor(resolved.query);
      // The dates the person chose, in the desk's time zone (`to` is the last day included).
      const dates = pickerDates(report);
      const name = `report-${dates.from}-${dates.to}.csv`;
      res
        .set({ 'cache-control': 'no-store', 'content-disposition': `attachment; filename="${name}"` })
        .type('text/csv; charset=utf-8')
        .send(reportCsv(report));
    } catch (err) {
      next(err);
    }
  });

  return router;
}
