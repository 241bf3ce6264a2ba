import { expect, it } from 'vitest';
import { createTestDatabase } from '../support/database.js';

// Run only by .ci/run's gate (TEST_GATE=<project>): fails when the gate names this project, to prove
// that a failing test makes the test command exit non-zero with the database (and its hooks) loaded.
it('fails when the gate names the integration project', async () => {
  const database = await createTestDatabase();
  try {
    expect(await database.db.customer.count()).toBe(0);
  } finally {
    await database.drop();
  }
  expect(process.env.TEST_GATE).not.toBe('integration');
});
