import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
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
const PATCH_DIR = path.resolve(__dirname, '../../ferretdb/patches');

/**
 * The version our build of FerretDB reports: FERRETDB_VERSION plus a hash of ferretdb/patches
 * (computed like scripts/install-ferretdb.sh), so an unpatched or outdated binary is rebuilt.
 */
export function ferretDbBuildVersion(): string {
  const patches = existsSync(PATCH_DIR)
    ? readdirSync(PATCH_DIR)
        .filter((f) => f.endsWith('.patch'))
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    : [];
  if (patches.length === 0) return FERRETDB_VERSION;
  const hash = createHash('sha256');
  for (const f of patches) hash.update(readFileSync(path.join(PATCH_DIR, f)));
  return `${FERRETDB_VERSION}-helpdesk.${hash.digest('hex').slice(0, 8)}`;
}

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

/** The Go command: on the PATH, else in GOROOT (default /usr/local/go, where Go's installer puts it). */
function goCommand(): string | undefined {
  const inRoot = path.join(process.env.GOROOT || '/usr/local/go', 'bin', 'go');
  return onPath('go') ?? (existsSync(inRoot) ? inRoot : undefined);
}

function goBinDir(): string | undefined {
  const go = goCommand();
  if (!go) return undefined;
  const out = spawnSync(go, ['env', 'GOBIN', 'GOPATH'], { encoding: 'utf8' });
  if (out.status !== 0) return undefined;
  const [gobin, gopath] = out.stdout.split('\n');
  return gobin?.trim() || path.join(gopath.trim().split(path.delimiter)[0], 'bin');
}

function reportedVersion(binary: string): string | undefined {
  const run = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return run.status === 0 ? /^version: (\S+)$/m.exec(run.stdout)?.[1] : undefined;
}

/**
 * The FerretDB binary to run: FERRETDB_BIN when set, else one on PATH or in Go's bin folder.
 * `stale` means it is not our current build (stock, or older patches): installFerretDb() rebuilds it.
 */
export function findFerretDb(): { path: string; stale: boolean } | undefined {
  if (process.env.FERRETDB_BIN && existsSync(process.env.FERRETDB_BIN))
    return { path: process.env.FERRETDB_BIN, stale: false };
  const candidates = [onPath('ferretdb'), goBinDir(), path.join(os.homedir(), 'go', 'bin')]
    .filter((d): d is string => Boolean(d))
    .map((p) => (p.endsWith('ferretdb') ? p : path.join(p, 'ferretdb')))
    .filter((p) => existsSync(p));
  const wanted = ferretDbBuildVersion();
  let stale: string | undefined;
  for (const p of candidates) {
    const version = reportedVersion(p);
    if (version === wanted) return { path: p, stale: false };
    // A binary built with a plain `go install` panics at start (no version file): skip it.
    if (version && !stale) stale = p;
  }
  return stale ? { path: stale, stale: true } : undefined;
}

const INSTALL_SCRIPT = path.resolve(__dirname, '../../scripts/install-ferretdb.sh');

/** Whether Go is there to build FerretDB (on PATH or in its default /usr/local/go). */
export function goAvailable(): boolean {
  return goBinDir() !== undefined;
}

/**
 * The one message for a machine with no database to use: no mongod, no download, no Go.
 * `downloadProblem` says why the mongod download did not happen.
 */
export function noDatabaseMessage(downloadProblem: string): string {
  return [
    `No MongoDB-compatible database to start: no mongod on this machine, no mongod download (${downloadProblem}), and no Go to build FerretDB.`,
    'Choose one way out, then start again:',
    '  1. set MONGODB_URI to a MongoDB server you have (e.g. MONGODB_URI=mongodb://db.example:27017/helpdesk in .env);',
    '  2. install mongod (on the PATH, or MONGOMS_SYSTEM_BINARY=/path/to/mongod);',
    '  3. install Go (https://go.dev/doc/install, or `apt-get install golang`): FerretDB is then built on first start (about 2 minutes).',
  ].join('\n');
}

/** Builds FerretDB with Go through scripts/install-ferretdb.sh (shared with .ci/run). */
export function installFerretDb(progress: (line: string) => void = () => undefined): string {
  const binDir = goBinDir();
  if (!binDir) throw new EmbeddedDatabaseError(noDatabaseMessage('not tried'));
  const target = path.join(binDir, 'ferretdb');
  progress(`Building FerretDB ${ferretDbBuildVersion()} with Go (first start only, about 2 minutes)...`);
  const run = spawnSync('bash', [INSTALL_SCRIPT, target], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, GO: goCommand() },
  });
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
      // Let dotted filters ("requester.key") reach the SQLite backend, whose patched pushdown
      // handles them (ferretdb/README.md); without the patch the backend ignores them as before.
      '--test-enable-nested-pushdown',
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

/**
 * Downloads mongod with mongodb-memory-server. Its retries print every failed attempt with
 * console.error; we say why it failed once, in the error this throws.
 */
async function downloadMongod(): Promise<string> {
  const { MongoBinary } = await import('mongodb-memory-server-core');
  const { warn, error } = console;
  console.warn = console.error = () => undefined;
  try {
    return await MongoBinary.getPath();
  } finally {
    console.warn = warn;
    console.error = error;
  }
}

async function startMongod(dataDir: string, systemBinary: string): Promise<EmbeddedDatabase> {
  const { MongoMemoryServer } = await import('mongodb-memory-server-core');
  const dbPath = path.join(dataDir, 'mongod');
  mkdirSync(dbPath, { recursive: true });
  const server = await MongoMemoryServer.create({
    binary: { systemBinary },
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
  if (ferret && ferret.stale && options.install !== false) {
    try {
      return await startFerretDb(installFerretDb(progress), options.dataDir, options.port);
    } catch (err) {
      progress(`${(err as Error).message} Using the FerretDB already installed at ${ferret.path}.`);
    }
  }
  if (ferret) return startFerretDb(ferret.path, options.dataDir, options.port);

  let downloadProblem = 'disabled by MONGOMS_DISABLE_DOWNLOAD';
  if (process.env.MONGOMS_DISABLE_DOWNLOAD !== '1') {
    try {
      progress('No local database binary: trying to download mongod...');
      const mongod = await downloadMongod();
      return await startMongod(options.dataDir, mongod);
    } catch (err) {
      downloadProblem = (err as Error).message.replace(/\s+/g, ' ').trim().slice(0, 240);
      progress(`mongod download unavailable (${downloadProblem})`);
    }
  }
  if (options.install === false) {
    throw new EmbeddedDatabaseError(
      'No MongoDB-compatible server found: install mongod or FerretDB, or set MONGODB_URI.',
    );
  }
  if (!goAvailable()) throw new EmbeddedDatabaseError(noDatabaseMessage(downloadProblem));
  return startFerretDb(installFerretDb(progress), options.dataDir, options.port);
}
