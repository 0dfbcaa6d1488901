import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  BROWSER_TESTS_DIR,
  CHROMIUM_HINT,
  ensureChromium,
  MissingPrerequisite,
  runIncludesBrowserTests,
  type ChromiumDeps,
} from '../../support/chromium';

describe('which runs need chromium', () => {
  it('a whole run, or a pattern that selects a browser test, does; a run of other folders does not', () => {
    expect(runIncludesBrowserTests({ testPathPatterns: { patterns: [] } })).toBe(true);
    expect(runIncludesBrowserTests({})).toBe(true);
    expect(runIncludesBrowserTests({ testPathPatterns: { patterns: ['test/browser'] } })).toBe(true);
    expect(runIncludesBrowserTests({ testPathPatterns: { patterns: ['console-signin'] } })).toBe(true);
    expect(runIncludesBrowserTests({ testPathPatterns: ['test/unit', 'dashboard-web'] })).toBe(true);
    expect(runIncludesBrowserTests({ testPathPatterns: { patterns: ['test/unit'] } })).toBe(false);
    expect(runIncludesBrowserTests({ testPathPatterns: { patterns: ['test/integration/startup'] } })).toBe(false);
    // A pattern that is no regular expression is matched as text, not thrown.
    expect(runIncludesBrowserTests({ testPathPatterns: { patterns: ['browser/console('] } })).toBe(false);
  });

  it('ignore patterns that cover the browser folder leave it out', () => {
    expect(runIncludesBrowserTests({ testPathIgnorePatterns: ['/test/browser/'] })).toBe(false);
    expect(runIncludesBrowserTests({ testPathIgnorePatterns: ['/node_modules/'] })).toBe(true);
  });

  it('looks at the test files that exist', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'helpdesk-browser-dir-'));
    expect(runIncludesBrowserTests({}, dir)).toBe(false);
    writeFileSync(path.join(dir, 'page.test.ts'), '');
    expect(runIncludesBrowserTests({}, dir)).toBe(true);
    expect(runIncludesBrowserTests({}, path.join(dir, 'missing'))).toBe(false);
    expect(BROWSER_TESTS_DIR.endsWith(path.join('test', 'browser'))).toBe(true);
  });
});

describe('getting chromium before the browser tests', () => {
  const saved = process.env.CHROMIUM_PATH;
  beforeEach(() => delete process.env.CHROMIUM_PATH);
  afterAll(() => {
    if (saved === undefined) delete process.env.CHROMIUM_PATH;
    else process.env.CHROMIUM_PATH = saved;
  });

  function deps(over: Partial<ChromiumDeps>): ChromiumDeps & { installs: number } {
    const d = {
      installs: 0,
      find: () => undefined,
      canInstall: () => false,
      install: () => {
        d.installs += 1;
        return '/usr/bin/chromium';
      },
      ...over,
    };
    return d;
  }

  it('uses the chromium it finds and installs nothing', () => {
    const d = deps({ find: () => '/opt/chromium', canInstall: () => true });
    expect(ensureChromium({}, () => undefined, d)).toBe('/opt/chromium');
    expect(d.installs).toBe(0);
  });

  it('installs it when it may (root with apt-get)', () => {
    const d = deps({ canInstall: () => true });
    expect(ensureChromium({}, () => undefined, d)).toBe('/usr/bin/chromium');
    expect(d.installs).toBe(1);
  });

  it('otherwise stops the run with one line naming the command to run', () => {
    const d = deps({});
    let thrown: unknown;
    try {
      ensureChromium({}, () => undefined, d);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(MissingPrerequisite);
    expect((thrown as Error).message).toBe(CHROMIUM_HINT);
    expect((thrown as Error).stack).toBe(CHROMIUM_HINT);
    expect(CHROMIUM_HINT).toContain('apt-get install -y chromium');
    expect(CHROMIUM_HINT).not.toContain('\n');
  });

  it('a CHROMIUM_PATH that does not exist is named, never replaced by an install', () => {
    process.env.CHROMIUM_PATH = '/nowhere/chromium';
    const d = deps({ canInstall: () => true });
    expect(() => ensureChromium({}, () => undefined, d)).toThrow('CHROMIUM_PATH=/nowhere/chromium does not exist.');
    expect(d.installs).toBe(0);
  });

  it('a run without browser tests asks for nothing', () => {
    const d = deps({ canInstall: () => true });
    expect(ensureChromium({ testPathPatterns: { patterns: ['test/unit'] } }, () => undefined, d)).toBeUndefined();
    expect(d.installs).toBe(0);
  });
});
