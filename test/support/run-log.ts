import { openSync, writeSync } from 'node:fs';
import { createLogger, type Logger } from '../../src/log.js';

/**
 * Every log line of a test run, from every test process and every server or CLI process a test
 * starts, goes to one file (TEST_RUN_LOG, set by vitest.config.ts). The integration project's global
 * teardown scans it for the run's secrets (see secrets.ts).
 */
const runLog = process.env.TEST_RUN_LOG;
let descriptor: number | null = null;

export function appendToRunLog(text: string): void {
  if (!runLog || text === '') return;
  descriptor ??= openSync(runLog, 'a');
  writeSync(descriptor, text.endsWith('\n') ? text : `${text}\n`);
}

/** What tests give the code as its logger: everything, at debug level, into the run log. */
export const testLogger: Logger = createLogger({ level: 'debug', format: 'json', destination: appendToRunLog });

/** A logger whose lines a test reads back (parsed), written to the run log as well. */
export function recordingLogger(level: 'debug' | 'info' | 'warn' = 'info'): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({
    level,
    format: 'json',
    destination: (line) => {
      appendToRunLog(line);
      lines.push(JSON.parse(line) as Record<string, unknown>);
    },
  });
  return { logger, lines };
}
