import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** The browser tests drive Debian's chromium (playwright-core downloads no browser here). */
export const BROWSER_TESTS_DIR = path.resolve(__dirname, '../browser');

export const CHROMIUM_HINT =
  'The browser tests need chromium: run `sudo apt-get install -y chromium` (or set CHROMIUM_PATH to a Chromium binary), then run the tests again.';

function onPath(binary: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, binary))) return path.join(dir, binary);
  }
  return undefined;
}

/** CHROMIUM_PATH when set (it must exist), else Debian's or Ubuntu's chromium. */
export function findChromium(): string | undefined {
  if (process.env.CHROMIUM_PATH) return existsSync(process.env.CHROMIUM_PATH) ? process.env.CHROMIUM_PATH : undefined;
  return (
    ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p)) ??
    onPath('chromium') ??
    onPath('chromium-browser')
  );
}

/** An error jest prints as the one line it holds (no stack trace to read past). */
export class MissingPrerequisite extends Error {
  override name = 'MissingPrerequisite';
  constructor(message: string) {
    super(message);
    this.stack = message;
  }
}

/** The subset of jest's configs that says which test files this run selects. */
export interface RunSelection {
  testPathPatterns?: { patterns?: readonly string[] } | readonly string[];
  testPathIgnorePatterns?: readonly string[];
}

/** Whether a jest run with these path patterns would include any browser test file. */
export function runIncludesBrowserTests(selection: RunSelection, dir = BROWSER_TESTS_DIR): boolean {
  if (!existsSync(dir)) return false;
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => path.join(dir, f));
  const raw = selection.testPathPatterns;
  const patterns: readonly string[] = Array.isArray(raw)
    ? raw
    : ((raw as { patterns?: readonly string[] } | undefined)?.patterns ?? []);
  const ignored = selection.testPathIgnorePatterns ?? [];
  const matches = (pattern: string, file: string, flags?: string): boolean => {
    try {
      return new RegExp(pattern, flags).test(file);
    } catch {
      return file.includes(pattern);
    }
  };
  return files.some(
    (file) =>
      (patterns.length === 0 || patterns.some((p) => matches(p, file, 'i'))) && !ignored.some((p) => matches(p, file)),
  );
}

function run(command: string, args: string[]): { ok: boolean; output: string } {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ?? ''}` };
}

/** Installs Debian's chromium with apt-get (as root only). Returns its path, or throws with apt's last lines. */
export function aptInstallChromium(progress: (line: string) => void): string {
  // Wait for another apt-get (another checkout's first run, unattended upgrades) instead of failing.
  const lock = ['-o', 'DPkg::Lock::Timeout=600'];
  const started = Date.now();
  progress("Installing Debian's chromium for the browser tests (first run only, about a minute)...");
  if (!run('apt-cache', ['show', 'chromium']).ok) {
    const update = run('apt-get', [...lock, 'update', '-qq']);
    if (!update.ok)
      throw new MissingPrerequisite(`apt-get update failed: ${lastLines(update.output)}\n${CHROMIUM_HINT}`);
  }
  const install = run('apt-get', [...lock, 'install', '-y', '-qq', 'chromium']);
  const found = findChromium();
  if (!install.ok || !found)
    throw new MissingPrerequisite(`apt-get install chromium failed: ${lastLines(install.output)}\n${CHROMIUM_HINT}`);
  progress(`chromium installed at ${found} in ${Math.round((Date.now() - started) / 1000)} s`);
  return found;
}

function lastLines(text: string, count = 15): string {
  return text.trim().split('\n').slice(-count).join('\n');
}

export function canInstallWithApt(): boolean {
  return process.getuid?.() === 0 && Boolean(onPath('apt-get')) && !process.env.CHROMIUM_PATH;
}

export interface ChromiumDeps {
  find: () => string | undefined;
  canInstall: () => boolean;
  install: (progress: (line: string) => void) => string;
}

const SYSTEM: ChromiumDeps = { find: findChromium, canInstall: canInstallWithApt, install: aptInstallChromium };

/**
 * Before a run that includes browser tests: the chromium to use, installed with apt-get when this
 * process is root on Debian; otherwise one line naming the command to run (and the run fails).
 */
export function ensureChromium(
  selection: RunSelection,
  progress: (line: string) => void,
  deps: ChromiumDeps = SYSTEM,
): string | undefined {
  const found = deps.find();
  if (found) return found;
  if (!runIncludesBrowserTests(selection)) return undefined;
  if (process.env.CHROMIUM_PATH)
    throw new MissingPrerequisite(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist. ${CHROMIUM_HINT}`);
  if (!deps.canInstall()) throw new MissingPrerequisite(CHROMIUM_HINT);
  return deps.install(progress);
}
