import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';

/** Largest spool file: past it, deliveries are refused (the person is told to send again later). */
export const SPOOL_MAX_BYTES = 64 * 1024 * 1024;
/** A spooled delivery older than this is no longer worked on recovery (dropped, and logged). */
export const SPOOL_MAX_AGE_MS = 24 * 3600_000;

/** One delivery written to the spool while the database was unreachable. */
export interface SpooledDelivery {
  /** `platform:key`, as in the inbox. */
  id: string;
  platform: string;
  conversation: string;
  /** The channel's payload, JSON (as stored in the inbox). */
  payload: string;
  receivedAt: string;
}

/** A line of the spool: a delivery, or the mark that a spooled delivery was worked after all. */
type Line = { delivery: SpooledDelivery } | { done: string };

export type Appended = 'spooled' | 'duplicate' | 'full';

export interface SpoolLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * The local, append-only spool behind the inbox: where a delivery goes when the database cannot
 * take it, so it can still be acknowledged. Each line is written and fsync'd before `append`
 * returns; the file is bounded in size (`full` past it) and its deliveries in age. On recovery the
 * inbox moves them, in the order they came, into its collection and empties the file (`take`,
 * then `clear`). A torn last line (a crash during a write) is ignored when the file is read.
 */
export class Spool {
  readonly file: string;
  private readonly maxBytes: number;
  private readonly maxAgeMs: number;
  private bytes = 0;
  /** Ids in the file, for redeliveries during the outage. */
  private readonly ids = new Set<string>();
  private readonly done = new Set<string>();

  constructor(
    private readonly deps: {
      dir: string;
      logger: SpoolLogger;
      maxBytes?: number;
      maxAgeMs?: number;
      now?: () => Date;
    },
  ) {
    this.file = path.join(deps.dir, 'inbox-spool.jsonl');
    this.maxBytes = deps.maxBytes ?? SPOOL_MAX_BYTES;
    this.maxAgeMs = deps.maxAgeMs ?? SPOOL_MAX_AGE_MS;
    for (const line of this.read()) this.note(line);
  }

  /** Deliveries waiting in the spool. */
  get size(): number {
    let waiting = 0;
    for (const id of this.ids) if (!this.done.has(id)) waiting++;
    return waiting;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** Writes the delivery durably; `duplicate` when it is already spooled, `full` past the size bound. */
  append(delivery: SpooledDelivery): Appended {
    if (this.ids.has(delivery.id)) return 'duplicate';
    const line = `${JSON.stringify({ delivery } satisfies Line)}\n`;
    if (this.bytes + Buffer.byteLength(line) > this.maxBytes) return 'full';
    this.write(line);
    this.note({ delivery });
    return 'spooled';
  }

  /** Marks a spooled delivery as worked (the database came back while it was being worked). */
  markDone(id: string): void {
    if (!this.ids.has(id) || this.done.has(id)) return;
    this.write(`${JSON.stringify({ done: id } satisfies Line)}\n`);
    this.done.add(id);
  }

  /**
   * The deliveries to work, in the order they came; those older than the age bound are left out
   * (and logged). The file is unchanged until `clear`.
   */
  take(): SpooledDelivery[] {
    const lines = this.read();
    const done = new Set(lines.flatMap((l) => ('done' in l ? [l.done] : [])));
    const oldest = (this.deps.now?.() ?? new Date()).getTime() - this.maxAgeMs;
    const out: SpooledDelivery[] = [];
    for (const line of lines) {
      if (!('delivery' in line) || done.has(line.delivery.id)) continue;
      if (Date.parse(line.delivery.receivedAt) < oldest) {
        this.deps.logger.error(
          { id: line.delivery.id, receivedAt: line.delivery.receivedAt },
          'inbox spool: delivery older than the age bound dropped',
        );
        continue;
      }
      out.push(line.delivery);
    }
    return out;
  }

  /** Empties the spool once what `take` gave is safely in the inbox (a new file, renamed over). */
  clear(): void {
    const next = `${this.file}.next`;
    const fd = openSync(next, 'w');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(next, this.file);
    this.syncDir();
    this.bytes = 0;
    this.ids.clear();
    this.done.clear();
  }

  private note(line: Line): void {
    this.bytes += Buffer.byteLength(JSON.stringify(line)) + 1;
    if ('delivery' in line) this.ids.add(line.delivery.id);
    else this.done.add(line.done);
  }

  private write(line: string): void {
    mkdirSync(this.deps.dir, { recursive: true });
    const fd = openSync(this.file, 'a');
    try {
      writeSync(fd, line);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  private syncDir(): void {
    try {
      const fd = openSync(this.deps.dir, 'r');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    } catch {
      // Directories cannot be fsync'd on every platform; the rename is durable on Linux filesystems.
    }
  }

  private read(): Line[] {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const lines: Line[] = [];
    for (const raw of text.split('\n')) {
      if (!raw) continue;
      try {
        lines.push(JSON.parse(raw) as Line);
      } catch {
        this.deps.logger.warn({ file: this.file }, 'inbox spool: torn line ignored');
      }
    }
    return lines;
  }
}
