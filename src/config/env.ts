import { z } from 'zod';
import { ConfigError, formatZodError } from './errors';

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === '' ? undefined : v));
const optionalUrl = z
  .string()
  .optional()
  .transform((v) => (v === '' ? undefined : v))
  .pipe(z.url().optional());

const hostName =
  /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$|^\[?[0-9a-f:.]+\]?$/i;

/** `true`/`false`, or unset (the default then depends on where the server runs). */
const optionalBoolean = z
  .enum(['true', 'false', ''])
  .optional()
  .transform((v) => (v === 'true' ? true : v === 'false' ? false : undefined));

/** A secret a person types or a client sends: long enough that guessing it is hopeless. */
const optionalSecret = (min: number) =>
  optionalString.pipe(z.string().min(min, `must be at least ${min} characters`).optional());

export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    PUBLIC_URL: optionalUrl,
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    MONGODB_URI: optionalUrl.refine(
      (v) => v === undefined || /^mongodb(\+srv)?:\/\//.test(v),
      'must start with mongodb:// or mongodb+srv://',
    ),
    DATA_DIR: z.string().default('.data'),
    POLICY_FILE: optionalString,
    /**
     * Extra names this server answers to (comma-separated), besides PUBLIC_URL's host, HOST and the
     * loopback names. Any other Host header is refused (DNS rebinding).
     */
    ALLOWED_HOSTS: optionalString
      .transform((v) =>
        (v ?? '')
          .split(',')
          .map((h) => h.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(hostName, 'must be host names separated by commas (no scheme, port or path)'))),
    /** Unset: on when the server only serves this machine (see `servesThisMachineOnly`), off otherwise. */
    CONSOLE_ENABLED: optionalBoolean,
    /** The console's sign-in password; required to serve it beyond this machine. */
    CONSOLE_PASSWORD: optionalSecret(12),
    /** Bearer token `/metrics` asks for; without it `/metrics` is only served on this machine. */
    METRICS_TOKEN: optionalSecret(16),
    /** Signs dashboard sign-in links; generated per process when unset (links then die on restart). */
    DASHBOARD_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    SLACK_BOT_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith('xoxb-'), 'must start with xoxb-'),
    SLACK_SIGNING_SECRET: optionalString,
    SLACK_APP_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith('xapp-'), 'must start with xapp-'),
    SLACK_API_URL: optionalUrl,
    /** Retries per Slack Web API call; unset = the client's policy (about 30 minutes, honouring 429 Retry-After). */
    SLACK_API_RETRIES: z
      .string()
      .optional()
      .transform((v) => (v === undefined || v === '' ? undefined : Number(v)))
      .pipe(z.number().int().min(0).max(20).optional()),
    MICROSOFT_APP_ID: optionalString,
    MICROSOFT_APP_PASSWORD: optionalString,
    MICROSOFT_APP_TENANT_ID: optionalString,
    MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
    TEAMS_TEAM_ID: optionalString,
    GRAPH_API_URL: optionalUrl,
    GRAPH_TOKEN_URL: optionalUrl,
  })
  .superRefine((env, ctx) => {
    if (env.SLACK_BOT_TOKEN && !env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET)
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message: 'required with SLACK_BOT_TOKEN over HTTP (or set SLACK_APP_TOKEN for Socket Mode)',
      });
    if ((env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN) && !env.SLACK_BOT_TOKEN)
      ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'required when Slack is configured' });
    if (env.MICROSOFT_APP_ID && !env.MICROSOFT_APP_PASSWORD && env.MICROSOFT_APP_TYPE !== 'UserAssignedMSI')
      ctx.addIssue({ code: 'custom', path: ['MICROSOFT_APP_PASSWORD'], message: 'required with MICROSOFT_APP_ID' });
    if (env.MICROSOFT_APP_TYPE === 'SingleTenant' && env.MICROSOFT_APP_ID && !env.MICROSOFT_APP_TENANT_ID)
      ctx.addIssue({ code: 'custom', path: ['MICROSOFT_APP_TENANT_ID'], message: 'required for a SingleTenant app' });
    if (env.CONSOLE_ENABLED === true && !env.CONSOLE_PASSWORD && !servesThisMachineOnly(env))
      ctx.addIssue({
        code: 'custom',
        path: ['CONSOLE_PASSWORD'],
        message: `required with CONSOLE_ENABLED=true ${env.NODE_ENV === 'production' ? 'in production' : `on HOST=${env.HOST}`}: anyone who reaches the console acts as any persona`,
      });
  });

export type Env = z.infer<typeof envSchema>;

/** 127.0.0.1, ::1, localhost: names and addresses that only this machine reaches. */
export function isLoopbackHost(host: string): boolean {
  const name = normaliseHost(host);
  return name === 'localhost' || name.endsWith('.localhost') || name === '::1' || /^127(\.\d{1,3}){3}$/.test(name);
}

/**
 * Development on a loopback address: nobody but this machine reaches the server. Anything that is
 * open without sign-in for convenience (console, Teams endpoint without a token check, `/metrics`)
 * is served only then; in production or on another HOST (`0.0.0.0`...) it needs its credentials.
 */
export function servesThisMachineOnly(env: Pick<Env, 'NODE_ENV' | 'HOST'>): boolean {
  return env.NODE_ENV !== 'production' && isLoopbackHost(env.HOST);
}

/** How the console is served: not at all, open (this machine only), or behind its password. */
export type ConsoleAccess = { served: false; reason: string } | { served: true; password?: string };

export function consoleAccess(
  env: Pick<Env, 'NODE_ENV' | 'HOST' | 'CONSOLE_ENABLED' | 'CONSOLE_PASSWORD'>,
): ConsoleAccess {
  if (env.CONSOLE_ENABLED === false) return { served: false, reason: 'CONSOLE_ENABLED=false' };
  if (env.CONSOLE_ENABLED === undefined && !servesThisMachineOnly(env))
    return {
      served: false,
      reason: `${env.NODE_ENV === 'production' ? 'production' : `HOST=${env.HOST}`}: set CONSOLE_ENABLED=true and CONSOLE_PASSWORD to serve it`,
    };
  return { served: true, password: env.CONSOLE_PASSWORD };
}

/**
 * The host names requests may carry (Host header): loopback names, HOST unless it is a wildcard,
 * PUBLIC_URL's host and ALLOWED_HOSTS. Lower case, without port or brackets.
 */
export function allowedHosts(env: Pick<Env, 'HOST' | 'PUBLIC_URL' | 'ALLOWED_HOSTS'>): Set<string> {
  const names = ['localhost', '127.0.0.1', '::1', ...env.ALLOWED_HOSTS];
  if (!['0.0.0.0', '::', ''].includes(env.HOST)) names.push(env.HOST);
  if (env.PUBLIC_URL) names.push(new URL(env.PUBLIC_URL).hostname);
  return new Set(names.map(normaliseHost));
}

export function normaliseHost(host: string): string {
  return host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
}

export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) throw new ConfigError(`Invalid environment:\n${formatZodError(result.error)}`);
  return result.data;
}
