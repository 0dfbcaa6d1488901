import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Message bodies and secrets are never logged at info: the redact list
 * covers the fields where they could appear.
 */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service: 'helpdesk' },
    redact: {
      paths: [
        'text',
        '*.text',
        'body',
        '*.body',
        'req.headers.authorization',
        'req.headers.cookie',
        '*.token',
        '*.password',
        '*.secret',
      ],
      censor: '[redacted]',
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
