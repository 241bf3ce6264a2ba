import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuplicateFinder, workerPool, type ScorePairs } from '../../src/customers/duplicate-finder.js';
import { scoreDuplicatePairs } from '../../src/customers/duplicates.js';
import { API_KEYS, createGraphQLApp } from '../support/graphql-app.js';
import { createHarness, type Harness } from '../support/harness.js';

/** Duplicate scoring: priced at its cost, off the event loop, and computed once per version of the customers. */

let harness: Harness;
beforeAll(async () => {
  harness = await createHarness();
  await harness.sync.run({ kind: 'FULL', trigger: 'API' });
}, 120_000);
afterAll(() => harness?.close());

/** A scorer that counts its calls and scores on this thread. */
function countingScorer(): { score: ScorePairs; calls: () => number } {
  let calls = 0;
  return {
    score: async (task) => {
      calls++;
      return scoreDuplicatePairs(task.candidates, task);
    },
    calls: () => calls,
  };
}

describe('the duplicate finder', () => {
  it('scores once per version of the customers, for any minimum score of the same kind', async () => {
    const scorer = countingScorer();
    const finder = new DuplicateFinder({ db: harness.database.db, score: scorer.score });
    const first = await finder.groups(0.6);
    expect(await finder.groups(0.6)).toEqual(first);
    await finder.groups(0.8);
    expect(scorer.calls()).toBe(1);
    await finder.groups(0.3); // similar names count on their own: the wider kind of scoring
    expect(scorer.calls()).toBe(2);
  });

  it('concurrent requests share one computation', async () => {
    const scorer = countingScorer();
    const finder = new DuplicateFinder({ db: harness.database.db, score: scorer.score });
    const answers = await Promise.all(Array.from({ length: 6 }, () => finder.groups(0.6)));
    expect(scorer.calls()).toBe(1);
    expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
  });

  it('scores again once a customer changes, or once the answer is older than the maximum age', async () => {
    let now = 0;
    const scorer = countingScorer();
    const finder = new DuplicateFinder({ db: harness.database.db, score: scorer.score, maxAgeMs: 1_000, now: () => now });
    await finder.groups(0.6);
    const customer = await harness.database.db.customer.findFirstOrThrow({ orderBy: { id: 'asc' } });
    await harness.database.db.customer.update({ where: { id: customer.id }, data: { email: 'changed-for-the-finder@example.com' } });
    await finder.groups(0.6);
    expect(scorer.calls()).toBe(2);
    now = 999;
    await finder.groups(0.6);
    expect(scorer.calls()).toBe(2);
    now = 2_000;
    await finder.groups(0.6);
    expect(scorer.calls()).toBe(3);
  });

  it('a failed computation is not kept', async () => {
    let failNext = true;
    let calls = 0;
    const finder = new DuplicateFinder({
      db: harness.database.db,
      score: async (task) => {
        calls++;
        if (failNext) {
          failNext = false;
          throw new Error('worker died');
        }
        return scoreDuplicatePairs(task.candidates, task);
      },
    });
    await expect(finder.groups(0.6)).rejects.toThrow('worker died');
    expect((await finder.groups(0.6)).length).toBeGreaterThan(0);
    expect(calls).toBe(2);
  });

  it('scores on a worker thread: the event loop turns while it runs', async () => {
    const pool = workerPool();
    let startScoring!: () => void;
    const scoringStarted = new Promise<void>((resolve) => (startScoring = resolve));
    const finder = new DuplicateFinder({
      db: harness.database.db,
      score: (task) => {
        startScoring();
        return pool.score(task);
      },
    });
    try {
      const order: string[] = [];
      const scored = finder.groups(0).then(() => order.push('scored'));
      await scoringStarted;
      await new Promise((resolve) => setTimeout(resolve, 0));
      order.push('a timer fired');
      await scored;
      // Scoring on this thread would hold the timer back until it finished.
      expect(order).toEqual(['a timer fired', 'scored']);
    } finally {
      await pool.close();
    }
  });
});

describe('duplicateCustomers in GraphQL', () => {
  it('is priced at its cost: 150 aliases are refused before anything runs', async () => {
    const api = await createGraphQLApp(harness);
    const aliases = Array.from({ length: 150 }, (_, index) => `d${index}: duplicateCustomers(minScore: 0) { __typename }`).join(' ');
    const response = await api.app.fetch(
      new Request('http://app/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEYS.read}` },
        body: JSON.stringify({ query: `{ ${aliases} }` }),
      }),
    );
    const body = (await response.json()) as { data?: unknown; errors: Array<{ extensions: { code: string } }> };
    expect(body.errors.map((error) => error.extensions.code)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(body.data ?? null).toBeNull();
    await api.app.close();
  });
});
