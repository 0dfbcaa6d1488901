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
  /**
   * `verb <id> <text> [L2|L3]…`: shown in errors, and the shape the arguments of someone who is
   * not an agent must have for their message to count as this command (see `CommandRegistry.match`).
   */
  usage: string;
  run(ctx: CommandContext): Promise<OutboundMessage[]>;
}

/** Who wrote the text being matched, for the rule that keeps employees' sentences out of commands. */
export interface Speaker {
  agent: boolean;
}

export interface CommandMatch {
  command: Command;
  verb: string;
  args: string;
}

/** The verbs every channel understands; domains (kb, crisis, reports, on-call) add theirs. */
export class CommandRegistry {
  private readonly commands: Command[] = [];
  private readonly shapes = new WeakMap<Command, Element[][]>();

  add(...commands: Command[]): void {
    this.commands.push(...commands);
  }

  /**
   * Finds the longest verb matching the start of the text (`my tickets` before `my`).
   *
   * Agents get every verb whatever follows it (a wrong argument is a usage error). For anyone
   * else, a text that starts with a verb is often a sentence ("help me reset my password",
   * "file server is down", "status page of the VPN is red"), so it is that command only when
   * nothing follows the verb, or when what follows has the shape of the command's usage (a
   * ticket number where `<id>` stands, one of the listed words for `<a|b>`…). Otherwise the
   * text is no command and the conversation goes on with it.
   */
  match(text: string, speaker?: Speaker): CommandMatch | null {
    const normalised = text.trim().replace(/\s+/g, ' ');
    const lower = normalised.toLowerCase();
    let best: CommandMatch | null = null;
    for (const command of this.commands)
      for (const verb of command.verbs) {
        if (best && verb.length <= best.verb.length) continue;
        const rest = afterVerb(lower, normalised, verb);
        if (rest === null) continue;
        if (speaker && !speaker.agent && !this.fits(command, rest)) continue;
        best = { command, verb, args: rest };
      }
    return best;
  }

  all(): readonly Command[] {
    return this.commands;
  }

  private fits(command: Command, args: string): boolean {
    // A bare verb is a command: a missing argument is a usage error (in a thread, the id is implied).
    if (!args) return true;
    let shapes = this.shapes.get(command);
    if (!shapes) {
      shapes = usageShapes(command);
      this.shapes.set(command, shapes);
    }
    const tokens = args.split(' ');
    return shapes.some((shape) => fitsShape(shape, tokens));
  }
}

/** What follows `verb` at the start of the text; null when the text does not start with that verb. */
function afterVerb(lower: string, normalised: string, verb: string): string | null {
  if (!lower.startsWith(verb)) return null;
  const rest = normalised.slice(verb.length);
  // "help?", "aide !", "mes tickets." are the bare verb.
  if (PUNCTUATION_ONLY.test(rest)) return '';
  return rest.startsWith(' ') ? rest.trim() : null;
}

const PUNCTUATION_ONLY = /^[\s?.!,;:…]*$/;
const TRAILING_PUNCTUATION = /[?.!,;:…]+$/;
const TICKET_NUMBER = /^(INC|REQ|PRB)-?\d{1,9}$/i;
/** An identifier such as `INC-42`, `CRI-7` or `fr-admin-rights`: no plain word ("page", "screen"). */
const IDENTIFIER = /^(?=.*[\d_-])[\p{L}\d]+(?:[-_][\p{L}\d]+)*$/u;

/** One part of a usage line. */
type Element =
  | { kind: 'literal'; word: string }
  | { kind: 'id' }
  | { kind: 'choice'; options: string[]; optional: boolean }
  /** `[name]`: at most one word. */
  | { kind: 'word' }
  /** `<name>` (one word or more), `…` and `[| more]` (any number of words). */
  | { kind: 'text'; min: number };

const fold = (word: string) =>
  word
    .replace(TRAILING_PUNCTUATION, '')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();

/**
 * The shapes a command's usage line allows, after the verb. `kb search <text> | kb retire <id>`
 * gives two; a `|` inside arguments (`kb add <title> | <body>`) stays a literal.
 */
function usageShapes(command: Command): Element[][] {
  const verbWords = command.verbs[0].split(' ');
  const startsWithVerb = (part: string) => part.split(' ').slice(0, verbWords.length).join(' ') === verbWords.join(' ');
  const alternatives: string[] = [];
  for (const part of command.usage.split(' | '))
    if (!alternatives.length || startsWithVerb(part)) alternatives.push(part);
    else alternatives[alternatives.length - 1] += ` | ${part}`;
  return alternatives.map((alternative) => {
    const parts = alternative.match(/<[^>]*>|\[[^\]]*\]|\S+/g) ?? [];
    return parts.slice(startsWithVerb(alternative) ? verbWords.length : 1).map(toElement);
  });
}

function toElement(part: string): Element {
  if (part === '…' || part === '...') return { kind: 'text', min: 0 };
  const inner = part.slice(1, -1);
  const optional = part.startsWith('[') && part.endsWith(']');
  if (!optional && !(part.startsWith('<') && part.endsWith('>'))) return { kind: 'literal', word: fold(part) };
  if (/^[^\s|]+(\|[^\s|]+)+$/.test(inner)) return { kind: 'choice', options: inner.split('|').map(fold), optional };
  if (optional) return /^\S+$/.test(inner) && !inner.includes('|') ? { kind: 'word' } : { kind: 'text', min: 0 };
  return /^(id|ticket)$|-id$/i.test(inner) ? { kind: 'id' } : { kind: 'text', min: 1 };
}

/**
 * True when the words fill the shape. A ticket number where the shape starts with `<id>` is
 * enough: what follows it is the command's to judge (a reason, or a usage error).
 */
function fitsShape(shape: Element[], tokens: string[]): boolean {
  if (shape[0]?.kind === 'id' && TICKET_NUMBER.test(tokens[0].replace(TRAILING_PUNCTUATION, ''))) return true;
  const memo = new Map<number, boolean>();
  const from = (e: number, w: number): boolean => {
    if (e === shape.length) return w === tokens.length;
    const key = e * (tokens.length + 1) + w;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const element = shape[e];
    const word = w < tokens.length ? fold(tokens[w]) : undefined;
    let ok = false;
    switch (element.kind) {
      case 'literal':
        ok = word === element.word && from(e + 1, w + 1);
        break;
      case 'id':
        ok = word !== undefined && IDENTIFIER.test(word) && from(e + 1, w + 1);
        break;
      case 'choice':
        ok =
          (word !== undefined && element.options.includes(word) && from(e + 1, w + 1)) ||
          (element.optional && from(e + 1, w));
        break;
      case 'word':
        ok = from(e + 1, w) || (word !== undefined && from(e + 1, w + 1));
        break;
      case 'text':
        for (let end = w + element.min; end <= tokens.length && !ok; end++) ok = from(e + 1, end);
        break;
    }
    memo.set(key, ok);
    return ok;
  };
  return from(0, 0);
}

/** Marks issues zod describes itself: those are replaced by translated wording. */
const DEFAULT_MESSAGE = '\u0000default';

/**
 * Parses command arguments with zod; failures become a translated usage error (`errors.arguments.*`
 * with the usage line), never zod's own wording. A word argument may end a sentence: "status
 * INC-42?" parses as "status INC-42".
 */
export function parseArgs<T extends z.ZodTypeAny>(schema: T, value: unknown, usage: string): z.infer<T> {
  const parse = (input: unknown) => schema.safeParse(input, { error: () => DEFAULT_MESSAGE });
  let input = value;
  let result = parse(input);
  const retried = result.success ? undefined : withoutTrailingPunctuation(input, result.error.issues);
  if (retried !== undefined) {
    input = retried;
    result = parse(input);
  }
  if (result.success) return result.data;
  throw new DomainError('invalid_arguments', { ...describeIssues(result.error.issues, input), usage });
}

/** The failing word arguments without the punctuation that ends a sentence; undefined when none had any. */
function withoutTrailingPunctuation(value: unknown, issues: readonly z.core.$ZodIssue[]): unknown {
  const strip = (v: unknown) => (typeof v === 'string' ? v.replace(TRAILING_PUNCTUATION, '') : v);
  if (typeof value === 'string') return strip(value) !== value && strip(value) ? strip(value) : undefined;
  if (!Array.isArray(value)) return undefined;
  let changed = false;
  const copy = [...value];
  for (const issue of issues) {
    const index = issue.path[0];
    if (typeof index !== 'number' || typeof copy[index] !== 'string') continue;
    const stripped = strip(copy[index]) as string;
    if (stripped && stripped !== copy[index]) {
      copy[index] = stripped;
      changed = true;
    }
  }
  return changed ? copy : undefined;
}

/**
 * What went wrong, as a catalogue key (`detailsKey`, under `errors.arguments`, translated where
 * the error is shown) and its values. A domain's own message on a schema is kept as `details`.
 * A wrong argument says more than a wrong count, so it is reported first.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], value?: unknown): Record<string, string | number> {
  const issue = issues.find((i) => i.path.length > 0) ?? issues[0];
  if (!issue) return { detailsKey: 'errors.arguments.invalid' };
  const at = issue.path.length && Array.isArray(value) ? value[issue.path[0] as number] : value;
  const shown = typeof at === 'string' ? at.slice(0, 60) : '';
  if (issue.code === 'invalid_format' && issue.format === 'regex' && isTicketPattern(issue.pattern))
    return { detailsKey: 'errors.arguments.ticket_number', value: shown };
  if (issue.message !== DEFAULT_MESSAGE) return { details: issue.message };
  if ((issue.code === 'too_small' || issue.code === 'too_big') && issue.origin === 'array')
    return { detailsKey: issue.code === 'too_small' ? 'errors.arguments.missing' : 'errors.arguments.extra' };
  if (at === undefined || at === '') return { detailsKey: 'errors.arguments.missing' };
  if (issue.code === 'invalid_value')
    return {
      detailsKey: 'errors.arguments.choice',
      value: shown,
      choices: issue.values.map(String).join(', '),
    };
  if (issue.code === 'too_small' && issue.origin === 'string')
    return { detailsKey: 'errors.arguments.too_short', value: shown };
  if (issue.code === 'too_big' && issue.origin === 'string') return { detailsKey: 'errors.arguments.too_long' };
  return { detailsKey: 'errors.arguments.invalid_value', value: shown };
}

/** A regex that accepts ticket numbers stands for "a ticket number": its error says so in the person's language. */
function isTicketPattern(pattern: string | undefined): boolean {
  const parts = pattern ? /^\/(.*)\/([a-z]*)$/.exec(pattern) : null;
  if (!parts) return false;
  try {
    return new RegExp(parts[1], parts[2]).test('INC-000042');
  } catch {
    return false;
  }
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
