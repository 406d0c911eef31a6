import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Logs carry ids, counts and reasons. Redaction is the safety net for a field that slips through:
 * any key that usually holds personal data is censored wherever it appears.
 */
export const REDACTED_KEYS = [
  'email', 'to', 'from', 'phone', 'name', 'text', 'html', 'body', 'subject', 'address', 'recipients',
  // What a reply or a mail's data carries: the fields read from it, and the words themselves.
  'fromEmail', 'fromName', 'organisation', 'googleId', 'skypeId', 'topics', 'details', 'reply', 'raw', 'parsed',
];

export function createLogger(opts: { level: string; destination?: pino.DestinationStream }): Logger {
  const paths = [
    ...REDACTED_KEYS,
    ...REDACTED_KEYS.map((k) => `*.${k}`),
    ...REDACTED_KEYS.map((k) => `*.*.${k}`),
    'req.headers.authorization',
    'req.headers.cookie',
  ];
  // Asynchronous to stdout by default: a log line per stored reply must not hold up the next request.
  // Call logger.flush() before exiting.
  const destination = opts.destination ?? pino.destination({ dest: 1, sync: false });
  return pino({ level: opts.level, redact: { paths, censor: '[redacted]' }, base: undefined }, destination);
}
