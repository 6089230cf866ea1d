import pino, { type Logger, type DestinationStream } from 'pino';

export type { Logger };

/**
 * JSON logs. Sensitive values never reach a logger call by design (we log ids and references);
 * the redaction list is a second line of defence for objects logged whole.
 */
export function createLogger(level = 'info', destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'harbour' },
      redact: {
        paths: ['*.narrative', '*.name', '*.email', '*.phone', '*.content', '*.password', '*.code', 'req.headers.authorization', 'req.headers.cookie'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
