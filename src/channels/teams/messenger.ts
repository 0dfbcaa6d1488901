import type { Activity, ConversationReference } from 'botbuilder';
import type { Policy } from '../../config';
import type { Messenger, OutboundMessage } from '../../core/notify';
import type { PersonRef } from '../../core/people';
import type { Ticket } from '../../core/tickets';
import { translator, type Translate } from '../../i18n';
import type { TeamsAdapter } from './adapter';
import type { StoredReference } from './model';
import type { TicketPosts } from './posts';
import { ConversationReferences } from './references';
import { toActivity } from './render/cards';

/**
 * Proactive delivery to Teams through the stored conversation references: a person's personal
 * chat, the agents' channel (one card per ticket, updated in place) and each ticket's thread there.
 */
export class TeamsMessenger implements Messenger {
  readonly platform = 'teams' as const;
  private readonly deskT: Translate;

  constructor(
    private readonly deps: {
      adapter: TeamsAdapter;
      references: ConversationReferences;
      posts: TicketPosts;
      policy: Policy;
    },
  ) {
    this.deskT = translator(deps.policy.locale.default);
  }

  async sendToPerson(person: PersonRef, message: OutboundMessage): Promise<void> {
    const reference = await this.deps.references.forPerson(person.key);
    if (!reference) throw new Error(`no Teams conversation with ${person.key} yet (they never opened the app)`);
    await this.send(reference, toActivity(message, { t: translator(person.locale), replyable: true }));
  }

  async upsertAgentsPost(ticket: Ticket, message: OutboundMessage): Promise<void> {
    const channel = this.deps.policy.channels.agents.teams;
    if (!channel) return;
    const { posts } = this.deps;
    const activity = toActivity(message, { t: this.deskT });
    const existing = await posts.find(ticket.number);
    if (existing?.activityId) {
      if (await posts.advance(ticket.number, ticket.rev ?? 0))
        await this.update(await this.channel(existing.conversationId), existing.activityId, activity);
      return;
    }
    // Another process is posting the card right now (with the ticket as it saw it): the card
    // catches up with this change at the ticket's next one.
    if (existing || !(await posts.claim(ticket.number, channel))) return;
    try {
      const id = await this.send(await this.channel(channel), activity);
      if (!id) throw new Error('Teams returned no activity id for the ticket card');
      await posts.attach(ticket.number, id, ticket.rev ?? 0);
    } catch (err) {
      await posts.release(ticket.number);
      throw err;
    }
  }

  async postToAgentsThread(ticket: Ticket, message: OutboundMessage): Promise<void> {
    const post = await this.deps.posts.find(ticket.number);
    if (!post?.activityId) return;
    const thread = ConversationReferences.inThread(await this.channel(post.conversationId), post.activityId);
    await this.send(thread, toActivity(message, { t: this.deskT }));
  }

  async postToChannel(channel: 'managers' | 'stakeholders' | 'agents', message: OutboundMessage): Promise<boolean> {
    const { policy } = this.deps;
    const id = channel === 'stakeholders' ? policy.crisis.stakeholdersChannel.teams : policy.channels[channel].teams;
    if (!id) return false;
    await this.send(await this.channel(id), toActivity(message, { t: this.deskT }));
    return true;
  }

  /** Replies that outlived a turn (a slow card action), posted where the person clicked. */
  async deliver(
    reference: StoredReference,
    replies: OutboundMessage[],
    t: Translate,
    replyable: boolean,
  ): Promise<void> {
    for (const reply of replies) await this.send(reference, toActivity(reply, { t, replyable }));
  }

  /**
   * Writes a new message into a conversation (a new post, not a reply to the continuation event
   * `context.sendActivity` would name); the new message's id.
   */
  async send(reference: StoredReference, activity: Partial<Activity>): Promise<string | undefined> {
    let id: string | undefined;
    await this.deps.adapter.continueConversationAsync(
      this.deps.adapter.appId,
      asReference(reference),
      async (context) => {
        const connector = context.turnState.get(this.deps.adapter.ConnectorClientKey) as Connector;
        const outgoing = {
          ...activity,
          channelId: reference.channelId,
          serviceUrl: reference.serviceUrl,
          conversation: reference.conversation,
          from: reference.bot,
          recipient: reference.user,
        };
        id = (
          await connector.conversations.sendToConversation(reference.conversation.id, outgoing as Partial<Activity>)
        ).id;
      },
    );
    return id;
  }

  async update(reference: StoredReference, activityId: string, activity: Partial<Activity>): Promise<void> {
    await this.deps.adapter.continueConversationAsync(
      this.deps.adapter.appId,
      asReference(reference),
      async (context) => {
        await context.updateActivity({ ...activity, id: activityId });
      },
    );
  }

  private async channel(id: string): Promise<StoredReference> {
    const reference = await this.deps.references.forChannel(id);
    if (!reference) throw new Error(`cannot reach Teams channel ${id}: add the app to its team first`);
    return reference;
  }
}

/** The part of botbuilder's ConnectorClient used here. */
interface Connector {
  conversations: { sendToConversation(conversationId: string, activity: Partial<Activity>): Promise<{ id?: string }> };
}

function asReference(reference: StoredReference): Partial<ConversationReference> {
  return reference as unknown as Partial<ConversationReference>;
}
