import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../../src/db/embedded';

const ROOT = path.resolve(__dirname, '../../..');
const TSX = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');

/** This machine's PATH without any folder that holds go, ferretdb or mongod. */
function pathWithoutDatabaseTools(): string {
  const dirs = [path.dirname(process.execPath), ...(process.env.PATH ?? '').split(path.delimiter)];
  return [...new Set(dirs)]
    .filter((dir) => dir && !['go', 'ferretdb', 'mongod'].some((tool) => existsSync(path.join(dir, tool))))
    .join(path.delimiter);
}

interface Started {
  code: number | null;
  stderr: string;
  stdout: string;
}

/** `npm start`'s program, in an empty folder, on a machine with no mongod, no FerretDB and no Go. */
function startWithoutDatabase(extraEnv: Record<string, string>): Promise<Started> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'helpdesk-nodb-'));
  const env: NodeJS.ProcessEnv = {
    PATH: pathWithoutDatabaseTools(),
    HOME: home,
    GOROOT: path.join(home, 'no-go'),
    DOTENV_CONFIG_QUIET: 'true',
    LOG_LEVEL: 'silent',
    PORT: '0',
    MONGOMS_DOWNLOAD_DIR: path.join(home, 'mongodb-binaries'),
    ...extraEnv,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSX, path.join(ROOT, 'src/main.ts')], { cwd: home, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

function expectTheThreeWaysOut(run: Started): void {
  expect(run.code).toBe(1);
  expect(run.stderr).toContain('Helpdesk failed to start: No MongoDB-compatible database to start');
  expect(run.stderr).toMatch(/1\. set MONGODB_URI/);
  expect(run.stderr).toMatch(/2\. install mongod/);
  expect(run.stderr).toMatch(/3\. install Go/);
  // One message, said once, with no stack trace to read past.
  expect(run.stderr.match(/Helpdesk failed to start/g)).toHaveLength(1);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.stderr).not.toContain('Helpdesk is running');
}

describe('npm start with no mongod, no download and no Go', () => {
  it('stops with one message naming the three ways out when the mongod download fails', async () => {
    // A mirror nobody listens on: the download fails as it does on a machine without internet.
    const mirror = `https://127.0.0.1:${await freePort()}`;
    const run = await startWithoutDatabase({ MONGOMS_DOWNLOAD_MIRROR: mirror });
    expectTheThreeWaysOut(run);
    expect(run.stderr).toMatch(/no mongod download \(.+\)/);
  }, 60_000);

  it('says the download was disabled when MONGOMS_DISABLE_DOWNLOAD=1', async () => {
    const run = await startWithoutDatabase({ MONGOMS_DISABLE_DOWNLOAD: '1' });
    expectTheThreeWaysOut(run);
    expect(run.stderr).toContain('no mongod download (disabled by MONGOMS_DISABLE_DOWNLOAD)');
    expect(run.stderr).not.toContain('trying to download');
  }, 60_000);
});
