import type { SyncRun } from '../generated/prisma/client.js';
import { isActive, type RunStore } from './run-recorder.js';

/**
 * The one way to follow a run from its row, in any process: the CLI's progress bar, the GraphQL
 * subscription, a webhook worker waiting on a single sync another process runs. A run whose heartbeat
 * has gone stale has lost its process; watching it ends there instead of waiting forever.
 */

/** A running run's process refreshes its heartbeat at least this often (see runs.ts). */
export const HEARTBEAT_INTERVAL_MS = 5_000;
/** A heartbeat older than this means the process running the run is gone. */
export const STALE_HEARTBEAT_MS = 6 * HEARTBEAT_INTERVAL_MS;
const POLL_INTERVAL_MS = 250;

export interface RunSnapshot {
  run: SyncRun;
  /** The run was still active, but its process stopped beating: this is the last snapshot. */
  abandoned: boolean;
}

export interface WatchOptions {
  signal?: AbortSignal;
  pollIntervalMs?: number;
  staleAfterMs?: number;
}

/** Yields the run whenever it changed, ending after the run ended or was abandoned. A run that does not exist yields nothing. */
export async function* watchRun(store: RunStore, runId: string, options: WatchOptions = {}): AsyncGenerator<RunSnapshot> {
  const { signal, pollIntervalMs = POLL_INTERVAL_MS, staleAfterMs = STALE_HEARTBEAT_MS } = options;
  let last: string | null = null;
  while (!signal?.aborted) {
    const watched = await store.watch(runId, staleAfterMs);
    if (!watched) return;
    const abandoned = isActive(watched.run) && watched.stale;
    const fingerprint = JSON.stringify(watched.run);
    if (fingerprint !== last || abandoned) {
      last = fingerprint;
      yield { run: watched.run, abandoned };
    }
    if (!isActive(watched.run) || abandoned) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, pollIntervalMs);
      signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
  }
}

/** The run's last snapshot: once it ended, or once it was found abandoned. */
export async function runOutcome(store: RunStore, runId: string, options: WatchOptions = {}): Promise<RunSnapshot | null> {
  let last: RunSnapshot | null = null;
  for await (const snapshot of watchRun(store, runId, options)) last = snapshot;
  return last;
}
