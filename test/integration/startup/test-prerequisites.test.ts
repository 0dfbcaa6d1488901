import { spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const JEST = path.join(ROOT, 'node_modules/jest/bin/jest.js');

/** The README's test command, limited to one browser test, where no chromium can be had. */
function jestWithoutChromium(): Promise<{ code: number | null; output: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, CHROMIUM_PATH: path.join(ROOT, 'no-such-chromium') };
  delete env.JEST_WORKER_ID;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [JEST, '--ci', 'test/browser/console-signin.test.ts'], { cwd: ROOT, env });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('the test command where chromium cannot be found or installed', () => {
  it('fails with one line naming the command to run, before any test (never a silent skip)', async () => {
    const run = await jestWithoutChromium();
    expect(run.code).not.toBe(0);
    const lines = run.output.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(
      'does not exist. The browser tests need chromium: run `sudo apt-get install -y chromium`',
    );
    expect(run.output).not.toContain('Tests:');
  }, 60_000);
});
