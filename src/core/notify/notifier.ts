import type { Platform } from '../../config';
import { translator, type Locale, type Translate } from '../../i18n';
import type { PersonRef } from '../people';
import type { Ticket } from '../tickets/model';
import type { OutboundMessage } from './messages';

/** Delivery to one platform, implemented by each channel (Slack, Teams, console). */
export interface Messenger {
  readonly platform: Platform;
  /** Direct message to a person, continuing the ticket's thread when `ticketNumber` is set. */
  sendToPerson(person: PersonRef, message: OutboundMessage): Promise<void>;
  /** Creates the ticket's post in the agents' channel, or updates it in place. */
  upsertAgentsPost(ticket: Ticket, message: OutboundMessage): Promise<void>;
  /** Adds a message to the ticket's thread in the agents' channel. */
  postToAgentsThread(ticket: Ticket, message: OutboundMessage): Promise<void>;
  /** Posts in a named channel (managers' digest, stakeholders); false when not configured. */
  postToChannel?(channel: 'managers' | 'stakeholders' | 'agents', message: OutboundMessage): Promise<boolean>;
}

export interface NotifierLogger {
  warn(obj: object, msg: string): void;
}

/**
 * Routes notifications to the right platform in the recipient's language. A failed delivery is
 * logged, never allowed to undo the change that caused it.
 */
export class Notifier {
  private readonly messengers = new Map<Platform, Messenger>();

  constructor(private readonly deps: { defaultLocale: Locale; logger: NotifierLogger }) {}

  register(messenger: Messenger): void {
    this.messengers.set(messenger.platform, messenger);
  }

  has(platform: Platform): boolean {
    return this.messengers.has(platform);
  }

  async toPerson(person: PersonRef, build: (t: Translate) => OutboundMessage): Promise<boolean> {
    const messenger = this.messengers.get(person.platform);
    if (!messenger) return false;
    return this.attempt(() => messenger.sendToPerson(person, build(translator(person.locale))), { to: person.key });
  }

  /** Every platform with an agents' channel gets the ticket post, in the desk's default language. */
  async upsertAgentsPost(ticket: Ticket, build: (t: Translate) => OutboundMessage): Promise<void> {
    const message = build(translator(this.deps.defaultLocale));
    for (const messenger of this.messengers.values())
      await this.attempt(() => messenger.upsertAgentsPost(ticket, message), {
        ticket: ticket.number,
        platform: messenger.platform,
      });
  }

  async toAgentsThread(ticket: Ticket, build: (t: Translate) => OutboundMessage): Promise<void> {
    const message = build(translator(this.deps.defaultLocale));
    for (const messenger of this.messengers.values())
      await this.attempt(() => messenger.postToAgentsThread(ticket, message), {
        ticket: ticket.number,
        platform: messenger.platform,
      });
  }

  async toChannel(
    channel: 'managers' | 'stakeholders' | 'agents',
    build: (t: Translate) => OutboundMessage,
  ): Promise<number> {
    const message = build(translator(this.deps.defaultLocale));
    let delivered = 0;
    for (const messenger of this.messengers.values()) {
      if (!messenger.postToChannel) continue;
      await this.attempt(
        async () => {
          if (await messenger.postToChannel!(channel, message)) delivered++;
        },
        { channel, platform: messenger.platform },
      );
    }
    return delivered;
  }

  private async attempt(send: () => Promise<void>, context: object): Promise<boolean> {
    try {
      await send();
      return true;
    } catch (err) {
      this.deps.logger.warn({ ...context, err: (err as Error).message }, 'notification not delivered');
      return false;
    }
  }
}
