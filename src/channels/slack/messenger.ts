import type { Policy } from '../../config';
import type { Messenger, OutboundMessage } from '../../core/notify';
import type { PersonRef } from '../../core/people';
import type { Ticket } from '../../core/tickets';
import { t as translate, type Locale } from '../../i18n';
import type { Logger } from '../../observability/logger';
import type { SlackApi } from './api';
import type { SlackPosts } from './posts';
import { renderMessage } from './render/blocks';

export const isDirectChannel = (channel: string) => channel.startsWith('D');

/** `slack:U123` → `U123`; null for anyone who is not a Slack user. */
export function slackUserOf(person: Pick<PersonRef, 'key'>): string | null {
  return person.key.startsWith('slack:') ? person.key.slice('slack:'.length) : null;
}

/**
 * Delivers the desk's messages in Slack. Direct messages continue the ticket's thread when there
 * is one, and the first message about a ticket becomes that thread's root; the agents' channel
 * holds one post per ticket, updated in place, whose thread mirrors the ticket.
 */
export class SlackMessenger implements Messenger {
  readonly platform = 'slack' as const;
  private readonly dmChannels = new Map<string, string>();

  constructor(private readonly deps: { api: SlackApi; posts: SlackPosts; policy: Policy; logger: Logger }) {}

  private get agentsChannel(): string | undefined {
    return this.deps.policy.channels.agents.slack;
  }

  async sendToPerson(person: PersonRef, message: OutboundMessage): Promise<void> {
    const user = slackUserOf(person);
    if (!user) throw new Error(`${person.key} is not a Slack user`);
    await this.toDirect(await this.dmChannel(user), user, [message], { locale: person.locale, proactive: true });
  }

  async upsertAgentsPost(ticket: Ticket, message: OutboundMessage): Promise<void> {
    const channel = this.agentsChannel;
    if (!channel) return;
    const { api, posts } = this.deps;
    const rendered = renderMessage(message);
    if (await posts.claimAgentsPost(ticket.number, channel)) {
      try {
        const sent = await api.postMessage({ channel, ...rendered });
        await posts.agentsPostSent(ticket.number, sent.ts, ticket.rev);
      } catch (err) {
        await posts.releaseAgentsPost(ticket.number);
        throw err;
      }
      return;
    }
    const post = await posts.agentsPost(ticket.number, true);
    // A newer revision is already shown (changes can be delivered out of order): keep it.
    if (!post?.ts || (post.rev ?? -1) >= ticket.rev) return;
    await api.update({ channel: post.channel, ts: post.ts, ...rendered });
    await posts.agentsPostRendered(ticket.number, ticket.rev);
  }

  async postToAgentsThread(ticket: Ticket, message: OutboundMessage): Promise<void> {
    if (!this.agentsChannel) return;
    const post = await this.deps.posts.agentsPost(ticket.number, true);
    if (!post?.ts) {
      this.deps.logger.warn({ ticket: ticket.number }, 'slack: no agents post to thread under');
      return;
    }
    await this.deps.api.postMessage({ channel: post.channel, thread_ts: post.ts, ...renderMessage(message) });
  }

  async postToChannel(name: 'managers' | 'stakeholders' | 'agents', message: OutboundMessage): Promise<boolean> {
    const { policy } = this.deps;
    const channel =
      name === 'agents'
        ? policy.channels.agents.slack
        : name === 'managers'
          ? policy.channels.managers.slack
          : policy.crisis.stakeholdersChannel.slack;
    if (!channel) return false;
    await this.deps.api.postMessage({ channel, ...renderMessage(message) });
    return true;
  }

  /**
   * Messages to a person in their DM with the bot. Answers go where the person wrote (`threadTs`);
   * proactive messages about a ticket go to its thread. A top-level message about a ticket that has
   * no thread yet becomes its root, with a hint to reply there.
   */
  async toDirect(
    channel: string,
    user: string,
    messages: OutboundMessage[],
    options: { locale: Locale; threadTs?: string; proactive?: boolean },
  ): Promise<void> {
    const { api, posts } = this.deps;
    for (const message of messages) {
      let threadTs = options.threadTs;
      let becomesRoot = false;
      if (!threadTs && message.ticketNumber) {
        const thread = await posts.dmThread(message.ticketNumber, user);
        if (thread?.ts && options.proactive) threadTs = thread.ts;
        becomesRoot = !thread;
      }
      const hint = becomesRoot
        ? translate(options.locale, 'slack.thread_hint', { number: message.ticketNumber })
        : undefined;
      const sent = await api.postMessage({
        channel,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        ...renderMessage(message, hint),
      });
      if (becomesRoot && message.ticketNumber)
        await posts.claimDmThread(message.ticketNumber, user, sent.channel, sent.ts);
    }
  }

  /** Answers in a channel thread (an app mention's conversation). */
  async toThread(channel: string, threadTs: string, messages: OutboundMessage[]): Promise<void> {
    for (const message of messages)
      await this.deps.api.postMessage({ channel, thread_ts: threadTs, ...renderMessage(message) });
  }

  /** Answers only the person sees, in a channel the bot is in. */
  async ephemeral(channel: string, user: string, messages: OutboundMessage[], threadTs?: string): Promise<void> {
    for (const message of messages)
      await this.deps.api.postEphemeral({
        channel,
        user,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        ...renderMessage(message),
      });
  }

  async dmChannel(user: string): Promise<string> {
    const known = this.dmChannels.get(user);
    if (known) return known;
    const channel = await this.deps.api.openDm(user);
    // DM channel ids never change; the cache only needs a bound.
    if (this.dmChannels.size >= 10_000) this.dmChannels.clear();
    this.dmChannels.set(user, channel);
    return channel;
  }
}
