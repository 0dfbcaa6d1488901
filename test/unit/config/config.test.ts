import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { ConfigError, DEFAULT_POLICY_PATH, loadPolicy, parseEnv, parsePolicy } from '../../../src/config';

const shipped = () => YAML.parse(readFileSync(DEFAULT_POLICY_PATH, 'utf8'));

describe('configuration', () => {
  it('the shipped policy is valid and complete', () => {
    const policy = loadPolicy();
    expect(policy.priorityMatrix.high.high).toBe('P1');
    expect(policy.sla.targets.P1.allHours).toBe(true);
    expect(policy.teams.map((t) => t.level)).toEqual(['L1', 'L2', 'L3']);
    expect(policy.sla.escalation).toEqual({
      acknowledge: { functional: ['P1', 'P2'], hierarchical: ['P1', 'P2'] },
      resolve: { functional: ['P1', 'P2', 'P3', 'P4'], hierarchical: ['P1', 'P2'] },
    });
  });

  it('a policy without an escalation matrix gets the shipped one', () => {
    const policy = shipped();
    delete policy.sla.escalation;
    expect(parsePolicy(policy).sla.escalation).toEqual(loadPolicy().sla.escalation);
  });

  it.each([
    [
      'sla.targets.P1.resolve',
      (p: any) => (p.sla.targets.P1.resolve = 'soon'),
      /sla\.targets\.P1\.resolve: expected a duration/,
    ],
    [
      'sla.escalation.acknowledge.functional.0',
      (p: any) => (p.sla.escalation = { acknowledge: { functional: ['P5'], hierarchical: [] } }),
      /sla\.escalation\.acknowledge\.functional\.0/,
    ],
    ['timezone', (p: any) => (p.timezone = 'Mars/Olympus'), /timezone: unknown IANA time zone/],
    ['priorityMatrix.high.low', (p: any) => (p.priorityMatrix.high.low = 'P9'), /priorityMatrix\.high\.low/],
    ['agents.0.team', (p: any) => (p.agents[0].team = 'nowhere'), /agents\.0\.team: unknown team "nowhere"/],
    [
      'businessHours.mon.0',
      (p: any) => (p.businessHours.mon = [['18:00', '09:00']]),
      /businessHours\.mon\.0: opening time must be before closing time/,
    ],
  ])('a bad %s is refused with the field named', (_field, mutate, message) => {
    const policy = shipped();
    mutate(policy);
    expect(() => parsePolicy(policy)).toThrow(ConfigError);
    expect(() => parsePolicy(policy)).toThrow(message);
  });

  it('refuses inconsistent environment with the variable named', () => {
    expect(() => parseEnv({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_SIGNING_SECRET: required/);
    expect(() => parseEnv({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => parseEnv({ MONGODB_URI: 'postgres://x' })).toThrow(/MONGODB_URI/);
    expect(parseEnv({}).PORT).toBe(3000);
  });

  it('a bad policy file stops start-up with a message naming the field', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'policy-'));
    const file = path.join(dir, 'policy.yaml');
    const policy = shipped();
    policy.sla.targets.P2.acknowledge = 'whenever';
    writeFileSync(file, YAML.stringify(policy));
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: path.resolve(__dirname, '../../..'),
      env: { ...process.env, POLICY_FILE: file, MONGODB_URI: 'mongodb://127.0.0.1:1/never', PORT: '0' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(78);
    expect(run.stderr).toMatch(/sla\.targets\.P2\.acknowledge: expected a duration such as 30m, 4h or 2d/);
  });
});
