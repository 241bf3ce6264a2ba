import { pino, stdSerializers, stdTimeFunctions, type DestinationStream } from 'pino';
import pretty from 'pino-pretty';

/**
 * pino, configured once: one JSON line per event (readable lines on a terminal), secrets redacted by
 * path, long strings cut, `err` serialized with its `cause` chain.
 */
export type Logger = pino.Logger;
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface LoggerOptions {
  level: LogLevel;
  format?: 'json' | 'pretty';
  /** Where lines go: a file descriptor (1, the default, or 2: a CLI keeps stdout for its output) or a function per line (tests). */
  destination?: 1 | 2 | ((line: string) => void);
}

/** Keys whose values are secrets wherever they appear in a logged object (two levels deep). */
const SECRET_KEYS = ['password', 'secret', 'secrets', 'authorization', 'x-api-key', 'apiKey', 'cookie', 'token'];
export const REDACTED_PATHS = SECRET_KEYS.flatMap((key) => [`["${key}"]`, `*["${key}"]`, `*.*["${key}"]`]);

/** Longer strings are cut: one huge argument must not make a huge log line. */
export const MAX_LOGGED_STRING = 2_000;
const MAX_DEPTH = 6;

function cut(text: string): string {
  return text.length > MAX_LOGGED_STRING ? `${text.slice(0, MAX_LOGGED_STRING)}… (${text.length - MAX_LOGGED_STRING} more characters)` : text;
}

/** A logged value made safe to print: errors (under any key) with their cause chain, long strings cut, depth bounded. */
function loggable(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return cut(value);
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) return loggable(stdSerializers.errWithCause(value), depth);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (Array.isArray(value)) return value.map((item) => loggable(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, loggable(item, depth + 1)]));
}

function destinationOf(options: LoggerOptions): DestinationStream {
  const { destination = 1 } = options;
  if (typeof destination === 'function') return { write: (line: string) => destination(line.trimEnd()) };
  const format = options.format ?? ((destination === 1 ? process.stdout : process.stderr).isTTY ? 'pretty' : 'json');
  if (format === 'pretty') return pretty({ destination, sync: true, colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
  return pino.destination({ dest: destination, sync: true });
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      timestamp: stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      // Errors are serialized by `loggable` (any key, cause chain included); pino's default would redo `err`.
      serializers: { err: (value: unknown) => value },
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => loggable(object) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((arg) => (typeof arg === 'string' ? cut(arg) : arg)) as Parameters<typeof method>);
        },
      },
    },
    destinationOf(options),
  );
}

/** For code that must log nowhere (benchmarks measuring the engine alone). */
export const silentLogger: Logger = createLogger({ level: 'silent', destination: () => undefined });
