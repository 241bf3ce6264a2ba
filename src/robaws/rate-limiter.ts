/** Waits `ms`; rejects with `signal.reason` as soon as the signal aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const timerSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Makes any sleep (e.g. one injected by a test that ignores the signal) stop waiting when the signal aborts. */
export function abortableSleep(sleep: (ms: number, signal?: AbortSignal) => Promise<void>): Sleep {
  return (ms, signal) => {
    if (!signal) return sleep(ms);
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      sleep(ms, signal).then(
        () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  };
}

export interface RequestPacerOptions {
  requestsPerSecond: number;
  maxConcurrentRequests: number;
  now?: () => number;
  sleep?: Sleep;
}

/**
 * Client-side pacing so that we do not cause 429s ourselves: request starts are spaced by
 * 1000 / requestsPerSecond ms, at most `maxConcurrentRequests` are in flight, and `pauseFor` holds every
 * request back until a cool-down (a Retry-After) has passed.
 */
export class RequestPacer {
  private readonly intervalMs: number;
  private readonly maxConcurrentRequests: number;
  private readonly now: () => number;
  private readonly sleep: Sleep;
  private nextStartAt = -Infinity;
  private pausedUntil = -Infinity;
  private inFlight = 0;
  private readonly waitingForSlot: Array<() => void> = [];

  constructor(options: RequestPacerOptions) {
    if (!(options.requestsPerSecond > 0)) throw new RangeError('requestsPerSecond must be positive');
    if (!(Number.isInteger(options.maxConcurrentRequests) && options.maxConcurrentRequests > 0)) {
      throw new RangeError('maxConcurrentRequests must be a positive integer');
    }
    this.intervalMs = 1000 / options.requestsPerSecond;
    this.maxConcurrentRequests = options.maxConcurrentRequests;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? timerSleep;
  }

  /** Resolves when a request may start; call the returned function once the request (body included) is done. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    await this.takeSlot(signal);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.releaseSlot();
    };
    try {
      await this.waitForStartTime(signal);
    } catch (error) {
      release();
      throw error;
    }
    return release;
  }

  /** Holds every request back for `ms` from now; a shorter pause never cuts a longer one short. */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  private async waitForStartTime(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = this.now();
      const startAt = Math.max(now, this.nextStartAt, this.pausedUntil);
      this.nextStartAt = startAt + this.intervalMs;
      if (startAt > now) await this.sleep(startAt - now, signal);
      // A pause that began while we waited moves us behind it.
      if (this.pausedUntil <= startAt) return;
    }
  }

  private takeSlot(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (this.inFlight < this.maxConcurrentRequests) {
      this.inFlight++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        this.waitingForSlot.splice(this.waitingForSlot.indexOf(grant), 1);
        reject(signal?.reason);
      };
      this.waitingForSlot.push(grant);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private releaseSlot(): void {
    const next = this.waitingForSlot.shift();
    // The slot passes straight to the next waiter, so inFlight stays the same.
    if (next) next();
    else this.inFlight--;
  }
}
