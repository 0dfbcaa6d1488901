import type { Connection } from 'mongoose';
import type { Platform } from '../config';
import { isDatabaseUnavailable } from '../core/errors';
import { InboxStore, type InboxEntry } from '../db/inbox';
import type { Logger } from '../observability/logger';

/** How long a worker owns a delivery before another process may take it over (renewed while it works). */
export const INBOX_LEASE_MS = 60_000;
/** Done deliveries are kept this long: a platform's redelivery within it is recognised and dropped. */
export const INBOX_KEEP_DONE_MS = 24 * 3600_000;
/** A delivery whose work keeps failing is given up after this many attempts (and logged). */
export const INBOX_MAX_ATTEMPTS = 5;
const RESUME_BATCH = 500;
const RESUME_PARALLEL_CONVERSATIONS = 4;

/** A delivery as a channel hands it over, before acknowledging it. */
export interface InboundDelivery {
  /** The platform's id of the delivery (event id, trigger id, activity id...): its replays share it. */
  key: string;
  /** Deliveries of one conversation are worked in arrival order when resumed. */
  conversation: string;
  /** What the channel needs to work it again after a restart (`Channel.resume`), JSON-serialisable. */
  payload: unknown;
}

interface Delivery extends InboundDelivery {
  platform: Platform;
}

/** What became of a delivery handed to `Inbound.receive`. */
export type Received<T> =
  | { kind: 'worked'; result: T }
  /** A redelivery or a replay of one kept before: acknowledge it, do nothing. */
  | { kind: 'duplicate' };

/**
 * A channel's side of the inbox, given to it by the composition root (`Channel.mount`): every
 * delivery goes through `receive`, which keeps it durably, then works it, then marks it done.
 * The channel acknowledges the platform from inside `work` (or after it), never before.
 */
export interface Inbound {
  receive<T>(delivery: InboundDelivery, work: () => Promise<T>): Promise<Received<T>>;
}

/** Works a delivery again after a crash or restart: the channel's listeners, without the original request. */
export type ResumeHandler = (payload: unknown) => Promise<void>;

type Kept =
  | { kind: 'kept'; id: string; attempt: number }
  /** Its key was kept before: a redelivery, already worked (or being worked). */
  | { kind: 'duplicate'; id: string }
  /** The database is unreachable: the delivery could not be kept (the caller decides). */
  | { kind: 'unavailable' };

export interface InboxLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * The durable inbox at the channel boundary, once for every channel: a delivery is written here
 * before the platform is answered (Slack's 200, a Teams turn, a console request), worked from
 * here, settled when done, and resumed by any process when the one working on it died
 * (`resume()`, on start and by a job). A redelivery of a kept delivery is dropped by its key.
 */
export class Inbox {
  readonly store: InboxStore;
  private readonly handlers = new Map<string, ResumeHandler>();

  constructor(
    private readonly deps: {
      connection: Connection;
      logger: InboxLogger | Logger;
      /** Wall clock: leases are compared across processes. */
      now?: () => Date;
      leaseMs?: number;
    },
  ) {
    this.store = new InboxStore(deps.connection);
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  private get leaseMs(): number {
    return this.deps.leaseMs ?? INBOX_LEASE_MS;
  }

  /**
   * One channel's way in (compose.ts gives it to `Channel.mount`), and how that channel works
   * the deliveries it kept when they are resumed (`Channel.resume`).
   */
  for(platform: Platform, resume: ResumeHandler): Inbound {
    this.handlers.set(platform, resume);
    return {
      receive: async <T>(delivery: InboundDelivery, work: () => Promise<T>): Promise<Received<T>> => {
        const kept = await this.keep({ ...delivery, platform });
        if (kept.kind === 'duplicate') return { kind: 'duplicate' };
        if (kept.kind === 'unavailable')
          this.deps.logger.warn({ platform, key: delivery.key }, 'inbox: database unreachable, delivery not kept');
        return { kind: 'worked', result: await this.work(kept, work) };
      },
    };
  }

  /** Writes the delivery durably (leased to this process). Errors other than an outage are thrown. */
  private async keep(delivery: Delivery): Promise<Kept> {
    const id = `${delivery.platform}:${delivery.key}`;
    try {
      const entry = await this.store.add(
        {
          _id: id,
          platform: delivery.platform,
          conversation: delivery.conversation,
          payload: JSON.stringify(delivery.payload),
        },
        this.now(),
        this.leaseMs,
      );
      if (entry) return { kind: 'kept', id, attempt: 1 };
      // A redelivery of one whose attempt failed (nobody holds it): this delivery works it now.
      const now = this.now();
      const left = await this.store.model.findById(id).lean<InboxEntry>();
      if (left?.state === 'pending' && left.leaseUntil <= now && (await this.store.takeOver(left, now, this.leaseMs)))
        return { kind: 'kept', id, attempt: left.attempts + 1 };
      return { kind: 'duplicate', id };
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
      return { kind: 'unavailable' };
    }
  }

  /**
   * Works a kept delivery and settles it: done when `work` returns, given back for another
   * attempt when it throws (the error is rethrown). The lease is renewed while it runs.
   */
  private async work<T>(kept: Kept, work: () => Promise<T>): Promise<T> {
    if (kept.kind !== 'kept') return work();
    return this.attempt(kept.id, kept.attempt, work);
  }

  private async attempt<T>(id: string, attempt: number, work: () => Promise<T>): Promise<T> {
    const renew = setInterval(
      () => void this.store.renew(id, new Date(this.now().getTime() + this.leaseMs)).catch(() => undefined),
      Math.max(1000, Math.floor(this.leaseMs / 3)),
    );
    renew.unref();
    try {
      const result = await work();
      clearInterval(renew);
      await this.settle(id, 'done');
      return result;
    } catch (err) {
      clearInterval(renew);
      const message = String((err as Error)?.message ?? err).slice(0, 500);
      if (attempt >= INBOX_MAX_ATTEMPTS) {
        this.deps.logger.error({ id, attempt, err: message }, 'inbox: delivery given up after repeated failures');
        await this.settle(id, 'failed', message);
      } else {
        // Free at once for the platform's redelivery or a resume, then backing off: 10 s, 20 s, 40 s...
        const retryAt = new Date(this.now().getTime() + (attempt === 1 ? 0 : 10_000 * 2 ** (attempt - 2)));
        await this.store.release(id, retryAt, message).catch(() => undefined);
      }
      throw err;
    }
  }

  private async settle(id: string, state: 'done' | 'failed', error?: string): Promise<void> {
    // Not settled (the database went away just now): the entry is resumed later, and its work
    // found done where it recorded it (the assistant's drafts, ticket revisions).
    await this.store
      .settle(id, state, this.now(), error)
      .catch((err: Error) =>
        this.deps.logger.warn({ id, err: err.message }, 'inbox: delivery worked but not marked done'),
      );
  }

  /**
   * Works every delivery left pending by a process that died (or a failed attempt due again):
   * conversations side by side, each in arrival order. Returns how many were worked.
   */
  async resume(): Promise<number> {
    const now = this.now();
    let orphans: InboxEntry[];
    try {
      orphans = await this.store.orphans(now, RESUME_BATCH);
    } catch (err) {
      if (isDatabaseUnavailable(err)) return 0;
      throw err;
    }
    const byConversation = new Map<string, InboxEntry[]>();
    for (const entry of orphans) {
      const list = byConversation.get(entry.conversation) ?? [];
      list.push(entry);
      byConversation.set(entry.conversation, list);
    }
    const queues = [...byConversation.values()];
    let worked = 0;
    const next = async (): Promise<void> => {
      for (let queue = queues.shift(); queue; queue = queues.shift()) {
        for (const entry of queue) {
          // A later delivery of the conversation waits for an earlier one that failed again.
          if (!(await this.resumeOne(entry, now))) break;
          worked++;
        }
      }
    };
    await Promise.all(Array.from({ length: RESUME_PARALLEL_CONVERSATIONS }, next));
    return worked;
  }

  private async resumeOne(entry: InboxEntry, now: Date): Promise<boolean> {
    const handler = this.handlers.get(entry.platform);
    if (!handler) return false; // that channel is not served here: another process may serve it
    if (!(await this.store.takeOver(entry, now, this.leaseMs).catch(() => false))) return false;
    this.deps.logger.info(
      { id: entry._id, attempt: entry.attempts + 1, receivedAt: entry.receivedAt },
      'inbox: resuming a delivery',
    );
    try {
      await this.attempt(entry._id, entry.attempts + 1, () => handler(JSON.parse(entry.payload)));
      return true;
    } catch (err) {
      this.deps.logger.warn({ id: entry._id, err: (err as Error).message }, 'inbox: resumed delivery failed');
      return false;
    }
  }

  /** Drops deliveries settled more than a day ago (their redeliveries can no longer come). */
  prune(): Promise<number> {
    return this.store.prune(new Date(this.now().getTime() - INBOX_KEEP_DONE_MS));
  }
}
