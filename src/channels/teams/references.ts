import type { Connection } from 'mongoose';
import type { Clock } from '../../core/clock';
import { isDatabaseUnavailable } from '../../core/errors';
import { upsertOne } from '../../db/upsert';
import { isPersonal, splitThread, threadId, type InboundActivity } from './activity';
import { teamsConversationModel, type StoredReference } from './model';

/**
 * Conversation references in MongoDB: what the bot needs to write to a person or a channel on
 * its own initiative (notifications), from any process, after any restart.
 */
export class ConversationReferences {
  private readonly model;

  constructor(private readonly deps: { connection: Connection; clock: Clock }) {
    this.model = teamsConversationModel(deps.connection);
  }

  /** Stores where this activity came from: the person's personal chat, or the channel. */
  async remember(activity: InboundActivity, personKey: string): Promise<void> {
    const reference = referenceOf(activity);
    const tenantId = reference.conversation.tenantId;
    const teamId = activity.channelData?.team?.id;
    if (isPersonal(activity)) {
      await this.save(`person:${personKey}`, 'person', reference, tenantId);
      return;
    }
    const { channel } = splitThread(activity.conversation.id);
    await this.save(
      `channel:${channel}`,
      'channel',
      { ...reference, conversation: { ...reference.conversation, id: channel }, user: undefined },
      tenantId,
      teamId,
    );
  }

  /**
   * `remember` for a message or a click, whose work can go on without it while the database is
   * down (the assistant keeps the message for retry); the person's next activity stores it.
   */
  async rememberIfReachable(activity: InboundActivity, personKey: string): Promise<void> {
    try {
      await this.remember(activity, personKey);
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
    }
  }

  async forPerson(personKey: string): Promise<StoredReference | null> {
    const doc = await this.model.findById(`person:${String(personKey)}`).lean();
    return doc?.reference ?? null;
  }

  /**
   * A channel's reference. A channel the bot has not heard from yet (the agents' channel right
   * after the app was added to its team) is reached through another channel of the same tenant:
   * the service URL and the bot are the same, only the conversation id differs.
   */
  async forChannel(channel: string): Promise<StoredReference | null> {
    const own = await this.model.findById(`channel:${String(channel)}`).lean();
    if (own) return own.reference;
    const sibling = await this.model.findOne({ kind: 'channel' }).sort({ updatedAt: -1 }).lean();
    if (!sibling) return null;
    return { ...sibling.reference, conversation: { ...sibling.reference.conversation, id: channel } };
  }

  /** The reference of a ticket's thread in a channel. */
  static inThread(reference: StoredReference, root: string): StoredReference {
    return {
      ...reference,
      conversation: { ...reference.conversation, id: threadId(splitThread(reference.conversation.id).channel, root) },
    };
  }

  private async save(
    id: string,
    kind: 'person' | 'channel',
    reference: StoredReference,
    tenantId?: string,
    teamId?: string,
  ): Promise<void> {
    const set: Record<string, unknown> = {
      kind,
      reference: stripUndefined(reference),
      updatedAt: this.deps.clock.now(),
    };
    if (tenantId) set.tenantId = tenantId;
    if (teamId) set.teamId = teamId;
    await upsertOne(this.model, { _id: id }, { $set: set });
  }
}

export function referenceOf(activity: InboundActivity): StoredReference {
  const { conversation, from, recipient } = activity;
  return {
    serviceUrl: activity.serviceUrl,
    channelId: activity.channelId,
    conversation: {
      id: conversation.id,
      conversationType: conversation.conversationType,
      tenantId: conversation.tenantId ?? activity.channelData?.tenant?.id,
      isGroup: conversation.isGroup,
    },
    bot: { id: recipient.id, name: recipient.name },
    user: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
    locale: activity.locale,
  };
}

function stripUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
