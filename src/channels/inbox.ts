import type { Connection } from 'mongoose';
import type { Platform } from '../config';
import { isDatabaseUnavailable } from '../core/errors';
import { trackPostponement } from '../core/postponement';
import { InboxStore, type InboxEntry } from '../db/inbox';
import type { Logger } from '../observability/logger';
import { Spool } from './spool';

/** How long a worker owns a delivery before another process may take it over (renewed while it works). */
export const INBOX_LEASE_MS = 15_000;
/** Done deliveries are kept this long: a platform's redelivery within it is recognised and dropped. */
export const INBOX_KEEP_DONE_MS = 24 * 3600_000;
/** A delivery whose work keeps failing is given up after this many attempts (and logged). */
export const INBOX_MAX_ATTEMPTS = 5;
/** Once the database was found unreachable, deliveries go straight to the spool until a ping succeeds. */
const PING_TIMEOUT_MS = 2_000;
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
  | { kind: 'duplicate' }
  /**
   * The database is unreachable and the spool is full: nothing was kept or worked. The channel
   * tells the person, in their language, to send it again later (`errors.db_full`).
   */
  | { kind: 'refused' };

/** What `Inbound.accept` gives: the delivery kept (its work going on), or why not. */
export type Accepted<T> = { kind: 'accepted'; done: Promise<T> } | { kind: 'duplicate' } | { kind: 'refused' };

/**
 * A channel's side of the inbox, given to it by the composition root (`Channel.mount`): every
 * delivery goes through `receive` (or `accept`), which keeps it durably (in the database, else in
 * the local spool), then works it, then marks it done. The channel acknowledges the platform
 * from inside `work` (or after it), never before the delivery is kept.
 */
export interface Inbound {
  /** Keeps the delivery, works it, settles it; resolves with the work's result. */
  receive<T>(delivery: InboundDelivery, work: () => Promise<T>): Promise<Received<T>>;
  /**
   * Keeps the delivery and resolves as soon as it is kept, its work going on (`done`): for a
   * platform that must be answered quickly (Teams) while the work may take longer.
   */
  accept<T>(delivery: InboundDelivery, work: () => Promise<T>): Promise<Accepted<T>>;
}

/** Works a delivery again after a crash or restart: the channel's listeners, without the original request. */
export type ResumeHandler = (payload: unknown) => Promise<void>;

type Kept =
  | { kind: 'kept'; id: string; attempt: number }
  /** Its key was kept before: a redelivery, already worked (or being worked). */
  | { kind: 'duplicate'; id: string }
  /** The database is unreachable: written to the local spool instead. */
  | { kind: 'spooled'; id: string }
  /** The database is unreachable and the spool is full. */
  | { kind: 'refused' };

export interface InboxLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface InboxOptions {
  connection: Connection;
  logger: InboxLogger | Logger;
  /** Where the spool file lives (DATA_DIR). */
  spoolDir: string;
  spoolMaxBytes?: number;
  spoolMaxAgeMs?: number;
  /** Wall clock: leases are compared across processes. */
  now?: () => Date;
  leaseMs?: number;
}

/**
 * The durable inbox at the channel boundary, once for every channel: a delivery is written here
 * before the platform is answered (Slack's 200, a Teams turn, a console request), worked from
 * here, settled when done, and resumed by any process when the one working on it died
 * (`resume()`, on start and every few seconds). A redelivery of a kept delivery is dropped by its key.
 *
 * While the database is unreachable, deliveries go to a local append-only spool (`spool.ts`) and
 * are still worked (the person is told their message is kept); `recover()` moves them into the
 * collection in the order they came once the database answers, and they are worked again there.
 * Work that was postponed for want of the database (`core/postponement.ts`) is worked again too.
 */
export class Inbox {
  readonly store: InboxStore;
  readonly spool: Spool;
  private readonly handlers = new Map<string, ResumeHandler>();
  /** The database was found unreachable: deliveries go to the spool without trying it. */
  private outage = false;
  /** Kept deliveries this process postponed: worked again at the next resume, whatever their lease. */
  private readonly postponed = new Set<string>();

  constructor(private readonly deps: InboxOptions) {
    this.store = new InboxStore(deps.connection);
    this.spool = new Spool({
      dir: deps.spoolDir,
      logger: deps.logger,
      maxBytes: deps.spoolMaxBytes,
      maxAgeMs: deps.spoolMaxAgeMs,
      now: deps.now,
    });
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  private get leaseMs(): number {
    return this.deps.leaseMs ?? INBOX_LEASE_MS;
  }

  /** Deliveries waiting for the database: spooled, or postponed by their work. */
  get waiting(): number {
    return this.spool.size + this.postponed.size;
  }

  /**
   * One channel's way in (compose.ts gives it to `Channel.mount`), and how that channel works
   * the deliveries it kept when they are resumed (`Channel.resume`).
   */
  for(platform: Platform, resume: ResumeHandler): Inbound {
    this.handlers.set(platform, resume);
    const accept = async <T>(delivery: InboundDelivery, work: () => Promise<T>): Promise<Accepted<T>> => {
      const kept = await this.keep({ ...delivery, platform });
      if (kept.kind === 'duplicate' || kept.kind === 'refused') return { kind: kept.kind };
      return { kind: 'accepted', done: this.work(kept, work) };
    };
    return {
      accept,
      receive: async <T>(delivery: InboundDelivery, work: () => Promise<T>): Promise<Received<T>> => {
        const accepted = await accept(delivery, work);
        if (accepted.kind !== 'accepted') return accepted;
        return { kind: 'worked', result: await accepted.done };
      },
    };
  }

  /** Writes the delivery durably (leased to this process). Errors other than an outage are thrown. */
  private async keep(delivery: Delivery): Promise<Kept> {
    const id = `${delivery.platform}:${delivery.key}`;
    const payload = JSON.stringify(delivery.payload);
    // A redelivery during the outage of what the spool already holds.
    if (this.spool.has(id)) return { kind: 'duplicate', id };
    if (!this.outage && this.deps.connection.readyState === 1) {
      try {
        return await this.insert(id, delivery, payload);
      } catch (err) {
        if (!isDatabaseUnavailable(err)) throw err;
        this.outage = true;
      }
    }
    const spooled = this.spool.append({
      id,
      platform: delivery.platform,
      conversation: delivery.conversation,
      payload,
      receivedAt: this.now().toISOString(),
    });
    if (spooled === 'full') {
      this.deps.logger.error({ id, file: this.spool.file }, 'inbox: database unreachable and spool full, refused');
      return { kind: 'refused' };
    }
    if (spooled === 'duplicate') return { kind: 'duplicate', id };
    this.deps.logger.warn({ id, spooled: this.spool.size }, 'inbox: database unreachable, delivery spooled');
    return { kind: 'spooled', id };
  }

  private async insert(id: string, delivery: Delivery, payload: string): Promise<Kept> {
    const entry = await this.store.add(
      { _id: id, platform: delivery.platform, conversation: delivery.conversation, payload },
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
  }

  /**
   * Works a kept delivery and settles it: done when `work` returns, given back for another
   * attempt when it throws (the error is rethrown) or when it postponed part of its work. The
   * lease is renewed while it runs. A spooled delivery is settled by `recover()`, unless its work
   * went through after all (the database came back meanwhile).
   */
  private async work<T>(kept: Kept & { kind: 'kept' | 'spooled' }, work: () => Promise<T>): Promise<T> {
    if (kept.kind === 'spooled') {
      const { result, postponed } = await trackPostponement(work);
      if (!postponed) this.spool.markDone(kept.id);
      return result;
    }
    return this.attempt(kept.id, kept.attempt, work);
  }

  private async attempt<T>(id: string, attempt: number, work: () => Promise<T>): Promise<T> {
    const renew = setInterval(
      () => void this.store.renew(id, new Date(this.now().getTime() + this.leaseMs)).catch(() => undefined),
      Math.max(1000, Math.floor(this.leaseMs / 3)),
    );
    renew.unref();
    try {
      const { result, postponed } = await trackPostponement(work);
      clearInterval(renew);
      if (postponed) {
        // The database went away while it was worked: worked again once it is back.
        this.postponed.add(id);
        this.outage = true;
        await this.store.release(id, this.now(), 'postponed: database unreachable').catch(() => undefined);
      } else {
        this.postponed.delete(id);
        await this.settle(id, 'done');
      }
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
   * Once the database answers again: the spool's deliveries go into the collection in the order
   * they came (a redelivery already kept there is the same entry) and the spool is emptied; then
   * everything left pending is worked (`resume`). Returns how many deliveries were worked; 0 while
   * the database is still unreachable.
   */
  async recover(): Promise<number> {
    if (!(await this.reachable())) return 0;
    const spooled = this.spool.take();
    if (spooled.length || this.spool.size) {
      const past = new Date(0);
      for (const [order, entry] of spooled.entries()) {
        await this.store
          .restore(
            {
              _id: entry.id,
              platform: entry.platform,
              conversation: entry.conversation,
              payload: entry.payload,
              receivedAt: new Date(entry.receivedAt),
              order,
            },
            past,
          )
          .catch((err: unknown) => {
            if (isDatabaseUnavailable(err)) this.outage = true;
            throw err;
          });
      }
      this.spool.clear();
      if (spooled.length) this.deps.logger.info({ count: spooled.length }, 'inbox: spooled deliveries restored');
    }
    return this.resume();
  }

  /** Whether the database answers a ping now; ends the outage when it does. */
  private async reachable(): Promise<boolean> {
    const db = this.deps.connection.db;
    if (this.deps.connection.readyState !== 1 || !db) return false;
    try {
      await Promise.race([
        db.command({ ping: 1 }),
        new Promise((_, reject) => setTimeout(() => reject(new Error('ping timed out')), PING_TIMEOUT_MS).unref()),
      ]);
      this.outage = false;
      return true;
    } catch {
      this.outage = true;
      return false;
    }
  }

  /**
   * Works every delivery left pending by a process that died, a failed attempt due again, or a
   * postponed one: conversations side by side, each in arrival order. Returns how many were worked.
   */
  async resume(): Promise<number> {
    const now = this.now();
    let orphans: InboxEntry[];
    try {
      orphans = await this.store.orphans(now, RESUME_BATCH, [...this.postponed]);
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
    this.postponed.delete(entry._id);
    this.deps.logger.info(
      { id: entry._id, attempt: entry.attempts + 1, receivedAt: entry.receivedAt },
      'inbox: resuming a delivery',
    );
    try {
      await this.attempt(entry._id, entry.attempts + 1, () => handler(JSON.parse(entry.payload)));
      return !this.postponed.has(entry._id);
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
