import type { Activity, ConversationReference } from 'botbuilder';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { servesThisMachineOnly, type Env } from '../../config';
import { lazily, type Channel, type ChannelDeps, type ChannelState } from '../channel';
import type { Inbound } from '../inbox';
import { illFormedAt } from '../../http/input';
import { inboundActivity, TEAMS_BODY_LIMIT, TEAMS_ENDPOINT } from './activity';
import { createTeamsAdapter, isAuthenticationFailure } from './adapter';
import { TeamsBot } from './bot';
import { TeamsCrisisRooms, teamsCrisisConfigured } from './crisis';
import { TeamsIdentity } from './identity';
import { TeamsMessenger } from './messenger';
import { TicketPosts } from './posts';
import { ConversationReferences, referenceOf } from './references';
import { DEFAULT_RETRY, RetryingTransport, type RetryPolicy } from './transport';

export interface TeamsOptions {
  /** Back-off of connector calls (tests shorten it). */
  retry?: Partial<RetryPolicy>;
  /** How long a card action may run before Teams is answered "working on it"; Teams waits about 5 s. */
  actionBudgetMs?: number;
  /** How long a message's turn waits for its answer (it is kept first); Teams waits about 15 s. */
  messageBudgetMs?: number;
}

/** What the channel builds once it is served. */
interface TeamsParts {
  adapter: ReturnType<typeof createTeamsAdapter>;
  bot: TeamsBot;
  messenger: TeamsMessenger;
}

/**
 * The Teams channel: `POST /api/messages` on the one HTTP server (botbuilder's CloudAdapter
 * behind it) and a Messenger on the notifier. With `MICROSOFT_APP_ID` every request must carry a
 * valid Bot Framework token; without it the endpoint serves local tools (Bot Framework Emulator,
 * tests) on a loopback HOST in development only, and is not mounted at all otherwise. Crisis rooms
 * (channels of one team, through Microsoft Graph) when the team and the app's tenant are configured.
 */
export class TeamsChannel implements Channel {
  readonly platform = 'teams' as const;
  private readonly parts: () => TeamsParts;
  private readonly crisisRooms: () => TeamsCrisisRooms | undefined;

  constructor(
    private readonly deps: ChannelDeps,
    options: TeamsOptions = {},
  ) {
    this.parts = lazily(() => teamsParts(deps, options));
    this.crisisRooms = lazily(() =>
      teamsCrisisConfigured(deps.env)
        ? TeamsCrisisRooms.fromEnv(deps.env, {
            connection: deps.connection,
            clock: deps.clock,
            locale: deps.policy.locale.default,
          })
        : undefined,
    );
  }

  enabled(env: Env): ChannelState {
    if (env.MICROSOFT_APP_ID || servesThisMachineOnly(env)) return { on: true };
    return { on: false, reason: 'set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD to serve it' };
  }

  get messenger(): TeamsMessenger {
    return this.parts().messenger;
  }

  get rooms(): TeamsCrisisRooms | undefined {
    return this.crisisRooms();
  }

  /**
   * A kept activity worked again after a restart is answered in its conversation, proactively:
   * the activity carries the reference the reply needs.
   */
  async resume(payload: unknown): Promise<void> {
    const { adapter, bot } = this.parts();
    const activity = inboundActivity.parse(payload);
    await adapter.continueConversationAsync(
      adapter.appId,
      referenceOf(activity) as unknown as Partial<ConversationReference>,
      (context) => bot.resume(context, activity),
    );
  }

  mount(app: Express, inbound: Inbound): void {
    const { env, logger } = this.deps;
    const { adapter, bot } = this.parts();
    if (!env.MICROSOFT_APP_ID)
      logger.info(
        { endpoint: TEAMS_ENDPOINT },
        'Teams endpoint without token validation (no MICROSOFT_APP_ID): local use only',
      );
    app.post(
      TEAMS_ENDPOINT,
      (req: Request, res: Response, next: NextFunction) => {
        // Bot Framework always sends a bearer token: without one, refuse before reading the body.
        if (!env.MICROSOFT_APP_ID || /^Bearer \S+$/.test(req.get('authorization') ?? '')) return next();
        logger.warn({ reqId: res.locals.requestId }, 'teams request refused: no Bot Framework token');
        res.status(401).set('connection', 'close').json({ error: 'unauthorized' });
      },
      express.json({ limit: TEAMS_BODY_LIMIT, inflate: false }),
      async (req: Request, res: Response, next: NextFunction) => {
        const illFormed = illFormedAt(req.body);
        if (illFormed) {
          res.status(400).json({ error: 'malformed activity', details: [`${illFormed}: not well-formed text`] });
          return;
        }
        const parsed = inboundActivity.safeParse(req.body);
        if (!parsed.success) {
          res.status(400).json({
            error: 'malformed activity',
            details: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).slice(0, 5),
          });
          return;
        }
        const activity = parsed.data;
        try {
          const result = await adapter.run(
            String(req.headers.authorization ?? ''),
            activity as unknown as Activity,
            (context) => bot.onTurn(context, activity, inbound, (kept) => this.resume(kept)),
          );
          if (result?.body !== undefined) res.status(result.status).json(result.body);
          else res.status(result?.status ?? 200).end();
        } catch (err) {
          if (isAuthenticationFailure(err)) {
            logger.warn(
              { reqId: res.locals.requestId, err: (err as Error).message },
              'teams request refused: no valid Bot Framework token',
            );
            res.status(401).json({ error: 'unauthorized' });
            return;
          }
          next(err);
        }
      },
    );
  }

  async stop(): Promise<void> {}
}

function teamsParts(deps: ChannelDeps, options: TeamsOptions): TeamsParts {
  const { connection, env, policy, logger, clock } = deps;
  const transport = new RetryingTransport({ retry: { ...DEFAULT_RETRY, ...options.retry }, logger });
  const adapter = createTeamsAdapter(env, transport);
  const references = new ConversationReferences({ connection, clock });
  const posts = new TicketPosts({ connection, clock });
  const messenger = new TeamsMessenger({ adapter, references, posts, policy });
  const bot = new TeamsBot({
    policy,
    logger,
    assistant: deps.assistant,
    tickets: deps.tickets,
    presenter: deps.presenter,
    identity: new TeamsIdentity({ people: deps.people, policy, logger }),
    references,
    posts,
    messenger,
    actionBudgetMs: options.actionBudgetMs ?? 4000,
    messageBudgetMs: options.messageBudgetMs ?? 5000,
  });
  return { adapter, bot, messenger };
}
