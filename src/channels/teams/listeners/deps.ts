import type { Policy } from '../../../config';
import type { Assistant } from '../../../core/conversation';
import type { TicketService } from '../../../core/tickets';
import type { TicketPresenter } from '../../../core/tickets/presenter';
import type { Logger } from '../../../observability/logger';
import type { TeamsIdentity } from '../identity';
import type { TeamsMessenger } from '../messenger';
import type { TicketPosts } from '../posts';
import type { ConversationReferences } from '../references';

/** What the Teams listeners share (built once in app.ts). */
export interface TeamsListenerDeps {
  policy: Policy;
  logger: Logger;
  assistant: Assistant;
  tickets: TicketService;
  presenter: TicketPresenter;
  identity: TeamsIdentity;
  references: ConversationReferences;
  posts: TicketPosts;
  messenger: TeamsMessenger;
  /** How long a card action may run before Teams is answered "working on it" (Teams waits about 5 s). */
  actionBudgetMs: number;
  /** How long a message's turn waits for its answer before Teams is answered and the answer follows. */
  messageBudgetMs: number;
}
