import type { Logger } from './log.js';

/**
 * Background work (runs, webhook processing, schedules) logs its own failures with their cause.
 * Whatever escapes it anyway is recorded here, and the process keeps serving: one failed background
 * task must not take every request and every other task down with it.
 */
export function recordEscapedErrors(logger: Logger): void {
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'a promise failed with nobody to handle it; the server keeps running'));
  process.on('uncaughtException', (error) => logger.error({ err: error }, 'an error escaped every handler; the server keeps running'));
}
