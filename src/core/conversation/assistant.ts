import { randomUUID } from 'node:crypto';
import { ZodError } from 'zod';
import type { ImpactLevel, Policy } from '../../config';
import { translator, type Locale, type Translate } from '../../i18n';
import { DomainError, isDatabaseUnavailable, isDomainError } from '../errors';
import type { ActionButton, OutboundMessage } from '../notify/messages';
import { isAgent, type Actor } from '../people';
import type { TicketType } from '../tickets/model';
import type { TicketPresenter } from '../tickets/presenter';
import type { TicketService } from '../tickets/service';
import type { CommandRegistry, Place } from './commands';
import type { Drafts } from './drafts';

export interface KbSuggestion {
  articleId: string;
  title: string;
  excerpt: string;
  confidence: number;
}

/** What the conversation needs from the knowledge base (implemented in core/kb). */
export interface KnowledgePort {
  suggest(text: string, locale: Locale): Promise<KbSuggestion[]>;
  recordFeedback(input: {
    articleIds: string[];
    personKey: string;
    helpful: boolean;
    ticketNumber?: string;
    query: string;
  }): Promise<void>;
}

export interface InboundMessage {
  actor: Actor;
  text: string;
  place: Place;
  /** The ticket whose thread this message was written in, if any. */
  threadTicket?: string;
  room?: string;
}

export interface InboundAction {
  actor: Actor;
  id: string;
  value: string;
  /** Free text typed with the button (a card field, a modal): an assignee, a reason, a resolution. */
  input?: string;
  room?: string;
}

/** A form that already asks everything (Teams card, Slack modal): the ticket opens without the intake questions. */
export interface TicketForm {
  actor: Actor;
  description: string;
  title?: string;
  type?: TicketType;
  impact?: ImpactLevel;
  urgency?: ImpactLevel;
}

/** Measures the dialogue (metrics): every channel's events go through handleMessage/handleAction. */
export interface AssistantObserver {
  time<T>(kind: 'message' | 'action', work: () => Promise<T>): Promise<T>;
  unexpectedError(): void;
}

export interface AssistantLogger {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export type Handler<T> = (
  actor: Actor,
  value: string,
  t: Translate,
  locale: Locale,
  extra: T,
) => Promise<OutboundMessage[]>;

/**
 * Takes a direct message that answers a question a domain asked earlier (a survey's "any
 * comment?"): returns the replies when it took the message, null to let the conversation go on.
 */
export type ReplyInterceptor = (
  actor: Actor,
  text: string,
  t: Translate,
  locale: Locale,
  message: InboundMessage,
) => Promise<OutboundMessage[] | null>;

/**
 * The dialogue every channel shares: commands, the employee intake (KB first, then impact and
 * urgency, then the ticket), button actions, and the translation of errors for the person.
 */
export class Assistant {
  private readonly actions = new Map<string, Handler<InboundAction>>();
  private readonly interceptors: ReplyInterceptor[] = [];
  private readonly pending: InboundMessage[] = [];

  constructor(
    private readonly deps: {
      policy: Policy;
      tickets: TicketService;
      presenter: TicketPresenter;
      drafts: Drafts;
      commands: CommandRegistry;
      knowledge?: KnowledgePort;
      logger: AssistantLogger;
      observer?: AssistantObserver;
    },
  ) {
    this.onAction('intake.impact', (actor, value, t) => this.chooseImpact(actor, value, t));
    this.onAction('intake.urgency', (actor, value, t, locale) => this.chooseUrgency(actor, value, t, locale));
    this.onAction('intake.skip', (actor, value, t, locale) => this.openFromDraft(actor, value, t, locale, {}));
    this.onAction('kb.solved', (actor, value, t) => this.kbSolved(actor, value, t));
    this.onAction('kb.need_help', (actor, value, t) => this.askImpact(actor, value, t));
    this.onAction('ticket.claim', async (actor, value, t) =>
      this.say(
        t('ticket.assigned_to', {
          number: value,
          agent: (await this.deps.tickets.claim(actor, value)).assignee?.name ?? '',
        }),
        value,
      ),
    );
    this.onAction('ticket.reopen', async (actor, value, t) =>
      this.say(t('ticket.reopened', { number: (await this.deps.tickets.reopen(actor, value)).number }), value),
    );
    // Buttons that need a few words (card field, modal) run the verb they stand for, with its checks.
    for (const [id, verb] of [
      ['ticket.assign', 'assign'],
      ['ticket.escalate', 'escalate'],
      ['ticket.resolve', 'resolve'],
    ] as const)
      this.onAction(id, (actor, value, t, locale, action) =>
        this.runVerb(actor, verb, `${value.split(/\s+/)[0]} ${action.input ?? ''}`, t, locale, action.room),
      );
  }

  /** Domains register their buttons here (CSAT scores, crisis declare...). */
  onAction(id: string, handler: Handler<InboundAction>): void {
    this.actions.set(id, handler);
  }

  /**
   * Domains that asked the person a free-text question register here. Interceptors see direct
   * messages outside a ticket thread that are not commands, before the ticket/intake flow.
   */
  interceptReplies(interceptor: ReplyInterceptor): void {
    this.interceptors.push(interceptor);
  }

  async handleMessage(message: InboundMessage): Promise<OutboundMessage[]> {
    return this.observe('message', () => this.receiveMessage(message));
  }

  private observe(kind: 'message' | 'action', work: () => Promise<OutboundMessage[]>): Promise<OutboundMessage[]> {
    return this.deps.observer ? this.deps.observer.time(kind, work) : work();
  }

  private async receiveMessage(message: InboundMessage): Promise<OutboundMessage[]> {
    try {
      return await this.guard(message.actor, () => this.dispatchMessage(message));
    } catch (err) {
      // Nothing a user sent is lost: keep it in memory and replay it when the database is back.
      this.pending.push(message);
      this.deps.logger.warn(
        { actor: message.actor.person.key, pending: this.pending.length },
        'database unavailable; message kept for retry',
      );
      return this.explain(message.actor, err);
    }
  }

  /** Messages kept while the database was down. */
  get pendingCount(): number {
    return this.pending.length;
  }

  /**
   * Replays kept messages in order; stops at the first that still cannot reach the database.
   * Results go to the sender through the notifier (the original request has long been answered).
   */
  async retryPending(deliver: (message: InboundMessage, replies: OutboundMessage[]) => Promise<void>): Promise<number> {
    let done = 0;
    while (this.pending.length) {
      const message = this.pending[0];
      let replies: OutboundMessage[];
      try {
        replies = await this.guard(message.actor, () => this.dispatchMessage(message));
      } catch {
        break;
      }
      this.pending.shift();
      done++;
      const t = translator(message.actor.person.locale);
      await deliver(message, [{ text: t('errors.db_recovered') }, ...replies]).catch(() => undefined);
    }
    return done;
  }

  async handleAction(action: InboundAction): Promise<OutboundMessage[]> {
    return this.observe('action', () => this.receiveAction(action));
  }

  private async receiveAction(action: InboundAction): Promise<OutboundMessage[]> {
    try {
      return await this.guard(action.actor, async () => {
        const handler = this.actions.get(action.id);
        if (!handler) throw new DomainError('unknown_command', { verb: action.id });
        const locale = action.actor.person.locale;
        return handler(action.actor, String(action.value ?? ''), translator(locale), locale, action);
      });
    } catch (err) {
      // A button click is state the user can repeat; say so rather than replaying it blindly.
      return this.explain(action.actor, err);
    }
  }

  async openTicket(form: TicketForm): Promise<OutboundMessage[]> {
    try {
      return await this.guard(form.actor, async () => {
        const locale = form.actor.person.locale;
        const ticket = await this.deps.tickets.open(form.actor, {
          description: form.description,
          title: form.title,
          type: form.type,
          impact: form.impact,
          urgency: form.urgency,
        });
        return [this.deps.presenter.opened(translator(locale), locale, ticket)];
      });
    } catch (err) {
      return this.explain(form.actor, err);
    }
  }

  /** Translates what went wrong for the person; unexpected errors get a reference, never a stack. */
  explain(actor: Actor, err: unknown): OutboundMessage[] {
    const t = translator(actor.person.locale);
    if (isDomainError(err)) {
      // Statuses in error parameters are shown in the person's language.
      const params = Object.fromEntries(
        Object.entries(err.params).map(([k, v]) => [
          k,
          (k === 'from' || k === 'to') && typeof v === 'string' ? t(`common.status.${v}`) : v,
        ]),
      );
      return [{ text: t(`errors.${err.code}`, params) }];
    }
    if (err instanceof ZodError)
      return [
        {
          text: t('errors.invalid_input', {
            details: err.issues
              .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
              .join('; '),
          }),
        },
      ];
    if (isDatabaseUnavailable(err)) return [{ text: t('errors.db_unavailable') }];
    const ref = randomUUID().slice(0, 8);
    this.deps.observer?.unexpectedError();
    this.deps.logger.error({ ref, err, actor: actor.person.key }, 'unexpected error while handling a message');
    return [{ text: t('errors.generic', { ref }) }];
  }

  private async guard(actor: Actor, work: () => Promise<OutboundMessage[]>): Promise<OutboundMessage[]> {
    try {
      return await work();
    } catch (err) {
      if (isDatabaseUnavailable(err)) throw err;
      return this.explain(actor, err);
    }
  }

  private async runVerb(
    actor: Actor,
    verb: string,
    args: string,
    t: Translate,
    locale: Locale,
    room?: string,
  ): Promise<OutboundMessage[]> {
    const matched = this.deps.commands.match(`${verb} ${args}`);
    if (!matched) throw new DomainError('unknown_command', { verb });
    if (matched.command.agentOnly && !isAgent(actor.person))
      throw new DomainError('forbidden_agent', { verb: matched.verb });
    return matched.command.run({ actor, args: matched.args, t, locale, place: 'agents', room });
  }

  private say(text: string, ticketNumber?: string, actions?: ActionButton[]): OutboundMessage[] {
    return [{ text, ticketNumber, actions }];
  }

  private async dispatchMessage(message: InboundMessage): Promise<OutboundMessage[]> {
    const { actor, place } = message;
    const locale = actor.person.locale;
    const t = translator(locale);
    const text = String(message.text ?? '').trim();
    const max = this.deps.policy.limits.maxMessageLength;
    if (!text) return this.say(t('intake.empty'));
    if (text.length > max) return this.say(t('intake.too_long', { length: text.length, max }));

    const matched = this.deps.commands.match(text);
    if (matched) {
      if (matched.command.agentOnly && !isAgent(actor.person))
        throw new DomainError('forbidden_agent', { verb: matched.verb });
      return matched.command.run({
        actor,
        args: matched.args,
        t,
        locale,
        place,
        room: message.room,
        threadTicket: message.threadTicket,
      });
    }
    // In the agents' or a crisis channel, plain chatter that is no command stays there (threads excepted).
    if (place !== 'direct') {
      if (message.threadTicket && isAgent(actor.person)) {
        const ticket = await this.deps.tickets.reply(actor, message.threadTicket, text);
        return this.say(
          t('ticket.reply_sent', { number: ticket.number, requester: ticket.requester.name }),
          ticket.number,
        );
      }
      const firstWord = text.split(/\s+/)[0].toLowerCase();
      return /^[a-zé]+$/.test(firstWord) && text.split(/\s+/).length <= 3
        ? this.say(t('errors.unknown_command', { verb: firstWord }))
        : [];
    }
    if (!message.threadTicket)
      for (const intercept of this.interceptors) {
        const replies = await intercept(actor, text, t, locale, message);
        if (replies) return replies;
      }
    // Outside a thread, a requester with exactly one ticket waiting on them is answering it.
    const threadTicket = message.threadTicket ?? (await this.deps.tickets.soleTicketWaitingOn(actor))?.number;
    if (threadTicket) {
      const ticket = await this.deps.tickets.addRequesterMessage(actor, threadTicket, text);
      return this.say(t('ticket.message_added', { number: ticket.number }), ticket.number);
    }
    return this.intake(actor, text, t, locale);
  }

  /** Free text from an employee: a confident article first, otherwise impact/urgency then a ticket. */
  private async intake(actor: Actor, text: string, t: Translate, locale: Locale): Promise<OutboundMessage[]> {
    const suggestions =
      (await this.deps.knowledge?.suggest(text, locale).catch((err) => {
        if (isDatabaseUnavailable(err)) throw err;
        this.deps.logger.warn(
          { err: (err as Error).message },
          'knowledge base unavailable; going straight to a ticket',
        );
        return [];
      })) ?? [];
    const draft = await this.deps.drafts.create(
      actor.person.key,
      text,
      suggestions.map((s) => s.articleId),
    );
    const id = String(draft._id);
    if (suggestions.length) {
      const best = suggestions[0];
      return [
        {
          text: t('kb.suggestion', { title: best.title, excerpt: best.excerpt }),
          actions: [
            { id: 'kb.solved', label: t('kb.solved'), value: id, style: 'primary' },
            { id: 'kb.need_help', label: t('kb.need_help'), value: id },
          ],
        },
      ];
    }
    return this.impactQuestion(id, t);
  }

  private impactQuestion(id: string, t: Translate): OutboundMessage[] {
    const levels: ImpactLevel[] = ['high', 'medium', 'low'];
    return [
      {
        text: t('intake.ask_impact'),
        actions: [
          ...levels.map((level) => ({
            id: 'intake.impact',
            label: t(`intake.impact.${level}`),
            value: `${id}:${level}`,
          })),
          { id: 'intake.skip', label: t('intake.skip'), value: id },
        ],
      },
    ];
  }

  private async askImpact(actor: Actor, value: string, t: Translate): Promise<OutboundMessage[]> {
    const draft = await this.deps.drafts.findOpen(actor.person.key, value);
    if (!draft) return this.say(t('intake.draft_expired'));
    if (draft.suggestions.length && this.deps.knowledge)
      await this.deps.knowledge.recordFeedback({
        articleIds: draft.suggestions,
        personKey: actor.person.key,
        helpful: false,
        query: draft.text,
      });
    return this.impactQuestion(value, t);
  }

  private async kbSolved(actor: Actor, value: string, t: Translate): Promise<OutboundMessage[]> {
    const draft = await this.deps.drafts.findOpen(actor.person.key, value);
    if (!draft || !(await this.deps.drafts.consume(draft._id, 'deflected'))) return this.say(t('intake.draft_expired'));
    await this.deps.knowledge?.recordFeedback({
      articleIds: draft.suggestions.slice(0, 1),
      personKey: actor.person.key,
      helpful: true,
      query: draft.text,
    });
    return this.say(t('kb.thanks'));
  }

  private async chooseImpact(actor: Actor, value: string, t: Translate): Promise<OutboundMessage[]> {
    const [id, level] = value.split(':');
    const draft = await this.deps.drafts.findOpen(actor.person.key, id);
    if (!draft || !isLevel(level)) return this.say(t('intake.draft_expired'));
    await this.deps.drafts.setImpact(draft._id, level);
    const levels: ImpactLevel[] = ['high', 'medium', 'low'];
    return [
      {
        text: t('intake.ask_urgency'),
        actions: [
          ...levels.map((u) => ({ id: 'intake.urgency', label: t(`intake.urgency.${u}`), value: `${id}:${u}` })),
          { id: 'intake.skip', label: t('intake.skip'), value: id },
        ],
      },
    ];
  }

  private async chooseUrgency(actor: Actor, value: string, t: Translate, locale: Locale): Promise<OutboundMessage[]> {
    const [id, level] = value.split(':');
    if (!isLevel(level)) return this.say(t('intake.draft_expired'));
    return this.openFromDraft(actor, id, t, locale, { urgency: level });
  }

  private async openFromDraft(
    actor: Actor,
    id: string,
    t: Translate,
    locale: Locale,
    choice: { urgency?: ImpactLevel },
  ): Promise<OutboundMessage[]> {
    const draft = await this.deps.drafts.findOpen(actor.person.key, id);
    if (!draft || !(await this.deps.drafts.consume(draft._id, 'ticket'))) return this.say(t('intake.draft_expired'));
    let ticket;
    try {
      ticket = await this.deps.tickets.open(actor, {
        description: draft.text,
        impact: draft.impact,
        urgency: choice.urgency,
        kbSuggestions: draft.suggestions,
      });
    } catch (err) {
      await this.deps.drafts.release(draft._id).catch(() => undefined);
      throw err;
    }
    await this.deps.drafts.attachTicket(draft._id, ticket.number);
    return [this.deps.presenter.opened(t, locale, ticket)];
  }
}

function isLevel(value: string | undefined): value is ImpactLevel {
  return value === 'high' || value === 'medium' || value === 'low';
}
