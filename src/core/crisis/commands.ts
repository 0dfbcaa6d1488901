import { z } from 'zod';
import type { Policy } from '../../config';
import type { Translate } from '../../i18n';
import type { Clock } from '../clock';
import {
  parseArgs,
  splitArgs,
  type Assistant,
  type Command,
  type CommandContext,
  type CommandRegistry,
} from '../conversation';
import { isDomainError } from '../errors';
import type { OutboundMessage } from '../notify';
import type { CrisisCell } from './flows';
import type { Invocation } from './model';
import {
  actionNumber,
  actionText,
  crisisText,
  crisisTitle,
  parseActionArgs,
  personReference,
  severityOf,
  splitRoleArgs,
  statusOf,
} from './schemas';
import { isCrisisNumber } from './service';

export const DECLARE_ACTION = 'crisis.declare';

const ticketId = z.string().regex(/^(INC|REQ|PRB)-?\d{1,9}$/i, 'expected a ticket number such as INC-000042');

type Subverb =
  'declare' | 'role' | 'invite' | 'action' | 'done' | 'update' | 'status' | 'link' | 'close' | 'retry' | 'help';
const SUBVERBS: Record<string, Subverb> = {
  declare: 'declare',
  declarer: 'declare',
  role: 'role',
  invite: 'invite',
  inviter: 'invite',
  action: 'action',
  done: 'done',
  fait: 'done',
  update: 'update',
  point: 'update',
  status: 'status',
  statut: 'status',
  link: 'link',
  lier: 'link',
  close: 'close',
  clore: 'close',
  retry: 'retry',
  reprendre: 'retry',
  help: 'help',
  aide: 'help',
};

const USAGE: Record<Exclude<Subverb, 'help'>, string> = {
  declare: 'crisis declare <title> [sev1|sev2]',
  role: 'crisis role <commander|communications|scribe|technical> <user>',
  invite: 'crisis invite <user>',
  action: 'crisis action <text> [@owner] [due]',
  done: 'crisis done <n>',
  update: 'crisis update <text>',
  status: 'crisis status <investigating|identified|monitoring|resolved>',
  link: 'crisis link <ticket>',
  close: 'crisis close [resolution]',
  retry: 'crisis retry',
};

const fold = (word: string) =>
  word
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/**
 * Crisis errors live in the domain's catalogue (`crisis.errors.*`); the others (`forbidden_agent`,
 * `invalid_arguments`, `ticket.*`) are the assistant's to translate. Other verbs that call the
 * cell (the ticket verb `link <ticket> CRI-…`) wrap their call in it too.
 */
export async function withCrisisErrors(
  t: Translate,
  work: () => Promise<OutboundMessage[]>,
): Promise<OutboundMessage[]> {
  try {
    return await work();
  } catch (err) {
    if (!isDomainError(err) || !err.code.startsWith('crisis.')) throw err;
    const params = { ...err.params };
    if (typeof params.status === 'string') params.status = t(`crisis.status.${params.status}`);
    return [{ text: t(`crisis.errors.${err.code.slice('crisis.'.length)}`, params) }];
  }
}

/**
 * `crisis <verb> …`: `declare` anywhere (agents); every other verb in the crisis room, or with
 * the crisis number right after the verb (`crisis update CRI-7 …`), by members of the crisis.
 */
export function crisisCommands(deps: { cell: CrisisCell; policy: Policy; clock: Clock }): Command[] {
  const { cell, policy, clock } = deps;
  return [
    {
      verbs: ['crisis', 'crise'],
      agentOnly: false,
      // Every sub-verb, French ones included: an employee's text is a command only when it fits this.
      usage: `crisis <${Object.keys(SUBVERBS).join('|')}> …`,
      run: (ctx) => withCrisisErrors(ctx.t, () => runVerb(ctx)),
    },
  ];

  async function runVerb(ctx: CommandContext): Promise<OutboundMessage[]> {
    const [word = '', rest = ''] = splitArgs(ctx.args, 1);
    const verb = SUBVERBS[fold(word)];
    if (!word || verb === 'help') return [{ text: ctx.t('crisis.usage') }];
    if (!verb)
      return [{ text: `${ctx.t('crisis.errors.unknown_subcommand', { verb: word })}\n${ctx.t('crisis.usage')}` }];
    const inv: Invocation = { actor: ctx.actor, room: ctx.room };

    if (verb === 'declare') {
      const words = rest.split(/\s+/).filter(Boolean);
      const severity = severityOf(words.at(-1));
      if (severity) words.pop();
      const title = parseArgs(crisisTitle, words.join(' '), USAGE.declare);
      return (await cell.declare(inv, { title, severity })).replies;
    }

    const [first, afterFirst = ''] = splitArgs(rest, 1);
    const explicit = isCrisisNumber(first) ? first : undefined;
    const body = explicit ? afterFirst : rest;
    const crisis = await cell.target(ctx.actor, explicit, ctx.room, verb);
    const usage = USAGE[verb];

    switch (verb) {
      case 'role': {
        const { role, roleWord, who } = splitRoleArgs(parseArgs(z.string().trim().min(1), body, usage));
        if (!role)
          return [
            {
              text: ctx.t('crisis.errors.unknown_role', {
                role: roleWord,
                roles: policy.crisis.roles.map((r) => ctx.t(`crisis.role_word.${r}`)).join(', '),
              }),
            },
          ];
        return (await cell.assignRole(inv, crisis, role, parseArgs(personReference, who, usage))).replies;
      }
      case 'invite':
        return (await cell.invite(inv, crisis, parseArgs(personReference, body, usage))).replies;
      case 'action': {
        const parsed = parseActionArgs(body, clock.now(), policy.timezone);
        const text = parseArgs(actionText, parsed.text, usage);
        return (await cell.addAction(inv, crisis, { text, owner: parsed.owner, due: parsed.due })).replies;
      }
      case 'done':
        return (await cell.completeAction(inv, crisis, parseArgs(actionNumber, body.replace(/^#/, ''), usage))).replies;
      case 'update':
        return (await cell.postUpdate(inv, crisis, parseArgs(crisisText(policy.limits.maxMessageLength), body, usage)))
          .replies;
      case 'status': {
        const status = statusOf(body);
        if (!status)
          return [
            {
              text: body.trim()
                ? ctx.t('crisis.errors.unknown_status', { status: body.trim(), statuses: ctx.t('crisis.status_words') })
                : ctx.t('crisis.errors.status_missing', { statuses: ctx.t('crisis.status_words') }),
            },
          ];
        return (await cell.setStatus(inv, crisis, status)).replies;
      }
      case 'link':
        return (await cell.link(inv, crisis, parseArgs(ticketId, body, usage))).replies;
      case 'close':
        return (await cell.close(inv, crisis, body || undefined)).replies;
      case 'retry':
        return (await cell.retry(inv, crisis)).replies;
    }
  }
}

/** The crisis verbs and the "Declare major incident" button of P1 incident posts. */
export function registerCrisisConversation(deps: {
  commands: CommandRegistry;
  assistant: Assistant;
  cell: CrisisCell;
  policy: Policy;
  clock: Clock;
}): void {
  deps.commands.add(...crisisCommands(deps));
  deps.assistant.onAction(DECLARE_ACTION, (actor, value, t, _locale, action) =>
    withCrisisErrors(
      t,
      async () =>
        (
          await deps.cell.declare(
            { actor, room: action.room },
            { ticket: parseArgs(ticketId, value, DECLARE_ACTION), severity: 'sev1' },
          )
        ).replies,
    ),
  );
}
