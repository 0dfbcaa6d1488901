import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { ConfigError, formatZodError } from './errors';

const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
const LEVELS = ['high', 'medium', 'low'] as const;
const SUPPORT_LEVELS = ['L1', 'L2', 'L3'] as const;
/** The platforms the desk can serve: one channel folder each (`src/channels/<platform>`). */
export const PLATFORMS = ['slack', 'teams', 'console'] as const;
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export const prioritySchema = z.enum(PRIORITIES);
const escalationRule = z.object({
  functional: z.array(prioritySchema),
  hierarchical: z.array(prioritySchema),
});
export const impactLevelSchema = z.enum(LEVELS);
export const supportLevelSchema = z.enum(SUPPORT_LEVELS);
export const platformSchema = z.enum(PLATFORMS);
/** Where the desk's own person (the system actor) lives: the local console, always there. */
export const LOCAL_PLATFORM: (typeof PLATFORMS)[number] = 'console';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected HH:MM');
const interval = z
  .tuple([hhmm, hhmm])
  .refine(([from, to]) => from < to, { message: 'opening time must be before closing time' });
const duration = z.string().regex(/^\d+(\.\d+)?\s*(m|h|d)$/, 'expected a duration such as 30m, 4h or 2d');

const weeklyHours = z.object(
  Object.fromEntries(WEEKDAYS.map((d) => [d, z.array(interval).default([])])) as Record<
    (typeof WEEKDAYS)[number],
    z.ZodDefault<z.ZodArray<typeof interval>>
  >,
);

const slaTarget = z.object({
  acknowledge: duration,
  resolve: duration,
  /** P1 often runs around the clock: business hours do not apply when true. */
  allHours: z.boolean().default(false),
});

const personRef = z.object({ platform: platformSchema, id: z.string().min(1) });
const crisisRoleSource = z.enum(['oncall:L1', 'oncall:L2', 'oncall:L3', 'declarer']);

const agentSchema = personRef.extend({
  name: z.string().min(1),
  role: z.enum(['agent', 'lead', 'manager']).default('agent'),
  team: z.string().min(1),
  level: supportLevelSchema.default('L1'),
  locale: z.enum(['fr', 'en']).optional(),
});

const rotationSchema = z.object({
  level: supportLevelSchema,
  handover: z.enum(['weekly', 'daily']).default('weekly'),
  /** Local time of the hand-over, in the policy time zone. */
  at: hhmm.default('09:00'),
  /** ISO date of the first shift of the first person in the list. */
  start: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD'),
  members: z.array(z.string().min(1)).min(1),
  overrides: z
    .array(
      z.object({
        from: z.string().datetime({ offset: true }),
        to: z.string().datetime({ offset: true }),
        member: z.string(),
      }),
    )
    .default([]),
});

export const policySchema = z
  .object({
    locale: z.object({ default: z.enum(['fr', 'en']).default('en') }).prefault({}),
    timezone: z.string().refine((tz) => Intl.supportedValuesOf('timeZone').includes(tz) || tz === 'UTC', {
      message: 'unknown IANA time zone',
    }),
    holidays: z.object({ country: z.string().length(2), region: z.string().optional() }),
    businessHours: weeklyHours,
    priorityMatrix: z.object(
      Object.fromEntries(
        LEVELS.map((impact) => [impact, z.object(Object.fromEntries(LEVELS.map((u) => [u, prioritySchema])))]),
      ) as Record<(typeof LEVELS)[number], z.ZodObject<Record<(typeof LEVELS)[number], typeof prioritySchema>>>,
    ),
    defaults: z
      .object({ impact: impactLevelSchema.default('medium'), urgency: impactLevelSchema.default('medium') })
      .prefault({}),
    sla: z.object({
      targets: z.object(
        Object.fromEntries(PRIORITIES.map((p) => [p, slaTarget])) as Record<
          (typeof PRIORITIES)[number],
          typeof slaTarget
        >,
      ),
      warnAt: z.number().gt(0).lt(1).default(0.75),
      autoCloseAfterDays: z.number().int().positive().default(5),
      /**
       * The escalation matrix: what a missed target sets off, per target and priority. Functional:
       * the ticket goes up one level and that level's on-call person and team lead are paged.
       * Hierarchical: the managers (agents with the `manager` role) are told too. The owner and the
       * team lead always hear of a breach; a missed acknowledge also re-pages the level's on-call.
       */
      escalation: z
        .object({
          acknowledge: escalationRule.default({ functional: ['P1', 'P2'], hierarchical: ['P1', 'P2'] }),
          resolve: escalationRule.default({ functional: ['P1', 'P2', 'P3', 'P4'], hierarchical: ['P1', 'P2'] }),
        })
        .prefault({}),
    }),
    teams: z
      .array(
        z.object({
          id: z.string().min(1),
          name: z.string().min(1),
          level: supportLevelSchema,
          lead: z.string().optional(),
          businessHours: weeklyHours.optional(),
          channel: z.object({ slack: z.string().optional(), teams: z.string().optional() }).prefault({}),
        }),
      )
      .min(1),
    agents: z.array(agentSchema).default([]),
    /** Slack user groups whose members are agents of the given team. */
    agentGroups: z
      .array(
        z.object({
          platform: platformSchema,
          id: z.string(),
          team: z.string(),
          level: supportLevelSchema.default('L1'),
        }),
      )
      .default([]),
    oncall: z.array(rotationSchema).default([]),
    crisis: z
      .object({
        roles: z
          .array(z.enum(['commander', 'communications', 'scribe', 'technical']))
          .default(['commander', 'communications', 'scribe', 'technical']),
        updateInterval: z.object({ sev1: duration.default('30m'), sev2: duration.default('60m') }).prefault({}),
        stakeholdersChannel: z.object({ slack: z.string().optional(), teams: z.string().optional() }).prefault({}),
        /** Who takes each role when a crisis is declared: the person on call at a support level, or the declarer. */
        roleFrom: z
          .object({
            commander: crisisRoleSource.default('oncall:L3'),
            communications: crisisRoleSource.default('oncall:L1'),
            scribe: crisisRoleSource.default('declarer'),
            technical: crisisRoleSource.default('oncall:L2'),
          })
          .prefault({}),
        /** How long after a missed update deadline the commander is alerted (the comms lead is reminded at the deadline). */
        updateGrace: duration.default('10m'),
      })
      .prefault({}),
    surveys: z
      .object({
        csat: z
          .object({
            enabled: z.boolean().default(true),
            delay: duration.default('1h'),
            reminderAfter: duration.default('1d'),
            expiresAfterDays: z.number().int().positive().default(7),
            samplingRate: z.number().min(0).max(1).default(1),
            cooldownDays: z.number().min(0).default(0),
            lowScoreThreshold: z.number().int().min(1).max(5).default(2),
          })
          .prefault({}),
        nps: z
          .object({
            enabled: z.boolean().default(true),
            periodDays: z.number().int().positive().default(90),
            sampleSize: z.number().int().positive().default(50),
            /** Days an NPS invitation can be answered (or its answer changed). */
            responseDays: z.number().int().positive().default(14),
          })
          .prefault({}),
        /** After a score, the requester's next direct message within this window is its comment. */
        commentWindow: duration.default('15m'),
      })
      .prefault({}),
    kb: z
      .object({
        /** Confidence under which the bot abstains and opens a ticket. */
        threshold: z.number().min(0).max(1).default(0.45),
        /** From this confidence, with no other article close to it, the article is shown straight away. */
        answerAbove: z.number().min(0).max(1).default(0.8),
        /** Two articles closer than this in confidence make a question ("Is it about A or B?"). */
        closeMargin: z.number().min(0).max(1).default(0.2),
        maxSuggestions: z.number().int().positive().default(3),
        /** Each group lists words or phrases that mean the same thing. */
        synonyms: z.array(z.array(z.string().min(1)).min(2)).default([]),
      })
      .prefault({}),
    channels: z
      .object({
        agents: z.object({ slack: z.string().optional(), teams: z.string().optional() }).prefault({}),
        managers: z.object({ slack: z.string().optional(), teams: z.string().optional() }).prefault({}),
      })
      .prefault({}),
    dashboard: z.object({ tokens: z.array(z.string().min(16)).default([]) }).prefault({}),
    limits: z.object({ maxMessageLength: z.number().int().positive().default(4000) }).prefault({}),
  })
  .superRefine((policy, ctx) => {
    const teamIds = new Set(policy.teams.map((t) => t.id));
    policy.agents.forEach((a, i) => {
      if (!teamIds.has(a.team))
        ctx.addIssue({ code: 'custom', path: ['agents', i, 'team'], message: `unknown team "${a.team}"` });
    });
    const agentIds = new Set(policy.agents.map((a) => `${a.platform}:${a.id}`));
    policy.oncall.forEach((r, i) =>
      r.members.forEach((m, j) => {
        if (!agentIds.has(m))
          ctx.addIssue({
            code: 'custom',
            path: ['oncall', i, 'members', j],
            message: `"${m}" is not an agent (platform:id)`,
          });
      }),
    );
    for (const level of SUPPORT_LEVELS) {
      if (!policy.teams.some((t) => t.level === level) && level === 'L1')
        ctx.addIssue({ code: 'custom', path: ['teams'], message: 'at least one L1 team is required' });
    }
  });

export type Policy = z.infer<typeof policySchema>;
export type Priority = z.infer<typeof prioritySchema>;
export type ImpactLevel = z.infer<typeof impactLevelSchema>;
export type SupportLevel = z.infer<typeof supportLevelSchema>;
export type Platform = z.infer<typeof platformSchema>;
export type WeeklyHours = z.infer<typeof weeklyHours>;
export const DEFAULT_POLICY_PATH = path.resolve(__dirname, '../../config/policy.yaml');

/** Parses a duration such as "30m", "4h" or "2d" into minutes. */
export function durationToMinutes(value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(m|h|d)$/.exec(value.trim());
  if (!match) throw new Error(`invalid duration ${value}`);
  const n = Number(match[1]);
  return match[2] === 'm' ? n : match[2] === 'h' ? n * 60 : n * 1440;
}

export function parsePolicy(raw: unknown, source = 'policy'): Policy {
  const result = policySchema.safeParse(raw);
  if (!result.success) throw new ConfigError(`Invalid ${source}:\n${formatZodError(result.error)}`);
  return result.data;
}

export function loadPolicy(file = DEFAULT_POLICY_PATH): Policy {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`Cannot read policy file ${file}: ${(err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = file.endsWith('.json') ? JSON.parse(text) : YAML.parse(text);
  } catch (err) {
    throw new ConfigError(
      `Policy file ${file} is not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(err as Error).message}`,
    );
  }
  return parsePolicy(raw, `policy file ${file}`);
}
