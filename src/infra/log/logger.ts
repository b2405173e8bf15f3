import { pino, type Logger, type DestinationStream, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';

export type { Logger } from 'pino';

/**
 * Every path under which a credential can travel. pino removes them before serialising, so a
 * secret never reaches a log line even when a whole request, config or error is logged.
 */
export const REDACT_PATHS = [
  'clientSecret',
  'clientId',
  'token',
  'accessToken',
  'refreshToken',
  'password',
  'authorization',
  'Authorization',
  'headers.authorization',
  'headers["vpsie-auth"]',
  'credentials',
  '*.clientSecret',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.password',
  '*.authorization',
  '*.credentials',
];

export interface LoggerSettings {
  level?: string;
  /** Where lines go; defaults to stdout, pretty-printed when stdout is a terminal. */
  destination?: DestinationStream;
  pretty?: boolean;
}

export function createLogger(settings: LoggerSettings = {}): Logger {
  const options: LoggerOptions = {
    level: settings.level ?? process.env.LOG_LEVEL ?? 'info',
    base: { app: 'vpsie-autoscaler' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (settings.destination) return pino(options, settings.destination);
  const usePretty = settings.pretty ?? process.stdout.isTTY === true;
  // pino-pretty as a synchronous stream rather than a transport: no worker thread for a TTY.
  const destination = usePretty ? pretty({ sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,app' }) : pino.destination({ fd: 1, sync: false });
  return pino(options, destination);
}
