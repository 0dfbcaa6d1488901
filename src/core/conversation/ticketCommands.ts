import { z } from 'zod';
import { t, type Translate } from '../../i18n';
import type { OutboundMessage } from '../notify/messages';
import { isAgent, type Actor } from '../people';
import type { Audience, TicketPresenter } from '../tickets/presenter';
import type { TicketService } from '../tickets/service';
import type { Ticket } from '../tickets/model';
import { parseTicketNumber } from '../tickets/numbering';
import { DomainError, isDomainError } from '../errors';
import { parseArgs, splitArgs, type Command, type CommandContext } from './commands';

/** Queue filters in the words agents type, French included (`file non assignés`). */
const QUEUE_FILTER_ALIASES: Record<string, string> = {
  tous: 'all',
  toutes: 'all',
  miens: 'mine',
  'les miens': 'mine',
  'non assignés': 'unassigned',
  'non assignes': 'unassigned',
  'non-assignés': 'unassigned',
  'en retard': 'breaching',
};

const ticketId = z.string().regex(/^(INC|REQ|PRB)-?\d{1,9}$/i, 'expected a ticket number such as INC-000042');
const text = z.string().trim().min(1, 'text is required').max(4000);

/** `INC-42?`, `INC-42.`, `(INC-42)`: the id people type, without the punctuation around it. */
export function ticketToken(word: string | undefined): string | undefined {
  const bare = word?.replace(/^[(«"'“]+/, '').replace(/[?.!,;:)»"'”]+$/, '');
  return bare && ticketId.safeParse(bare).success ? bare : undefined;
}

/**
 * The crisis cell as `link <ticket> CRI-…` needs it (`CrisisCell.linkTicket`): the crisis records
 * the ticket (its requester hears the updates, the close resolves it) and the ticket its link.
 */
export interface CrisisLinks {
  linkTicket(actor: Actor, crisis: string, ticket: string, room?: string): Promise<{ replies: OutboundMessage[] }>;
}

/** The verbs whose usage is translated (`ticket.usage.<key>`), for the errors that show it. */
type UsageKey =
  | 'status'
  | 'cancel'
  | 'reopen'
  | 'claim'
  | 'reply'
  | 'note'
  | 'wait'
  | 'workaround'
  | 'resolve'
  | 'queue'
  | 'assign'
  | 'priority'
  | 'escalate'
  | 'link';

/** The ticket verbs of DESIGN.md §2, shared by every channel. */
export function ticketCommands(deps: {
  tickets: TicketService;
  presenter: TicketPresenter;
  /** `link <ticket> CRI-…` goes through the crisis cell, as `crisis link` does. */
  crises: CrisisLinks;
}): Command[] {
  const { tickets, presenter, crises } = deps;
  const say = (message: string): OutboundMessage[] => [{ text: message }];
  const line = (ctx: CommandContext, ticket: Ticket, audience: Audience = 'requester') =>
    `• ${presenter.statusLine(ctx.t, ctx.locale, ticket, audience)}`;
  /** Agents read a ticket as agents, unless it is their own request. */
  const audienceOf = (ctx: CommandContext, ticket: Ticket): Audience =>
    isAgent(ctx.actor.person) && ticket.requester.key !== ctx.actor.person.key ? 'agent' : 'requester';
  /**
   * The arguments with a clean ticket id first. In a ticket's thread the id is implied:
   * `note checked the spooler` notes on that ticket.
   */
  const args = (ctx: CommandContext) => {
    const [first, rest] = splitArgs(ctx.args, 1);
    const id = ticketToken(first);
    if (id) return [id, rest].filter(Boolean).join(' ');
    return ctx.threadTicket ? `${ctx.threadTicket} ${ctx.args}`.trim() : ctx.args;
  };
  /** A usage error in the person's words, with the verb as they would type it (`statut <id>`). */
  const usageError = (ctx: CommandContext, usage: UsageKey, details: string) =>
    new DomainError('invalid_arguments', { details, usage: ctx.t(`ticket.usage.${usage}`) });
  /** The ticket id and what follows it. */
  const ticketAndRest = (ctx: CommandContext, usage: UsageKey): [string, string] => {
    const [first, rest = ''] = splitArgs(args(ctx), 1);
    if (!first) throw usageError(ctx, usage, ctx.t('errors.ticket.missing_number'));
    const id = ticketToken(first);
    if (!id) throw usageError(ctx, usage, ctx.t('errors.ticket.invalid_number', { number: first.slice(0, 40) }));
    return [id, rest];
  };

  const withTicketAndText = (
    verbs: string[],
    usage: UsageKey,
    act: (ctx: CommandContext, id: string, body: string) => Promise<Ticket>,
    reply: (t: Translate, ticket: Ticket) => string,
  ): Command => ({
    verbs,
    agentOnly: true,
    usage: t('en', `ticket.usage.${usage}`),
    async run(ctx) {
      const [id, rest] = ticketAndRest(ctx, usage);
      const body = text.safeParse(rest);
      if (!body.success) throw usageError(ctx, usage, ctx.t('errors.ticket.missing_text'));
      const ticket = await act(ctx, id, body.data);
      return [{ text: reply(ctx.t, ticket), ticketNumber: ticket.number }];
    },
  });

  /** A verb on one ticket; what follows the id is handed over (a reason) or ignored. */
  const withTicket = (
    verbs: string[],
    usage: UsageKey,
    agentOnly: boolean,
    act: (ctx: CommandContext, id: string, rest: string) => Promise<Ticket>,
    reply: (ctx: CommandContext, ticket: Ticket) => OutboundMessage,
  ): Command => ({
    verbs,
    agentOnly,
    usage: t('en', `ticket.usage.${usage}`),
    async run(ctx) {
      const [id, rest] = ticketAndRest(ctx, usage);
      return [reply(ctx, await act(ctx, id, rest))];
    },
  });

  /** The crisis cell's answers, its refusals (`crisis.*`) translated from its own catalogue. */
  const crisisReplies = async (
    ctx: CommandContext,
    work: () => Promise<{ replies: OutboundMessage[] }>,
  ): Promise<OutboundMessage[]> => {
    try {
      return (await work()).replies;
    } catch (err) {
      if (!isDomainError(err) || !err.code.startsWith('crisis.')) throw err;
      return [{ text: ctx.t(`crisis.errors.${err.code.slice('crisis.'.length)}`, err.params) }];
    }
  };

  return [
    {
      verbs: ['my tickets', 'mes tickets', 'mine', 'tickets'],
      agentOnly: false,
      usage: 'my tickets',
      async run(ctx) {
        const mine = await tickets.listForRequester(ctx.actor);
        // Resolved tickets are listed apart: they are done unless the requester reopens them.
        const open = mine.filter((tk) => tk.status !== 'resolved');
        const resolved = mine.filter((tk) => tk.status === 'resolved');
        const lines = open.length
          ? [ctx.t('ticket.mine_header', { count: open.length }), ...open.map((tk) => line(ctx, tk))]
          : [ctx.t('ticket.mine_none')];
        if (resolved.length)
          lines.push(ctx.t('ticket.mine_resolved', { count: resolved.length }), ...resolved.map((tk) => line(ctx, tk)));
        return say(lines.join('\n'));
      },
    },
    withTicket(
      ['status', 'statut'],
      'status',
      false,
      (ctx, id) => tickets.get(ctx.actor, id),
      (ctx, tk) => presenter.statusDetail(ctx.t, ctx.locale, tk, audienceOf(ctx, tk)),
    ),
    withTicket(
      ['cancel', 'annuler'],
      'cancel',
      false,
      (ctx, id, reason) => tickets.cancel(ctx.actor, id, reason || undefined),
      (ctx, tk) => ({
        text: ctx.t(audienceOf(ctx, tk) === 'agent' ? 'ticket.cancelled_agent' : 'ticket.cancelled', {
          number: tk.number,
          requester: tk.requester.name,
        }),
        ticketNumber: tk.number,
      }),
    ),
    withTicket(
      ['reopen', 'rouvrir'],
      'reopen',
      false,
      (ctx, id, reason) => tickets.reopen(ctx.actor, id, reason || undefined),
      (ctx, tk) => ({
        text: ctx.t('ticket.reopened', { number: tk.number }),
        ticketNumber: tk.number,
      }),
    ),
    {
      verbs: ['queue', 'file'],
      agentOnly: true,
      usage: t('en', 'ticket.usage.queue'),
      async run(ctx) {
        const filter = parseArgs(
          z.enum(['all', 'mine', 'unassigned', 'breaching']).default('all'),
          QUEUE_FILTER_ALIASES[ctx.args.toLowerCase()] ?? (ctx.args || undefined),
          ctx.t('ticket.usage.queue'),
        );
        const list = await tickets.queue(ctx.actor, filter);
        const label = ctx.t(`ticket.queue_filter.${filter}`);
        if (!list.length) return say(ctx.t('ticket.queue_none', { filter: label }));
        return say(
          [
            ctx.t('ticket.queue_header', { count: list.length, filter: label }),
            ...list.map((tk) => line(ctx, tk, 'agent')),
          ].join('\n'),
        );
      },
    },
    withTicket(
      ['claim', 'prendre'],
      'claim',
      true,
      (ctx, id) => tickets.claim(ctx.actor, id),
      (ctx, tk) => presenter.assignedForAgent(ctx.t, tk, ctx.actor.person),
    ),
    {
      verbs: ['assign', 'assigner'],
      agentOnly: true,
      usage: t('en', 'ticket.usage.assign'),
      async run(ctx) {
        const [id, user] = parseArgs(
          z.tuple([ticketId, z.string().min(1).max(120)]),
          splitArgs(args(ctx), 1),
          ctx.t('ticket.usage.assign'),
        );
        const tk = await tickets.assign(ctx.actor, id, user);
        return [presenter.assignedForAgent(ctx.t, tk, ctx.actor.person)];
      },
    },
    {
      verbs: ['priority', 'priorite', 'priorité'],
      agentOnly: true,
      usage: t('en', 'ticket.usage.priority'),
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
          ctx.t('ticket.usage.priority'),
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
      usage: t('en', 'ticket.usage.escalate'),
      async run(ctx) {
        const [id, maybeLevel, ...rest] = splitArgs(args(ctx), 2);
        // Any level word is a level (`L1` too, which the service refuses): never the start of the reason.
        const explicit = /^L\d+$/i.test(maybeLevel ?? '');
        const reason = explicit ? rest.join(' ') : [maybeLevel, ...rest].filter(Boolean).join(' ');
        const [number, level, why] = parseArgs(
          z.tuple([ticketId, z.enum(['L1', 'L2', 'L3']).optional(), text]),
          [id, explicit ? maybeLevel.toUpperCase() : undefined, reason],
          ctx.t('ticket.usage.escalate'),
        );
        const tk = await tickets.escalate(ctx.actor, number, level, why);
        return [
          {
            text: ctx.t('ticket.escalated_agents', {
              number: tk.number,
              level: tk.level,
              team: tickets.teamName(tk.team),
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
      'reply',
      (ctx, id, body) => tickets.reply(ctx.actor, id, body),
      (t, tk) => t('ticket.reply_sent', { number: tk.number, requester: tk.requester.name }),
    ),
    withTicketAndText(
      ['note'],
      'note',
      (ctx, id, body) => tickets.note(ctx.actor, id, body),
      (t, tk) => t('ticket.note_added', { number: tk.number }),
    ),
    withTicketAndText(
      ['wait', 'attendre'],
      'wait',
      (ctx, id, body) => tickets.wait(ctx.actor, id, body),
      (t, tk) => presenter.waitingForAgent(t, tk).text,
    ),
    withTicketAndText(
      ['workaround', 'contournement'],
      'workaround',
      (ctx, id, body) => tickets.workaround(ctx.actor, id, body),
      // The workaround itself is mirrored in the ticket's thread; the agent gets a confirmation.
      (t, tk) => t('ticket.workaround_sent', { number: tk.number, requester: tk.requester.name }),
    ),
    withTicketAndText(
      ['resolve', 'resoudre', 'résoudre'],
      'resolve',
      (ctx, id, body) => tickets.resolve(ctx.actor, id, body),
      (t, tk) => presenter.resolvedForAgent(t, tk, tickets.reopenWindowDays).text,
    ),
    {
      verbs: ['link', 'lier'],
      agentOnly: true,
      usage: t('en', 'ticket.usage.link'),
      async run(ctx) {
        const [id, target] = parseArgs(
          z.tuple([
            ticketId,
            z.string().regex(/^(INC|REQ|PRB|CRI|CHG)-?\d{1,9}$/i, 'expected PRB-…, CRI-… or another ticket'),
          ]),
          splitArgs(args(ctx), 2),
          ctx.t('ticket.usage.link'),
        );
        const ref = parseTicketNumber(target);
        const before = await tickets.find(id);
        const reply = (key: string) => [
          { text: ctx.t(key, { number: before.number, target: ref }), ticketNumber: before.number },
        ];
        if (before.links.includes(ref)) return reply('ticket.already_linked');
        // The crisis cell links both sides (and refuses a closed or cancelled ticket).
        if (ref.startsWith('CRI-'))
          return crisisReplies(ctx, () => crises.linkTicket(ctx.actor, ref, before.number, ctx.room));
        await tickets.link(ctx.actor, before.number, ref);
        return reply('ticket.linked');
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
