import { randomUUID } from 'node:crypto';
import { ZodError } from 'zod';
import type { ImpactLevel, Policy } from '../../config';
import { offerFor } from '../kb/offer';
import { translator, type Locale, type Translate } from '../../i18n';
import { DomainError, isDatabaseUnavailable, isDomainError } from '../errors';
import { postpone } from '../postponement';
import type { ActionButton, OutboundMessage } from '../notify/messages';
import { isAgent, type Actor } from '../people';
import type { Ticket, TicketStatus, TicketType } from '../tickets/model';
import type { TicketPresenter } from '../tickets/presenter';
import type { TicketService } from '../tickets/service';
import type { CommandRegistry, Place } from './commands';
import type { Draft, Drafts } from './drafts';
import { smallTalk } from './smallTalk';

export interface KbSuggestion {
  articleId: string;
  title: string;
  excerpt: string;
  confidence: number;
}

/** What the conversation needs from the knowledge base (implemented in core/kb). */
export interface KnowledgePort {
  suggest(text: string, locale: Locale): Promise<KbSuggestion[]>;
  /** One published article as shown to a requester; null when it is no longer published. */
  show(articleId: string): Promise<KbSuggestion | null>;
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
    this.onAction(ANSWER_ACTION, (actor, value, t) => this.answerWaitingTicket(actor, value, t));
    this.onAction(NEW_PROBLEM_ACTION, (actor, value, t, locale) => this.newProblem(actor, value, t, locale));
    this.onAction('kb.solved', (actor, value, t) => this.kbSolved(actor, value, t));
    this.onAction('kb.need_help', (actor, value, t) => this.askImpact(actor, value, t));
    this.onAction(CHOOSE_ARTICLE_ACTION, (actor, value, t) => {
      const [id = '', articleId = ''] = value.split(':');
      return this.chooseArticle(actor, id, articleId, t);
    });
    this.onAction(OTHER_ARTICLE_ACTION, (actor, value, t) => this.chooseArticle(actor, value, null, t));
    // Says whose ticket it was when the click takes it over, like the `claim` verb.
    this.onAction('ticket.claim', async (actor, value, t) => [
      this.deps.presenter.assignedForAgent(t, await this.deps.tickets.claim(actor, value), actor.person),
    ]);
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
   * messages outside a ticket thread that are not commands and answer no ticket waiting on the
   * person, before small talk and intake.
   */
  interceptReplies(interceptor: ReplyInterceptor): void {
    this.interceptors.push(interceptor);
  }

  /**
   * Runs a text through intake (an article, else the ticket questions): a domain gives back a
   * message it took that was in fact a request (a survey comment marked "that was a new request").
   */
  async intakeFor(actor: Actor, text: string): Promise<OutboundMessage[]> {
    const locale = actor.person.locale;
    return this.intake(actor, text, translator(locale), locale);
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
      // The database is unreachable: the person is told their message is kept, and the delivery
      // it came in is worked again once the database is back (see `explain` and postponement.ts).
      return this.explain(message.actor, err);
    }
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
      // Statuses in error parameters are shown in the person's language, and as agents name them.
      const audience = isAgent(actor.person) ? 'agent' : 'requester';
      const params = Object.fromEntries(
        Object.entries(err.params).map(([k, v]) => [
          k,
          (k === 'from' || k === 'to') && typeof v === 'string'
            ? this.deps.presenter.status(t, v as TicketStatus, audience)
            : v,
        ]),
      );
      return [{ text: t(`errors.${err.code}`, withDetails(t, params)) }];
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
    if (isDatabaseUnavailable(err)) {
      // What the person is told holds: whoever kept the delivery works it again later.
      postpone();
      return [{ text: t('errors.db_unavailable') }];
    }
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

    const matched = this.deps.commands.match(text, { agent: isAgent(actor.person) });
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
    // A message in a ticket's thread belongs to that ticket, never to a survey or to intake.
    if (message.threadTicket) return this.addToTicket(actor, message.threadTicket, text, t);
    // A number alone right after "Is it about A or B?" answers it, before any waiting ticket.
    const choice = CHOICE_NUMBER.exec(text);
    if (choice) {
      const asking = await this.deps.drafts.latestAsking(actor.person.key);
      if (asking) return this.chooseByNumber(actor, asking, Number(choice[1]), t);
    }
    // `new` alone asks what is wrong; the answer is a new request even if a ticket or a survey waits.
    if (isNewRequestWord(text)) {
      await this.deps.drafts.promptNewRequest(actor.person.key);
      return this.say(t('intake.ask_new'));
    }
    if (!(await this.deps.drafts.takeNewRequestPrompt(actor.person.key))) {
      // Outside a thread, a ticket waiting on the person comes first: they are most likely answering it.
      const waiting = await this.deps.tickets.waitingOn(actor, MAX_OFFERED_TICKETS);
      if (waiting.length === 1) return this.addToTicket(actor, waiting[0].number, text, t);
      if (waiting.length > 1) return this.askWhichTicket(actor, text, waiting, t);
      for (const intercept of this.interceptors) {
        const replies = await intercept(actor, text, t, locale, message);
        if (replies) return replies;
      }
    }
    const talk = smallTalk(text);
    if (talk) return this.say(t(`intake.small_talk.${talk}`));
    return this.intake(actor, text, t, locale);
  }

  private async addToTicket(actor: Actor, number: string, text: string, t: Translate): Promise<OutboundMessage[]> {
    const ticket = await this.deps.tickets.addRequesterMessage(actor, number, text);
    return [this.deps.presenter.requesterMessageAdded(t, ticket)];
  }

  /** Several tickets wait on the person: the text is kept as a draft until they say which one it answers. */
  private async askWhichTicket(
    actor: Actor,
    text: string,
    waiting: Ticket[],
    t: Translate,
  ): Promise<OutboundMessage[]> {
    const offered = waiting.slice(0, MAX_OFFERED_TICKETS);
    const draft = await this.deps.drafts.create(actor.person.key, text, { offered: offered.map((tk) => tk.number) });
    const id = String(draft._id);
    return [
      {
        text: t('intake.which_ticket'),
        actions: [
          ...offered.map((tk) => ({
            id: ANSWER_ACTION,
            label: t('intake.answer_ticket', { number: tk.number, title: clip(tk.title, 50) }),
            value: `${id}:${tk.number}`,
          })),
          { id: NEW_PROBLEM_ACTION, label: t('intake.new_problem'), value: id },
        ],
      },
    ];
  }

  /** "This answers INC-…": the kept text goes to that ticket, once, and only to a ticket that was offered. */
  private async answerWaitingTicket(actor: Actor, value: string, t: Translate): Promise<OutboundMessage[]> {
    const [id = '', number = ''] = value.split(':');
    const draft = await this.deps.drafts.findOpen(actor.person.key, id);
    // No longer offering tickets: "it's a new problem" was chosen.
    if (!draft?.offered?.length) return this.draftGone(actor, id, t);
    if (!draft.offered.includes(number)) return this.say(t('intake.draft_expired'));
    if (!(await this.deps.drafts.choose(draft._id)) || !(await this.deps.drafts.consume(draft._id, 'added')))
      return this.draftGone(actor, id, t);
    let ticket;
    try {
      ticket = await this.deps.tickets.addRequesterMessage(actor, number, draft.text);
    } catch (err) {
      await this.deps.drafts.release(draft._id).catch(() => undefined);
      throw err;
    }
    await this.deps.drafts.attachTicket(draft._id, ticket.number);
    return [this.deps.presenter.requesterMessageAdded(t, ticket)];
  }

  /** "It's a new problem": the kept text goes through intake, with the same draft. */
  private async newProblem(actor: Actor, id: string, t: Translate, locale: Locale): Promise<OutboundMessage[]> {
    const draft = await this.deps.drafts.findOpen(actor.person.key, id);
    if (!draft?.offered?.length || !(await this.deps.drafts.choose(draft._id))) return this.draftGone(actor, id, t);
    try {
      return await this.intake(actor, draft.text, t, locale, draft);
    } catch (err) {
      await this.deps.drafts.release(draft._id).catch(() => undefined);
      throw err;
    }
  }

  /**
   * Free text from an employee: a confident article first, otherwise impact/urgency then a ticket.
   * `draft` is the text already kept (it waited for the person to say it was a new problem).
   */
  private async intake(
    actor: Actor,
    text: string,
    t: Translate,
    locale: Locale,
    kept?: Draft,
  ): Promise<OutboundMessage[]> {
    const suggestions =
      (await this.deps.knowledge?.suggest(text, locale).catch((err) => {
        if (isDatabaseUnavailable(err)) throw err;
        this.deps.logger.warn(
          { err: (err as Error).message },
          'knowledge base unavailable; going straight to a ticket',
        );
        return [];
      })) ?? [];
    // Only the article shown is the one feedback is about: it must not count against the others.
    const articleIds = suggestions.map((s) => s.articleId);
    const offer = offerFor(suggestions, this.deps.policy.kb);
    const shown = offer.kind === 'answer' ? [offer.article.articleId] : [];
    const asked = offer.kind === 'ask' ? offer.choices.map((c) => c.articleId) : [];
    let id: string;
    if (kept) {
      await this.deps.drafts.startIntake(kept._id, articleIds, shown, asked);
      id = String(kept._id);
    } else {
      id = String(
        (await this.deps.drafts.create(actor.person.key, text, { suggestions: articleIds, shown, asked }))._id,
      );
    }
    if (offer.kind === 'answer') return this.articleMessage(id, offer.article, t);
    if (offer.kind === 'ask') return this.whichArticle(id, offer.choices, t);
    return this.impactQuestion(id, t, 'intake.ask_impact');
  }

  /** An article with "That solved it" / "I still need help". */
  private articleMessage(id: string, article: KbSuggestion, t: Translate): OutboundMessage[] {
    return [
      {
        text: t('kb.suggestion', { title: article.title, excerpt: article.excerpt }),
        actions: [
          { id: 'kb.solved', label: t('kb.solved'), value: id, style: 'primary' },
          { id: 'kb.need_help', label: t('kb.need_help'), value: id },
        ],
      },
    ];
  }

  /**
   * "Is it about A or B?" (or "Is it about A?"): the choices numbered in the text, so that typing
   * the number works on every channel, and as buttons; the last one is "something else".
   */
  private whichArticle(id: string, choices: readonly KbSuggestion[], t: Translate): OutboundMessage[] {
    const other = t('kb.other');
    const lines = [...choices.map((c) => c.title), other].map((label, i) => `${i + 1}. ${label}`).join('\n');
    const question =
      choices.length > 1
        ? t('kb.ask_two', { first: choices[0].title, second: choices[1].title, choices: lines })
        : t('kb.ask_one', { first: choices[0].title, choices: lines });
    return [
      {
        text: question,
        actions: [
          ...choices.map((c, i) => ({
            id: CHOOSE_ARTICLE_ACTION,
            label: `${i + 1}. ${clip(c.title, 60)}`,
            value: `${id}:${c.articleId}`,
          })),
          { id: OTHER_ARTICLE_ACTION, label: `${choices.length + 1}. ${other}`, value: id },
        ],
      },
    ];
  }

  private chooseByNumber(actor: Actor, draft: Draft, n: number, t: Translate): Promise<OutboundMessage[]> {
    const asked = draft.asked ?? [];
    if (n < 1 || n > asked.length + 1)
      return Promise.resolve(this.say(t('kb.choose_number', { max: asked.length + 1 })));
    return this.chooseArticle(actor, String(draft._id), n <= asked.length ? asked[n - 1] : null, t);
  }

  /**
   * The answer to "Is it about A or B?", once per draft: the article chosen with its feedback
   * buttons, or (something else, or an article retired since) the ticket questions.
   */
  private async chooseArticle(
    actor: Actor,
    id: string,
    articleId: string | null,
    t: Translate,
  ): Promise<OutboundMessage[]> {
    const draft = await this.intakeDraft(actor, id);
    if (!draft?.asked?.length) return draft ? this.say(t('intake.in_progress')) : this.draftGone(actor, id, t);
    // Only an article the question offered can be chosen: a forged one changes nothing.
    if (articleId !== null && !draft.asked.includes(articleId)) return this.say(t('intake.draft_expired'));
    if (!(await this.deps.drafts.chooseArticle(draft._id))) return this.say(t('intake.in_progress'));
    const article = articleId ? await this.deps.knowledge?.show(articleId) : null;
    await this.deps.drafts.answerAsked(draft._id, article ? [article.articleId] : []);
    if (article) return this.articleMessage(id, article, t);
    return this.impactQuestion(id, t, 'intake.ask_impact_after_kb');
  }

  private impactQuestion(id: string, t: Translate, question: string): OutboundMessage[] {
    const levels: ImpactLevel[] = ['high', 'medium', 'low'];
    return [
      {
        text: t(question),
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

  /** A draft of the person's that intake buttons may act on: open, and not waiting for "which ticket?". */
  private async intakeDraft(actor: Actor, id: string): Promise<Draft | null> {
    const draft = await this.deps.drafts.findOpen(actor.person.key, id);
    return draft && !draft.offered?.length ? draft : null;
  }

  /**
   * The answer to a click on a draft that is no longer open: what became of it (so a late or
   * double click never invites a duplicate), or "expired" for ids that are not the person's.
   */
  private async draftGone(actor: Actor, id: string, t: Translate): Promise<OutboundMessage[]> {
    const draft = await this.deps.drafts.find(actor.person.key, id);
    if (!draft) return this.say(t('intake.draft_expired'));
    if (draft.status === 'ticket' && draft.ticketNumber)
      return this.say(t('intake.already_opened', { number: draft.ticketNumber }));
    if (draft.status === 'added' && draft.ticketNumber)
      return this.say(t('intake.already_added', { number: draft.ticketNumber }));
    if (draft.status === 'deflected') return this.say(t('intake.already_solved'));
    // Another click is at work on it right now.
    return this.say(t('intake.in_progress'));
  }

  /** "I still need help" after an article: one negative feedback on the article shown, then the ticket questions. */
  private async askImpact(actor: Actor, value: string, t: Translate): Promise<OutboundMessage[]> {
    const draft = await this.intakeDraft(actor, value);
    if (!draft) return this.draftGone(actor, value, t);
    const shown = shownArticles(draft);
    if (shown.length && this.deps.knowledge && (await this.deps.drafts.firstFeedback(draft._id)))
      await this.deps.knowledge.recordFeedback({
        articleIds: shown,
        personKey: actor.person.key,
        helpful: false,
        query: draft.text,
      });
    return this.impactQuestion(value, t, shown.length ? 'intake.ask_impact_after_kb' : 'intake.ask_impact');
  }

  private async kbSolved(actor: Actor, value: string, t: Translate): Promise<OutboundMessage[]> {
    const draft = await this.intakeDraft(actor, value);
    // "That solved it" is about an article shown: not an answer to a question still open.
    if (draft && !shownArticles(draft).length) return this.say(t('intake.in_progress'));
    if (!draft || !(await this.deps.drafts.consume(draft._id, 'deflected'))) return this.draftGone(actor, value, t);
    await this.deps.knowledge?.recordFeedback({
      articleIds: shownArticles(draft),
      personKey: actor.person.key,
      helpful: true,
      query: draft.text,
    });
    return this.say(t('kb.thanks'));
  }

  private async chooseImpact(actor: Actor, value: string, t: Translate): Promise<OutboundMessage[]> {
    const [id = '', level] = value.split(':');
    const draft = await this.intakeDraft(actor, id);
    if (!draft) return this.draftGone(actor, id, t);
    if (!isLevel(level)) return this.say(t('intake.draft_expired'));
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
    const [id = '', level] = value.split(':');
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
    const draft = await this.intakeDraft(actor, id);
    if (!draft || !(await this.deps.drafts.consume(draft._id, 'ticket'))) return this.draftGone(actor, id, t);
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

/** The buttons of "which ticket does your message answer?". */
const ANSWER_ACTION = 'intake.answer';
const NEW_PROBLEM_ACTION = 'intake.new_problem';

/** `new`, `nouveau`, `new ticket`, `nouvelle demande`… alone: the person wants to start a request. */
const NEW_REQUEST_WORDS =
  /^(?:new|nouveau|nouvelle)(?:\s+(?:ticket|request|incident|problem|demande|probl[eè]me))?\s*[.!]*$/i;

export function isNewRequestWord(text: string): boolean {
  return NEW_REQUEST_WORDS.test(text.trim());
}
/** The buttons of "Is it about A or B?". */
const CHOOSE_ARTICLE_ACTION = 'kb.choose';
const OTHER_ARTICLE_ACTION = 'kb.other';
/** A number typed alone ("2", "2."), as an answer to numbered choices. */
const CHOICE_NUMBER = /^\s*(\d{1,2})\s*[.)]?\s*$/;
/** More buttons than this make a poor question; the most recent waiting tickets are offered. */
const MAX_OFFERED_TICKETS = 5;

function isLevel(value: string | undefined): value is ImpactLevel {
  return value === 'high' || value === 'medium' || value === 'low';
}

/** The articles the person saw: none while "Is it about A or B?" is unanswered. */
function shownArticles(draft: Draft): string[] {
  if (draft.asked?.length) return [];
  if (draft.shown?.length) return draft.shown;
  // Drafts stored before `shown` and `asked` existed showed their first suggestion.
  return draft.asked ? [] : draft.suggestions.slice(0, 1);
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A translated `details` for errors that carry a catalogue key for them (`detailsKey`, from `parseArgs`). */
function withDetails(t: Translate, params: Record<string, string | number>): Record<string, string | number> {
  return typeof params.detailsKey === 'string' ? { ...params, details: t(params.detailsKey, params) } : params;
}
