import { expect, it } from 'vitest';

// Run only by .ci/run's gate (TEST_GATE=<project>): fails when the gate names this project, to prove
// that a failing test makes the test command exit non-zero.
it('fails when the gate names the unit project', () => {
  expect(process.env.TEST_GATE).not.toBe('unit');
});
