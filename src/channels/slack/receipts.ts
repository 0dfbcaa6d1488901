import type { Connection } from 'mongoose';
import { isDuplicateKey } from '../../db/claims';
import { slackEventReceiptModel } from './model';

/**
 * Slack redelivers an event it thinks we missed (X-Slack-Retry-Num), and several processes may
 * share the work: the first insert of an event id wins, the others drop the event.
 */
export class EventReceipts {
  private readonly model;

  constructor(connection: Connection) {
    this.model = slackEventReceiptModel(connection);
  }

  /** True the first time an event id is seen (the receipt expires after a day: see model.ts). */
  async firstDelivery(eventId: string): Promise<boolean> {
    try {
      // Wall-clock time on purpose: the TTL monitor compares it with the server's clock.
      await this.model.create({ eventId, receivedAt: new Date() });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }
}
