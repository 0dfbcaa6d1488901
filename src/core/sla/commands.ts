import { z } from 'zod';
import { supportLevelSchema } from '../../config';
import type { Translate } from '../../i18n';
import type { Clock } from '../clock';
import { parseArgs, splitArgs, type Assistant, type Command, type CommandRegistry } from '../conversation';
import type { OutboundMessage } from '../notify';
import type { Ticket } from '../tickets';
import type { TicketPresenter } from '../tickets/presenter';
import type { RequestRefusal, SlaFlows } from './flows';

const ticketId = z.string().regex(/^(INC|REQ|PRB)-?\d{1,9}$/i, 'expected a ticket number such as INC-000042');
/** Business time, as in the policy's targets; `j` (jours) and `min` are accepted too. */
const MAX_BY_UNIT = { m: 129_600, h: 2_160, d: 90 } as const;
export const extensionDuration = z
  .string()
  .transform((raw) =>
    raw.trim().toLowerCase().replace(',', '.').replace(/\s+/g, '').replace(/min$/, 'm').replace(/j$/, 'd'),
  )
  .refine((value) => {
    const match = /^(\d+(?:\.\d+)?)(m|h|d)$/.exec(value);
    return (
      match !== null && Number(match[1]) > 0 && Number(match[1]) <= MAX_BY_UNIT[match[2] as keyof typeof MAX_BY_UNIT]
    );
  }, 'expected a positive duration such as 30m, 4h or 2d (at most 90 business days)');
const reasonText = z.string().trim().min(1, 'a reason is required').max(1000);

/** The SLA verbs: `extend` a resolve deadline with the requester's consent, `oncall` now. */
export function slaCommands(deps: { flows: SlaFlows; presenter: TicketPresenter; clock: Clock }): Command[] {
  const { flows, presenter, clock } = deps;
  return [
    {
      verbs: ['extend', 'prolonger'],
      agentOnly: true,
      usage: 'extend <id> <duration> <reason>',
      async run(ctx) {
        const [id, duration, reason] = parseArgs(
          z.tuple([ticketId, extensionDuration, reasonText]),
          splitArgs(ctx.args, 2),
          this.usage,
        );
        const asked = await flows.requestExtension(ctx.actor, id, duration, reason);
        if (!asked.ok)
          return [
            refusal(
              ctx.t,
              asked.refused === 'not_open' ? 'sla.extend.not_open' : 'sla.request.agents_only',
              asked.ticket,
            ),
          ];
        return [
          {
            text: ctx.t(asked.delivered ? 'sla.extend.asked' : 'sla.extend.unreachable', {
              requester: asked.ticket.requester.name,
              number: asked.ticket.number,
              duration,
            }),
            ticketNumber: asked.ticket.number,
          },
        ];
      },
    },
    {
      verbs: ['oncall', 'on call', 'astreinte'],
      agentOnly: true,
      usage: 'oncall [L1|L2|L3]',
      async run(ctx) {
        const level = parseArgs(
          z.preprocess(
            (v) => (typeof v === 'string' ? v.trim().toUpperCase() || undefined : v),
            supportLevelSchema.optional(),
          ),
          ctx.args,
          'oncall [L1|L2|L3]',
        );
        const now = clock.now();
        const lines = (await flows.onCall(now)).filter((line) => !level || line.level === level);
        const text = [
          ctx.t('sla.oncall.header', { at: presenter.when(ctx.locale, now) }),
          ...lines.map((line) =>
            line.member
              ? ctx.t('sla.oncall.line', {
                  level: line.level,
                  team: line.team,
                  person: line.person?.name ?? line.member,
                  until: presenter.when(ctx.locale, line.until),
                  override: line.override ? ctx.t('sla.oncall.override') : '',
                })
              : ctx.t('sla.oncall.none', { level: line.level, team: line.team }),
          ),
          ctx.t(flows.isDeskClosed(now) ? 'sla.oncall.out_of_hours' : 'sla.oncall.in_hours'),
        ];
        return [{ text: text.join('\n') }];
      },
    },
  ];
}

/** Buttons of the extension request (requester) and of the problem proposal (agents). */
export function registerSlaActions(deps: { assistant: Assistant; flows: SlaFlows; presenter: TicketPresenter }): void {
  const { assistant, flows, presenter } = deps;
  for (const accept of [true, false])
    assistant.onAction(accept ? 'sla.extend.accept' : 'sla.extend.decline', async (actor, value, t, locale) => {
      const answer = await flows.answerExtension(actor, value, accept);
      if (!answer.ok) return [refusal(t, `sla.request.${answer.refused}`, answer.ticket)];
      const key = answer.outcome === 'accepted' ? 'sla.extend.accepted_requester' : 'sla.extend.declined_requester';
      return [
        {
          text: t(key, {
            number: answer.ticket.number,
            resolveBy: presenter.when(locale, answer.ticket.sla.resolveBy),
          }),
          ticketNumber: answer.ticket.number,
        },
      ];
    });
  for (const open of [true, false])
    assistant.onAction(open ? 'sla.problem.open' : 'sla.problem.dismiss', async (actor, value, t) => {
      const answer = await flows.answerProblem(actor, value, open);
      if (!answer.ok) return [refusal(t, `sla.request.${answer.refused}`, answer.ticket)];
      if (answer.outcome === 'dismissed')
        return [
          {
            text: t('sla.problem_dismissed', { number: answer.incident.number, agent: actor.person.name }),
            ticketNumber: answer.incident.number,
          },
        ];
      return [
        {
          text: t('sla.problem_opened', { problem: answer.problem.number, number: answer.incident.number }),
          ticketNumber: answer.problem.number,
        },
      ];
    });
}

export function registerSlaConversation(deps: {
  commands: CommandRegistry;
  assistant: Assistant;
  flows: SlaFlows;
  presenter: TicketPresenter;
  clock: Clock;
}): void {
  deps.commands.add(...slaCommands(deps));
  registerSlaActions(deps);
}

function refusal(t: Translate, key: string | `sla.request.${RequestRefusal}`, ticket?: Ticket): OutboundMessage {
  return {
    text: t(key, { number: ticket?.number ?? '', status: ticket ? t(`common.status.${ticket.status}`) : '' }),
    ticketNumber: ticket?.number,
  };
}
