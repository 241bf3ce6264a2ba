/** Items handed to workers one at a time until the first failure or an abort; then the failure (or the abort) is thrown once every worker is done. */
function claims<T>(items: readonly T[], signal: AbortSignal | undefined) {
  let next = 0;
  let failure: { error: unknown } | null = null;
  return {
    next: (): { item: T } | null => (next < items.length && !failure && !signal?.aborted ? { item: items[next++] as T } : null),
    fail: (error: unknown) => void (failure ??= { error }),
    async settle(workers: Array<Promise<void>>): Promise<void> {
      await Promise.all(workers);
      if (failure) throw (failure as { error: unknown }).error;
      signal?.throwIfAborted();
    },
  };
}

/**
 * Runs `work` over `items` with at most `concurrency` at once. The first failure stops new items from
 * starting; the ones already under way finish before it is thrown (a sync's pages in flight are
 * written and counted). An aborted signal stops new items too, and is thrown once the rest are done.
 */
export async function forEachConcurrently<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>, signal?: AbortSignal): Promise<void> {
  const queue = claims(items, signal);
  const worker = async () => {
    for (let claimed = queue.next(); claimed; claimed = queue.next()) {
      try {
        await work(claimed.item);
      } catch (error) {
        queue.fail(error);
      }
    }
  };
  await queue.settle(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/**
 * forEachConcurrently for work in two steps, a read and a write: each of the `concurrency` workers
 * starts reading its next item before it writes the one it has read, so that a slow read (Robaws a
 * hundred milliseconds away) overlaps a write instead of following it. At most `concurrency` reads and
 * `concurrency` writes are under way. Every item read is written, a failure or an abort stopping
 * new reads only.
 */
export async function forEachReadingAhead<T, R>(
  items: readonly T[],
  concurrency: number,
  read: (item: T) => Promise<R>,
  write: (value: R) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const queue = claims(items, signal);
  // A read under way while the worker writes: settled, so that its failure waits for the worker.
  const startReading = () => {
    const claimed = queue.next();
    return claimed && Promise.resolve(claimed.item).then(read).then((value) => ({ value }), (error: unknown) => ({ error }));
  };
  const worker = async () => {
    for (let reading = startReading(); reading; ) {
      const outcome = await reading;
      if ('error' in outcome) queue.fail(outcome.error);
      reading = startReading();
      if (!('value' in outcome)) continue;
      try {
        await write(outcome.value);
      } catch (error) {
        queue.fail(error);
      }
    }
  };
  await queue.settle(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/**
 * Exponential backoff with jitter (half to full delay), so that retries of a burst do not arrive
 * together and none comes at once. `attempt` counts from 1.
 */
export function backoffDelayMs(attempt: number, policy: { baseDelayMs: number; maxDelayMs: number }, random = Math.random): number {
  const full = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(full / 2 + (random() * full) / 2);
}
