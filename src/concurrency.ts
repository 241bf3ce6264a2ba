/**
 * Runs `work` over `items` with at most `concurrency` at once. The first failure stops new items from
 * starting; the ones already under way finish before it is thrown (a sync's pages in flight are
 * written and counted). An aborted signal stops new items too, and is thrown once the rest are done.
 */
export async function forEachConcurrently<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>, signal?: AbortSignal): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    while (next < items.length && !failure && !signal?.aborted) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  if (failure) throw (failure as { error: unknown }).error;
  signal?.throwIfAborted();
}

/**
 * Exponential backoff with jitter (half to full delay), so that retries of a burst do not arrive
 * together and none comes at once. `attempt` counts from 1.
 */
export function backoffDelayMs(attempt: number, policy: { baseDelayMs: number; maxDelayMs: number }, random = Math.random): number {
  const full = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(full / 2 + (random() * full) / 2);
}
