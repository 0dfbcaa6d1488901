import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';

/** A MongoDB-compatible server started by this process for development and tests. */
export interface EmbeddedDatabase {
  uri: string;
  kind: 'mongod' | 'ferretdb';
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Folder holding the server's files; kept between runs so data survives a restart. */
  dataDir: string;
  /** Progress lines for a human (first start may build FerretDB). */
  progress?: (line: string) => void;
  /** Build FerretDB with Go when no database binary is found (default true). */
  install?: boolean;
  /** Loopback port to listen on; a free one when unset. */
  port?: number;
}

export const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';
export const FERRETDB_VERSION = 'v1.24.2';

export class EmbeddedDatabaseError extends Error {
  override name = 'EmbeddedDatabaseError';
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function onPath(binary: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, binary);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

function goBinDir(): string | undefined {
  const go = onPath('go') ?? (existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
  if (!go) return undefined;
  const out = spawnSync(go, ['env', 'GOBIN', 'GOPATH'], { encoding: 'utf8' });
  if (out.status !== 0) return undefined;
  const [gobin, gopath] = out.stdout.split('\n');
  return gobin?.trim() || path.join(gopath.trim().split(path.delimiter)[0], 'bin');
}

export function findFerretDb(): string | undefined {
  if (process.env.FERRETDB_BIN && existsSync(process.env.FERRETDB_BIN)) return process.env.FERRETDB_BIN;
  const candidates = [onPath('ferretdb'), goBinDir(), path.join(os.homedir(), 'go', 'bin')]
    .filter((d): d is string => Boolean(d))
    .map((p) => (p.endsWith('ferretdb') ? p : path.join(p, 'ferretdb')));
  // A binary built with a plain `go install` panics at start (no version file): skip it.
  return candidates.find((p) => existsSync(p) && spawnSync(p, ['--version'], { encoding: 'utf8' }).status === 0);
}

const INSTALL_SCRIPT = path.resolve(__dirname, '../../scripts/install-ferretdb.sh');

/** Builds FerretDB with Go through scripts/install-ferretdb.sh (shared with .ci/run). */
export function installFerretDb(progress: (line: string) => void = () => undefined): string {
  const binDir = goBinDir();
  if (!binDir) throw new EmbeddedDatabaseError('No database binary found and Go is not installed to build FerretDB.');
  const target = path.join(binDir, 'ferretdb');
  progress(`Building FerretDB ${FERRETDB_VERSION} with Go (first start only, about 2 minutes)...`);
  const run = spawnSync('bash', [INSTALL_SCRIPT, target], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (run.status !== 0 || !existsSync(target))
    throw new EmbeddedDatabaseError('Building FerretDB failed (see the output above).');
  return target;
}

async function waitForServer(uri: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new EmbeddedDatabaseError(`database process exited with code ${child.exitCode}`);
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 500, directConnection: true });
    try {
      await client.connect();
      await client.db('admin').command({ ping: 1 });
      return;
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      await client.close().catch(() => undefined);
    }
  }
  throw new EmbeddedDatabaseError(`database did not answer within ${timeoutMs} ms: ${String(lastError)}`);
}

async function startFerretDb(binary: string, dataDir: string, requestedPort?: number): Promise<EmbeddedDatabase> {
  const port = requestedPort ?? (await freePort());
  const stateDir = path.join(dataDir, 'ferretdb');
  mkdirSync(stateDir, { recursive: true });
  const child = spawn(
    binary,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${stateDir}/`,
      `--state-dir=${stateDir}`,
      `--listen-addr=127.0.0.1:${port}`,
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=error',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const uri = `mongodb://127.0.0.1:${port}/`;
  try {
    await waitForServer(uri, child, 30_000);
  } catch (err) {
    child.kill('SIGKILL');
    throw new EmbeddedDatabaseError(`FerretDB did not start: ${(err as Error).message}\n${stderr}`);
  }
  return {
    uri,
    kind: 'ferretdb',
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

async function startMongod(dataDir: string, systemBinary?: string): Promise<EmbeddedDatabase> {
  const { MongoMemoryServer } = await import('mongodb-memory-server-core');
  const dbPath = path.join(dataDir, 'mongod');
  mkdirSync(dbPath, { recursive: true });
  const server = await MongoMemoryServer.create({
    binary: systemBinary ? { systemBinary } : undefined,
    instance: { dbPath, storageEngine: 'wiredTiger', ip: '127.0.0.1' },
  });
  return { uri: server.getUri(), kind: 'mongod', stop: async () => void (await server.stop({ doCleanup: false })) };
}

/**
 * Starts the best local database available: a `mongod` on this machine, else FerretDB on SQLite,
 * else a `mongod` downloaded by mongodb-memory-server, else FerretDB built with Go.
 */
export async function startEmbeddedDatabase(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const progress = options.progress ?? (() => undefined);
  mkdirSync(options.dataDir, { recursive: true });
  const systemMongod = process.env.MONGOMS_SYSTEM_BINARY ?? onPath('mongod');
  if (systemMongod) return startMongod(options.dataDir, systemMongod);

  const ferret = findFerretDb();
  if (ferret) return startFerretDb(ferret, options.dataDir, options.port);

  if (process.env.MONGOMS_DISABLE_DOWNLOAD !== '1') {
    try {
      progress('No local database binary: trying to download mongod...');
      return await startMongod(options.dataDir);
    } catch (err) {
      progress(`mongod download unavailable (${(err as Error).message.split('\n')[0]})`);
    }
  }
  if (options.install === false) {
    throw new EmbeddedDatabaseError(
      'No MongoDB-compatible server found: install mongod or FerretDB, or set MONGODB_URI.',
    );
  }
  return startFerretDb(installFerretDb(progress), options.dataDir, options.port);
}
