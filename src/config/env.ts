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
    CONSOLE_ENABLED: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
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
  });

export type Env = z.infer<typeof envSchema>;

export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) throw new ConfigError(`Invalid environment:\n${formatZodError(result.error)}`);
  return result.data;
}
