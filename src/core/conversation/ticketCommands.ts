import { z } from 'zod';
import type { Translate } from '../../i18n';
import type { OutboundMessage } from '../notify/messages';
import { isAgent } from '../people';
import type { TicketPresenter } from '../tickets/presenter';
import type { TicketService } from '../tickets/service';
import type { Ticket } from '../tickets/model';
import { parseArgs, splitArgs, type Command, type CommandContext } from './commands';

const ticketId = z.string().regex(/^(INC|REQ|PRB)-?\d{1,9}$/i, 'expected a ticket number such as INC-000042');
const text = z.string().trim().min(1, 'text is required').max(4000);

/** The ticket verbs of DESIGN.md §2, shared by every channel. */
export function ticketCommands(deps: { tickets: TicketService; presenter: TicketPresenter }): Command[] {
  const { tickets, presenter } = deps;
  const say = (message: string): OutboundMessage[] => [{ text: message }];
  const line = (ctx: CommandContext, ticket: Ticket) => `• ${presenter.statusLine(ctx.t, ctx.locale, ticket)}`;
  // In a ticket's thread the id is implied: `note checked the spooler` notes on that ticket.
  const args = (ctx: CommandContext) =>
    ctx.threadTicket && !ticketId.safeParse(ctx.args.split(' ')[0]).success
      ? `${ctx.threadTicket} ${ctx.args}`.trim()
      : ctx.args;

  const withTicketAndText = (
    verbs: string[],
    usage: string,
    act: (ctx: CommandContext, id: string, body: string) => Promise<Ticket>,
    reply: (t: Translate, ticket: Ticket) => string,
  ): Command => ({
    verbs,
    agentOnly: true,
    usage,
    async run(ctx) {
      const [id, body] = parseArgs(z.tuple([ticketId, text]), splitArgs(args(ctx), 1), usage);
      const ticket = await act(ctx, id, body);
      return [{ text: reply(ctx.t, ticket), ticketNumber: ticket.number }];
    },
  });

  const withTicket = (
    verbs: string[],
    usage: string,
    agentOnly: boolean,
    act: (ctx: CommandContext, id: string) => Promise<Ticket>,
    reply: (ctx: CommandContext, ticket: Ticket) => OutboundMessage,
  ): Command => ({
    verbs,
    agentOnly,
    usage,
    async run(ctx) {
      const [id] = parseArgs(z.tuple([ticketId]), splitArgs(args(ctx), 1), usage);
      return [reply(ctx, await act(ctx, id))];
    },
  });

  return [
    {
      verbs: ['my tickets', 'mes tickets', 'mine', 'tickets'],
      agentOnly: false,
      usage: 'my tickets',
      async run(ctx) {
        const mine = await tickets.listForRequester(ctx.actor);
        if (!mine.length) return say(ctx.t('ticket.mine_none'));
        return say(
          [ctx.t('ticket.mine_header', { count: mine.length }), ...mine.map((tk) => line(ctx, tk))].join('\n'),
        );
      },
    },
    withTicket(
      ['status', 'statut'],
      'status <id>',
      false,
      (ctx, id) => tickets.get(ctx.actor, id),
      (ctx, tk) => presenter.statusDetail(ctx.t, ctx.locale, tk),
    ),
    withTicket(
      ['cancel', 'annuler'],
      'cancel <id>',
      false,
      (ctx, id) => tickets.cancel(ctx.actor, id),
      (ctx, tk) => ({
        text: ctx.t('ticket.cancelled', { number: tk.number }),
        ticketNumber: tk.number,
      }),
    ),
    withTicket(
      ['reopen', 'rouvrir'],
      'reopen <id>',
      false,
      (ctx, id) => tickets.reopen(ctx.actor, id),
      (ctx, tk) => ({
        text: ctx.t('ticket.reopened', { number: tk.number }),
        ticketNumber: tk.number,
      }),
    ),
    {
      verbs: ['queue', 'file'],
      agentOnly: true,
      usage: 'queue [mine|unassigned|breaching]',
      async run(ctx) {
        const filter = parseArgs(
          z.enum(['all', 'mine', 'unassigned', 'breaching']).default('all'),
          ctx.args || undefined,
          this.usage,
        );
        const list = await tickets.queue(ctx.actor, filter);
        if (!list.length) return say(ctx.t('ticket.queue_none', { filter }));
        return say(
          [ctx.t('ticket.queue_header', { count: list.length, filter }), ...list.map((tk) => line(ctx, tk))].join('\n'),
        );
      },
    },
    withTicket(
      ['claim', 'prendre'],
      'claim <id>',
      true,
      (ctx, id) => tickets.claim(ctx.actor, id),
      (ctx, tk) => ({
        text: ctx.t('ticket.assigned_to', { number: tk.number, agent: tk.assignee?.name ?? '' }),
        ticketNumber: tk.number,
      }),
    ),
    {
      verbs: ['assign', 'assigner'],
      agentOnly: true,
      usage: 'assign <id> <user>',
      async run(ctx) {
        const [id, user] = parseArgs(
          z.tuple([ticketId, z.string().min(1).max(120)]),
          splitArgs(args(ctx), 1),
          this.usage,
        );
        const tk = await tickets.assign(ctx.actor, id, user);
        return [
          {
            text: ctx.t('ticket.assigned_to', { number: tk.number, agent: tk.assignee?.name ?? '' }),
            ticketNumber: tk.number,
          },
        ];
      },
    },
    {
      verbs: ['priority', 'priorite', 'priorité'],
      agentOnly: true,
      usage: 'priority <id> <P1-P4>',
      async run(ctx) {
        const [id, p] = parseArgs(
          z.tuple([
            ticketId,
            z
              .string()
              .transform((v) => v.toUpperCase())
              .pipe(z.enum(['P1', 'P2', 'P3', 'P4'])),
          ]),
          splitArgs(args(ctx), 2),
          this.usage,
        );
        const before = await tickets.find(id);
        const tk = await tickets.setPriority(ctx.actor, id, p);
        return [
          {
            text: ctx.t('ticket.priority_changed', {
              number: tk.number,
              from: before.priority,
              to: tk.priority,
              resolveBy: presenter.when(ctx.locale, tk.sla?.resolveBy),
            }),
            ticketNumber: tk.number,
          },
        ];
      },
    },
    {
      verbs: ['escalate', 'escalader'],
      agentOnly: true,
      usage: 'escalate <id> [L2|L3] <reason>',
      async run(ctx) {
        const [id, maybeLevel, ...rest] = splitArgs(args(ctx), 2);
        const explicit = /^L[23]$/i.test(maybeLevel ?? '');
        const reason = explicit ? rest.join(' ') : [maybeLevel, ...rest].filter(Boolean).join(' ');
        const [number, level, why] = parseArgs(
          z.tuple([ticketId, z.enum(['L2', 'L3']).optional(), text]),
          [id, explicit ? maybeLevel.toUpperCase() : undefined, reason],
          this.usage,
        );
        const tk = await tickets.escalate(ctx.actor, number, level, why);
        return [
          {
            text: ctx.t('ticket.escalated_agents', {
              number: tk.number,
              level: tk.level,
              team: tk.team,
              agent: ctx.actor.person.name,
              reason: why,
            }),
            ticketNumber: tk.number,
          },
        ];
      },
    },
    withTicketAndText(
      ['reply', 'repondre', 'répondre'],
      'reply <id> <text>',
      (ctx, id, body) => tickets.reply(ctx.actor, id, body),
      (t, tk) => t('ticket.reply_sent', { number: tk.number, requester: tk.requester.name }),
    ),
    withTicketAndText(
      ['note'],
      'note <id> <text>',
      (ctx, id, body) => tickets.note(ctx.actor, id, body),
      (t, tk) => t('ticket.note_added', { number: tk.number }),
    ),
    withTicketAndText(
      ['wait', 'attendre'],
      'wait <id> <question>',
      (ctx, id, body) => tickets.wait(ctx.actor, id, body),
      (t, tk) => t('ticket.reply_sent', { number: tk.number, requester: tk.requester.name }),
    ),
    withTicketAndText(
      ['workaround', 'contournement'],
      'workaround <id> <text>',
      (ctx, id, body) => tickets.workaround(ctx.actor, id, body),
      (t, tk) => t('ticket.workaround', { number: tk.number, text: tk.workaround ?? '' }),
    ),
    withTicketAndText(
      ['resolve', 'resoudre', 'résoudre'],
      'resolve <id> <resolution>',
      (ctx, id, body) => tickets.resolve(ctx.actor, id, body),
      (t, tk) => t('ticket.resolved', { number: tk.number, resolution: tk.resolution ?? '', days: 0 }).split('\n')[0],
    ),
    {
      verbs: ['link', 'lier'],
      agentOnly: true,
      usage: 'link <id> <problem-or-crisis-id>',
      async run(ctx) {
        const [id, target] = parseArgs(
          z.tuple([
            ticketId,
            z.string().regex(/^(INC|REQ|PRB|CRI|CHG)-?\d{1,9}$/i, 'expected PRB-…, CRI-… or another ticket'),
          ]),
          splitArgs(args(ctx), 2),
          this.usage,
        );
        const tk = await tickets.link(ctx.actor, id, target);
        return [
          {
            text: ctx.t('ticket.linked', { number: tk.number, target: tk.links[tk.links.length - 1] }),
            ticketNumber: tk.number,
          },
        ];
      },
    },
    {
      verbs: ['help', 'aide', '?'],
      agentOnly: false,
      usage: 'help',
      async run(ctx) {
        return say(
          isAgent(ctx.actor.person) ? `${ctx.t('help.employee')}\n\n${ctx.t('help.agent')}` : ctx.t('help.employee'),
        );
      },
    },
  ];
}
