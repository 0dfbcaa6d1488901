import { LogLevel, type Logger as SlackLogger } from '@slack/web-api';
import type { Logger } from '../../observability/logger';

/** Bolt and the Web API client log through our JSON logger (never message bodies at info). */
export function slackLogger(logger: Logger): SlackLogger {
  const log = logger.child({ component: 'slack' });
  let level: LogLevel = LogLevel.INFO;
  const line = (parts: unknown[]) =>
    parts.map((p) => (p instanceof Error ? p.message : typeof p === 'string' ? p : JSON.stringify(p))).join(' ');
  return {
    debug: (...parts: unknown[]) => log.debug(line(parts)),
    info: (...parts: unknown[]) => log.info(line(parts)),
    warn: (...parts: unknown[]) => log.warn(line(parts)),
    error: (...parts: unknown[]) => log.error(line(parts)),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
