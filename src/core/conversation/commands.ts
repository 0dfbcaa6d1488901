import type { z } from 'zod';
import type { Locale, Translate } from '../../i18n';
import { DomainError } from '../errors';
import type { OutboundMessage } from '../notify/messages';
import type { Actor } from '../people';

/** Where a message was written: a direct conversation with the bot, or the agents' channel. */
export type Place = 'direct' | 'agents' | 'crisis';

export interface CommandContext {
  actor: Actor;
  /** Everything after the verb, trimmed. */
  args: string;
  t: Translate;
  locale: Locale;
  place: Place;
  /** The room/channel id on the platform (crisis channels use it to find their cell). */
  room?: string;
  /** The ticket whose thread the command was written in: ticket verbs may then leave out its id. */
  threadTicket?: string;
}

export interface Command {
  /** First word(s) that select the command, lower case, in every language we speak. */
  verbs: string[];
  agentOnly: boolean;
  usage: string;
  run(ctx: CommandContext): Promise<OutboundMessage[]>;
}

/** The verbs every channel understands; domains (kb, crisis, reports, on-call) add theirs. */
export class CommandRegistry {
  private readonly commands: Command[] = [];

  add(...commands: Command[]): void {
    this.commands.push(...commands);
  }

  /** Finds the longest verb matching the start of the text (`my tickets` before `my`). */
  match(text: string): { command: Command; verb: string; args: string } | null {
    const normalised = text.trim().replace(/\s+/g, ' ');
    const lower = normalised.toLowerCase();
    let best: { command: Command; verb: string; args: string } | null = null;
    for (const command of this.commands)
      for (const verb of command.verbs)
        if ((lower === verb || lower.startsWith(`${verb} `)) && (!best || verb.length > best.verb.length))
          best = { command, verb, args: normalised.slice(verb.length).trim() };
    return best;
  }

  all(): readonly Command[] {
    return this.commands;
  }
}

/** Parses command arguments with zod; failures become a translated usage error. */
export function parseArgs<T extends z.ZodTypeAny>(schema: T, value: unknown, usage: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success)
    throw new DomainError('invalid_arguments', {
      details: result.error.issues
        .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
        .join('; '),
      usage,
    });
  return result.data;
}

/** Splits `INC-42 some free text` into the first `count` words and the rest. */
export function splitArgs(args: string, count: number): string[] {
  const parts: string[] = [];
  let rest = args.trim();
  for (let i = 0; i < count; i++) {
    const match = /^(\S+)\s*/.exec(rest);
    if (!match) break;
    parts.push(match[1]);
    rest = rest.slice(match[0].length);
  }
  if (rest) parts.push(rest);
  return parts;
}
