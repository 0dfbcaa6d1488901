import { randomBytes } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import type { Mongoose, Connection } from 'mongoose';
import { indexSpec, shapesOf, describe, type IndexSpec, type Shape } from './shapes';

/** One line of a shapes file: a shape seen N times (with an example), or an index declared. */
export type Recorded =
  | { kind: 'shape'; shape: Shape; count: number; example: string; file: string; caller: string }
  | { kind: 'index'; collection: string; index: IndexSpec };

const SYSTEM_DATABASES = new Set(['admin', 'config', 'local']);

/**
 * Records every command the connections of this process send (driver command monitoring) and
 * every index they declare (mongoose schemas and `createIndexes` commands: agenda's, receipts'),
 * and appends them to a file in `dir` on `flush()`. The run's global teardown checks them.
 */
export function installQueryRecorder(mongoose: Mongoose, dir: string, file: () => string) {
  const shapes = new Map<string, Extract<Recorded, { kind: 'shape' }>>();
  const indexes = new Map<string, Extract<Recorded, { kind: 'index' }>>();
  const connections: Connection[] = [];

  const declare = (collection: string, index: IndexSpec | undefined) => {
    if (!index) return;
    indexes.set(`${collection} ${JSON.stringify(index)}`, { kind: 'index', collection, index });
  };

  const watch = (connection: Connection) => {
    connections.push(connection);
    const client = connection.getClient();
    client.on('commandStarted', (event) => {
      if (SYSTEM_DATABASES.has(event.databaseName)) return;
      const command = event.command as Record<string, unknown>;
      if (event.commandName === 'createIndexes') {
        for (const i of (command.indexes as { key: Map<string, unknown>; unique?: unknown }[]) ?? [])
          declare(String(command.createIndexes), indexSpec(i.key, i));
        return;
      }
      const caller = callerOf();
      if (caller === 'test') return;
      for (const s of shapesOf(event.commandName, command)) {
        if (s.collection.startsWith('system.')) continue;
        const key = `${describe(s)} @${caller}`;
        const seen = shapes.get(key);
        if (seen) seen.count++;
        else shapes.set(key, { kind: 'shape', shape: s, count: 1, example: example(command), file: file(), caller });
      }
    });
  };

  const original = mongoose.createConnection.bind(mongoose);
  mongoose.createConnection = ((uri: string, options: Record<string, unknown> = {}) => {
    const connection = original(uri, { ...options, monitorCommands: true });
    watch(connection);
    return connection;
  }) as typeof mongoose.createConnection;

  return {
    flush(): void {
      for (const connection of connections)
        for (const model of Object.values(connection.models))
          for (const [key, options] of model.schema.indexes())
            declare(model.collection.collectionName, indexSpec(key as Record<string, unknown>, options));
      const lines = [...shapes.values(), ...indexes.values()].map((r) => JSON.stringify(r));
      shapes.clear();
      if (lines.length === 0) return;
      const out = path.join(dir, `${process.pid}-${randomBytes(4).toString('hex')}.jsonl`);
      appendFileSync(out, `${lines.join('\n')}\n`);
    },
  };
}

const ROOT = path.resolve(__dirname, '../../..');
const SRC = `${ROOT}/src/`;
const SRC_DB = `${ROOT}/src/db/`;
const TEST = `${ROOT}/test/`;

/**
 * Where a command comes from, by its (async) stack: the first frame in src/ (the app's), or
 * `test` when only test code sent it (a test's own assertions, not checked), or `library` (agenda).
 */
function callerOf(): string {
  // Structured call sites, not `.stack`: formatting (and source-mapping) every command's stack
  // would slow the whole suite down.
  const limit = Error.stackTraceLimit;
  const prepare = Error.prepareStackTrace;
  Error.stackTraceLimit = 200;
  Error.prepareStackTrace = (_err, sites) => sites;
  const holder: { stack?: unknown } = {};
  Error.captureStackTrace(holder);
  const sites = holder.stack as NodeJS.CallSite[];
  Error.prepareStackTrace = prepare;
  Error.stackTraceLimit = limit;
  let test = false;
  let helper: string | undefined;
  for (const site of sites) {
    const file = site.getFileName() ?? '';
    if (file.startsWith(SRC)) {
      // A shared database helper (src/db/upsert.ts...) is named with the code that called it.
      if (file.startsWith(SRC_DB) && helper === undefined) {
        helper = where(site);
        continue;
      }
      return helper ? `${helper} ← ${where(site)}` : where(site);
    }
    if (file.startsWith(TEST) && !file.includes('/test/support/queries/')) test = true;
  }
  if (helper) return helper;
  return test ? 'test' : 'library';
}

function where(site: NodeJS.CallSite): string {
  const file = site.getFileName() ?? '';
  const fn = [site.getTypeName(), site.getMethodName() ?? site.getFunctionName()].filter(Boolean).join('.');
  return `${file.slice(ROOT.length + 1)}${fn ? ` (${fn})` : ''}`;
}

function example(command: Record<string, unknown>): string {
  const { lsid: _l, $db: _d, $clusterTime: _c, txnNumber: _t, ...rest } = command;
  const text = JSON.stringify(rest);
  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
}
