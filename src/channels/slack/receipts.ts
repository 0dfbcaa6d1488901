import type { Connection } from 'mongoose';
import { DeliveryReceipts } from '../../db/receipts';
import type { Logger } from '../../observability/logger';

/** A day: Slack retries an event within minutes (X-Slack-Retry-Num). */
export const EVENT_RECEIPT_TTL_SECONDS = 24 * 3600;

/** Events API deliveries, keyed by event id: the same event delivered again is dropped. */
export class EventReceipts {
  readonly store: DeliveryReceipts;

  constructor(deps: { connection: Connection; logger: Pick<Logger, 'warn'> }) {
    this.store = new DeliveryReceipts({ ...deps, collection: 'slack_events', ttlSeconds: EVENT_RECEIPT_TTL_SECONDS });
  }

  /** True the first time an event id is seen. */
  firstDelivery(eventId: string): Promise<boolean> {
    return this.store.firstDelivery(eventId);
  }
}
