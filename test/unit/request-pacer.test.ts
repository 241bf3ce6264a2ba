import { describe, expect, it } from 'vitest';
import { abortableSleep, RequestPacer, timerSleep, type Sleep } from '../../src/robaws/rate-limiter.js';

/**
 * The pacing towards Robaws and its sleeps, on a clock the test moves: a sleep resolves when the test
 * says so, and nothing here waits for real time.
 */

interface PendingSleep {
  ms: number;
  signal: AbortSignal | undefined;
  wake: () => void;
}

/** A clock and a sleep that waits until the test wakes it (a sleep that, like many test doubles, ignores its signal). */
function manualClock() {
  let now = 0;
  const pending: PendingSleep[] = [];
  const sleep: Sleep = (ms, signal) =>
    new Promise((resolve) => {
      pending.push({
        ms,
        signal,
        wake: () => {
          now += ms;
          resolve();
        },
      });
    });
  return { now: () => now, sleep, pending };
}

const reasonOf = (message: string) => new Error(message);

/** Whether the promise has settled once everything already queued has run (for what must not have happened). */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('RequestPacer settings', () => {
  it('refuses a rate that is not positive and a concurrency that is not a positive integer', () => {
    expect(() => new RequestPacer({ requestsPerSecond: 0, maxConcurrentRequests: 1 })).toThrow('requestsPerSecond must be positive');
    expect(() => new RequestPacer({ requestsPerSecond: Number.NaN, maxConcurrentRequests: 1 })).toThrow('requestsPerSecond must be positive');
    expect(() => new RequestPacer({ requestsPerSecond: 1, maxConcurrentRequests: 0 })).toThrow('maxConcurrentRequests must be a positive integer');
    expect(() => new RequestPacer({ requestsPerSecond: 1, maxConcurrentRequests: 1.5 })).toThrow('maxConcurrentRequests must be a positive integer');
  });
});

describe('RequestPacer slots', () => {
  it('a request over the concurrency waits for a slot, and gets the one the next release frees', async () => {
    const pacer = new RequestPacer({ requestsPerSecond: 1000, maxConcurrentRequests: 1, now: () => 0, sleep: async () => {} });
    const first = await pacer.acquire();
    const second = pacer.acquire();
    expect(await settled(second)).toBe(false);
    first();
    await expect(second).resolves.toBeTypeOf('function');
  });

  it('releasing twice frees one slot only', async () => {
    const pacer = new RequestPacer({ requestsPerSecond: 1000, maxConcurrentRequests: 1, now: () => 0, sleep: async () => {} });
    const release = await pacer.acquire();
    release();
    release();
    await pacer.acquire();
    // One slot, taken again: a second double release must not have made room for this one.
    expect(await settled(pacer.acquire())).toBe(false);
  });

  it('a request cancelled while waiting for a slot is rejected with the reason and gives up its place in the queue', async () => {
    const pacer = new RequestPacer({ requestsPerSecond: 1000, maxConcurrentRequests: 1, now: () => 0, sleep: async () => {} });
    const holder = await pacer.acquire();
    const controller = new AbortController();
    const cancelled = pacer.acquire(controller.signal);
    const next = pacer.acquire();
    controller.abort(reasonOf('sync cancelled'));
    await expect(cancelled).rejects.toThrow('sync cancelled');
    holder();
    // The freed slot goes to the request still waiting, not to the cancelled one.
    await expect(next).resolves.toBeTypeOf('function');
  });

  it('a request whose signal is aborted already is refused without taking a slot', async () => {
    const pacer = new RequestPacer({ requestsPerSecond: 1000, maxConcurrentRequests: 1, now: () => 0, sleep: async () => {} });
    await expect(pacer.acquire(AbortSignal.abort(reasonOf('too late')))).rejects.toThrow('too late');
    await expect(pacer.acquire()).resolves.toBeTypeOf('function');
  });

  it('a request cancelled while waiting for its start time gives its slot back', async () => {
    const clock = manualClock();
    const pacer = new RequestPacer({ requestsPerSecond: 10, maxConcurrentRequests: 1, now: clock.now, sleep: abortableSleep(clock.sleep) });
    (await pacer.acquire())();
    const controller = new AbortController();
    const waiting = pacer.acquire(controller.signal);
    await expect.poll(() => clock.pending.length).toBe(1);
    expect(clock.pending[0]!.ms).toBe(100);
    controller.abort(reasonOf('sync cancelled'));
    await expect(waiting).rejects.toThrow('sync cancelled');
    // The only slot is free again: the next request is only paced, not blocked.
    const next = pacer.acquire();
    await expect.poll(() => clock.pending.length).toBe(2);
    clock.pending[1]!.wake();
    await expect(next).resolves.toBeTypeOf('function');
  });
});

describe('RequestPacer pauses', () => {
  it('holds every request back until a pause has passed', async () => {
    const clock = manualClock();
    const pacer = new RequestPacer({ requestsPerSecond: 1000, maxConcurrentRequests: 4, now: clock.now, sleep: clock.sleep });
    pacer.pauseFor(2000);
    const request = pacer.acquire();
    await expect.poll(() => clock.pending.length).toBe(1);
    expect(clock.pending[0]!.ms).toBe(2000);
    clock.pending[0]!.wake();
    await expect(request).resolves.toBeTypeOf('function');
  });

  it('a shorter pause does not cut a longer one short', async () => {
    const clock = manualClock();
    const pacer = new RequestPacer({ requestsPerSecond: 1000, maxConcurrentRequests: 4, now: clock.now, sleep: clock.sleep });
    pacer.pauseFor(5000);
    pacer.pauseFor(1000);
    void pacer.acquire();
    await expect.poll(() => clock.pending.length).toBe(1);
    expect(clock.pending[0]!.ms).toBe(5000);
  });
});

describe('RequestPacer without a sleep of its own', () => {
  it('waits on the timers, and stops waiting when the request is cancelled', async () => {
    // One request every 1,000 s: the second one waits unless cancelled.
    const pacer = new RequestPacer({ requestsPerSecond: 0.001, maxConcurrentRequests: 2 });
    await pacer.acquire();
    const controller = new AbortController();
    const second = pacer.acquire(controller.signal);
    controller.abort(reasonOf('sync cancelled'));
    await expect(second).rejects.toThrow('sync cancelled');
  });
});

describe('timerSleep', () => {
  it('resolves after the time given', async () => {
    await expect(timerSleep(1)).resolves.toBeUndefined();
  });

  it('rejects at once with the reason of a signal aborted already', async () => {
    await expect(timerSleep(60_000, AbortSignal.abort(reasonOf('stopped')))).rejects.toThrow('stopped');
  });

  it('stops waiting with the reason when the signal aborts', async () => {
    const controller = new AbortController();
    const sleeping = timerSleep(60_000, controller.signal);
    controller.abort(reasonOf('stopped'));
    await expect(sleeping).rejects.toThrow('stopped');
  });
});

describe('abortableSleep', () => {
  it('passes the time to the sleep it wraps, with and without a signal', async () => {
    const asked: Array<[number, AbortSignal | undefined]> = [];
    const sleep = abortableSleep(async (ms, signal) => {
      asked.push([ms, signal]);
    });
    const controller = new AbortController();
    await sleep(10);
    await sleep(20, controller.signal);
    expect(asked).toEqual([
      [10, undefined],
      [20, controller.signal],
    ]);
  });

  it('does not start the wrapped sleep when the signal is aborted already', async () => {
    let calls = 0;
    const sleep = abortableSleep(async () => {
      calls++;
    });
    await expect(sleep(10, AbortSignal.abort(reasonOf('stopped')))).rejects.toThrow('stopped');
    expect(calls).toBe(0);
  });

  it('stops waiting on a sleep that ignores its signal when the signal aborts', async () => {
    const clock = manualClock();
    const controller = new AbortController();
    const sleeping = abortableSleep(clock.sleep)(60_000, controller.signal);
    controller.abort(reasonOf('stopped'));
    await expect(sleeping).rejects.toThrow('stopped');
  });

  it('passes on the error of the sleep it wraps', async () => {
    const sleep = abortableSleep(async () => {
      throw new Error('clock broke');
    });
    await expect(sleep(10, new AbortController().signal)).rejects.toThrow('clock broke');
  });
});
