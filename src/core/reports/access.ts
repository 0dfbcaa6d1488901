import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { toLocale, type Locale } from '../../i18n';
import type { Clock } from '../clock';
import { isAgent, type People, type Person, type Role } from '../people';

/** Who is looking at the dashboard: an agent signed in through the bot, or a policy token. */
export interface DashboardViewer {
  kind: 'person' | 'token';
  key: string;
  name: string;
  role: Role | 'token';
  locale: Locale;
}

type Purpose = 'signin' | 'session';

interface Claims {
  p: Purpose;
  sub: string;
  name: string;
  role: Role | 'token';
  loc: Locale;
  /** Expiry, epoch milliseconds. */
  exp: number;
  /** For a session opened with a policy token: that token's fingerprint (the session ends with it). */
  tok?: string;
}

export const SIGNIN_TTL_MIN = 15;
export const SESSION_TTL_MIN = 8 * 60;

/**
 * Dashboard access without passwords: the bot sends an agent a short-lived link signed with
 * HMAC-SHA256 (`dashboard` verb); opening it exchanges it for a session cookie signed the same way.
 * The purpose is part of what is signed, so a session cannot be replayed as a sign-in link or the
 * other way round. Long-lived tokens for wall screens come from the policy (`dashboard.tokens`).
 * Nothing is open by default: with no token in the policy, only signed-in agents get in.
 * A session is checked again on every request: the person must still be an agent as the policy
 * stands (`People.current`), and a token's session ends when the token leaves the policy.
 *
 * The secret is `DASHBOARD_SECRET` or, when unset, random per process (links and sessions then
 * die on restart and are not shared between processes: set the secret when running several).
 */
export class DashboardAccess {
  private readonly secret: Buffer;
  private readonly tokens: Buffer[];
  private readonly fingerprints: Set<string>;

  constructor(
    private readonly deps: {
      secret?: string;
      tokens: readonly string[];
      clock: Clock;
      people: Pick<People, 'current'>;
    },
  ) {
    this.secret = deps.secret ? Buffer.from(deps.secret, 'utf8') : randomBytes(32);
    this.tokens = deps.tokens.map((token) => Buffer.from(token, 'utf8'));
    this.fingerprints = new Set(this.tokens.map(fingerprint));
  }

  /** A sign-in token for the link the bot sends; refused to anyone who is not an agent. */
  signInToken(person: Person): string {
    if (!isAgent(person)) throw new Error('only agents get a dashboard link');
    return this.sign({
      p: 'signin',
      sub: person.key,
      name: person.name,
      role: person.role,
      loc: person.locale,
      exp: this.expiry(SIGNIN_TTL_MIN),
    });
  }

  /**
   * Checks a sign-in link and returns the session token for the cookie. The person's role is read
   * again: someone who stopped being an agent since the link was sent does not get in.
   */
  async exchange(token: string): Promise<{ session: string; viewer: DashboardViewer } | null> {
    const claims = this.verify(token, 'signin');
    if (!claims) return null;
    const person = await this.deps.people.current(claims.sub);
    if (!person || !isAgent(person)) return null;
    const session = this.sign({
      p: 'session',
      sub: person.key,
      name: person.name,
      role: person.role,
      loc: person.locale,
      exp: this.expiry(SESSION_TTL_MIN),
    });
    return { session, viewer: viewerOf({ ...claims, name: person.name, role: person.role, loc: person.locale }) };
  }

  /**
   * A session for a policy token that opened the page (it then leaves the URL). The session keeps
   * the token's fingerprint, not the token: removing the token from the policy ends it.
   */
  sessionForToken(token: string, locale: Locale): string | null {
    const given = this.staticToken(token);
    if (!given) return null;
    return this.sign({
      p: 'session',
      sub: given.key,
      name: given.name,
      role: 'token',
      loc: locale,
      exp: this.expiry(SESSION_TTL_MIN),
      tok: fingerprint(Buffer.from(token, 'utf8')),
    });
  }

  /**
   * The viewer of a session cookie, checked against today's state: a person must still be an agent
   * (demoted or removed: refused, at the next request), a token must still be in the policy.
   */
  async session(token: string | undefined): Promise<DashboardViewer | null> {
    const claims = token ? this.verify(token, 'session') : null;
    if (!claims) return null;
    if (claims.role === 'token') return claims.tok && this.fingerprints.has(claims.tok) ? viewerOf(claims) : null;
    const person = await this.deps.people.current(claims.sub);
    if (!person || !isAgent(person)) return null;
    return viewerOf({ ...claims, name: person.name, role: person.role, loc: person.locale });
  }

  /** A long-lived token from the policy (bearer header or `?token=`), compared in constant time. */
  staticToken(token: string | undefined): DashboardViewer | null {
    if (!token) return null;
    const given = Buffer.from(token, 'utf8');
    const match = this.tokens.some((known) => known.length === given.length && timingSafeEqual(known, given));
    return match ? { kind: 'token', key: 'token', name: 'token', role: 'token', locale: 'en' } : null;
  }

  private expiry(minutes: number): number {
    return this.deps.clock.now().getTime() + minutes * 60_000;
  }

  private sign(claims: Claims): string {
    const body = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
    return `${body}.${this.mac(claims.p, body)}`;
  }

  private mac(purpose: Purpose, body: string): string {
    return createHmac('sha256', this.secret).update(`${purpose}.${body}`).digest('base64url');
  }

  private verify(token: string, purpose: Purpose): Claims | null {
    if (typeof token !== 'string' || token.length > 2048) return null;
    const [body, mac, extra] = token.split('.');
    if (!body || !mac || extra !== undefined) return null;
    const expected = Buffer.from(this.mac(purpose, body), 'utf8');
    const given = Buffer.from(mac, 'utf8');
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    let claims: Claims;
    try {
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Claims;
    } catch {
      return null;
    }
    if (claims.p !== purpose || typeof claims.exp !== 'number' || claims.exp <= this.deps.clock.now().getTime())
      return null;
    if (typeof claims.sub !== 'string' || claims.role === 'employee') return null;
    return claims;
  }
}

/** Names a policy token inside a session without carrying the token itself. */
function fingerprint(token: Buffer): string {
  return createHash('sha256').update(token).digest('base64url').slice(0, 22);
}

function viewerOf(claims: Claims): DashboardViewer {
  return {
    kind: claims.role === 'token' ? 'token' : 'person',
    key: claims.sub,
    name: claims.name,
    role: claims.role,
    locale: toLocale(claims.loc) ?? 'en',
  };
}
