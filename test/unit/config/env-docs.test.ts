import { readFileSync } from 'node:fs';
import path from 'node:path';
import { envSchema } from '../../../src/config';

const ROOT = path.resolve(__dirname, '../../..');

describe('environment documentation', () => {
  it('names every variable the bot reads in .env.example', () => {
    const example = readFileSync(path.join(ROOT, '.env.example'), 'utf8');
    const undocumented = Object.keys(envSchema.shape).filter((name) => !new RegExp(`^# ${name}=`, 'm').test(example));
    expect(undocumented).toEqual([]);
  });
});
