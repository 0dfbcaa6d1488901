import path from 'node:path';
import { parseEnv, type Env } from './env';
import { DEFAULT_POLICY_PATH, loadPolicy, type Policy } from './policy';

export * from './env';
export * from './policy';
export { ConfigError } from './errors';

export interface AppConfig {
  env: Env;
  policy: Policy;
}

/** Reads env then the policy file; throws ConfigError naming the bad field. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const env = parseEnv(source);
  const policy = loadPolicy(env.POLICY_FILE ? path.resolve(env.POLICY_FILE) : DEFAULT_POLICY_PATH);
  return { env, policy };
}
