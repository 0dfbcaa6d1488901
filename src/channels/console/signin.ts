import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Clock } from '../../core/clock';
import { t, type Locale } from '../../i18n';

export const CONSOLE_COOKIE = 'helpdesk_console';
export const CONSOLE_SESSION_HOURS = 12;

/** Wrong passwords allowed per client address in a window, then 429 until the window ends. */
export const SIGNIN_ATTEMPTS = 10;
export const SIGNIN_WINDOW_MS = 15 * 60_000;
/** Addresses remembered by the limiter; the oldest are forgotten first. */
const MAX_TRACKED = 10_000;

/**
 * The console's sign-in, when it is served beyond this machine (CONSOLE_PASSWORD). One password for
 * the console: it is a demonstration and test channel whose personas are characters, not accounts.
 * A correct password gets a session cookie (HttpOnly, SameSite=Strict, scoped to /console) signed
 * with a key derived from the password, so every process accepts it and changing the password ends
 * every session. Wrong guesses are limited per client address.
 */
export class ConsoleSignIn {
  private readonly password: Buffer;
  private readonly key: Buffer;
  private readonly failures = new Map<string, { count: number; since: number }>();

  constructor(
    password: string,
    private readonly clock: Clock,
  ) {
    this.password = digest(password);
    this.key = createHmac('sha256', password).update('helpdesk console session v1').digest();
  }

  isSignedIn(req: Request): boolean {
    const cookie = cookieValue(req.headers.cookie, CONSOLE_COOKIE);
    const [version, expires, mac, extra] = (cookie ?? '').split('.');
    if (version !== 'v1' || !expires || !mac || extra !== undefined || !/^\d{1,15}$/.test(expires)) return false;
    const expected = Buffer.from(this.mac(expires), 'utf8');
    const given = Buffer.from(mac, 'utf8');
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
    return Number(expires) > this.clock.now().getTime();
  }

  /**
   * Checks a password typed on the sign-in page. `limited`: too many wrong ones from this address
   * lately (the password is then not even compared, so guessing stays slow).
   */
  attempt(client: string, typed: unknown): 'ok' | 'wrong' | 'limited' {
    const now = this.clock.now().getTime();
    const seen = this.failures.get(client);
    if (seen && now - seen.since >= SIGNIN_WINDOW_MS) this.failures.delete(client);
    const current = this.failures.get(client);
    if (current && current.count >= SIGNIN_ATTEMPTS) return 'limited';
    if (typeof typed === 'string' && typed.length <= 1024 && timingSafeEqual(digest(typed), this.password)) {
      this.failures.delete(client);
      return 'ok';
    }
    if (current) current.count += 1;
    else {
      if (this.failures.size >= MAX_TRACKED) this.failures.delete(this.failures.keys().next().value as string);
      this.failures.set(client, { count: 1, since: now });
    }
    return 'wrong';
  }

  /** Seconds until the address may try again (Retry-After of the 429 page). */
  retryAfterSeconds(client: string): number {
    const seen = this.failures.get(client);
    if (!seen) return 0;
    return Math.max(1, Math.ceil((seen.since + SIGNIN_WINDOW_MS - this.clock.now().getTime()) / 1000));
  }

  startSession(req: Request, res: Response): void {
    const expires = String(this.clock.now().getTime() + CONSOLE_SESSION_HOURS * 3600_000);
    res.cookie(CONSOLE_COOKIE, `v1.${expires}.${this.mac(expires)}`, {
      httpOnly: true,
      sameSite: 'strict',
      secure: req.secure,
      path: '/console',
      maxAge: CONSOLE_SESSION_HOURS * 3600_000,
    });
  }

  endSession(res: Response): void {
    res.clearCookie(CONSOLE_COOKIE, { path: '/console' });
  }

  private mac(expires: string): string {
    return createHmac('sha256', this.key).update(expires).digest('base64url');
  }
}

/** Equal-length values to compare in constant time, whatever was typed. */
function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** One cookie's raw value (ours are plain ASCII: nothing to decode). */
function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** Headers of the sign-in page: no script at all, not framed, not cached. */
export const SIGNIN_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/** The sign-in page, in one language; `problem` is a catalogue key (wrong password, too many tries). */
export function signInPage(locale: Locale, problem?: 'wrong' | 'limited'): string {
  const say = (key: string) => escape(t(locale, `console.signin.${key}`));
  const other: Locale = locale === 'fr' ? 'en' : 'fr';
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${say('title')}</title>
<link rel="icon" href="data:,">
<style>
  body { margin:0; min-height:100vh; display:flex; align-items:center; justify-content:center; background:#f5f6f8; color:#1d1f23; font:15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; }
  main { background:#fff; border:1px solid #dde1e7; border-radius:10px; padding:24px; width:min(360px, calc(100vw - 32px)); box-sizing:border-box; }
  h1 { font-size:18px; margin:0 0 8px; }
  p { margin:0 0 14px; color:#5f6773; }
  label { display:block; font-weight:600; margin-bottom:6px; }
  input { width:100%; box-sizing:border-box; padding:8px 10px; border:1px solid #b8bfcb; border-radius:6px; font:inherit; }
  button { margin-top:14px; width:100%; padding:9px; border:0; border-radius:6px; background:#2f6fed; color:#fff; font:inherit; font-weight:600; cursor:pointer; }
  .problem { color:#b3261e; font-weight:600; }
  a { color:#1f56c9; }
  form + p { margin:14px 0 0; }
</style>
</head>
<body>
<main>
  <h1>${say('title')}</h1>
  <p>${say('intro')}</p>
  ${problem ? `<p class="problem" role="alert" id="signin-problem">${say(problem)}</p>` : ''}
  <form method="post" action="/console/signin?lang=${locale}">
    <label for="password">${say('password')}</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required autofocus>
    <button type="submit">${say('submit')}</button>
  </form>
  <p><a href="/console?lang=${other}">${escape(t(other, 'console.signin.language'))}</a></p>
</main>
</body>
</html>
`;
}
