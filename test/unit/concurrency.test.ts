import { describe, expect, it } from 'vitest';
import { forEachConcurrently, forEachReadingAhead } from '../../src/concurrency.js';

/** A promise settled from outside, for steps that finish when the test says so. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const turns = () => new Promise((resolve) => setImmediate(resolve));

/** The steps that started, in any order: a read and a write may start in the same turn. */
const started = (log: readonly string[]) => log.filter((line) => line.endsWith('started')).sort();

/** Steps that wait until released, recording what is under way. */
function steps() {
  const log: string[] = [];
  const pending = new Map<string, ReturnType<typeof deferred<void>>>();
  let running = 0;
  let most = 0;
  const step = (name: string) => {
    log.push(`${name} started`);
    running++;
    most = Math.max(most, running);
    const gate = deferred();
    pending.set(name, gate);
    return gate.promise.finally(() => {
      running--;
      log.push(`${name} done`);
    });
  };
  return { log, step, release: (name: string) => pending.get(name)!.resolve(), fail: (name: string, error: Error) => pending.get(name)!.reject(error), most: () => most };
}

describe('forEachConcurrently', () => {
  it('runs at most `concurrency` items at once, every item once', async () => {
    const { step, release, most, log } = steps();
    const done = forEachConcurrently([1, 2, 3, 4, 5], 2, (item) => step(`item ${item}`));
    for (const item of [1, 2, 3, 4, 5]) {
      await turns();
      release(`item ${item}`);
    }
    await done;
    expect(most()).toBe(2);
    expect(log.filter((line) => line.endsWith('started'))).toHaveLength(5);
  });

  it('starts nothing after a failure, lets the rest finish, then throws it', async () => {
    const { step, release, fail, log } = steps();
    const done = forEachConcurrently([1, 2, 3, 4], 2, (item) => step(`item ${item}`));
    await turns();
    fail('item 1', new Error('boom'));
    await turns();
    release('item 2');
    await expect(done).rejects.toThrow('boom');
    expect(log).toEqual(['item 1 started', 'item 2 started', 'item 1 done', 'item 2 done']);
  });
});

/** forEachReadingAhead over the items 1 to `count`, whose reads and writes wait to be released. */
function readingAhead(count: number, concurrency: number, signal?: AbortSignal) {
  const recorded = steps();
  const items = Array.from({ length: count }, (_, index) => index + 1);
  const done = forEachReadingAhead(items, concurrency, (item) => recorded.step(`read ${item}`).then(() => item), (item) => recorded.step(`write ${item}`), signal);
  return { ...recorded, done };
}

/** Each action once the steps under way have had their turn. */
async function inTurn(...actions: Array<() => void>) {
  for (const action of actions) {
    await turns();
    action();
  }
  await turns();
}

describe('forEachReadingAhead', () => {
  it('reads the next item while it writes the one it has read', async () => {
    const run = readingAhead(3, 1);
    await inTurn(() => run.release('read 1'));
    // Item 2 is being read while item 1 is written.
    expect(new Set(run.log)).toEqual(new Set(['read 1 started', 'read 1 done', 'read 2 started', 'write 1 started']));
    await inTurn(() => run.release('read 2'), () => run.release('write 1'));
    expect(new Set(run.log.slice(4))).toEqual(new Set(['read 2 done', 'write 1 done', 'read 3 started', 'write 2 started']));
    await inTurn(() => run.release('read 3'), () => run.release('write 2'), () => run.release('write 3'));
    await run.done;
    expect(run.log.filter((line) => line.startsWith('write') && line.endsWith('done'))).toEqual(['write 1 done', 'write 2 done', 'write 3 done']);
  });

  it('keeps at most `concurrency` reads and `concurrency` writes under way', async () => {
    let reads = 0;
    let writes = 0;
    let mostReads = 0;
    let mostWrites = 0;
    const items = Array.from({ length: 40 }, (_, index) => index);
    await forEachReadingAhead(
      items,
      3,
      async (item) => {
        mostReads = Math.max(mostReads, ++reads);
        await new Promise((resolve) => setTimeout(resolve, item % 3));
        reads--;
        return item;
      },
      async () => {
        mostWrites = Math.max(mostWrites, ++writes);
        await new Promise((resolve) => setTimeout(resolve, 2));
        writes--;
      },
    );
    expect([mostReads, mostWrites]).toEqual([3, 3]);
  });

  it('after a failed read, starts no read but writes what was read, then throws it', async () => {
    const run = readingAhead(4, 2);
    // Caught from the start: the run fails while the steps are still being released.
    const failed = expect(run.done).rejects.toThrow('Robaws answered 500');
    await inTurn(
      () => run.release('read 1'),
      () => run.fail('read 2', new Error('Robaws answered 500')),
      () => run.release('read 3'),
      () => run.release('write 1'),
      () => run.release('write 3'),
    );
    await failed;
    expect(started(run.log)).toEqual(['read 1 started', 'read 2 started', 'read 3 started', 'write 1 started', 'write 3 started']);
  });

  it('after a failed write, starts no read but writes the item read ahead, then throws it', async () => {
    const run = readingAhead(3, 1);
    // Caught from the start: the run fails while the steps are still being released.
    const failed = expect(run.done).rejects.toThrow('database down');
    await inTurn(() => run.release('read 1'), () => run.fail('write 1', new Error('database down')), () => run.release('read 2'), () => run.release('write 2'));
    await failed;
    expect(started(run.log)).toEqual(['read 1 started', 'read 2 started', 'write 1 started', 'write 2 started']);
  });

  it('stops reading when aborted, and throws the abort once the rest are written', async () => {
    const controller = new AbortController();
    const run = readingAhead(3, 1, controller.signal);
    // Caught from the start: the run fails while the steps are still being released.
    const failed = expect(run.done).rejects.toThrow('cancelled');
    await inTurn(
      () => run.release('read 1'),
      () => {
        controller.abort(new Error('cancelled'));
        run.release('read 2');
      },
      () => run.release('write 1'),
      () => run.release('write 2'),
    );
    await failed;
    expect(started(run.log)).toEqual(['read 1 started', 'read 2 started', 'write 1 started', 'write 2 started']);
  });
});
