import type { Connection } from 'mongoose';
import { DeliveryReceipts } from '../../db/receipts';
import type { Logger } from '../../observability/logger';
import type { InboundActivity } from './activity';

/** A day: the Bot Framework re-sends an activity within minutes. */
export const RECEIPT_TTL_SECONDS = 24 * 3600;

const keyOf = (activity: InboundActivity) => `${activity.conversation.id}|${activity.id}`;

/** Delivered activities, keyed by conversation and activity id: a re-delivery is dropped. */
export class ActivityReceipts {
  private readonly store: DeliveryReceipts;

  constructor(deps: { connection: Connection; logger: Pick<Logger, 'warn'> }) {
    this.store = new DeliveryReceipts({ ...deps, collection: 'teams_activities', ttlSeconds: RECEIPT_TTL_SECONDS });
  }

  /** True the first time an activity is seen. */
  async firstDelivery(activity: InboundActivity): Promise<boolean> {
    if (!activity.id) return true;
    return this.store.firstDelivery(keyOf(activity));
  }

  /** Lets a re-delivery be handled again: the first attempt failed before doing anything lasting. */
  async forget(activity: InboundActivity): Promise<void> {
    if (activity.id) await this.store.forget(keyOf(activity));
  }
}
