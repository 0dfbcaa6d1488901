import { z } from 'zod';
import { t } from '../../i18n';
import { DomainError } from '../errors';
import type { ProblemState } from '../tickets/model';
import type { TicketService } from '../tickets/service';
import { splitArgs, type Command, type CommandContext } from './commands';
import { ticketToken } from './ticketCommands';

const text = z.string().trim().min(1).max(4000);

/** The problem states in the words agents type, French included (`problème PRB-1 cause …`). */
const PROBLEM_STATE_WORDS: Record<string, ProblemState> = {
  'root-cause': 'root_cause_known',
  rootcause: 'root_cause_known',
  cause: 'root_cause_known',
  'cause-racine': 'root_cause_known',
  'known-error': 'known_error',
  knownerror: 'known_error',
  'erreur-connue': 'known_error',
  investigating: 'investigating',
  investigate: 'investigating',
  investigation: 'investigating',
};

/**
 * Verbs on the records behind tickets, beyond the ticket verbs of DESIGN.md §2: a problem record's
 * lifecycle. (Teams menus hold 12 commands per list, the §2 verbs: these are typed.)
 */
export function recordCommands(deps: { tickets: TicketService }): Command[] {
  const { tickets } = deps;
  /** In a ticket's thread the id is implied. */
  const args = (ctx: CommandContext) => {
    const [first] = splitArgs(ctx.args, 1);
    if (ticketToken(first)) return ctx.args;
    return ctx.threadTicket ? `${ctx.threadTicket} ${ctx.args}`.trim() : ctx.args;
  };
  return [
    {
      // `problem PRB-1 root-cause <text>`, then `known-error <workaround>`.
      verbs: ['problem', 'probleme', 'problème'],
      agentOnly: true,
      usage: t('en', 'problem.usage'),
      async run(ctx) {
        const [first, word = '', tail = ''] = splitArgs(args(ctx), 2);
        const usage = (details: string) =>
          new DomainError('invalid_arguments', { details, usage: ctx.t('problem.usage') });
        const id = ticketToken(first);
        if (!first) throw usage(ctx.t('errors.ticket.missing_number'));
        if (!id) throw usage(ctx.t('errors.ticket.invalid_number', { number: first.slice(0, 40) }));
        // Two-word forms too: `root cause`, `known error`, `erreur connue`, `cause racine`.
        const [second = '', afterTwo = ''] = splitArgs(tail, 1);
        const twoWords = PROBLEM_STATE_WORDS[`${word} ${second}`.toLowerCase().replace(' ', '-')];
        const state = twoWords ?? PROBLEM_STATE_WORDS[word.toLowerCase()];
        const rest = twoWords ? afterTwo : tail;
        if (!state)
          throw usage(
            word
              ? ctx.t('errors.arguments.invalid_value', { value: word.slice(0, 40) })
              : ctx.t('errors.arguments.missing'),
          );
        const body = text.safeParse(rest);
        if (!body.success) throw usage(ctx.t('errors.ticket.missing_text'));
        const tk = await tickets.setProblemState(ctx.actor, id, state, body.data);
        return [
          { text: ctx.t(`problem.moved.${state}`, { number: tk.number, text: body.data }), ticketNumber: tk.number },
        ];
      },
    },
  ];
}
