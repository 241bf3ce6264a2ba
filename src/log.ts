/** A small structured logger: one JSON object per line (or a readable line on a terminal), pino-style calls. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
type LogFields = Record<string, unknown>;

export interface Logger {
  debug(fields: LogFields | string, message?: string): void;
  info(fields: LogFields | string, message?: string): void;
  warn(fields: LogFields | string, message?: string): void;
  error(fields: LogFields | string, message?: string): void;
  child(bindings: LogFields): Logger;
}

const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface LoggerOptions {
  level: LogLevel;
  format?: 'json' | 'pretty';
  write?: (line: string) => void;
}

function serialize(value: unknown): unknown {
  if (value instanceof Error) {
    return { type: value.name, message: value.message, ...('code' in value ? { code: value.code } : {}), stack: value.stack };
  }
  return value;
}

export function createLogger(options: LoggerOptions, bindings: LogFields = {}): Logger {
  const threshold = LEVEL_RANK[options.level];
  const format = options.format ?? (process.stdout.isTTY ? 'pretty' : 'json');
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));

  const log = (level: Exclude<LogLevel, 'silent'>) => (fieldsOrMessage: LogFields | string, message?: string) => {
    if (LEVEL_RANK[level] < threshold) return;
    const fields = typeof fieldsOrMessage === 'string' ? {} : fieldsOrMessage;
    const msg = typeof fieldsOrMessage === 'string' ? fieldsOrMessage : (message ?? '');
    const entry: LogFields = { level, time: new Date().toISOString(), ...bindings, msg };
    for (const [key, value] of Object.entries(fields)) entry[key] = serialize(value);
    if (format === 'json') {
      write(JSON.stringify(entry));
      return;
    }
    const { level: _level, time, msg: _msg, ...rest } = entry;
    const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
    write(`${String(time).slice(11, 23)} ${level.toUpperCase().padEnd(5)} ${msg}${extra}`);
  };

  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: (more) => createLogger(options, { ...bindings, ...more }),
  };
}

export const silentLogger: Logger = createLogger({ level: 'silent', write: () => {} });
